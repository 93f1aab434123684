/**
 * What every check produces, and what a rule is. The Dockerfile rules, the devcontainer.json
 * checks, the language server and `hutch lint` all speak this.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

import type { Range } from './dockerfile/ast';

let docsDirectory: string | undefined;

/**
 * A link to a page of Hutch's own docs, as a file: URL into the installed package (the .vsix
 * and the npm package ship docs/): it works offline, and the editor opens it in place. Until
 * the project has a public docs site this is the only place the pages are sure to be.
 */
export function hutchDocsUrl(page: string, anchor?: string): string {
  if (docsDirectory === undefined) {
    let dir = __dirname;
    while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
    docsDirectory = join(dir, 'docs');
  }
  const url = pathToFileURL(join(docsDirectory, page)).href;
  return anchor ? `${url}#${anchor}` : url;
}

export type Severity = 'error' | 'warning' | 'info' | 'hint';

/** Where a rule comes from: users know rules by these families' ids. */
export type RuleSource = 'hutch' | 'buildkit' | 'hadolint' | 'devcontainer';

/** A certain fix: replace range with newText (several edits apply together). */
export interface Fix {
  title: string;
  edits: Array<{ range: Range; newText: string }>;
}

export interface Finding {
  /** The id users know: a BuildKit check name ("StageNameCasing"), "DL3008", or Hutch's own
   * kebab-case id ("unknown-instruction"). */
  ruleId: string;
  source: RuleSource;
  severity: Severity;
  message: string;
  range: Range;
  docsUrl: string;
  fix?: Fix;
}

export interface RuleInfo {
  id: string;
  source: RuleSource;
  defaultSeverity: Severity;
  /** One line: what the rule checks. */
  description: string;
  docsUrl: string;
  /** Off unless enabled (BuildKit's experimental checks such as InvalidDefinitionDescription). */
  optIn?: boolean;
}
