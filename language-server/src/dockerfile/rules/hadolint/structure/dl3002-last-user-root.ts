/**
 * hadolint's DL3002: the last USER of a stage should not be root. hadolint checks every stage,
 * not only the final one (its spec "warns on multiple stages"): a root builder stage that a
 * later stage builds FROM hands root on. `root`, `0`, `root:<group>` and `0:<group>` are root.
 */
import type { Finding } from '../../../../findings';
import type { Dockerfile, Instruction } from '../../../ast';
import { report } from '../../rule-definition';
import { hadolintRule } from './hadolint-rule';

export const DL3002 = hadolintRule('DL3002', 'Warning', 'Last USER should not be root', ({ dockerfile }) => lastUserRoot(dockerfile));

export function isRootUser(user: string): boolean {
  return user === 'root' || user === '0' || user.startsWith('root:') || user.startsWith('0:');
}

export function lastUserRoot(dockerfile: Dockerfile): Finding[] {
  const findings: Finding[] = [];
  for (const stage of dockerfile.stages) {
    let lastUser: Instruction | undefined;
    for (const instruction of stage.instructions) if (instruction.name === 'USER') lastUser = instruction;
    if (!lastUser || lastUser.argsRange === null || !isRootUser(lastUser.argsText.trim())) continue;
    findings.push(report(DL3002, lastUser.argsRange, 'Last USER should not be root.'));
  }
  return findings;
}
