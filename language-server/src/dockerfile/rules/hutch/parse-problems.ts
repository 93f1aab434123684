/**
 * What the parser itself finds wrong (ParseProblem), as rules:
 *
 * - unterminated-heredoc: the file ends before a heredoc's closing delimiter;
 * - line-too-long: a physical line over 65535 bytes, which BuildKit's line reader refuses;
 * - json-array-not-strings: an exec-form array holding something else than strings;
 * - invalid-directive: an escape directive other than \ or `, a directive given twice, or a
 *   `# check=` directive BuildKit cannot parse ("failed to parse check options").
 */
import type { Finding } from '../../../findings';
import type { Dockerfile } from '../../ast';
import { parseCheckOptions } from '../check-directive';
import { hutchRule, report } from '../rule-definition';
import type { DockerfileRule } from '../types';

function problemRule(id: string, description: string, problemIds: readonly string[]): DockerfileRule {
  const rule: DockerfileRule = hutchRule(id, description, ({ dockerfile }) =>
    dockerfile.problems.filter((p) => problemIds.includes(p.id)).map((p) => report(rule, p.range, p.message)),
  );
  return rule;
}

export const UNTERMINATED_HEREDOC = problemRule('unterminated-heredoc', 'A heredoc without its closing delimiter line', ['unterminated-heredoc']);
export const LINE_TOO_LONG = problemRule('line-too-long', 'A line longer than the 65535 bytes BuildKit reads', ['line-too-long']);
export const JSON_ARRAY_NOT_STRINGS = problemRule('json-array-not-strings', 'An exec-form JSON array with elements that are not strings', ['json-array-not-strings']);

export const INVALID_DIRECTIVE = hutchRule('invalid-directive', 'A parser directive the builder rejects', ({ dockerfile }) => invalidDirective(dockerfile));

export function invalidDirective(dockerfile: Dockerfile): Finding[] {
  const findings = dockerfile.problems
    .filter((p) => p.id === 'invalid-escape-directive' || p.id === 'duplicate-directive')
    .map((p) => report(INVALID_DIRECTIVE, p.range, p.message));
  for (const directive of dockerfile.directives) {
    if (directive.name !== 'check') continue;
    const parsed = parseCheckOptions(directive.value);
    if (parsed.error !== null) findings.push(report(INVALID_DIRECTIVE, directive.valueRange, `failed to parse check options: ${parsed.error}`));
  }
  return findings;
}
