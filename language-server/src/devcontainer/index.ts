/**
 * devcontainer.json support for `hutch lint` and the language server: validation against the
 * schema that ships inside (schema.ts, validate.ts), the checks no schema can express
 * (checks.ts and its modules), completion and hover. docs/devcontainer-checks.md documents
 * every check.
 */
import { existsSync, readFileSync } from 'node:fs';

import type { Finding } from '../findings';
import { SEMANTIC_CHECKS } from './checks';
import { parseDevcontainerText } from './document';
import type { FileAccess } from './references';
import { FindingSink, SCHEMA_RULE_IDS } from './rules';
import { validateDocument } from './validate';

export { DEVCONTAINER_RULES, DEVCONTAINER_DOCS } from './rules';
export { devcontainerCompletions, type DevcontainerCompletion } from './completion';
export { devcontainerHover, type DevcontainerHover } from './hover';
export { DEVCONTAINER_SCHEMA } from './schema';

export interface DevcontainerCheckOptions {
  /** Absolute path of the devcontainer.json: the files it names are relative to its folder. */
  path: string;
  /** Reads a file the config names; default: the disk. Null when it cannot be read. */
  readFile?: (absolutePath: string) => string | null;
  /** Whether a file or folder exists; default: the disk. */
  exists?: (absolutePath: string) => boolean;
  /**
   * Report syntax and schema problems (default true, as `hutch lint` does). The editor passes
   * false: VS Code already validates devcontainer.json against the spec's schema, so only what
   * it cannot see is reported (docs/devcontainer-checks.md#double-reporting).
   */
  schemaFindings?: boolean;
}

export function checkDevcontainer(text: string, options: DevcontainerCheckOptions): Finding[] {
  const document = parseDevcontainerText(text);
  const sink = new FindingSink(document);
  validateDocument(document, sink);
  if (document.root?.type === 'object') {
    const files: FileAccess = { readFile: options.readFile ?? readFromDisk, exists: options.exists ?? existsSync };
    for (const check of SEMANTIC_CHECKS) {
      try {
        check.run({ document, configPath: options.path, files, sink });
      } catch (error) {
        // One failing check must not take the others (or the editor's diagnostics) down.
        sink.findings.push({
          ruleId: 'rule-failed',
          source: 'hutch',
          severity: 'warning',
          message: `the devcontainer.json ${check.name} check failed on ${options.path}: ${error instanceof Error ? error.message : String(error)} (a bug in Hutch; please report it)`,
          range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
          docsUrl: 'docs/devcontainer-checks.md',
        });
      }
    }
  }
  const findings = options.schemaFindings === false ? sink.findings.filter((f) => !SCHEMA_RULE_IDS.has(f.ruleId)) : sink.findings;
  return findings.sort(
    (a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0),
  );
}

function readFromDisk(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}
