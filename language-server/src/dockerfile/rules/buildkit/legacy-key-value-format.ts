/**
 * BuildKit's LegacyKeyValueFormat: `ENV key value` and `LABEL key value` (no '=') is the legacy
 * form, where everything after the key, spaces included, is the value; `key=value` says so.
 */
import type { Finding, Fix } from '../../../findings';
import type { Instruction } from '../../ast';
import { buildModel } from '../build-model';
import { instructionRange } from '../finding-ranges';
import { parseKeyValues, type KeyValue } from '../key-value-arguments';
import { buildkitRule, report } from '../rule-definition';
import type { DockerfileRuleContext } from '../types';

export const LEGACY_KEY_VALUE_FORMAT = buildkitRule('LegacyKeyValueFormat', 'Legacy key/value format with whitespace separator should not be used', (context) =>
  legacyKeyValueFormat(context),
);

/** `key=value`, quoting a value with spaces; none when quotes or escapes make it ambiguous. */
function fixFor(instruction: Instruction, pair: KeyValue): Fix | undefined {
  const range = instruction.argsRange;
  if (range === null || range.start.line !== range.end.line || /["'\\`$]/.test(pair.value)) return undefined;
  const value = /\s/.test(pair.value) ? `"${pair.value}"` : pair.value;
  return { title: `Write ${pair.key}=${value}`, edits: [{ range, newText: `${pair.key}=${value}` }] };
}

export function legacyKeyValueFormat(context: DockerfileRuleContext): Finding[] {
  const findings: Finding[] = [];
  const model = buildModel(context);
  for (const stage of model.stages) {
    for (const { instruction } of stage.instructions) {
      if (instruction.name !== 'ENV' && instruction.name !== 'LABEL') continue;
      for (const pair of parseKeyValues(instruction.argsText, model.escapeChar, instruction.name).pairs) {
        if (!pair.legacy) continue;
        const keyword = instruction.keyword;
        findings.push(
          report(
            LEGACY_KEY_VALUE_FORMAT,
            instructionRange(context.dockerfile, instruction),
            `"${keyword} key=value" should be used instead of legacy "${keyword} key value" format`,
            fixFor(instruction, pair),
          ),
        );
      }
    }
  }
  return findings;
}
