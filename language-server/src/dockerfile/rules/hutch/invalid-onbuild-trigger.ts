/** invalid-onbuild-trigger: `ONBUILD ONBUILD`, `ONBUILD FROM` and `ONBUILD MAINTAINER` are refused. */
import type { Finding } from '../../../findings';
import type { Dockerfile } from '../../ast';
import { instructionsWithTriggers } from '../instruction-grammar';
import { hutchRule, report } from '../rule-definition';

export const INVALID_ONBUILD_TRIGGER = hutchRule('invalid-onbuild-trigger', 'An ONBUILD trigger the builder refuses', ({ dockerfile }) => invalidOnbuildTrigger(dockerfile));

export function invalidOnbuildTrigger(dockerfile: Dockerfile): Finding[] {
  const findings: Finding[] = [];
  for (const instruction of instructionsWithTriggers(dockerfile)) {
    const trigger = instruction.trigger;
    if (instruction.name !== 'ONBUILD' || trigger === null) continue;
    const range = trigger.keywordRange;
    if (trigger.name === 'ONBUILD') findings.push(report(INVALID_ONBUILD_TRIGGER, range, 'Chaining ONBUILD via `ONBUILD ONBUILD` isn\'t allowed'));
    else if (trigger.name === 'FROM' || trigger.name === 'MAINTAINER') {
      findings.push(report(INVALID_ONBUILD_TRIGGER, range, `${trigger.name} isn't allowed as an ONBUILD trigger`));
    }
  }
  return findings;
}
