/**
 * BuildKit's DuplicateStageName: two stages with the same name (compared lower-cased, as BuildKit
 * stores them); `--from` and FROM then reach only the last.
 */
import type { Finding } from '../../../findings';
import type { Dockerfile } from '../../ast';
import { registeredStageName } from '../build-model';
import { onFirstLine } from '../finding-ranges';
import { goQuoted } from '../go-quote';
import { buildkitRule, report } from '../rule-definition';

export const DUPLICATE_STAGE_NAME = buildkitRule('DuplicateStageName', 'Stage names should be unique', ({ dockerfile }) => duplicateStageName(dockerfile));

export function duplicateStageName(dockerfile: Dockerfile): Finding[] {
  const findings: Finding[] = [];
  const seen = new Set<string>();
  for (const stage of dockerfile.stages) {
    const name = registeredStageName(stage);
    if (name === null) continue;
    if (seen.has(name)) {
      findings.push(report(DUPLICATE_STAGE_NAME, onFirstLine(dockerfile, stage.from, stage.nameRange), `Duplicate stage name ${goQuoted(name)}, stage names should be unique`));
    }
    seen.add(name);
  }
  return findings;
}
