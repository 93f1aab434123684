/**
 * BuildKit's FromAsCasing: `AS` is written in the same case as `FROM` (FROM ... AS, from ... as).
 * A FROM keyword in mixed case is left to ConsistentInstructionCasing.
 */
import type { Finding } from '../../../findings';
import type { Dockerfile } from '../../ast';
import { fromWords } from '../build-model';
import { onFirstLine } from '../finding-ranges';
import { buildkitRule, report } from '../rule-definition';

export const FROM_AS_CASING = buildkitRule('FromAsCasing', "The 'as' keyword should match the case of the 'from' keyword", ({ dockerfile }) => fromAsCasing(dockerfile));

export function fromAsCasing(dockerfile: Dockerfile): Finding[] {
  const findings: Finding[] = [];
  for (const stage of dockerfile.stages) {
    const words = fromWords(stage);
    if (words.length < 3) continue;
    const from = stage.from.keyword;
    const fromLower = from === from.toLowerCase();
    const fromUpper = from === from.toUpperCase();
    if (!fromLower && !fromUpper) continue;
    const as = words[1] ?? '';
    const wanted = fromLower ? as.toLowerCase() : as.toUpperCase();
    if (as === wanted) continue;
    const asArgument = stage.from.args[1];
    findings.push(
      report(FROM_AS_CASING, onFirstLine(dockerfile, stage.from, asArgument?.range), `'${as}' and '${from}' keywords' casing do not match`, {
        title: `Write ${wanted}`,
        edits: asArgument ? [{ range: asArgument.range, newText: wanted }] : [],
      }),
    );
  }
  return findings;
}
