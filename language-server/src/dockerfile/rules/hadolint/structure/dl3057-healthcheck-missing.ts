/**
 * hadolint's DL3057 (Ignore: opt-in): a stage without HEALTHCHECK, neither its own nor one
 * inherited from the stage it builds FROM. Reported on the stage's FROM.
 */
import type { Finding } from '../../../../findings';
import { buildModel, type StageModel } from '../../build-model';
import { report } from '../../rule-definition';
import type { DockerfileRuleContext } from '../../types';
import { hadolintRule } from './hadolint-rule';

export const DL3057 = hadolintRule('DL3057', 'Ignore', 'HEALTHCHECK instruction missing', (context) => missingHealthchecks(context));

export function missingHealthchecks(context: DockerfileRuleContext): Finding[] {
  const findings: Finding[] = [];
  const withHealthcheck = new Set<StageModel>();
  for (const stage of buildModel(context).stages) {
    const own = stage.stage.instructions.some((instruction) => instruction.name === 'HEALTHCHECK');
    if (own || (stage.base !== null && withHealthcheck.has(stage.base))) withHealthcheck.add(stage);
    else findings.push(report(DL3057, stage.stage.from.keywordRange, '`HEALTHCHECK` instruction missing.'));
  }
  return findings;
}
