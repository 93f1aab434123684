/**
 * Findings as the editor sees them: LSP diagnostics (code = the rule id users know, a link to
 * its docs, source "hutch") and code actions (the finding's own fix, and a comment that
 * suppresses the rule for one instruction).
 */
import { CodeActionKind, DiagnosticSeverity, DiagnosticTag, type CodeAction, type Diagnostic, type Range, type TextEdit } from 'vscode-languageserver';

import type { Dockerfile } from './dockerfile/ast';
import { instructionAtLine } from './dockerfile/suppressions';
import type { Finding, Severity } from './findings';

const DIAGNOSTIC_SEVERITY: Readonly<Record<Severity, DiagnosticSeverity>> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** Rules whose finding is about something deprecated: editors strike it through. */
const DEPRECATED_RULES = new Set(['MaintainerDeprecated', 'DL4000']);

export function findingToDiagnostic(finding: Finding): Diagnostic {
  const diagnostic: Diagnostic = {
    range: finding.range,
    severity: DIAGNOSTIC_SEVERITY[finding.severity],
    code: finding.ruleId,
    source: 'hutch',
    message: finding.message,
  };
  if (finding.docsUrl) diagnostic.codeDescription = { href: finding.docsUrl };
  if (DEPRECATED_RULES.has(finding.ruleId)) diagnostic.tags = [DiagnosticTag.Deprecated];
  return diagnostic;
}

function overlaps(a: Range, b: Range): boolean {
  const before = (p: Range['start'], q: Range['start']): boolean => p.line < q.line || (p.line === q.line && p.character < q.character);
  return !before(a.end, b.start) && !before(b.end, a.start);
}

/**
 * Code actions for the findings under `range`: each finding's fix (preferred), and for a
 * Dockerfile a `# hadolint ignore=<id>` comment above the instruction, which the engine
 * honours for every rule id.
 */
export function codeActionsFor(uri: string, findings: readonly Finding[], range: Range, dockerfile: Dockerfile | null): CodeAction[] {
  const actions: CodeAction[] = [];
  const suppressions: CodeAction[] = [];
  const suppressed = new Set<string>();
  for (const finding of findings) {
    if (!overlaps(finding.range, range)) continue;
    const diagnostic = findingToDiagnostic(finding);
    if (finding.fix) {
      const edits: TextEdit[] = finding.fix.edits.map((e) => ({ range: e.range, newText: e.newText }));
      actions.push({ title: finding.fix.title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], isPreferred: true, edit: { changes: { [uri]: edits } } });
    }
    if (dockerfile === null) continue;
    const instruction = instructionAtLine(dockerfile, finding.range.start.line);
    if (!instruction) continue;
    const key = `${finding.ruleId}@${instruction.startLine}`;
    if (suppressed.has(key)) continue;
    suppressed.add(key);
    const indent = /^\s*/.exec(dockerfile.lines[instruction.startLine] ?? '')?.[0] ?? '';
    suppressions.push({
      title: `Ignore ${finding.ruleId} for this instruction`,
      kind: CodeActionKind.QuickFix,
      diagnostics: [diagnostic],
      edit: {
        changes: {
          [uri]: [{ range: { start: { line: instruction.startLine, character: 0 }, end: { line: instruction.startLine, character: 0 } }, newText: `${indent}# hadolint ignore=${finding.ruleId}\n` }],
        },
      },
    });
  }
  return [...actions, ...suppressions];
}
