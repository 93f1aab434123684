/**
 * Every Dockerfile rule, and BuildKit's `# check=` configuration applied to their findings.
 *
 * - hutch/: what the builder would reject (unknown instructions and flags, missing arguments,
 *   bad directives, unterminated heredocs, stages used before they exist ...), errors;
 * - buildkit/: BuildKit's build checks by their names, warnings (InvalidDefinitionDescription,
 *   experimental in BuildKit, is opt-in);
 * - hadolint/: hadolint's DL rules under their ids (structure/: no shell needed; run/: the RUN
 *   body's commands, through Hutch's shell parser in ../shell/).
 */
import type { Finding } from '../../findings';
import type { Dockerfile } from '../ast';
import { BUILDKIT_RULES } from './buildkit/index';
import { applyCheckOptions } from './check-directive';
import { HADOLINT_RUN_RULES } from './hadolint/run/index';
import { HADOLINT_STRUCTURE_RULES } from './hadolint/structure/index';
import { HUTCH_RULES } from './hutch/index';
import type { DockerfileRule } from './types';

export const DOCKERFILE_RULES: readonly DockerfileRule[] = [...HUTCH_RULES, ...BUILDKIT_RULES, ...HADOLINT_STRUCTURE_RULES, ...HADOLINT_RUN_RULES];

const EXPERIMENTAL_CHECKS: ReadonlySet<string> = new Set(BUILDKIT_RULES.filter((rule) => rule.optIn).map((rule) => rule.id));

/**
 * BuildKit's check configuration over findings: the file's `# check=skip=...;error=...` (or the
 * BUILDKIT_DOCKERFILE_CHECK build-arg, which replaces it), and `# check=` comments directly above
 * an instruction for that instruction. Skipped BuildKit checks are dropped, `error=true` makes
 * the others errors; Hutch's own findings are untouched. Whether opt-in (experimental) checks run
 * is decided before: see checkOptionsFor / experimentalEnabled.
 */
export function applyCheckDirective(findings: readonly Finding[], dockerfile: Dockerfile, buildArgs: Readonly<Record<string, string>> = {}): Finding[] {
  return applyCheckOptions(findings, dockerfile, buildArgs, EXPERIMENTAL_CHECKS);
}

export { BUILDKIT_RULES } from './buildkit/index';
export { HUTCH_RULES } from './hutch/index';
export { CHECK_BUILD_ARG, experimentalEnabled, fileCheckOptions as checkOptionsFor, parseCheckOptions } from './check-directive';
export type { CheckOptions } from './check-directive';
export { DOCS_BASE } from './rule-definition';
export type { DockerfileRule, DockerfileRuleContext } from './types';
