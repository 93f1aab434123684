/**
 * The lint engine behind `hutch lint` and the language server: parse, run the rules, then apply
 * every suppression users already write, in this order:
 *
 *   1. BuildKit's `# check=skip=...;error=true;experimental=...` (applyCheckDirective);
 *   2. hadolint's `# hadolint [global|stage] ignore=...` comments (dockerfile/suppressions.ts);
 *   3. the config (.hadolint.yaml, editor settings, CLI): `ignored`, then `override` severities,
 *      last so that an explicit user setting wins over a file's `check=error=true`.
 *
 * lintDockerfile and lintDevcontainer are pure (text in, findings out); lintPath reads files.
 */
import { stat, readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';

import { HutchError, errnoCode } from '../../helper/src/errors';
import { checkDevcontainer, DEVCONTAINER_RULES, type DevcontainerCheckOptions } from './devcontainer/index';
import type { Dockerfile } from './dockerfile/ast';
import { parseDockerfile } from './dockerfile/parser';
import { applyCheckDirective, checkOptionsFor, DOCKERFILE_RULES, experimentalEnabled } from './dockerfile/rules/index';
import type { DockerfileRule } from './dockerfile/rules/types';
import { applyIgnorePragmas } from './dockerfile/suppressions';
import { labelSchemaRules } from './dockerfile/rules/hadolint/structure/index';
import { TRUSTED_REGISTRY_RULE, trustedRegistryFindings } from './dockerfile/trusted-registries';
import type { Finding, RuleInfo, Severity } from './findings';
import { DEFAULT_LINT_CONFIG, loadLintConfig, ruleKey, withLintSettings, type FailureThreshold, type LintConfig, type LintSettings } from './lint-config';
import { findLintableFiles, lintableKind, readDockerignore, type LintableKind } from './lint-files';

export { DEFAULT_LINT_CONFIG, loadLintConfig, lintConfigFrom, parseLintConfig, withLintSettings } from './lint-config';
export type { FailureThreshold, LintConfig, LintSettings } from './lint-config';
export { lintableKind } from './lint-files';

export interface DockerfileLintOptions {
  /** The file's path, for messages only. */
  path?: string;
  /** The build context's .dockerignore, or null when it has none. */
  dockerignore?: string | null;
  /** --build-arg values, which define ARGs. */
  buildArgs?: Record<string, string>;
  config?: LintConfig;
  /** The rules to run instead of DOCKERFILE_RULES (tests). */
  rules?: readonly DockerfileRule[];
}

export type DevcontainerLintOptions = DevcontainerCheckOptions & { config?: LintConfig };

const SEVERITY_RANK: Readonly<Record<Severity, number>> = { error: 3, warning: 2, info: 1, hint: 0 };

/** True when a is at least as severe as b. */
export function isAtLeast(a: Severity, b: Severity): boolean {
  return SEVERITY_RANK[a] >= SEVERITY_RANK[b];
}

/** Every rule the engine can report, for documentation and SARIF's rule table. */
export function allRules(): readonly RuleInfo[] {
  const rules: RuleInfo[] = [...DOCKERFILE_RULES, ...DEVCONTAINER_RULES].map((r) => ({
    id: r.id,
    source: r.source,
    defaultSeverity: r.defaultSeverity,
    description: r.description,
    docsUrl: r.docsUrl,
    ...(r.optIn ? { optIn: true } : {}),
  }));
  if (!rules.some((r) => r.id === TRUSTED_REGISTRY_RULE.id)) rules.push(TRUSTED_REGISTRY_RULE);
  return rules;
}

export function lintDockerfile(text: string, options: DockerfileLintOptions = {}): Finding[] {
  const config = options.config ?? DEFAULT_LINT_CONFIG;
  const dockerfile = parseDockerfile(text);
  return lintParsedDockerfile(dockerfile, { ...options, config });
}

/** lintDockerfile for a file already parsed (the language server parses once per change). */
export function lintParsedDockerfile(dockerfile: Dockerfile, options: DockerfileLintOptions = {}): Finding[] {
  const config = options.config ?? DEFAULT_LINT_CONFIG;
  const rules = options.rules ?? DOCKERFILE_RULES;
  const buildArgs = options.buildArgs ?? {};
  // BuildKit: an experimental check runs when `# check=experimental=` (or the
  // BUILDKIT_DOCKERFILE_CHECK build-arg) names it, and then whatever `skip` says.
  const checkOptions = checkOptionsFor(dockerfile, buildArgs);
  const context = { dockerfile, dockerignore: options.dockerignore ?? null, buildArgs };

  let findings: Finding[] = [];
  for (const rule of rules) {
    if (rule.optIn && !config.enabled.has(ruleKey(rule.id)) && !experimentalEnabled(checkOptions, rule.id)) continue;
    findings.push(...runRule(rule, context, options.path));
  }
  // hadolint's label-schema rules check the labels the config names (none without a schema).
  for (const rule of labelSchemaRules(config.labelSchema)) findings.push(...runRule(rule, context, options.path));
  if (config.trustedRegistries.length > 0) {
    findings = findings.filter((f) => f.ruleId !== TRUSTED_REGISTRY_RULE.id);
    findings.push(...trustedRegistryFindings(dockerfile, config.trustedRegistries));
  }
  findings = applyCheckDirective(findings, dockerfile, buildArgs);
  if (!config.disableIgnorePragma) findings = applyIgnorePragmas(findings, dockerfile);
  return sortFindings(applyConfig(findings, config));
}

/**
 * A rule that throws must not take the others (or the editor's diagnostics) down with it: its
 * failure becomes a finding that says so.
 */
function runRule(rule: DockerfileRule, context: Parameters<DockerfileRule['check']>[0], path: string | undefined): Finding[] {
  try {
    return rule.check(context);
  } catch (error) {
    return [
      {
        ruleId: 'rule-failed',
        source: 'hutch',
        severity: 'warning',
        message: `rule ${rule.id} failed on ${path ?? 'this file'}: ${error instanceof Error ? error.message : String(error)} (a bug in Hutch; please report it)`,
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        docsUrl: rule.docsUrl,
      },
    ];
  }
}

/** The config's `ignored` and `override` (severity) for any kind of file. */
export function applyConfig(findings: readonly Finding[], config: LintConfig): Finding[] {
  const kept: Finding[] = [];
  for (const finding of findings) {
    const key = ruleKey(finding.ruleId);
    if (config.ignored.has(key)) continue;
    const severity = config.severityOverrides.get(key);
    kept.push(severity && severity !== finding.severity ? { ...finding, severity } : finding);
  }
  return kept;
}

function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort(
    (a, b) =>
      a.range.start.line - b.range.start.line ||
      a.range.start.character - b.range.start.character ||
      (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0),
  );
}

