/**
 * hadolint's DL3048, after Docker's label-key guidelines: lower-case letters, digits, '.' and
 * '-', starting with a letter and ending with a letter or digit, no '..' or '--', and none of
 * the namespaces Docker reserves (com.docker.*, io.docker.*, org.dockerproject.*).
 */
import type { Finding } from '../../../../findings';
import type { Dockerfile } from '../../../ast';
import { parseKeyValues } from '../../key-value-arguments';
import { report } from '../../rule-definition';
import { dropQuotes, hadolintRule } from './hadolint-rule';
import { keyRange } from './key-range';

export const DL3048 = hadolintRule('DL3048', 'Style', 'Invalid label key', ({ dockerfile }) => invalidLabelKeys(dockerfile));

const RESERVED_NAMESPACES = ['com.docker.', 'io.docker.', 'org.dockerproject.'];

export function isValidLabelKey(key: string): boolean {
  return (
    /^[a-z]([a-z0-9.-]*[a-z0-9])?$/.test(key) && !key.includes('..') && !key.includes('--') && !RESERVED_NAMESPACES.some((namespace) => key.startsWith(namespace))
  );
}

export function invalidLabelKeys(dockerfile: Dockerfile): Finding[] {
  const findings: Finding[] = [];
  for (const instruction of dockerfile.instructions) {
    if (instruction.name !== 'LABEL') continue;
    for (const pair of parseKeyValues(instruction.argsText, dockerfile.escapeChar, 'LABEL').pairs) {
      if (!isValidLabelKey(dropQuotes(pair.key))) findings.push(report(DL3048, keyRange(dockerfile, instruction, pair.key), 'Invalid label key.'));
    }
  }
  return findings;
}
