/** hadolint's DL3023: `COPY --from` cannot name the stage it is in; the builder rejects the cycle. */
import type { Finding } from '../../../../findings';
import type { Dockerfile } from '../../../ast';
import { registeredStageName } from '../../build-model';
import { report } from '../../rule-definition';
import { fromFlag } from './dl3022-copy-from-alias';
import { hadolintRule } from './hadolint-rule';

export const DL3023 = hadolintRule('DL3023', 'Error', 'COPY --from cannot reference its own FROM alias', ({ dockerfile }) => copyFromOwnStage(dockerfile));

export function copyFromOwnStage(dockerfile: Dockerfile): Finding[] {
  const findings: Finding[] = [];
  for (const stage of dockerfile.stages) {
    const name = registeredStageName(stage);
    if (name === null) continue;
    for (const instruction of stage.instructions) {
      const flag = instruction.name === 'COPY' ? fromFlag(instruction.flags) : undefined;
      if (flag && (flag.value ?? '').toLowerCase() === name) {
        findings.push(report(DL3023, flag.valueRange ?? flag.range, '`COPY --from` cannot reference its own `FROM` alias'));
      }
    }
  }
  return findings;
}
