/**
 * hadolint's DL1001 (Ignore: opt-in): inline `# hadolint ignore=DLxxxx` pragmas are discouraged,
 * for teams that want every exception in the config file. `global` and `stage` pragmas are not
 * inline ones (hadolint's parseIgnorePragma reads only the per-instruction form).
 */
import type { Finding } from '../../../../findings';
import type { Dockerfile } from '../../../ast';
import { parseIgnorePragma } from '../../../suppressions';
import { report } from '../../rule-definition';
import { hadolintRule } from './hadolint-rule';

export const DL1001 = hadolintRule('DL1001', 'Ignore', 'Please refrain from using inline ignore pragmas `# hadolint ignore=DLxxxx`.', ({ dockerfile }) => inlineIgnorePragmas(dockerfile));

export function inlineIgnorePragmas(dockerfile: Dockerfile): Finding[] {
  return dockerfile.comments
    .filter((comment) => parseIgnorePragma(comment.text, comment.range.start.line)?.scope === 'next')
    .map((comment) => report(DL1001, comment.range, 'Please refrain from using inline ignore pragmas `# hadolint ignore=DLxxxx`.'));
}
