/**
 * hadolint's DL3011: EXPOSE ports must lie in 0-65535 (`80`, `80/tcp`, `8000-8080/udp`). Ports
 * given by a variable are only known at build time and are not checked.
 */
import type { Finding } from '../../../../findings';
import type { Dockerfile } from '../../../ast';
import { report } from '../../rule-definition';
import { hadolintRule } from './hadolint-rule';

export const DL3011 = hadolintRule('DL3011', 'Error', 'Valid UNIX ports range from 0 to 65535', ({ dockerfile }) => portsOutOfRange(dockerfile));

const PORT_SPEC = /^(\d+)(?:-(\d+))?(?:\/[A-Za-z]+)?$/;

/** True when a written port spec holds a number above 65535. */
export function isPortOutOfRange(spec: string): boolean {
  const match = PORT_SPEC.exec(spec);
  if (!match) return false;
  return [match[1], match[2]].some((port) => port !== undefined && Number(port) > 65535);
}

export function portsOutOfRange(dockerfile: Dockerfile): Finding[] {
  const findings: Finding[] = [];
  for (const instruction of dockerfile.instructions) {
    if (instruction.name !== 'EXPOSE') continue;
    for (const word of instruction.args) {
      if (isPortOutOfRange(word.value)) findings.push(report(DL3011, word.range, 'Valid UNIX ports range from 0 to 65535'));
    }
  }
  return findings;
}
