/**
 * hadolint's DL3022: `COPY --from` should name a stage defined above it (the current one
 * included; copying from itself is DL3023's concern). Anything else the builder pulls as an
 * image, which hadolint asks to declare as a stage. Unlike hadolint, a stage index of an earlier
 * stage (`--from=0`) is accepted: the builder resolves it to that stage. Stage names compare
 * case-insensitively, as the builder compares them.
 */
import type { Finding } from '../../../../findings';
import type { Dockerfile, Flag } from '../../../ast';
import { registeredStageName } from '../../build-model';
import { report } from '../../rule-definition';
import { hadolintRule } from './hadolint-rule';

export const DL3022 = hadolintRule('DL3022', 'Warning', 'COPY --from should reference a previously defined FROM alias', ({ dockerfile }) => copyFromUnknownStage(dockerfile));

export function fromFlag(flags: readonly Flag[]): Flag | undefined {
  return flags.find((flag) => flag.name.toLowerCase() === 'from' && flag.value !== null);
}

export function copyFromUnknownStage(dockerfile: Dockerfile): Finding[] {
  const findings: Finding[] = [];
  const names = new Set<string>();
  for (const stage of dockerfile.stages) {
    const name = registeredStageName(stage);
    if (name !== null) names.add(name);
    for (const instruction of stage.instructions) {
      if (instruction.name !== 'COPY') continue;
      const flag = fromFlag(instruction.flags);
      const value = flag?.value ?? '';
      if (!flag || value === '' || names.has(value.toLowerCase())) continue;
      if (/^\d+$/.test(value) && Number(value) < stage.index) continue;
      findings.push(report(DL3022, flag.valueRange ?? flag.range, 'COPY --from should reference a previously defined FROM alias'));
    }
  }
  return findings;
}
