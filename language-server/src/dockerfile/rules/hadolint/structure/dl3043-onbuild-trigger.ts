/**
 * hadolint's DL3043: ONBUILD cannot trigger ONBUILD, FROM or MAINTAINER; the builder rejects
 * them. Reported on the trigger's keyword.
 */
import type { Finding } from '../../../../findings';
import type { Dockerfile } from '../../../ast';
import { report } from '../../rule-definition';
import { hadolintRule } from './hadolint-rule';

export const DL3043 = hadolintRule('DL3043', 'Error', 'ONBUILD, FROM or MAINTAINER triggered from within ONBUILD instruction', ({ dockerfile }) => invalidOnbuildTriggers(dockerfile));

const FORBIDDEN_TRIGGERS: ReadonlySet<string> = new Set(['ONBUILD', 'FROM', 'MAINTAINER']);

export function invalidOnbuildTriggers(dockerfile: Dockerfile): Finding[] {
  const findings: Finding[] = [];
  for (const instruction of dockerfile.instructions) {
    const trigger = instruction.name === 'ONBUILD' ? instruction.trigger : null;
    if (trigger && FORBIDDEN_TRIGGERS.has(trigger.name)) {
      findings.push(report(DL3043, trigger.keywordRange, '`ONBUILD`, `FROM` or `MAINTAINER` triggered from within `ONBUILD` instruction.'));
    }
  }
  return findings;
}
