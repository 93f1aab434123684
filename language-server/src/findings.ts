/**
 * What every check produces, and what a rule is. The Dockerfile rules, the devcontainer.json
 * checks, the language server and `hutch lint` all speak this.
 */
import type { Range } from './dockerfile/ast';

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
