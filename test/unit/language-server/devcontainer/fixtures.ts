/**
 * Helpers for the devcontainer.json tests: run the checks against an in-memory project, and
 * read a finding's range back as the text it covers.
 */
import type { Range } from '../../../../language-server/src/dockerfile/ast';
import type { Finding } from '../../../../language-server/src/findings';
import { checkDevcontainer } from '../../../../language-server/src/devcontainer/index';

export const CONFIG_PATH = '/project/.devcontainer/devcontainer.json';

/** Files of the in-memory project, by absolute path; a folder is listed with null content. */
export type ProjectFiles = Readonly<Record<string, string | null>>;

export const DEFAULT_FILES: ProjectFiles = {
  '/project': null,
  '/project/.devcontainer': null,
  '/project/.devcontainer/Dockerfile': 'ARG VARIANT=bookworm\nFROM debian:${VARIANT} AS base\nARG USERNAME\nFROM base AS Dev\n',
  '/project/.devcontainer/docker-compose.yml': 'services:\n  app:\n    build: .\n  db:\n    image: postgres\n',
};

export interface CheckOptions {
  files?: ProjectFiles;
  schemaFindings?: boolean;
  path?: string;
}

export function check(text: string, options: CheckOptions = {}): Finding[] {
  const files = options.files ?? DEFAULT_FILES;
  return checkDevcontainer(text, {
    path: options.path ?? CONFIG_PATH,
    readFile: (path) => files[path] ?? null,
    exists: (path) => Object.prototype.hasOwnProperty.call(files, path),
    ...(options.schemaFindings === undefined ? {} : { schemaFindings: options.schemaFindings }),
  });
}

/** The findings of one rule. */
export function findingsOf(findings: readonly Finding[], ruleId: string): Finding[] {
  return findings.filter((f) => f.ruleId === ruleId);
}

/** The text a range covers (0-based lines, UTF-16 columns). */
export function textAt(text: string, range: Range): string {
  const lines = text.split(/\r\n|\r|\n/);
  const offsetOf = (line: number, character: number): number => {
    let offset = 0;
    const starts = [...text.matchAll(/\r\n|\r|\n/g)];
    for (let i = 0; i < line; i++) offset += lines[i]!.length + starts[i]![0].length;
    return offset + character;
  };
  return text.slice(offsetOf(range.start.line, range.start.character), offsetOf(range.end.line, range.end.character));
}

/** `text` with the `|` marking the cursor removed, and the cursor's offset. */
export function cursor(marked: string): { text: string; offset: number } {
  const offset = marked.indexOf('|');
  if (offset < 0) throw new Error('no | in the text');
  return { text: marked.slice(0, offset) + marked.slice(offset + 1), offset };
}
