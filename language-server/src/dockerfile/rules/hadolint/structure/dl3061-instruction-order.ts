/**
 * hadolint's DL3061: a Dockerfile must begin with FROM, ARG or a comment (parser directives
 * are comments); the builder rejects any other instruction before the first FROM.
 */
import type { Finding } from '../../../../findings';
import type { Dockerfile } from '../../../ast';
import { report } from '../../rule-definition';
import { hadolintRule } from './hadolint-rule';

export const DL3061 = hadolintRule('DL3061', 'Error', 'Invalid instruction order. Dockerfile must begin with FROM, ARG or comment', ({ dockerfile }) => instructionsBeforeFrom(dockerfile));

export function instructionsBeforeFrom(dockerfile: Dockerfile): Finding[] {
  const findings: Finding[] = [];
  for (const instruction of dockerfile.instructions) {
    if (instruction.name === 'FROM') break;
    if (instruction.name !== 'ARG') findings.push(report(DL3061, instruction.keywordRange, 'Invalid instruction order. Dockerfile must begin with `FROM`, `ARG` or comment.'));
  }
  return findings;
}
