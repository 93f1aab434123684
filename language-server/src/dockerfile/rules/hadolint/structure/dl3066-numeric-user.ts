/**
 * hadolint's DL3066: a user name (rather than a numeric uid) in USER is resolved through the
 * image's /etc/passwd, which the host (or a Kubernetes runAsNonRoot check) cannot see. Only
 * the user part of `user:group` matters. Variables are resolved when their values are known
 * here; a USER whose value is only known at build time is not reported.
 */
import type { Finding } from '../../../../findings';
import { buildModel } from '../../build-model';
import { report } from '../../rule-definition';
import type { DockerfileRuleContext } from '../../types';
import { hadolintRule } from './hadolint-rule';

export const DL3066 = hadolintRule('DL3066', 'Info', 'Non-numeric user-id may not be resolvable by host system', (context) => nonNumericUsers(context));

export function isNumericUser(user: string): boolean {
  return /^\d*$/.test(user.split(':')[0] ?? '');
}

export function nonNumericUsers(context: DockerfileRuleContext): Finding[] {
  const findings: Finding[] = [];
  for (const stage of buildModel(context).stages) {
    for (const state of stage.instructions) {
      const word = state.words.find((w) => w.role === 'user');
      const range = state.instruction.argsRange;
      if (!word || range === null || word.expansion.unmatched.size > 0 || word.expansion.error !== null) continue;
      if (!isNumericUser(word.expansion.result)) findings.push(report(DL3066, range, 'Non-numeric user-id may not be resolvable by host system'));
    }
  }
  return findings;
}
