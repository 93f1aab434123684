/**
 * hadolint's DL3067: `COPY --from=stage / /` copies the other stage's entire filesystem over
 * this one, which defeats the point of stages and overwrites the base image's files.
 */
import type { Finding } from '../../../../findings';
import type { Dockerfile } from '../../../ast';
import { report } from '../../rule-definition';
import { copyWords } from './copy-words';
import { fromFlag } from './dl3022-copy-from-alias';
import { dropQuotes, hadolintRule } from './hadolint-rule';

export const DL3067 = hadolintRule('DL3067', 'Warning', 'Do not copy an entire filesystem from another stage', ({ dockerfile }) => wholeFilesystemCopies(dockerfile));

export function wholeFilesystemCopies(dockerfile: Dockerfile): Finding[] {
  const findings: Finding[] = [];
  for (const instruction of dockerfile.instructions) {
    if (instruction.name !== 'COPY' || !fromFlag(instruction.flags)) continue;
    const words = copyWords(instruction);
    const root = words?.sources.find((source) => dropQuotes(source.value) === '/');
    if (words && root && dropQuotes(words.destination.value) === '/') findings.push(report(DL3067, root.range, 'Do not copy an entire filesystem from another stage'));
  }
  return findings;
}
