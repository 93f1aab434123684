/**
 * BuildKit's StageNameCasing: the name after AS should be lower-case. BuildKit lower-cases
 * stage names anyway (instructions/parse.go parseBuildStageName), so `AS Build` is `build`.
 */
import type { Finding } from '../../../findings';
import type { Dockerfile } from '../../ast';
import { fromWords } from '../build-model';
import { onFirstLine } from '../finding-ranges';
import { buildkitRule, report } from '../rule-definition';

export const STAGE_NAME_CASING = buildkitRule('StageNameCasing', 'Stage names should be lowercase', ({ dockerfile }) => stageNameCasing(dockerfile));

export function stageNameCasing(dockerfile: Dockerfile): Finding[] {
  const findings: Finding[] = [];
  for (const stage of dockerfile.stages) {
    const words = fromWords(stage);
    const name = words.length === 3 ? (words[2] ?? '') : null;
    if (name === null || name === name.toLowerCase()) continue;
    const range = onFirstLine(dockerfile, stage.from, stage.nameRange);
    findings.push(
      report(STAGE_NAME_CASING, range, `Stage name '${name}' should be lowercase`, {
        title: `Rename the stage to ${name.toLowerCase()}`,
        edits: stage.nameRange ? [{ range: stage.nameRange, newText: name.toLowerCase() }] : [],
      }),
    );
  }
  return findings;
}
