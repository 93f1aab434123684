/**
 * hadolint's DL4000: MAINTAINER is deprecated. The quick fix writes the same author as
 * `LABEL maintainer="..."`, the label hadolint's docs suggest, quoted so nothing is expanded.
 */
import type { Finding, Fix } from '../../../../findings';
import type { Dockerfile, Instruction } from '../../../ast';
import { instructionRange } from '../../finding-ranges';
import { report } from '../../rule-definition';
import { hadolintRule } from './hadolint-rule';

export const DL4000 = hadolintRule('DL4000', 'Error', 'MAINTAINER is deprecated', ({ dockerfile }) => deprecatedMaintainers(dockerfile));

function labelFix(dockerfile: Dockerfile, instruction: Instruction): Fix | undefined {
  const range = instructionRange(dockerfile, instruction);
  const author = instruction.argsText.trim();
  if (author === '' || range.start.line !== range.end.line) return undefined;
  return { title: 'Replace with LABEL maintainer', edits: [{ range, newText: `LABEL maintainer="${author.replace(/["\\$]/g, '\\$&')}"` }] };
}

export function deprecatedMaintainers(dockerfile: Dockerfile): Finding[] {
  return dockerfile.instructions
    .filter((instruction) => instruction.name === 'MAINTAINER')
    .map((instruction) => report(DL4000, instruction.keywordRange, 'MAINTAINER is deprecated', labelFix(dockerfile, instruction)));
}
