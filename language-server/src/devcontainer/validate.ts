/**
 * Syntax and schema validation of a devcontainer.json against Hutch's schema (schema.ts): a small
 * validator for exactly the keywords that schema uses, so that no JSON Schema library is needed
 * and every message names the property at fault.
 */
import { configKindOf, containerSources } from './config-kind';
import { describePath, propertiesOf, type DevcontainerDocument, type JsonNode, type JsonProperty } from './document';
import type { FindingSink, Span } from './rules';
import { DEVCONTAINER_SCHEMA, type ConfigKind, type JsonType, type SchemaNode } from './schema';
import { closestName } from './suggest';

type GenericRuleId =
  | 'devcontainer/unknown-property'
  | 'devcontainer/invalid-type'
  | 'devcontainer/invalid-value'
  | 'devcontainer/missing-property'
  | 'devcontainer/deprecated-property'
  | 'devcontainer/duplicate-key';

interface Context {
  kind: ConfigKind;
  path: Array<string | number>;
  /** The rule that owns problems here (customizations.hutch ...), if any. */
  owner: string | undefined;
  /** Where to report a problem about the value as a whole when the value is an object: the key
   * of its property (or, for the root, the key that decides its kind). */
  anchor: Span;
}

export function validateDocument(document: DevcontainerDocument, sink: FindingSink): void {
  for (const problem of document.syntaxProblems) {
    sink.report('devcontainer/invalid-json', { offset: problem.offset, length: problem.length, message: `Invalid JSON: ${problem.message}` });
  }
  for (const offset of document.trailingCommas) {
    sink.report('devcontainer/trailing-comma', {
      offset,
      length: 1,
      message: 'Trailing comma: the Dev Container schema does not allow one here (Hutch and the devcontainers CLI accept it; other tools may not)',
      fix: { title: 'Remove the trailing comma', edits: [{ offset, length: 1, newText: '' }] },
    });
  }
  const root = document.root;
  if (root === undefined) {
    if (document.syntaxProblems.length === 0) {
      sink.report('devcontainer/invalid-json', { offset: 0, length: 0, message: 'The file is empty: a devcontainer.json holds one JSON object' });
    }
    return;
  }
  const kind = configKindOf(root);
  const decidingKey = containerSources(root)[0]?.key;
  const anchor = kind === 'compose' && decidingKey ? span(decidingKey) : { offset: root.offset, length: 1 };
  validateValue(root, DEVCONTAINER_SCHEMA, { kind, path: [], owner: undefined, anchor }, sink);
}

/** The node with its variant for this kind of config merged in. */
export function effectiveSchema(schema: SchemaNode, kind: ConfigKind): SchemaNode {
  const variant = schema.variants?.[kind];
  return variant ? { ...schema, ...variant } : schema;
}

/** Whether a property applies to this kind of config. */
export function appliesTo(schema: SchemaNode, kind: ConfigKind): boolean {
  return !schema.onlyFor || schema.onlyFor.includes(kind);
}

/** The schema of a property of an object schema: named, pattern-matched, or additional. */
export function propertySchema(schema: SchemaNode, name: string): SchemaNode | undefined {
  const named = schema.properties?.[name];
  if (named && Object.prototype.hasOwnProperty.call(schema.properties, name)) return named;
  for (const [pattern, node] of Object.entries(schema.patternProperties ?? {})) {
    if (new RegExp(pattern, 'u').test(name)) return node;
  }
  return typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined;
}

function validateValue(node: JsonNode, original: SchemaNode, at: Context, sink: FindingSink): void {
  const schema = effectiveSchema(original, at.kind);
  const here: Context = { ...at, owner: schema.owningRule ?? at.owner };
  const report = (rule: GenericRuleId, where: Span, message: string, fix?: Parameters<FindingSink['report']>[1]['fix']): void =>
    sink.report(here.owner ?? rule, { ...where, message, ...(fix ? { fix } : {}) });

  if (schema.anyOf) {
    const alternative = schema.anyOf.find((a) => a.type === undefined || typeMatches(node, a.type));
    if (!alternative) {
      const expected = describeTypes(schema.anyOf.flatMap((a) => typeList(a.type)));
      report('devcontainer/invalid-type', span(node), `${subjectOf(here.path)} must be ${expected}, not ${describeTypes([jsonTypeOf(node)])}`);
      return;
    }
    validateValue(node, alternative, here, sink);
    return;
  }
  if (schema.type !== undefined && !typeMatches(node, schema.type)) {
    report('devcontainer/invalid-type', span(node), `${subjectOf(here.path)} must be ${describeTypes(typeList(schema.type))}, not ${describeTypes([jsonTypeOf(node)])}`);
    return;
  }
  const value: unknown = node.value;
  if (schema.enum && !schema.enum.includes(value as string | number | boolean)) {
    const allowed = schema.enum.map((v) => JSON.stringify(v)).join(', ');
    report('devcontainer/invalid-value', span(node), `${subjectOf(here.path)} must be one of ${allowed}, not ${JSON.stringify(value)}`);
  }
  if (schema.pattern !== undefined && typeof value === 'string' && !new RegExp(schema.pattern, 'u').test(value)) {
    report('devcontainer/invalid-value', span(node), `${subjectOf(here.path)} must be ${schema.patternDescription ?? `text matching /${schema.pattern}/`}, not ${JSON.stringify(value)}`);
  }
  if (typeof value === 'number') {
    if (schema.minimum !== undefined && value < schema.minimum) {
      report('devcontainer/invalid-value', span(node), `${subjectOf(here.path)} must be at least ${schema.minimum}, not ${value}`);
    }
    if (schema.maximum !== undefined && value > schema.maximum) {
      report('devcontainer/invalid-value', span(node), `${subjectOf(here.path)} must be at most ${schema.maximum}, not ${value}`);
    }
  }
  if (node.type === 'object') validateObject(node, schema, here, report, sink);
  if (node.type === 'array' && schema.items) {
    (node.children ?? []).forEach((element, index) => {
      validateValue(element, schema.items!, { ...here, path: [...here.path, index], anchor: span(element) }, sink);
    });
  }
}

