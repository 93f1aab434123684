/**
 * Finding the schema of a place in the file (for hover and completion) and describing it in
 * Markdown.
 */
import type { ConfigKind, JsonType, SchemaNode } from './schema';
import { DEVCONTAINER_SCHEMA } from './schema';
import { effectiveSchema, propertySchema } from './validate';

/** The alternative of an anyOf that holds an object or an array, or the node itself. */
function alternativeFor(node: SchemaNode, wanted: 'object' | 'array'): SchemaNode {
  if (!node.anyOf) return node;
  return node.anyOf.find((a) => a.type === wanted || (Array.isArray(a.type) && a.type.includes(wanted))) ?? node;
}

/** The schema at a path of property names and array indices, or undefined where the schema
 * says nothing (an unknown property). */
export function schemaAt(path: ReadonlyArray<string | number>, kind: ConfigKind): SchemaNode | undefined {
  let node: SchemaNode = DEVCONTAINER_SCHEMA;
  for (const segment of path) {
    const container = alternativeFor(effectiveSchema(node, kind), typeof segment === 'number' ? 'array' : 'object');
    const next = typeof segment === 'number' ? container.items : propertySchema(container, segment);
    if (!next) return undefined;
    node = next;
  }
  return effectiveSchema(node, kind);
}

/** The schema of the object at a path, for proposing its keys. */
export function objectSchemaAt(path: ReadonlyArray<string | number>, kind: ConfigKind): SchemaNode | undefined {
  const node = schemaAt(path, kind);
  return node ? alternativeFor(node, 'object') : undefined;
}

/** "string", "string | array | object": the JSON types a value may have. */
export function typeSummary(node: SchemaNode): string {
  const types: JsonType[] = [];
  const collect = (n: SchemaNode): void => {
    if (n.anyOf) n.anyOf.forEach(collect);
    else if (typeof n.type === 'string') types.push(n.type);
    else if (n.type) types.push(...n.type);
  };
  collect(node);
  return [...new Set(types)].join(' | ') || 'any';
}

/** Markdown for a property: what it is, its default and allowed values. */
export function describeProperty(name: string, node: SchemaNode): string {
  const parts = [`**${name}** · \`${typeSummary(node)}\``];
  if (node.deprecated) parts.push(`**Deprecated:** ${node.deprecated}.`);
  if (node.description) parts.push(node.description);
  const facts: string[] = [];
  if (node.enum) {
    facts.push(
      `Values: ${node.enum
        .map((value, index) => {
          const said = node.enumDescriptions?.[index];
          return said ? `\`${JSON.stringify(value)}\` (${said.replace(/\.$/, '')})` : `\`${JSON.stringify(value)}\``;
        })
        .join(', ')}`,
    );
  }
  if (node.default !== undefined) facts.push(`Default: \`${JSON.stringify(node.default)}\``);
  if (node.minimum !== undefined || node.maximum !== undefined) {
    facts.push(`Range: ${node.minimum ?? '…'} to ${node.maximum ?? '…'}`);
  }
  if (node.patternDescription) facts.push(`Format: ${node.patternDescription}`);
  if (node.required?.length) facts.push(`Needs: ${node.required.map((r) => `\`${r}\``).join(', ')}`);
  if (node.onlyFor && !node.onlyFor.includes('compose')) facts.push('Not used with `dockerComposeFile`.');
  if (node.onlyFor?.length === 1 && node.onlyFor[0] === 'compose') facts.push('Only used with `dockerComposeFile`.');
  if (facts.length > 0) parts.push(facts.join('  \n'));
  return parts.join('\n\n');
}

/** Text inserted for a new property's value: `""`, `[]`, `{}`, `true`, a default. */
export function valueTemplate(node: SchemaNode): string {
  if (node.anyOf) return valueTemplate(node.anyOf[0]!);
  if (node.default !== undefined) return JSON.stringify(node.default);
  if (node.enum && node.enum.length > 0) return JSON.stringify(node.enum[0]);
  const type = typeof node.type === 'string' ? node.type : node.type?.[0];
  switch (type) {
    case 'object':
      return '{}';
    case 'array':
      return '[]';
    case 'boolean':
      return 'true';
    case 'integer':
    case 'number':
      return String(node.minimum ?? 0);
    case 'null':
      return 'null';
    case 'string':
      return '""';
    default:
      return node.properties || node.additionalProperties ? '{}' : '""';
  }
}
