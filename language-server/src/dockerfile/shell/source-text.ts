/**
 * A shell script's text with the way back to the Dockerfile: every offset of the text has a
 * source Position. A shell-form RUN's script is Instruction.argsText, which has lost its line
 * continuations and the comment and blank lines inside them; this module rebuilds where each of
 * its characters came from, by walking the source lines the way the parser joined them.
 */
import type { Dockerfile, Heredoc, Instruction, Position, Range } from '../ast';

export interface ShellSource {
  text: string;
  /** The source position of text offset `offset` (0 <= offset <= text.length). */
  position(offset: number): Position;
}

/** Source range of text offsets [start, end): the end is just after the last character. */
export function sourceRange(source: ShellSource, start: number, end: number): Range {
  if (end <= start) {
    const at = source.position(start);
    return { start: at, end: { ...at } };
  }
  const last = source.position(end - 1);
  return { start: source.position(start), end: { line: last.line, character: last.character + 1 } };
}

/** Where a line's continuation escape is, or -1 (BuildKit's rule, as in parser.ts). */
function continuationEscape(line: string, from: number, escape: string): number {
  let end = line.length;
  while (end > from && (line[end - 1] === ' ' || line[end - 1] === '\t')) end--;
  if (end <= from || line[end - 1] !== escape) return -1;
  if (end - 1 > from && line[end - 2] === escape) return -1;
  return end - 1;
}

/**
 * The piece table of argsText: pieces[i] = [text offset, source line, source column]. Built
 * from argsRange.start, skipping what the parser skipped (continuation escapes, comment lines,
 * blank lines) until the text is covered. Linear in the instruction's size.
 */
export function argumentsSource(dockerfile: Dockerfile, instruction: Instruction): ShellSource | null {
  const text = instruction.argsText;
  const start = instruction.argsRange?.start;
  if (start === undefined) return null;
  const offsets: number[] = [];
  const lines: number[] = [];
  const columns: number[] = [];
  let covered = 0;
  let line = start.line;
  let column = start.character;
  while (covered < text.length && line < dockerfile.lines.length) {
    const content = dockerfile.lines[line] ?? '';
    const trimmed = content.trimStart();
    if (line !== start.line && (trimmed.startsWith('#') || trimmed.length === 0)) {
      line++;
      continue;
    }
    const cut = continuationEscape(content, column, dockerfile.escapeChar);
    const end = cut < 0 ? content.length : cut;
    const count = Math.min(end - column, text.length - covered);
    if (count > 0) {
      offsets.push(covered);
      lines.push(line);
      columns.push(column);
      covered += count;
    }
    line++;
    column = 0;
  }
  if (offsets.length === 0) offsets.push(0), lines.push(start.line), columns.push(start.character);
  return { text, position: (offset) => pieceAt(offsets, lines, columns, offset) };
}

function pieceAt(offsets: number[], lines: number[], columns: number[], offset: number): Position {
  let low = 0;
  let high = offsets.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (offsets[middle] <= offset) low = middle;
    else high = middle - 1;
  }
  return { line: lines[low], character: columns[low] + (offset - offsets[low]) };
}

/** A heredoc's content: its lines are the source lines from contentRange.start on. */
export function heredocSource(heredoc: Heredoc): ShellSource {
  const text = heredoc.content;
  const offsets: number[] = [0];
  const lines: number[] = [heredoc.contentRange.start.line];
  const columns: number[] = [0];
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\n' && i + 1 < text.length) {
      offsets.push(i + 1);
      lines.push(lines[lines.length - 1] + 1);
      columns.push(0);
    }
  }
  return { text, position: (offset) => pieceAt(offsets, lines, columns, offset) };
}

/** A text whose offsets map through `outer` at the given outer offsets (one per character, plus the end). */
export function nestedSource(text: string, outer: ShellSource, outerOffsets: readonly number[]): ShellSource {
  return { text, position: (offset) => outer.position(outerOffsets[Math.min(offset, outerOffsets.length - 1)] ?? 0) };
}
