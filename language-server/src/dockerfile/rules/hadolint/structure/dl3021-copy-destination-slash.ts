/**
 * hadolint's DL3021: COPY with several sources copies them into a folder, and the builder
 * requires the destination to say so with a trailing '/'.
 */
import type { Finding } from '../../../../findings';
import type { Dockerfile } from '../../../ast';
import { report } from '../../rule-definition';
import { copyWords } from './copy-words';
import { dropQuotes, hadolintRule } from './hadolint-rule';

export const DL3021 = hadolintRule('DL3021', 'Error', 'COPY with more than 2 arguments requires the last argument to end with /', ({ dockerfile }) => copyDestinationSlash(dockerfile));

export function copyDestinationSlash(dockerfile: Dockerfile): Finding[] {
  const findings: Finding[] = [];
  for (const instruction of dockerfile.instructions) {
    if (instruction.name !== 'COPY') continue;
    const words = copyWords(instruction);
    if (!words || words.sources.length < 2 || dropQuotes(words.destination.value).endsWith('/')) continue;
    findings.push(report(DL3021, words.destination.range, 'COPY with more than 2 arguments requires the last argument to end with /'));
  }
  return findings;
}
