/**
 * Hover in devcontainer.json: a property's documentation from the schema on its key, the
 * meaning of an enum value on the value, and a variable's meaning on `${...}`.
 */
import { findNodeAtOffset } from 'jsonc-parser';

import type { Range } from '../dockerfile/ast';
import { configKindOf } from './config-kind';
import { parseDevcontainerText, pathOf } from './document';
import { describeProperty, schemaAt } from './schema-navigation';
import { variableInfo, variableReferences } from './variables';

export interface DevcontainerHover {
  /** Markdown. */
  contents: string;
  range: Range;
}

export function devcontainerHover(text: string, offset: number): DevcontainerHover | null {
  const document = parseDevcontainerText(text);
  if (!document.root) return null;
  const node = findNodeAtOffset(document.root, offset, false);
  if (!node) return null;
  const kind = configKindOf(document.root);
  const parent = node.parent;
  const range = document.lines.range(node.offset, node.length);

  if (parent?.type === 'property' && parent.children?.[0] === node) {
    const path = pathOf(node);
    const schema = schemaAt(path, kind);
    if (!schema) return null;
    return { contents: describeProperty(String(node.value), schema), range };
  }

  if (node.type === 'string') {
    for (const reference of variableReferences(document, node)) {
      if (offset < reference.offset || offset >= reference.offset + reference.length) continue;
      const info = variableInfo(reference.name);
      if (!info) return null;
      return { contents: `**${info.usage}** · variable\n\n${info.description}`, range: document.lines.range(reference.offset, reference.length) };
    }
  }

  // A property's value: the property's documentation, with the meaning of this value first.
  if (parent?.type !== 'property' || node.type === 'object' || node.type === 'array') return null;
  const key = parent.children?.[0];
  const schema = schemaAt(pathOf(node), kind);
  if (!schema || !key) return null;
  const index = schema.enum?.indexOf(node.value as string | number | boolean) ?? -1;
  const said = index >= 0 ? schema.enumDescriptions?.[index] : undefined;
  const property = describeProperty(String(key.value), schema);
  return { contents: said ? `\`${JSON.stringify(node.value)}\`: ${said}\n\n---\n\n${property}` : property, range };
}
