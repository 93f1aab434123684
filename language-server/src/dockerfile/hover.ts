/**
 * Hover in a Dockerfile: an instruction's or flag's documentation, where a variable was
 * declared and with what value, and which stage a `--from=` names.
 */
import { MarkupKind, type Hover } from 'vscode-languageserver';

import type { Dockerfile, Instruction, Position } from './ast';
import { flagDoc, flagMarkdown, instructionDoc, instructionMarkdown } from './docs';
import { contains, stageReferenceAt, variableAt, variableDefinition } from './navigation';

function markdown(value: string, range: Hover['range']): Hover {
  return range ? { contents: { kind: MarkupKind.Markdown, value }, range } : { contents: { kind: MarkupKind.Markdown, value } };
}

function instructionHover(instruction: Instruction, position: Position): Hover | null {
  if (contains(instruction.keywordRange, position)) {
    const d = instructionDoc(instruction.name);
    return d ? markdown(instructionMarkdown(d), instruction.keywordRange) : null;
  }
  for (const flag of instruction.flags) {
    if (!contains(flag.nameRange, position) && !(contains(flag.range, position) && !(flag.valueRange && contains(flag.valueRange, position)))) continue;
    const d = instructionDoc(instruction.name);
    const f = flagDoc(instruction.name, flag.name);
    return d && f ? markdown(flagMarkdown(d, f), flag.range) : null;
  }
  return instruction.trigger ? instructionHover(instruction.trigger, position) : null;
}

export function dockerfileHover(dockerfile: Dockerfile, position: Position): Hover | null {
  const instruction = dockerfile.instructions.find((i) => contains(i.range, position));
  if (instruction) {
    const hover = instructionHover(instruction, position);
    if (hover) return hover;
  }
  const reference = stageReferenceAt(dockerfile, position);
  if (reference?.stage) {
    const s = reference.stage;
    return markdown(`Stage ${s.name ?? s.index} (line ${s.from.startLine + 1}): \`FROM ${s.from.args.map((a) => a.value).join(' ')}\``, reference.range);
  }
  const used = variableAt(dockerfile, position);
  if (used) {
    const declaration = variableDefinition(dockerfile, position);
    const text = declaration
      ? `\`${declaration.kind} ${declaration.name}${declaration.value === null ? '' : `=${declaration.value}`}\` (line ${declaration.nameRange.start.line + 1})`
      : `\`${used.name}\` is not declared in this scope (it may come from the base image)`;
    return markdown(text, used.range);
  }
  return null;
}
