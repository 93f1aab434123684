/**
 * How `hutch lint` prints findings: text (file:line:col id severity: message), JSON, and SARIF
 * 2.1.0 for code-scanning services. Pure: findings in, a string out. Positions printed are
 * 1-based; columns count UTF-16 code units, as the editor's do (SARIF `columnKind`).
 */
import { isAbsolute, relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';

import type { Finding, RuleInfo, Severity } from '../../../language-server/src/findings';

export interface ReportedFile {
  /** As given or found (relative to the working directory when under it). */
  file: string;
  findings: Finding[];
}

export interface ReportInput<F extends ReportedFile = ReportedFile> {
  files: F[];
  /** Whether a finding counts towards failure (at or above the threshold). */
  fails: (file: F, finding: Finding) => boolean;
  /** The working directory, which relative paths and SARIF uris are relative to. */
  cwd: string;
  /** Rule metadata for SARIF's rule table. */
  rules: readonly RuleInfo[];
}

/** The path to show for a file: relative to cwd when it is under it. */
export function displayPath(file: string, cwd: string): string {
  if (!isAbsolute(file)) return file;
  const rel = relative(cwd, file);
  return rel === '' || rel.startsWith('..') || isAbsolute(rel) ? file : rel;
}

export function textReport<F extends ReportedFile>(input: ReportInput<F>): string {
  const lines: string[] = [];
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0, hint: 0 };
  let failing = 0;
  for (const file of input.files) {
    for (const f of file.findings) {
      lines.push(`${displayPath(file.file, input.cwd)}:${f.range.start.line + 1}:${f.range.start.character + 1} ${f.ruleId} ${f.severity}: ${f.message}`);
      counts[f.severity]++;
      if (input.fails(file, f)) failing++;
    }
  }
  const total = lines.length;
  if (total === 0) return '';
  const parts = (['error', 'warning', 'info', 'hint'] as const).filter((s) => counts[s] > 0).map((s) => `${counts[s]} ${s}${counts[s] === 1 ? '' : 's'}`);
  const files = input.files.filter((f) => f.findings.length > 0).length;
  lines.push('');
  lines.push(`${total} problem${total === 1 ? '' : 's'} (${parts.join(', ')}) in ${files} file${files === 1 ? '' : 's'}; ${failing} at or above the failure threshold`);
  return lines.join('\n');
}

export function jsonReport<F extends ReportedFile>(input: ReportInput<F>): string {
  const findings = input.files.flatMap((file) =>
    file.findings.map((f) => ({
      file: displayPath(file.file, input.cwd),
      line: f.range.start.line + 1,
      column: f.range.start.character + 1,
      endLine: f.range.end.line + 1,
      endColumn: f.range.end.character + 1,
      ruleId: f.ruleId,
      source: f.source,
      severity: f.severity,
      message: f.message,
      docsUrl: f.docsUrl,
      failing: input.fails(file, f),
    })),
  );
  return JSON.stringify({ files: input.files.map((f) => displayPath(f.file, input.cwd)), findings, failed: findings.some((f) => f.failing) }, null, 2);
}

const SARIF_LEVEL: Readonly<Record<Severity, 'error' | 'warning' | 'note'>> = { error: 'error', warning: 'warning', info: 'note', hint: 'note' };

/** A file's SARIF uri: relative to %SRCROOT% (the working directory) when under it. */
function artifactLocation(file: string, cwd: string): { uri: string; uriBaseId?: string } {
  const shown = displayPath(file, cwd);
  if (isAbsolute(shown)) return { uri: pathToFileURL(shown).href };
  return { uri: shown.split(sep).map(encodeURIComponent).join('/'), uriBaseId: '%SRCROOT%' };
}

export function sarifReport<F extends ReportedFile>(input: ReportInput<F>): string {
  const known = new Map(input.rules.map((r) => [r.id, r]));
  const ruleIndex = new Map<string, number>();
  const rules: Array<Record<string, unknown>> = [];
  const results: Array<Record<string, unknown>> = [];
  for (const file of input.files) {
    for (const f of file.findings) {
      if (!ruleIndex.has(f.ruleId)) {
        const info = known.get(f.ruleId);
        ruleIndex.set(f.ruleId, rules.length);
        rules.push({
          id: f.ruleId,
          shortDescription: { text: info?.description ?? f.message },
          helpUri: info?.docsUrl ?? f.docsUrl,
          defaultConfiguration: { level: SARIF_LEVEL[info?.defaultSeverity ?? f.severity] },
          properties: { source: info?.source ?? f.source },
        });
      }
      results.push({
        ruleId: f.ruleId,
        ruleIndex: ruleIndex.get(f.ruleId),
        level: SARIF_LEVEL[f.severity],
        message: { text: f.message },
        locations: [
          {
            physicalLocation: {
              artifactLocation: artifactLocation(file.file, input.cwd),
              region: {
                startLine: f.range.start.line + 1,
                startColumn: f.range.start.character + 1,
                endLine: f.range.end.line + 1,
                // SARIF §3.30.8: endColumn is the column after the region's last character.
                endColumn: f.range.end.character + 1,
              },
            },
          },
        ],
      });
    }
  }
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'hutch', rules } },
        originalUriBaseIds: { '%SRCROOT%': { uri: pathToFileURL(input.cwd.endsWith(sep) ? input.cwd : `${input.cwd}${sep}`).href } },
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
  return JSON.stringify(log, null, 2);
}
