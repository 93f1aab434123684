/**
 * Completion in devcontainer.json: property names from the schema (those that apply to this kind
 * of config and are not set yet), enum and boolean values, and `${...}` variables in strings.
 *
 * insertText is plain text (no snippet syntax). In a quoted key or string it is the bare name
 * or value; elsewhere it is a whole `"name": value` or a quoted value.
 */
import { findNodeAtLocation, getLocation, type Node as JsonNode } from 'jsonc-parser';

import { configKindOf } from './config-kind';
import { parseDevcontainerText, propertiesOf } from './document';
import { describeProperty, objectSchemaAt, schemaAt, typeSummary, valueTemplate } from './schema-navigation';
import type { ConfigKind, SchemaNode } from './schema';
import { appliesTo, effectiveSchema } from './validate';
import { VARIABLES } from './variables';

const SOURCE_KEYS = ['image', 'build', 'dockerFile', 'dockerComposeFile'];
const OWN_SOURCE_KEY: Readonly<Record<Exclude<ConfigKind, 'none'>, string>> = {
  image: 'image',
  dockerfile: 'build',
  legacyDockerfile: 'dockerFile',
  compose: 'dockerComposeFile',
};

export interface DevcontainerCompletion {
  label: string;
  detail: string;
  documentation: string;
  insertText: string;
}

export function devcontainerCompletions(text: string, offset: number): DevcontainerCompletion[] {
  const document = parseDevcontainerText(text);
  const kind = configKindOf(document.root);
  const location = getLocation(document.text, offset);
  const previous = location.previousNode;
  const inString = previous !== undefined && offset > previous.offset && offset < previous.offset + previous.length && document.text[previous.offset] === '"';

  if (location.isAtPropertyKey) {
    const parentPath = location.path.slice(0, -1);
    const schema = objectSchemaAt(parentPath, kind);
    if (!schema?.properties) return [];
    const typing = location.path[location.path.length - 1];
    const parent: JsonNode | undefined = parentPath.length === 0 ? document.root : document.root && findNodeAtLocation(document.root, parentPath);
    const present = new Set(propertiesOf(parent).map((p) => p.name).filter((name) => name !== typing));
    // Once the config names what its container is made from, the other sources would conflict.
    const rivals = parentPath.length === 0 && kind !== 'none' ? SOURCE_KEYS.filter((key) => key !== OWN_SOURCE_KEY[kind]) : [];
    const items: DevcontainerCompletion[] = [];
    for (const [name, original] of Object.entries(schema.properties)) {
      const node = effectiveSchema(original, kind);
      if (present.has(name) || rivals.includes(name) || node.deprecated || !appliesTo(node, kind)) continue;
      items.push({
        label: name,
        detail: typeSummary(node),
        documentation: describeProperty(name, node),
        insertText: inString ? name : `${JSON.stringify(name)}: ${valueTemplate(node)}`,
      });
    }
    return items;
  }

  if (inString && previous) {
    const before = document.text.slice(previous.offset + 1, offset);
    const variable = /\$\{([A-Za-z]*)$/.exec(before);
    if (variable) {
      // `${env:...}` is only the older spelling of localEnv: not proposed.
      return VARIABLES.filter((v) => v.name !== 'env' && v.name.startsWith(variable[1]!)).map((v) => ({
        label: v.usage,
        detail: 'devcontainer.json variable',
        documentation: v.description,
        insertText: v.usage.includes(':') ? `${v.name}:` : `${v.name}}`,
      }));
    }
  }
  const schema = schemaAt(location.path, kind);
  return schema ? valueCompletions(schema, inString) : [];
}

function valueCompletions(schema: SchemaNode, inString: boolean): DevcontainerCompletion[] {
  const items: DevcontainerCompletion[] = [];
  const add = (node: SchemaNode): void => {
    if (node.anyOf) {
      node.anyOf.forEach(add);
      return;
    }
    (node.enum ?? []).forEach((value, index) => {
      if (inString && typeof value !== 'string') return;
      const written = inString ? String(value) : JSON.stringify(value);
      items.push({ label: written, detail: typeof value, documentation: node.enumDescriptions?.[index] ?? '', insertText: written });
    });
    const types = typeof node.type === 'string' ? [node.type] : (node.type ?? []);
    if (!inString && types.includes('boolean') && !node.enum) {
      for (const value of ['true', 'false']) items.push({ label: value, detail: 'boolean', documentation: node.description ?? '', insertText: value });
    }
  };
  add(schema);
  return items;
}
