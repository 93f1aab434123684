/**
 * invalid-key-value: ENV, LABEL and ARG arguments BuildKit cannot split into names and values:
 * a word without '=' after `name=value` pairs, or an empty name (`=value`).
 */
import type { Finding } from '../../../findings';
import type { Dockerfile } from '../../ast';
import { instructionRange } from '../finding-ranges';
import { instructionsWithTriggers } from '../instruction-grammar';
import { parseArgDefinitions, parseKeyValues } from '../key-value-arguments';
import { hutchRule, report } from '../rule-definition';

export const INVALID_KEY_VALUE = hutchRule('invalid-key-value', 'ENV, LABEL or ARG arguments that are not name=value pairs', ({ dockerfile }) => invalidKeyValue(dockerfile));

export function invalidKeyValue(dockerfile: Dockerfile): Finding[] {
  const findings: Finding[] = [];
  for (const instruction of instructionsWithTriggers(dockerfile)) {
    const text = instruction.argsText;
    let error = null;
    if (instruction.name === 'ENV' || instruction.name === 'LABEL') error = parseKeyValues(text, dockerfile.escapeChar, instruction.name).error;
    else if (instruction.name === 'ARG') error = parseArgDefinitions(text, dockerfile.escapeChar).error;
    if (error?.kind === 'syntax') findings.push(report(INVALID_KEY_VALUE, instructionRange(dockerfile, instruction), error.message));
  }
  return findings;
}
