/**
 * BuildKit's ReservedStageName: `scratch` (the empty image) and `context` (the build context in
 * `COPY --from=context`) cannot name a stage usefully.
 */
import type { Finding } from '../../../findings';
import type { Dockerfile } from '../../ast';
import { registeredStageName } from '../build-model';
import { onFirstLine } from '../finding-ranges';
import { buildkitRule, report } from '../rule-definition';

export const RESERVED_STAGE_NAME = buildkitRule('ReservedStageName', 'Reserved words should not be used as stage names', ({ dockerfile }) => reservedStageName(dockerfile));

const RESERVED = new Set(['context', 'scratch']);

export function reservedStageName(dockerfile: Dockerfile): Finding[] {
  const findings: Finding[] = [];
  for (const stage of dockerfile.stages) {
    const name = registeredStageName(stage);
    if (name === null || !RESERVED.has(name)) continue;
    findings.push(report(RESERVED_STAGE_NAME, onFirstLine(dockerfile, stage.from, stage.nameRange), `Stage name should not use the same name as reserved stage "${name}"`));
  }
  return findings;
}
