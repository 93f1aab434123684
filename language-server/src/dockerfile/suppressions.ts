/**
 * hadolint's suppression comments, honoured as users already write them (hadolint
 * `src/Hadolint/Pragma.hs`, README "Ignoring Rules"):
 *
 *   # hadolint ignore=DL3008,SC2086      the next instruction only
 *   # hadolint global ignore=DL3008      the whole file
 *   # hadolint stage ignore=DL3008       from here to the next FROM (above a FROM: that stage)
 *
 * A trailing `# reason` is allowed, as in hadolint. Unlike hadolint, any rule id may be named
 * (BuildKit's `StageNameCasing`, Hutch's own kebab-case ids), ids are compared without case,
 * and an ignore comment may sit anywhere in the comment block directly above the instruction
 * (hadolint wants the line right above; a block lets it share the spot with `# check=`).
 */
import type { Finding } from '../findings';
import type { Dockerfile, Instruction } from './ast';

export type PragmaScope = 'next' | 'global' | 'stage';

export interface IgnorePragma {
  scope: PragmaScope;
  /** Lower-cased rule ids. */
  ruleIds: ReadonlySet<string>;
  /** 0-based line of the comment. */
  line: number;
}

const PRAGMA = /^\s*hadolint\s+(?:(global|stage)\s+)?ignore\s*=\s*(.*)$/i;
const RULE_ID = /^[A-Za-z0-9_./-]+$/;

/** Reads one comment's text (without the '#'); null when it is not an ignore pragma. */
export function parseIgnorePragma(commentText: string, line: number): IgnorePragma | null {
  const match = PRAGMA.exec(commentText);
  if (!match) return null;
  // The list ends at an inline `# reason`, or at the first space not next to a comma.
  const list = (match[2] ?? '').split('#')[0]?.replace(/\s*,\s*/g, ',').trim().split(/\s/)[0] ?? '';
  const ids = list.split(',').filter((id) => id.length > 0);
  if (ids.length === 0 || !ids.every((id) => RULE_ID.test(id))) return null;
  const scope = (match[1]?.toLowerCase() as 'global' | 'stage' | undefined) ?? 'next';
  return { scope, ruleIds: new Set(ids.map((id) => id.toLowerCase())), line };
}

export function ignorePragmas(dockerfile: Dockerfile): IgnorePragma[] {
  const pragmas: IgnorePragma[] = [];
  for (const comment of dockerfile.comments) {
    const pragma = parseIgnorePragma(comment.text, comment.range.start.line);
    if (pragma) pragmas.push(pragma);
  }
  return pragmas;
}

/** The instruction a finding belongs to: the one whose lines hold the finding's start. */
export function instructionAtLine(dockerfile: Dockerfile, line: number): Instruction | null {
  for (const instruction of dockerfile.instructions) {
    if (instruction.startLine <= line && line <= instruction.endLine) return instruction;
    if (instruction.startLine > line) break;
  }
  return null;
}

/** 0-based lines of the comment block directly above `line` (no blank line between). */
export function commentBlockAbove(commentLines: ReadonlySet<number>, line: number): number[] {
  const block: number[] = [];
  for (let l = line - 1; l >= 0 && commentLines.has(l); l--) block.push(l);
  return block;
}

/** Drops the findings the file's `# hadolint ... ignore=` comments suppress. */
export function applyIgnorePragmas(findings: readonly Finding[], dockerfile: Dockerfile): Finding[] {
  const pragmas = ignorePragmas(dockerfile);
  if (pragmas.length === 0) return [...findings];
  const global = new Set(pragmas.filter((p) => p.scope === 'global').flatMap((p) => [...p.ruleIds]));
  const fromLines = dockerfile.stages.map((s) => s.from.startLine);
  // A stage pragma reaches the next FROM; written just above a FROM, it covers that stage.
  const stageSpans = pragmas
    .filter((p) => p.scope === 'stage')
    .map((p) => {
      const next = dockerfile.instructions.find((i) => i.startLine > p.line);
      const after = next?.name === 'FROM' ? next.startLine : p.line;
      return { ruleIds: p.ruleIds, from: p.line, to: fromLines.find((l) => l > after) ?? Number.POSITIVE_INFINITY };
    });
  const commentLines = new Set(dockerfile.comments.map((c) => c.range.start.line));
  const nextByLine = new Map<number, ReadonlySet<string>>();
  for (const p of pragmas.filter((p) => p.scope === 'next')) nextByLine.set(p.line, p.ruleIds);

  return findings.filter((finding) => {
    const id = finding.ruleId.toLowerCase();
    if (global.has(id)) return false;
    const line = finding.range.start.line;
    const target = instructionAtLine(dockerfile, line)?.startLine ?? line;
    if (stageSpans.some((s) => s.ruleIds.has(id) && s.from <= target && target < s.to)) return false;
    for (const commentLine of commentBlockAbove(commentLines, target)) {
      if (nextByLine.get(commentLine)?.has(id)) return false;
    }
    return true;
  });
}
