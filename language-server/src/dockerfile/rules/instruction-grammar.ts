/**
 * The instructions BuildKit's Dockerfile frontend knows and the flags each accepts, with the
 * kind of value each flag takes (instructions/parse.go and bflag.go). The flags are those of
 * the current stable syntax, including COPY --parents/--exclude, ADD --unpack and RUN --device,
 * so that a Dockerfile that builds today is never reported.
 */
import type { Dockerfile, Instruction } from '../ast';

/** bool: `--link` or `--link=true|false`; string: `--from=x`, once; strings: repeatable. */
export type FlagKind = 'bool' | 'string' | 'strings';

export const INSTRUCTION_NAMES = [
  'ADD',
  'ARG',
  'CMD',
  'COPY',
  'ENTRYPOINT',
  'ENV',
  'EXPOSE',
  'FROM',
  'HEALTHCHECK',
  'LABEL',
  'MAINTAINER',
  'ONBUILD',
  'RUN',
  'SHELL',
  'STOPSIGNAL',
  'USER',
  'VOLUME',
  'WORKDIR',
] as const;

export type InstructionName = (typeof INSTRUCTION_NAMES)[number];

const KNOWN: ReadonlySet<string> = new Set(INSTRUCTION_NAMES);

export function isKnownInstruction(name: string): name is InstructionName {
  return KNOWN.has(name.toUpperCase());
}

const FLAGS: Readonly<Record<InstructionName, Readonly<Record<string, FlagKind>>>> = {
  FROM: { platform: 'string' },
  COPY: { from: 'string', chown: 'string', chmod: 'string', link: 'bool', parents: 'bool', exclude: 'strings' },
  ADD: { chown: 'string', chmod: 'string', checksum: 'string', 'keep-git-dir': 'bool', link: 'bool', unpack: 'bool', exclude: 'strings' },
  RUN: { mount: 'strings', network: 'string', security: 'string', device: 'strings' },
  HEALTHCHECK: { interval: 'string', timeout: 'string', 'start-period': 'string', 'start-interval': 'string', retries: 'string' },
  ARG: {},
  CMD: {},
  ENTRYPOINT: {},
  ENV: {},
  EXPOSE: {},
  LABEL: {},
  MAINTAINER: {},
  ONBUILD: {},
  SHELL: {},
  STOPSIGNAL: {},
  USER: {},
  VOLUME: {},
  WORKDIR: {},
};

/** The flags an instruction accepts. HEALTHCHECK NONE accepts none: BuildKit declares the
 * flags only for HEALTHCHECK CMD. */
export function flagsOf(name: InstructionName, firstArgument: string | undefined): Readonly<Record<string, FlagKind>> {
  if (name === 'HEALTHCHECK' && firstArgument?.toUpperCase() === 'NONE') return {};
  return FLAGS[name];
}

/**
 * Instructions whose flags BuildKit never parses, so that any flag there is ignored rather
 * than rejected (parseStopSignal reads only its argument).
 */
export const FLAGS_IGNORED: ReadonlySet<InstructionName> = new Set<InstructionName>(['STOPSIGNAL']);

/** Every instruction of the file, each ONBUILD's trigger right after its ONBUILD. */
export function instructionsWithTriggers(dockerfile: Dockerfile): Instruction[] {
  const all: Instruction[] = [];
  for (const instruction of dockerfile.instructions) {
    for (let current: Instruction | null = instruction; current !== null; current = current.trigger) all.push(current);
  }
  return all;
}
