/**
 * hadolint's DL3024: stage names must be unique; the builder rejects a repeated one. Names are
 * compared case-insensitively, as the builder stores them lower-cased.
 */
import type { Finding } from '../../../../findings';
import type { Dockerfile } from '../../../ast';
import { registeredStageName } from '../../build-model';
import { report } from '../../rule-definition';
import { hadolintRule } from './hadolint-rule';

export const DL3024 = hadolintRule('DL3024', 'Error', 'FROM aliases (stage names) must be unique', ({ dockerfile }) => duplicateStageNames(dockerfile));

export function duplicateStageNames(dockerfile: Dockerfile): Finding[] {
  const findings: Finding[] = [];
  const seen = new Set<string>();
  for (const stage of dockerfile.stages) {
    const name = registeredStageName(stage);
    if (name === null) continue;
    if (seen.has(name)) findings.push(report(DL3024, stage.nameRange ?? stage.from.range, 'FROM aliases (stage names) must be unique.'));
    seen.add(name);
  }
  return findings;
}
