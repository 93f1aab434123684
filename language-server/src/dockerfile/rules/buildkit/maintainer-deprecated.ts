/**
 * BuildKit's MaintainerDeprecated: MAINTAINER is deprecated; the OCI label
 * `org.opencontainers.image.authors` says the same thing.
 */
import type { Finding } from '../../../findings';
import type { Dockerfile } from '../../ast';
import { instructionRange } from '../finding-ranges';
import { buildkitRule, report } from '../rule-definition';

export const MAINTAINER_DEPRECATED = buildkitRule(
  'MaintainerDeprecated',
  'The MAINTAINER instruction is deprecated, use a label instead to define an image author',
  ({ dockerfile }) => maintainerDeprecated(dockerfile),
);

/** The author as a double-quoted LABEL value: `"`, `\` and `$` escaped so nothing is expanded. */
function labelValue(author: string): string {
  return `"${author.replace(/["\\$]/g, '\\$&')}"`;
}

export function maintainerDeprecated(dockerfile: Dockerfile): Finding[] {
  const findings: Finding[] = [];
  for (const instruction of dockerfile.instructions) {
    if (instruction.name !== 'MAINTAINER') continue;
    const range = instructionRange(dockerfile, instruction);
    const author = instruction.argsText.trim();
    const fix =
      author === '' || instruction.startLine !== range.end.line
        ? undefined
        : { title: 'Replace with LABEL org.opencontainers.image.authors', edits: [{ range, newText: `LABEL org.opencontainers.image.authors=${labelValue(author)}` }] };
    findings.push(report(MAINTAINER_DEPRECATED, range, 'Maintainer instruction is deprecated in favor of using label', fix));
  }
  return findings;
}
