/**
 * hadolint's DL3044: within one ENV, `ENV A=1 B=$A` does not see the A it defines (every pair
 * is expanded against the variables before the instruction), so the reference is empty or the
 * old value. Not reported when an earlier ENV or ARG (anywhere above, as hadolint tracks it)
 * defined the name, nor for a pair that refers to itself (`PATH=$PATH:/x`).
 */
import type { Finding } from '../../../../findings';
import type { Dockerfile, Range } from '../../../ast';
import { variableRange } from '../../finding-ranges';
import { parseArgDefinitions, parseKeyValues } from '../../key-value-arguments';
import { report } from '../../rule-definition';
import { hadolintRule } from './hadolint-rule';

const MESSAGE = 'Do not refer to an environment variable within the same `ENV` statement where it is defined.';

export const DL3044 = hadolintRule('DL3044', 'Error', 'Do not refer to an environment variable within the same ENV statement where it is defined', ({ dockerfile }) =>
  envSelfReferences(dockerfile),
);

/** `$NAME` (not followed by a name character) or `${NAME}` in text. */
export function refersTo(text: string, name: string): boolean {
  if (text.includes(`\${${name}}`)) return true;
  const bare = `$${name}`;
  let at = text.indexOf(bare);
  while (at >= 0) {
    if (!/[A-Za-z0-9_]/.test(text[at + bare.length] ?? '')) return true;
    at = text.indexOf(bare, at + 1);
  }
  return false;
}

export function envSelfReferences(dockerfile: Dockerfile): Finding[] {
  const findings: Finding[] = [];
  const defined = new Set<string>();
  for (const instruction of dockerfile.instructions) {
    if (instruction.name === 'ARG') {
      for (const definition of parseArgDefinitions(instruction.argsText, dockerfile.escapeChar).definitions) defined.add(definition.name);
      continue;
    }
    if (instruction.name !== 'ENV') continue;
    const pairs = parseKeyValues(instruction.argsText, dockerfile.escapeChar, 'ENV').pairs;
    let range: Range | undefined;
    for (const [index, pair] of pairs.entries()) {
      if (defined.has(pair.key) || range) continue;
      if (pairs.some((other, otherIndex) => otherIndex !== index && refersTo(other.value, pair.key))) range = variableRange(dockerfile, instruction, pair.key);
    }
    if (range) findings.push(report(DL3044, range, MESSAGE));
    for (const pair of pairs) defined.add(pair.key);
  }
  return findings;
}
