/**
 * hadolint's DL3020: ADD is for what only ADD does, fetching a URL and extracting a local
 * archive; files and folders should be copied with COPY, whose behaviour has no surprises.
 * Archives are recognised by hadolint's list of extensions; heredoc sources are not paths.
 */
import type { Finding } from '../../../../findings';
import type { Dockerfile } from '../../../ast';
import { report } from '../../rule-definition';
import { copyWords } from './copy-words';
import { dropQuotes, hadolintRule } from './hadolint-rule';

export const DL3020 = hadolintRule('DL3020', 'Error', 'Use COPY instead of ADD for files and folders', ({ dockerfile }) => addForFiles(dockerfile));

const ARCHIVE_EXTENSIONS = ['.tar', '.Z', '.bz2', '.gz', '.lz', '.lzma', '.tZ', '.tb2', '.tbz', '.tbz2', '.tgz', '.tlz', '.tpz', '.txz', '.xz'];

export function isArchiveOrUrl(source: string): boolean {
  const path = dropQuotes(source);
  return path.startsWith('https://') || path.startsWith('http://') || ARCHIVE_EXTENSIONS.some((extension) => path.endsWith(extension));
}

export function addForFiles(dockerfile: Dockerfile): Finding[] {
  const findings: Finding[] = [];
  for (const instruction of dockerfile.instructions) {
    if (instruction.name !== 'ADD') continue;
    const words = copyWords(instruction);
    const plain = words?.sources.find((source) => !source.heredoc && !isArchiveOrUrl(source.value));
    if (plain) findings.push(report(DL3020, plain.range, 'Use COPY instead of ADD for files and folders'));
  }
  return findings;
}
