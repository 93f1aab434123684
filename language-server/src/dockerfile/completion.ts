/**
 * Completion in a Dockerfile, decided by what is left of the cursor: an instruction keyword at
 * the start of an instruction (or after ONBUILD), the flags of the current instruction after
 * `--`, earlier stages after `--from=`, `from=` in a RUN mount or as a FROM image, and the
 * variables in scope after `$` or `${`.
 */
import { CompletionItemKind, InsertTextFormat, MarkupKind, type CompletionItem } from 'vscode-languageserver';

import type { Dockerfile, Instruction, Position, Stage } from './ast';
import { AUTOMATIC_PLATFORM_ARGS, INSTRUCTION_DOCS, instructionDoc, instructionMarkdown } from './docs';
import { contains, stageAtLine, variablesInScope } from './navigation';

/** Instructions ONBUILD may not wrap (Dockerfile reference, ONBUILD). */
const NOT_IN_ONBUILD = new Set(['ONBUILD', 'FROM', 'MAINTAINER']);

function instructionOnLine(dockerfile: Dockerfile, line: number): Instruction | null {
  return dockerfile.instructions.find((i) => i.startLine <= line && line <= i.endLine) ?? null;
}

function inHeredocContent(instruction: Instruction | null, position: Position): boolean {
  return instruction?.heredocs.some((h) => contains(h.contentRange, position) || contains(h.range, position)) ?? false;
}

export function dockerfileCompletions(dockerfile: Dockerfile, position: Position): CompletionItem[] {
  const lineText = dockerfile.lines[position.line] ?? '';
  const before = lineText.slice(0, position.character);
  const instruction = instructionOnLine(dockerfile, position.line);
  if (/^\s*#/.test(lineText) && !inHeredocContent(instruction, position)) return [];

  const variable = /\$\{?([A-Za-z0-9_]*)$/.exec(before);
  if (variable) {
    if (instruction && inHeredocContent(instruction, position) && instruction.heredocs.some((h) => h.quoted)) return [];
    return variableItems(dockerfile, position, /\$\{[A-Za-z0-9_]*$/.test(before));
  }
  if (inHeredocContent(instruction, position)) return [];

  // Stages usable from here: those before the current one. Naming the current stage (or a
  // later one) is BuildKit's "circular dependency" / "needs to be defined before" error.
  const stage = stageAtLine(dockerfile, position.line);
  const earlierStages = dockerfile.stages.filter((s) => s.index < (stage?.index ?? 0));

  if (/--from=[^\s]*$/.test(before) || /--mount=\S*(?:^|,|=)from=[^\s,]*$/.test(before)) return stageItems(earlierStages);

  const onbuild = /^\s*onbuild\s+([A-Za-z]*)$/i.exec(before);
  if (onbuild) return keywordItems(NOT_IN_ONBUILD);
  const startsInstruction = instruction === null || instruction.startLine === position.line;
  if (startsInstruction && /^\s*[A-Za-z]*$/.test(before)) return keywordItems(new Set());

  if (instruction === null) return [];
  const target = instruction.trigger ?? instruction;
  if (/(^|\s)--[a-z-]*$/.test(before) && flagsAreaContains(target, position)) return flagItems(target.name);

  if (target.name === 'FROM' && /^\s*(?:onbuild\s+)?from\s+(?:--\S+\s+)*[^\s-]?\S*$/i.test(before)) {
    return [...stageItems(earlierStages), { label: 'scratch', kind: CompletionItemKind.Keyword, detail: 'an empty base' }];
  }
  return [];
}

/** Flags come before the first argument. */
function flagsAreaContains(instruction: Instruction, position: Position): boolean {
  const first = instruction.args[0];
  if (!first) return true;
  const start = first.range.start;
  return position.line < start.line || (position.line === start.line && position.character <= start.character + first.value.length && first.value.startsWith('--'));
}

function keywordItems(excluded: ReadonlySet<string>): CompletionItem[] {
  return INSTRUCTION_DOCS.filter((d) => !excluded.has(d.name)).map((d) => ({
    label: d.name,
    kind: CompletionItemKind.Keyword,
    detail: d.syntax[0],
    documentation: { kind: MarkupKind.Markdown, value: instructionMarkdown(d) },
    insertText: `${d.name} `,
  }));
}

function flagItems(instructionName: string): CompletionItem[] {
  const d = instructionDoc(instructionName);
  if (!d) return [];
  return d.flags.map((f) => ({
    label: `--${f.name}`,
    kind: CompletionItemKind.Property,
    detail: f.value ? `--${f.name}=${f.value}` : `--${f.name}`,
    documentation: { kind: MarkupKind.Markdown, value: f.summary },
    // The typed "--" is part of the word the editor replaces.
    insertText: f.value ? `--${f.name}=` : `--${f.name}`,
    filterText: `--${f.name}`,
  }));
}

function stageItems(stages: readonly Stage[]): CompletionItem[] {
  return stages
    .filter((s) => s.name !== null)
    .map((s) => ({
      label: s.name as string,
      kind: CompletionItemKind.Module,
      detail: `stage ${s.index}: FROM ${s.from.args[0]?.value ?? ''}`.trimEnd(),
    }));
}

function variableItems(dockerfile: Dockerfile, position: Position, braced: boolean): CompletionItem[] {
  const items: CompletionItem[] = variablesInScope(dockerfile, position).map((d) => ({
    label: d.name,
    kind: CompletionItemKind.Variable,
    detail: d.value === null ? `${d.kind} ${d.name}` : `${d.kind} ${d.name}=${d.value}`,
    documentation: `declared on line ${d.nameRange.start.line + 1}`,
  }));
  const stage = stageAtLine(dockerfile, position.line);
  if (stage === null || position.line <= stage.from.endLine) {
    for (const name of AUTOMATIC_PLATFORM_ARGS) {
      if (!items.some((i) => i.label === name)) items.push({ label: name, kind: CompletionItemKind.Constant, detail: 'set by the builder' });
    }
  }
  if (!braced) return items;
  // `${` gets its closing brace (unless the user already typed one after the cursor).
  const after = (dockerfile.lines[position.line] ?? '').slice(position.character);
  if (after.startsWith('}') || /^[A-Za-z0-9_]*\}/.test(after)) return items;
  return items.map((i) => ({ ...i, insertText: `${i.label}}`, insertTextFormat: InsertTextFormat.PlainText }));
}
