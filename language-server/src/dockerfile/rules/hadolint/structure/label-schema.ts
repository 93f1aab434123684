/**
 * hadolint's label-schema rules (DL3051-DL3053, DL3055, DL3056, DL3058). They check only the
 * labels the config's `label-schema` names (`label-schema: {version: semver, ...}`), so without
 * a schema they report nothing; the pure rule context carries no config, so the lint engine
 * builds them from its schema with labelSchemaRules. Each rule reports a LABEL that sets a
 * schema label to a value not of its type, on the value (on the key when the value is empty).
 */
import type { Finding, RuleInfo } from '../../../../findings';
import type { Dockerfile, Range } from '../../../ast';
import { onFirstLine } from '../../finding-ranges';
import { parseKeyValues } from '../../key-value-arguments';
import { report } from '../../rule-definition';
import type { DockerfileRule } from '../../types';
import { dropQuotes, hadolintRule } from './hadolint-rule';
import { keyRange } from './key-range';
import { LABEL_TYPE_CHECKS } from './label-type-checks';

/** The value types of hadolint's label-schema. */
export type LabelType = 'text' | 'url' | 'semver' | 'hash' | 'rfc3339' | 'spdx' | 'email';

/** Label name -> the type its value must have. */
export type LabelSchema = ReadonlyMap<string, LabelType>;

export interface LabelValue {
  key: string;
  /** Quotes removed. */
  value: string;
  keyRange: Range;
  valueRange: Range;
}

/** Every `key=value` a LABEL sets, with where its key and value are written. */
export function labelValues(dockerfile: Dockerfile): LabelValue[] {
  const values: LabelValue[] = [];
  for (const instruction of dockerfile.instructions) {
    if (instruction.name !== 'LABEL') continue;
    for (const pair of parseKeyValues(instruction.argsText, dockerfile.escapeChar, 'LABEL').pairs) {
      const key = keyRange(dockerfile, instruction, pair.key);
      const word = instruction.args.find((arg) => arg.value.startsWith(`${pair.key}=`));
      const value =
        word && word.range.start.line === word.range.end.line && word.value.length > pair.key.length + 1
          ? { start: { line: word.range.start.line, character: word.range.start.character + pair.key.length + 1 }, end: word.range.end }
          : pair.legacy
            ? onFirstLine(dockerfile, instruction, instruction.args[1]?.range)
            : key;
      values.push({ key: dropQuotes(pair.key), value: dropQuotes(pair.value), keyRange: key, valueRange: value });
    }
  }
  return values;
}

export interface LabelTypeCheck {
  info: RuleInfo;
  /** The schema type the rule checks, or null for every schema label (DL3051, empty values). */
  type: LabelType | null;
  isValid(value: string): boolean;
  message(label: string): string;
}

export function labelTypeFindings(dockerfile: Dockerfile, schema: LabelSchema, check: LabelTypeCheck): Finding[] {
  const findings: Finding[] = [];
  for (const label of labelValues(dockerfile)) {
    const type = schema.get(label.key);
    if (type === undefined || (check.type !== null && type !== check.type) || check.isValid(label.value)) continue;
    findings.push(report(check.info, check.type === null ? label.keyRange : label.valueRange, check.message(label.key)));
  }
  return findings;
}

/** A label-schema rule as a DockerfileRule bound to a schema. */
export function labelSchemaRule(check: LabelTypeCheck, schema: LabelSchema): DockerfileRule {
  return hadolintRule(check.info.id, 'Warning', check.info.description, ({ dockerfile }) => labelTypeFindings(dockerfile, schema, check));
}

/** The label-schema rules for a config's schema (none when the schema is empty). */
export function labelSchemaRules(schema: LabelSchema): DockerfileRule[] {
  return schema.size === 0 ? [] : LABEL_TYPE_CHECKS.map((check) => labelSchemaRule(check, schema));
}
