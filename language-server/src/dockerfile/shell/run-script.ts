/**
 * The shell script a RUN instruction runs, parsed, with positions in the Dockerfile:
 * - shell form: Instruction.argsText, mapped back through line continuations;
 * - a heredoc body (`RUN <<EOF`): the heredoc's content, unless its shebang names a shell that
 *   is not sh-like (`#!/usr/bin/env python3`), which is not parsed;
 * - exec form (`RUN ["apt-get", "install", "x"]`): one command of those words, on the JSON
 *   strings (and the commands of its script for `["sh", "-c", "..."]`).
 */
import type { Dockerfile, Instruction } from '../ast';
import { type ShellScript, type ShellWord, type SimpleCommand, inlineScript, parseShell } from './script';
import { argumentsSource, heredocSource, nestedSource } from './source-text';

const SH_LIKE = /^#!\s*(?:\/usr\/bin\/env\s+)?(?:\S*\/)?(?:sh|bash|ash|dash|ksh|zsh)\b/;

/** The scripts a RUN runs (several with several heredocs), or [] for another instruction. */
export function runScripts(dockerfile: Dockerfile, instruction: Instruction): ShellScript[] {
  if (instruction.name !== 'RUN') return [];
  if (instruction.jsonForm !== null) return [execFormScript(dockerfile, instruction)];
  const source = argumentsSource(dockerfile, instruction);
  if (source === null) return [];
  // `RUN <<EOF` (flags aside, nothing but heredoc markers): the heredocs are the script.
  const onlyMarkers = /^(?:\s*<<-?\s*(?:"[^"]*"|'[^']*'|\S+))+\s*$/.test(instruction.argsText);
  if (onlyMarkers && instruction.heredocs.length > 0) {
    return instruction.heredocs.filter((h) => !/^#!/.test(h.content) || SH_LIKE.test(h.content)).map((h) => parseShell(heredocSource(h)));
  }
  return [parseShell(source)];
}

/** Exec form: one command whose words are the JSON strings, each on its string literal. */
function execFormScript(dockerfile: Dockerfile, instruction: Instruction): ShellScript {
  const source = argumentsSource(dockerfile, instruction);
  const words: ShellWord[] = [];
  const text = source?.text ?? '';
  let at = 0;
  for (const value of instruction.jsonForm ?? []) {
    const start = text.indexOf('"', at);
    let end = start < 0 ? -1 : start + 1;
    while (end >= 0 && end < text.length && text[end] !== '"') end += text[end] === '\\' ? 2 : 1;
    if (start < 0 || source === null) break;
    end = Math.min(end + 1, text.length);
    at = end;
    const raw = text.slice(start, end);
    const first = source.position(start);
    const last = source.position(end - 1);
    const offsets = Array.from({ length: value.length + 1 }, (_, k) => Math.min(start + 1 + k, end));
    words.push({ raw, value, start, end, quoted: true, valueOffsets: offsets, range: { start: first, end: { line: last.line, character: last.character + 1 } } });
  }
  if (words.length === 0 || source === null) {
    return { source: source ?? { text: '', position: () => instruction.keywordRange.start }, pipelines: [], commands: [] };
  }
  const name = words[0].value;
  const command: SimpleCommand = {
    words,
    name,
    baseName: name.slice(name.lastIndexOf('/') + 1),
    args: words.slice(1),
    redirections: [],
    range: { start: words[0].range.start, end: words[words.length - 1].range.end },
  };
  const script: ShellScript = { source, pipelines: [{ commands: [command], pipes: [], range: command.range }], commands: [command] };
  // `["/bin/sh", "-c", "apt-get update && ..."]`: the commands of the script string too.
  const inline = inlineScript(command);
  if (inline !== null) {
    const inner = parseShell(nestedSource(inline.value, source, inline.valueOffsets));
    script.commands.push(...inner.commands);
    script.pipelines.push(...inner.pipelines);
  }
  return script;
}
