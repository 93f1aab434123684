/**
 * A minimal JSON Schema draft 2019-09 evaluator for the spec's devContainer.base.schema.json,
 * used only by the conformance test to compare Hutch's schema with the spec's. It is written
 * apart from Hutch's validator on purpose (a second opinion), for the keywords that schema
 * uses: $ref (local), type, enum, pattern, minimum, maximum, required, properties,
 * patternProperties, additionalProperties, items, allOf, anyOf, oneOf and
 * unevaluatedProperties. Annotations (description, default, deprecated, format ...) and the
 * non-standard allowComments / allowTrailingCommas are ignored.
 *
 * Draft 2019-09 rules that matter here: $ref is an in-place applicator whose sibling keywords
 * still apply, and unevaluatedProperties sees the properties evaluated by this schema object
 * and by every in-place subschema that validated (allOf, the valid anyOf and oneOf branches,
 * $ref).
 */
type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Schema = boolean | { [keyword: string]: unknown };

interface Result {
  valid: boolean;
  /** Property names evaluated at this instance location (when the instance is an object). */
  evaluated: Set<string>;
}

export function validatesAgainst(rootSchema: Schema, instance: Json): boolean {
  return evaluate(rootSchema, instance, rootSchema).valid;
}

function evaluate(schema: Schema, instance: Json, root: Schema): Result {
  const evaluated = new Set<string>();
  if (schema === true) return { valid: true, evaluated };
  if (schema === false) return { valid: false, evaluated };
  let valid = true;
  const fail = (): void => {
    valid = false;
  };
  const isObject = instance !== null && typeof instance === 'object' && !Array.isArray(instance);
  const object = isObject ? (instance as { [key: string]: Json }) : undefined;

  if (typeof schema.$ref === 'string') {
    const result = evaluate(resolvePointer(root, schema.$ref), instance, root);
    if (!result.valid) fail();
    else result.evaluated.forEach((p) => evaluated.add(p));
  }
  if (schema.type !== undefined) {
    const types = Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type as string];
    if (!types.some((t) => hasType(instance, t))) fail();
  }
  if (Array.isArray(schema.enum) && !schema.enum.some((v) => JSON.stringify(v) === JSON.stringify(instance))) fail();
  if (typeof schema.pattern === 'string' && typeof instance === 'string' && !new RegExp(schema.pattern, 'u').test(instance)) fail();
  if (typeof schema.minimum === 'number' && typeof instance === 'number' && instance < schema.minimum) fail();
  if (typeof schema.maximum === 'number' && typeof instance === 'number' && instance > schema.maximum) fail();

  if (object) {
    for (const name of (schema.required as string[] | undefined) ?? []) if (!(name in object)) fail();
    const properties = (schema.properties ?? {}) as Record<string, Schema>;
    const patterns = Object.entries((schema.patternProperties ?? {}) as Record<string, Schema>);
    for (const [name, value] of Object.entries(object)) {
      let matched = false;
      if (Object.prototype.hasOwnProperty.call(properties, name)) {
        matched = true;
        if (!evaluate(properties[name]!, value, root).valid) fail();
      }
      for (const [pattern, sub] of patterns) {
        if (!new RegExp(pattern, 'u').test(name)) continue;
        matched = true;
        if (!evaluate(sub, value, root).valid) fail();
      }
      if (matched) evaluated.add(name);
      else if (schema.additionalProperties !== undefined) {
        if (!evaluate(schema.additionalProperties as Schema, value, root).valid) fail();
        evaluated.add(name);
      }
    }
  }
  if (Array.isArray(instance) && schema.items !== undefined && !Array.isArray(schema.items)) {
    for (const element of instance) if (!evaluate(schema.items as Schema, element, root).valid) fail();
  }

  if (Array.isArray(schema.allOf)) {
    for (const sub of schema.allOf as Schema[]) {
      const result = evaluate(sub, instance, root);
      if (!result.valid) fail();
      else result.evaluated.forEach((p) => evaluated.add(p));
    }
  }
  if (Array.isArray(schema.anyOf)) {
    const results = (schema.anyOf as Schema[]).map((sub) => evaluate(sub, instance, root));
    if (!results.some((r) => r.valid)) fail();
    for (const r of results) if (r.valid) r.evaluated.forEach((p) => evaluated.add(p));
  }
  if (Array.isArray(schema.oneOf)) {
    const results = (schema.oneOf as Schema[]).map((sub) => evaluate(sub, instance, root));
    const passing = results.filter((r) => r.valid);
    if (passing.length !== 1) fail();
    else passing[0]!.evaluated.forEach((p) => evaluated.add(p));
  }
  if (object && schema.unevaluatedProperties !== undefined) {
    for (const [name, value] of Object.entries(object)) {
      if (evaluated.has(name)) continue;
      if (!evaluate(schema.unevaluatedProperties as Schema, value, root).valid) fail();
      evaluated.add(name);
    }
  }
  return { valid, evaluated };
}

function hasType(instance: Json, type: string): boolean {
  switch (type) {
    case 'null':
      return instance === null;
    case 'boolean':
      return typeof instance === 'boolean';
    case 'integer':
      return typeof instance === 'number' && Number.isInteger(instance);
    case 'number':
      return typeof instance === 'number';
    case 'string':
      return typeof instance === 'string';
    case 'array':
      return Array.isArray(instance);
    case 'object':
      return instance !== null && typeof instance === 'object' && !Array.isArray(instance);
    default:
      throw new Error(`unknown type ${type}`);
  }
}

function resolvePointer(root: Schema, reference: string): Schema {
  if (!reference.startsWith('#/')) throw new Error(`only local $refs are supported, not ${reference}`);
  let node: unknown = root;
  for (const part of reference.slice(2).split('/')) node = (node as Record<string, unknown>)[part.replace(/~1/g, '/').replace(/~0/g, '~')];
  if (node === undefined) throw new Error(`unresolved $ref ${reference}`);
  return node as Schema;
}
