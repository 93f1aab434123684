/**
 * The sources and destination of COPY and ADD with the range of each word, in shell form and in
 * JSON form (where a word's range is its quoted string). Heredoc sources (`<<EOF`) are words
 * like the others; `heredoc` tells them apart.
 */
import type { Instruction, Range } from '../../../ast';

export interface CopyWord {
  /** The path as the builder reads it (JSON strings decoded; shell words as written). */
  value: string;
  range: Range;
  heredoc: boolean;
}

export interface CopyWords {
  sources: CopyWord[];
  destination: CopyWord;
}

const HEREDOC_SOURCE = /^\d*<<-?./;

/** null when there are fewer than two words (BuildKit rejects that; a Hutch rule reports it). */
export function copyWords(instruction: Instruction): CopyWords | null {
  const json = instruction.jsonForm;
  let words: CopyWord[];
  if (json) {
    const whole = instruction.argsRange ?? instruction.range;
    // One argument word per JSON string when the array is written `["a", "b"]`; else the array.
    const aligned = instruction.args.length === json.length;
    words = json.map((value, index) => {
      const arg = aligned ? instruction.args[index] : undefined;
      if (!arg) return { value, range: whole, heredoc: false };
      const first = arg.value.indexOf('"');
      const last = arg.value.lastIndexOf('"');
      const range =
        first >= 0 && last > first && arg.range.start.line === arg.range.end.line
          ? { start: { line: arg.range.start.line, character: arg.range.start.character + first }, end: { line: arg.range.start.line, character: arg.range.start.character + last + 1 } }
          : arg.range;
      return { value, range, heredoc: false };
    });
  } else {
    words = instruction.args.map((arg) => ({ value: arg.value, range: arg.range, heredoc: HEREDOC_SOURCE.test(arg.value) }));
  }
  const destination = words[words.length - 1];
  if (words.length < 2 || !destination) return null;
  return { sources: words.slice(0, -1), destination };
}
