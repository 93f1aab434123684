/**
 * Runs one Dockerfile rule over a snippet and shows its findings compactly, for the rule tests:
 * `2:0-2:9 message`, positions 0-based as in LSP (line:character-line:character).
 */
import type { Finding } from '../../../../language-server/src/findings';
import { parseDockerfile } from '../../../../language-server/src/dockerfile/parser';
import type { DockerfileRule } from '../../../../language-server/src/dockerfile/rules/types';

export interface RunOptions {
  dockerignore?: string | null;
  buildArgs?: Record<string, string>;
}

export function run(rule: DockerfileRule, text: string, options: RunOptions = {}): Finding[] {
  return rule.check({ dockerfile: parseDockerfile(text), dockerignore: options.dockerignore ?? null, buildArgs: options.buildArgs ?? {} });
}

export function show(finding: Finding): string {
  const { start, end } = finding.range;
  return `${start.line}:${start.character}-${end.line}:${end.character} ${finding.message}`;
}

/** The findings of `rule` on `text`, shown. */
export function findings(rule: DockerfileRule, text: string, options: RunOptions = {}): string[] {
  return run(rule, text, options).map(show);
}

/** Only the messages. */
export function messages(rule: DockerfileRule, text: string, options: RunOptions = {}): string[] {
  return run(rule, text, options).map((f) => f.message);
}
