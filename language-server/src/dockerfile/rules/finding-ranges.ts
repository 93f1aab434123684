/**
 * Where a finding is shown. BuildKit reports a line (the instruction's first line, as a rule),
 * and Hutch keeps that line as the start of the range so that both tools point at the same
 * place; within it, the range narrows to the word at fault when that word is on the line.
 */
import type { Dockerfile, Instruction, Range } from '../ast';

/** The last line of the instruction's own text: heredoc bodies excluded. */
export function lastTextLine(instruction: Instruction): number {
  const firstHeredoc = instruction.heredocs[0];
  return firstHeredoc ? Math.max(instruction.startLine, firstHeredoc.range.start.line - 1) : instruction.endLine;
}

/** The instruction from its keyword to the end of its text (continuation lines included). */
export function instructionRange(dockerfile: Dockerfile, instruction: Instruction): Range {
  const end = lastTextLine(instruction);
  return { start: instruction.keywordRange.start, end: { line: end, character: (dockerfile.lines[end] ?? '').length } };
}

/** A range if it starts on the instruction's first line, else the whole instruction. */
export function onFirstLine(dockerfile: Dockerfile, instruction: Instruction, range: Range | null | undefined): Range {
  if (range && range.start.line === instruction.keywordRange.start.line) return range;
  return instructionRange(dockerfile, instruction);
}

/** The first `$NAME` or `${NAME...}` on the instruction's first line, or the instruction. */
export function variableRange(dockerfile: Dockerfile, instruction: Instruction, name: string): Range {
  const line = instruction.keywordRange.start.line;
  const text = dockerfile.lines[line] ?? '';
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const pattern = new RegExp(`\\$(?:\\{${escaped}(?=[}:/+\\-?#%])[^}]*\\}?|${escaped}(?![A-Za-z0-9_]))`, 'u');
  const from = instruction.keywordRange.end.character;
  const match = pattern.exec(text.slice(from));
  if (!match) return instructionRange(dockerfile, instruction);
  const start = from + match.index;
  return { start: { line, character: start }, end: { line, character: start + match[0].length } };
}

/** The range of the first argument equal to `text` on the instruction's first line, or the instruction. */
export function argumentRange(dockerfile: Dockerfile, instruction: Instruction, text: string): Range {
  return onFirstLine(dockerfile, instruction, instruction.args.find((a) => a.value === text)?.range);
}
