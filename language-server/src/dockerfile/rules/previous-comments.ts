/**
 * The comments BuildKit attaches to an instruction (parser Node.PrevComment): the comment lines
 * between the previous instruction and this one, each without its '#' and surrounding space.
 * An empty line or an empty comment (`#` alone) ends a block, so a comment separated from the
 * instruction that way is not attached to it (BuildKit's InvalidDefinitionDescription docs:
 * "add an empty line or comment between the instruction and the comment"). The per-instruction
 * `# check=` comments and the `# name description` doc comments are read from these.
 * Parser directives at the top of the file (`# syntax=`, `# escape=`, `# check=`) are not
 * comments: BuildKit consumes them, so the file's `# check=` does not also act as the first
 * instruction's own.
 */
import type { Dockerfile, Instruction } from '../ast';

function commentsAbove(lines: readonly string[], directiveLines: ReadonlySet<number>, startLine: number, firstLine: number): string[] {
  const comments: string[] = [];
  for (let line = startLine - 1; line >= firstLine; line--) {
    if (directiveLines.has(line)) continue;
    const text = (lines[line] ?? '').replace(/^\uFEFF/, '').trim();
    if (!text.startsWith('#')) break;
    const comment = text.slice(1).trim();
    if (comment === '') break;
    comments.unshift(comment);
  }
  return comments;
}

/** Every instruction's attached comments, top to bottom. */
export function attachedComments(dockerfile: Dockerfile): Map<Instruction, string[]> {
  const result = new Map<Instruction, string[]>();
  const directiveLines = new Set(dockerfile.directives.map((d) => d.range.start.line));
  let firstLine = 0;
  for (const instruction of dockerfile.instructions) {
    result.set(instruction, commentsAbove(dockerfile.lines, directiveLines, instruction.startLine, firstLine));
    firstLine = instruction.endLine + 1;
  }
  return result;
}

export interface InstructionComments {
  /** The comments attached to an instruction. */
  of(instruction: Instruction): readonly string[];
  /** The instruction whose lines hold `line` (0-based), or null. */
  instructionAt(line: number): Instruction | null;
}

/** Attached comments of every instruction, and which instruction holds a line. */
export function instructionComments(dockerfile: Dockerfile): InstructionComments {
  const byInstruction = attachedComments(dockerfile);
  const instructions = dockerfile.instructions;
  return {
    of: (instruction) => byInstruction.get(instruction) ?? [],
    instructionAt(line) {
      let low = 0;
      let high = instructions.length - 1;
      while (low <= high) {
        const middle = (low + high) >> 1;
        const instruction = instructions[middle];
        if (!instruction) break;
        if (line < instruction.startLine) high = middle - 1;
        else if (line > instruction.endLine) low = middle + 1;
        else return instruction;
      }
      return null;
    },
  };
}
