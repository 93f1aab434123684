/**
 * hadolint's DL3025: CMD and ENTRYPOINT in JSON (exec) form. In shell form the command runs
 * under `/bin/sh -c`, which becomes PID 1 and does not pass signals on, so `docker stop` waits
 * and then kills. The quick fix rewrites the command as a JSON array when that array means the
 * same thing: the command is plain words, without anything the shell would interpret.
 */
import type { Finding, Fix } from '../../../../findings';
import type { Dockerfile, Instruction } from '../../../ast';
import { report } from '../../rule-definition';
import { hadolintRule } from './hadolint-rule';

const MESSAGE = 'Use arguments JSON notation for CMD and ENTRYPOINT arguments';

export const DL3025 = hadolintRule('DL3025', 'Warning', MESSAGE, ({ dockerfile }) => shellFormCommands(dockerfile));

/** Quotes, escapes, expansions, globs, redirections, operators, comments, and `NAME=value`. */
const SHELL_SYNTAX = /[$`"'\\|&;<>(){}*?[\]~#!]/;

/** The command's words when `sh -c` would run them as they are, else null. */
export function plainWords(command: string): string[] | null {
  if (SHELL_SYNTAX.test(command)) return null;
  const words = command.split(/[\t ]+/).filter((word) => word !== '');
  if (words.length === 0 || (words[0] ?? '').includes('=')) return null;
  return words;
}

function jsonFormFix(instruction: Instruction): Fix | undefined {
  const range = instruction.argsRange;
  if (range === null || range.start.line !== range.end.line || instruction.heredocs.length > 0) return undefined;
  const words = plainWords(instruction.argsText.trim());
  if (!words) return undefined;
  return { title: `Write ${instruction.name} in JSON form`, edits: [{ range, newText: `[${words.map((word) => JSON.stringify(word)).join(', ')}]` }] };
}

export function shellFormCommands(dockerfile: Dockerfile): Finding[] {
  const findings: Finding[] = [];
  for (const instruction of dockerfile.instructions) {
    if ((instruction.name !== 'CMD' && instruction.name !== 'ENTRYPOINT') || instruction.jsonForm !== null || instruction.argsRange === null) continue;
    findings.push(report(DL3025, instruction.argsRange, MESSAGE, jsonFormFix(instruction)));
  }
  return findings;
}