export function lintDevcontainer(text: string, options: DevcontainerLintOptions): Finding[] {
  const { config, ...checkOptions } = options;
  return sortFindings(applyConfig(checkDevcontainer(text, checkOptions), config ?? DEFAULT_LINT_CONFIG));
}

export interface LintPathOptions {
  /** Use this config for every file instead of each file's nearest .hadolint.yaml. */
  config?: LintConfig;
  /** Merged over each file's config (CLI --ignore, editor settings). */
  settings?: LintSettings;
  buildArgs?: Record<string, string>;
  /** The Dockerfile rules to run instead of DOCKERFILE_RULES (tests). */
  rules?: readonly DockerfileRule[];
}

export interface FileFindings {
  file: string;
  kind: LintableKind;
  findings: Finding[];
  /** The failure threshold of the config the file was linted with (null: not set). */
  failureThreshold: FailureThreshold | null;
}

/**
 * Lints a file, or every Dockerfile and devcontainer.json under a folder (skipping node_modules
 * and .git). Each Dockerfile gets its folder's .dockerignore, as when that folder is the build
 * context, and the .hadolint.yaml nearest to it.
 */
export async function lintPath(path: string, options: LintPathOptions = {}): Promise<FileFindings[]> {
  const info = await stat(path).catch((error: unknown) => {
    if (errnoCode(error) === 'ENOENT') throw new HutchError('not-found', `lint: ${path} does not exist`, 'give a Dockerfile, a devcontainer.json or a folder holding them');
    throw new HutchError('invalid-argument', `lint: cannot read ${path}: ${error instanceof Error ? error.message : String(error)}`);
  });
  // A file named explicitly is linted whatever its name: a .json is a devcontainer.json, the
  // rest are Dockerfiles (build/app.docker, ...).
  const files: Array<{ file: string; kind: LintableKind }> = info.isDirectory()
    ? (await findLintableFiles(path)).map((file) => ({ file, kind: lintableKind(file) as LintableKind }))
    : [{ file: path, kind: lintableKind(path) ?? (path.toLowerCase().endsWith('.json') ? 'devcontainer' : 'dockerfile') }];

  const configs = new Map<string, LintConfig>();
  const configFor = (file: string): LintConfig => {
    let config = options.config;
    if (config === undefined) {
      const dir = dirname(resolve(file));
      config = configs.get(dir) ?? loadLintConfig(dir);
      configs.set(dir, config);
    }
    return options.settings ? withLintSettings(config, options.settings) : config;
  };

  const results: FileFindings[] = [];
  for (const { file, kind } of files) {
    const text = await readFile(file, 'utf8').catch((error: unknown) => {
      throw new HutchError('invalid-argument', `lint: cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
    });
    const config = configFor(file);
    const findings =
      kind === 'dockerfile'
        ? lintDockerfile(text, { path: file, dockerignore: await readDockerignore(file), buildArgs: options.buildArgs ?? {}, config, ...(options.rules ? { rules: options.rules } : {}) })
        : lintDevcontainer(text, { path: resolve(file), config });
    results.push({ file, kind, findings, failureThreshold: config.failureThreshold });
  }
  return results;
}
