/**
 * A devcontainer.json as the checks see it: the JSONC tree (jsonc-parser, exact offsets), its
 * syntax problems, and a line index that turns offsets into LSP positions (0-based line, UTF-16
 * column: JavaScript string offsets already count UTF-16 units).
 */
import { createScanner, parseTree, ParseErrorCode, SyntaxKind, type Node as JsonNode, type ParseError } from 'jsonc-parser';

import type { Position, Range } from '../dockerfile/ast';

export type { Node as JsonNode } from 'jsonc-parser';

/** Offsets to positions, for one text. Line ends are \n, \r\n and \r, as LSP counts them. */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(private readonly text: string) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 13 /* \r */) {
        if (text.charCodeAt(i + 1) === 10) i++;
        this.starts.push(i + 1);
      } else if (c === 10 /* \n */) {
        this.starts.push(i + 1);
      }
    }
  }

  position(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (this.starts[middle]! <= clamped) low = middle;
      else high = middle - 1;
    }
    return { line: low, character: clamped - this.starts[low]! };
  }

  range(offset: number, length: number): Range {
    return { start: this.position(offset), end: this.position(offset + length) };
  }
}

export interface SyntaxProblem {
  message: string;
  offset: number;
  length: number;
}

export interface DevcontainerDocument {
  text: string;
  /** The parsed value, as far as the text could be parsed (undefined for an empty text). */
  root: JsonNode | undefined;
  syntaxProblems: SyntaxProblem[];
  /** Offsets of commas directly before a `}` or `]`. The spec's schema disallows them
   * (allowTrailingCommas: false); the devcontainers CLI accepts them. */
  trailingCommas: number[];
  lines: LineIndex;
}

const SYNTAX_MESSAGES: Partial<Record<ParseErrorCode, string>> = {
  [ParseErrorCode.InvalidSymbol]: 'unexpected character',
  [ParseErrorCode.InvalidNumberFormat]: 'invalid number',
  [ParseErrorCode.PropertyNameExpected]: 'a property name in double quotes is expected here',
  [ParseErrorCode.ValueExpected]: 'a value is expected here',
  [ParseErrorCode.ColonExpected]: "a ':' is expected here",
  [ParseErrorCode.CommaExpected]: "a ',' is expected here",
  [ParseErrorCode.CloseBraceExpected]: "a '}' is expected here",
  [ParseErrorCode.CloseBracketExpected]: "a ']' is expected here",
  [ParseErrorCode.EndOfFileExpected]: 'nothing may follow the top-level value',
  [ParseErrorCode.InvalidCommentToken]: 'invalid comment',
  [ParseErrorCode.UnexpectedEndOfComment]: 'unterminated block comment',
  [ParseErrorCode.UnexpectedEndOfString]: 'unterminated string',
  [ParseErrorCode.UnexpectedEndOfNumber]: 'incomplete number',
  [ParseErrorCode.InvalidUnicode]: 'invalid \\u escape',
  [ParseErrorCode.InvalidEscapeCharacter]: 'invalid escape character',
  [ParseErrorCode.InvalidCharacter]: 'control character in a string',
};

export function parseDevcontainerText(original: string): DevcontainerDocument {
  // A byte-order mark is not JSON, but editors write it; a space keeps every offset in place.
  const text = original.charCodeAt(0) === 0xfeff ? ` ${original.slice(1)}` : original;
  const errors: ParseError[] = [];
  // Trailing commas are tolerated by the parse and reported on their own (trailingCommas), so
  // that one stray comma does not read as a broken file.
  const root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false, allowEmptyContent: true });
  const syntaxProblems = errors.map((e) => ({ message: SYNTAX_MESSAGES[e.error] ?? 'invalid JSON', offset: e.offset, length: Math.max(e.length, 1) }));
  return { text, root, syntaxProblems, trailingCommas: findTrailingCommas(text), lines: new LineIndex(text) };
}

function findTrailingCommas(text: string): number[] {
  const scanner = createScanner(text, true);
  const found: number[] = [];
  let pendingComma = -1;
  for (let kind = scanner.scan(); kind !== SyntaxKind.EOF; kind = scanner.scan()) {
    if (kind === SyntaxKind.LineCommentTrivia || kind === SyntaxKind.BlockCommentTrivia) continue;
    if ((kind === SyntaxKind.CloseBraceToken || kind === SyntaxKind.CloseBracketToken) && pendingComma >= 0) found.push(pendingComma);
    pendingComma = kind === SyntaxKind.CommaToken ? scanner.getTokenOffset() : -1;
  }
  return found;
}

/** A property of an object node: its key node (the quoted name) and its value node. */
export interface JsonProperty {
  name: string;
  key: JsonNode;
  value: JsonNode | undefined;
  /** The `property` node itself. */
  node: JsonNode;
}

export function propertiesOf(node: JsonNode | undefined): JsonProperty[] {
  if (node?.type !== 'object') return [];
  const result: JsonProperty[] = [];
  for (const child of node.children ?? []) {
    const key = child.children?.[0];
    if (child.type !== 'property' || key?.type !== 'string') continue;
    result.push({ name: String(key.value), key, value: child.children?.[1], node: child });
  }
  return result;
}

/** The named property of an object node; the last one when the name repeats, as JSON.parse does. */
export function propertyOf(node: JsonNode | undefined, name: string): JsonProperty | undefined {
  let found: JsonProperty | undefined;
  for (const property of propertiesOf(node)) if (property.name === name) found = property;
  return found;
}

/** The value node at a path of property names below an object node. */
export function valueAt(node: JsonNode | undefined, ...path: string[]): JsonNode | undefined {
  let current = node;
  for (const name of path) current = propertyOf(current, name)?.value;
  return current;
}

export function stringValue(node: JsonNode | undefined): string | undefined {
  return node?.type === 'string' ? String(node.value) : undefined;
}

export function elementsOf(node: JsonNode | undefined): JsonNode[] {
  return node?.type === 'array' ? (node.children ?? []) : [];
}

/** A readable path for messages: build.args, forwardPorts[2], features["ghcr.io/x:1"]. */
export function describePath(path: ReadonlyArray<string | number>): string {
  let result = '';
  for (const segment of path) {
    if (typeof segment === 'number') result += `[${segment}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(segment)) result += result === '' ? segment : `.${segment}`;
    else result += `[${JSON.stringify(segment)}]`;
  }
  return result === '' ? 'the top level' : result;
}

/** The path of property names and array indices from the root to a node. */
export function pathOf(node: JsonNode): Array<string | number> {
  const path: Array<string | number> = [];
  let current: JsonNode | undefined = node;
  while (current?.parent) {
    const parent: JsonNode = current.parent;
    if (parent.type === 'property') {
      // Both the key and the value of a property stand at the property's name.
      path.unshift(String(parent.children?.[0]?.value));
      current = parent.parent;
      continue;
    }
    if (parent.type === 'array') path.unshift(parent.children?.indexOf(current) ?? 0);
    current = parent;
  }
  return path;
}
