/** Where a `key=value` (LABEL, ENV) or `NAME[=default]` (ARG) definition's key is written. */
import type { Dockerfile, Instruction, Range } from '../../../ast';
import { onFirstLine } from '../../finding-ranges';

/** The range of the key in the word that defines it, or the instruction when it is not found. */
export function keyRange(dockerfile: Dockerfile, instruction: Instruction, key: string): Range {
  const word = instruction.args.find((arg) => arg.value === key || arg.value.startsWith(`${key}=`));
  if (!word) return onFirstLine(dockerfile, instruction, null);
  const { start } = word.range;
  return { start, end: { line: start.line, character: start.character + key.length } };
}
