/**
 * How BuildKit reads an EXPOSE port (dockerfile2llb convert_expose.go): `[ip:][hostPort:]port[/proto]`.
 * Shared by ExposeProtoCasing and ExposeInvalidFormat, which BuildKit checks together.
 */
import type { Instruction } from '../../ast';
import type { BuildModel } from '../build-model';

export interface ExposedPort {
  /** The port as written after variable expansion. */
  raw: string;
  ip: string;
  hostPort: string;
  containerPort: string;
  /** The protocol as written ("tcp" when none is). */
  protocol: string;
}

export function parseExposedPort(raw: string): ExposedPort {
  const parts = raw.split(':');
  let ip = '';
  let hostPort = '';
  let port = parts[parts.length - 1] ?? '';
  if (parts.length === 2) hostPort = parts[0] ?? '';
  else if (parts.length >= 3) {
    ip = parts.slice(0, -2).join(':');
    hostPort = parts[parts.length - 2] ?? '';
  }
  const slash = port.indexOf('/');
  let protocol = slash < 0 ? '' : port.slice(slash + 1);
  port = slash < 0 ? port : port.slice(0, slash);
  if (port !== '' && protocol === '') protocol = 'tcp';
  return { raw, ip, hostPort, containerPort: port, protocol };
}

/** The ports of every EXPOSE in the stages, expanded, with their instruction. */
export function exposedPorts(model: BuildModel): Array<{ instruction: Instruction; port: ExposedPort; text: string }> {
  const ports: Array<{ instruction: Instruction; port: ExposedPort; text: string }> = [];
  for (const stage of model.stages) {
    for (const state of stage.instructions) {
      if (state.instruction.name !== 'EXPOSE') continue;
      for (const word of state.words) {
        if (word.role !== 'port') continue;
        for (const raw of word.expansion.words) ports.push({ instruction: state.instruction, port: parseExposedPort(raw), text: word.text });
      }
    }
  }
  return ports;
}
