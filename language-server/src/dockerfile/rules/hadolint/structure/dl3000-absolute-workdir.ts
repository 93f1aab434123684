/**
 * hadolint's DL3000: WORKDIR should be absolute. A relative WORKDIR depends on the WORKDIR the
 * base image happens to set. A path starting with a variable is accepted (its value is absolute
 * as often as not), and so is a Windows drive path (`C:\app`, `c:/app`).
 */
import type { Finding } from '../../../../findings';
import type { Dockerfile } from '../../../ast';
import { report } from '../../rule-definition';
import { dropQuotes, hadolintRule } from './hadolint-rule';

export const DL3000 = hadolintRule('DL3000', 'Error', 'Use absolute WORKDIR', ({ dockerfile }) => absoluteWorkdir(dockerfile));

export function isAbsoluteWorkdir(path: string): boolean {
  return path.startsWith('/') || path.startsWith('$') || /^[A-Za-z]:/.test(path);
}

export function absoluteWorkdir(dockerfile: Dockerfile): Finding[] {
  const findings: Finding[] = [];
  for (const instruction of dockerfile.instructions) {
    if (instruction.name !== 'WORKDIR' || instruction.argsRange === null) continue;
    const path = dropQuotes(instruction.argsText.trim());
    if (path === '' || isAbsoluteWorkdir(path)) continue;
    findings.push(report(DL3000, instruction.argsRange, 'Use absolute WORKDIR.'));
  }
  return findings;
}