function validateObject(
  node: JsonNode,
  schema: SchemaNode,
  at: Context,
  report: (rule: GenericRuleId, where: Span, message: string, fix?: Parameters<FindingSink['report']>[1]['fix']) => void,
  sink: FindingSink,
): void {
  const properties = propertiesOf(node);
  const lastByName = new Map<string, JsonProperty>();
  for (const property of properties) lastByName.set(property.name, property);
  const where = at.path.length === 0 ? 'the top level' : describePath(at.path);

  for (const property of properties) {
    const path = [...at.path, property.name];
    if (lastByName.get(property.name) !== property) {
      report('devcontainer/duplicate-key', span(property.key), `${JSON.stringify(property.name)} is set again later in ${where}; only the last one counts`);
      continue;
    }
    const childSchema = propertySchema(schema, property.name);
    if (!childSchema) {
      if (schema.additionalProperties === false) reportUnknown(property, schema, at, lastByName, report);
      continue;
    }
    const effective = effectiveSchema(childSchema, at.kind);
    if (!appliesTo(effective, at.kind)) {
      report('devcontainer/unknown-property', span(property.key), `${describePath(path)} ${effective.onlyForMessage ?? 'does not apply to this kind of config'}`);
      continue;
    }
    if (effective.deprecated) {
      report('devcontainer/deprecated-property', span(property.key), `${describePath(path)} is deprecated: ${effective.deprecated}`);
    }
    if (property.value) validateValue(property.value, childSchema, { ...at, path, anchor: span(property.key) }, sink);
  }

  for (const name of schema.required ?? []) {
    if (lastByName.has(name)) continue;
    const message =
      at.path.length === 0 && at.kind === 'compose'
        ? `A config with dockerComposeFile also needs ${JSON.stringify(name)}`
        : `${at.path.length === 0 ? 'The config' : describePath(at.path)} needs the property ${JSON.stringify(name)}`;
    report('devcontainer/missing-property', at.anchor, message);
  }
  if (schema.exactlyOneOf) {
    const present = schema.exactlyOneOf.filter((name) => lastByName.has(name));
    const names = schema.exactlyOneOf.map((n) => JSON.stringify(n)).join(' or ');
    if (present.length === 0) report('devcontainer/missing-property', at.anchor, `${describePath(at.path)} needs ${names}`);
    for (const extra of present.slice(1)) {
      report('devcontainer/invalid-value', span(lastByName.get(extra)!.key), `${describePath(at.path)} takes ${names}, not both`);
    }
  }
}

function reportUnknown(
  property: JsonProperty,
  schema: SchemaNode,
  at: Context,
  present: ReadonlyMap<string, JsonProperty>,
  report: (rule: GenericRuleId, where: Span, message: string, fix?: Parameters<FindingSink['report']>[1]['fix']) => void,
): void {
  const candidates = Object.entries(schema.properties ?? {})
    .filter(([name, node]) => !present.has(name) && appliesTo(effectiveSchema(node, at.kind), at.kind))
    .map(([name]) => name);
  const suggestion = closestName(property.name, candidates);
  const owner = at.path.length === 0 ? 'devcontainer.json' : describePath(at.path);
  const message = `${owner} has no property ${JSON.stringify(property.name)}${suggestion ? `; did you mean ${JSON.stringify(suggestion)}?` : ''}`;
  const fix = suggestion
    ? { title: `Rename to ${JSON.stringify(suggestion)}`, edits: [{ ...span(property.key), newText: JSON.stringify(suggestion) }] }
    : undefined;
  report('devcontainer/unknown-property', span(property.key), message, fix);
}

/** How a message names the value at path: "build.args", or "The config" for the root. */
function subjectOf(path: ReadonlyArray<string | number>): string {
  return path.length === 0 ? 'The config' : describePath(path);
}

function span(node: JsonNode): Span {
  return { offset: node.offset, length: node.length };
}

function typeList(type: JsonType | readonly JsonType[] | undefined): JsonType[] {
  if (type === undefined) return [];
  return typeof type === 'string' ? [type] : [...type];
}

export function jsonTypeOf(node: JsonNode): JsonType {
  if (node.type === 'number') return Number.isInteger(node.value) ? 'integer' : 'number';
  return node.type as JsonType;
}

function typeMatches(node: JsonNode, type: JsonType | readonly JsonType[]): boolean {
  const actual = jsonTypeOf(node);
  return typeList(type).some((t) => t === actual || (t === 'number' && actual === 'integer'));
}

const TYPE_WORDS: Readonly<Record<JsonType, string>> = {
  string: 'a string',
  number: 'a number',
  integer: 'an integer',
  boolean: 'true or false',
  object: 'an object',
  array: 'an array',
  null: 'null',
};

export function describeTypes(types: readonly JsonType[]): string {
  const words = [...new Set(types)].map((t) => TYPE_WORDS[t]);
  if (words.length <= 1) return words[0] ?? 'a value';
  return `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`;
}
