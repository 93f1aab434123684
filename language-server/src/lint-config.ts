/**
 * Lint configuration: hadolint's `.hadolint.yaml`, which users already keep next to their
 * Dockerfiles, read and validated once into a complete `LintConfig`, so the engine never meets a
 * missing or malformed value. Editor settings and CLI options are merged on top with
 * `withLintSettings`.
 *
 * Keys honoured (hadolint README, "Configure"): `ignored`, `override` (error / warning / info /
 * style), `trustedRegistries`, `failure-threshold`, `no-fail`, `disable-ignore-pragma`. Other
 * hadolint keys (format, no-color, label-schema, strict-labels) are accepted and ignored, so a
 * file written for hadolint never fails here.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node as YamlNode } from 'yaml';

import { HutchError } from '../../helper/src/errors';
import type { LabelType } from './dockerfile/rules/hadolint/structure/index';
import type { Severity } from './findings';

const LABEL_TYPES: readonly LabelType[] = ['text', 'url', 'semver', 'hash', 'rfc3339', 'spdx', 'email'];

export const LINT_CONFIG_FILE_NAMES = ['.hadolint.yaml', '.hadolint.yml'] as const;

/** The least severe finding that makes `hutch lint` fail; 'none' never fails. */
export type FailureThreshold = Severity | 'none';

export interface LintConfig {
  /** The file this came from, or null for the built-in defaults. */
  file: string | null;
  /** Rule ids never reported, lower-cased (ids are compared without case). */
  ignored: ReadonlySet<string>;
  /** Lower-cased rule id -> the severity to report it with. */
  severityOverrides: ReadonlyMap<string, Severity>;
  /** Lower-cased ids of opt-in rules to run (BuildKit's experimental checks). */
  enabled: ReadonlySet<string>;
  /** Registries FROM images may come from (DL3026); empty allows every registry. Wildcards as
   * hadolint: `*.gcr.io`. */
  trustedRegistries: readonly string[];
  /** From `failure-threshold` / `no-fail`, or null when the file does not say. */
  failureThreshold: FailureThreshold | null;
  /** hadolint's `label-schema`: label name -> the type its value must have (DL3051-DL3058). */
  labelSchema: ReadonlyMap<string, LabelType>;
  /** `disable-ignore-pragma: true`: `# hadolint ignore=` comments are not honoured. */
  disableIgnorePragma: boolean;
}

export const DEFAULT_LINT_CONFIG: LintConfig = Object.freeze({
  file: null,
  ignored: new Set<string>(),
  severityOverrides: new Map<string, Severity>(),
  enabled: new Set<string>(),
  trustedRegistries: [],
  labelSchema: new Map<string, LabelType>(),
  failureThreshold: null,
  disableIgnorePragma: false,
});

/** Settings given by an editor or on the command line, merged over a config file. */
export interface LintSettings {
  /** Rule ids to drop. */
  ignore?: readonly string[];
  /** Rule id -> severity; 'off' drops the rule. Also accepts hadolint's 'style' (= hint) and
   * 'information'. */
  severity?: Readonly<Record<string, string>>;
  /** Opt-in rule ids to run. */
  enable?: readonly string[];
  trustedRegistries?: readonly string[];
}

/** The spellings users write for a severity (ours, hadolint's, LSP's), or null. */
export function severityFromName(name: string): Severity | null {
  switch (name.trim().toLowerCase()) {
    case 'error':
      return 'error';
    case 'warning':
    case 'warn':
      return 'warning';
    case 'info':
    case 'information':
      return 'info';
    case 'hint':
    case 'style':
      return 'hint';
    default:
      return null;
  }
}

export function ruleKey(id: string): string {
  return id.trim().toLowerCase();
}

/** Merges editor or CLI settings over a config (the settings win). Unknown severity names throw. */
export function withLintSettings(config: LintConfig, settings: LintSettings): LintConfig {
  const ignored = new Set(config.ignored);
  const overrides = new Map(config.severityOverrides);
  const enabled = new Set(config.enabled);
  for (const id of settings.ignore ?? []) ignored.add(ruleKey(id));
  for (const [id, name] of Object.entries(settings.severity ?? {})) {
    if (name.trim().toLowerCase() === 'off' || name.trim().toLowerCase() === 'ignore') {
      ignored.add(ruleKey(id));
      continue;
    }
    const severity = severityFromName(name);
    if (severity === null) {
      throw new HutchError('invalid-argument', `severity "${name}" for rule ${id} is not one of error, warning, info, hint, off`);
    }
    overrides.set(ruleKey(id), severity);
  }
  for (const id of settings.enable ?? []) enabled.add(ruleKey(id));
  return {
    ...config,
    ignored,
    severityOverrides: overrides,
    enabled,
    trustedRegistries: settings.trustedRegistries ? [...settings.trustedRegistries] : config.trustedRegistries,
  };
}

/**
 * Reads `.hadolint.yaml` text into a config. Throws a HutchError naming the file and line for
 * invalid YAML or a key of the wrong shape.
 */
export function parseLintConfig(text: string, file: string): LintConfig {
  const lines = new LineCounter();
  const document = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  const lineOf = (offset: number): number => lines.linePos(offset).line;
  const yamlError = document.errors[0];
  if (yamlError) {
    throw new HutchError(
      'invalid-argument',
      `${file}:${lineOf(yamlError.pos[0])}: invalid YAML: ${yamlError.message}`,
      'fix the YAML syntax (see https://github.com/hadolint/hadolint#configure for the keys)',
    );
  }
  const root = document.contents;
  if (root === null || (isScalar(root) && (root.value === null || root.value === ''))) return { ...DEFAULT_LINT_CONFIG, file };
  const problem = (node: YamlNode | null | undefined, message: string, hint: string): HutchError =>
    new HutchError('invalid-argument', `${file}:${node?.range ? lineOf(node.range[0]) : 1}: ${message}`, hint);
  if (!isMap(root)) throw problem(root, 'the configuration must be a mapping of keys', 'for example `ignored: [DL3008]`');

  const ruleList = (key: string, node: unknown): string[] => {
    const shape = `"${key}" must be a list of rule ids`;
    if (!isSeq(node)) throw problem(node as YamlNode, shape, `for example \`${key}: [DL3008, StageNameCasing]\``);
    return node.items.map((item) => {
      if (!isScalar(item) || (typeof item.value !== 'string' && typeof item.value !== 'number')) {
        throw problem(item as YamlNode, shape, `for example \`${key}: [DL3008, StageNameCasing]\``);
      }
      return String(item.value);
    });
  };

  const ignored = new Set<string>();
  const overrides = new Map<string, Severity>();
  let trustedRegistries: string[] = [];
  const labelSchema = new Map<string, LabelType>();
  let failureThreshold: FailureThreshold | null = null;
  let noFail = false;
  let disableIgnorePragma = false;
  for (const pair of root.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    const value = pair.value as YamlNode | null;
    switch (key) {
      case 'ignored':
        if (value === null || (isScalar(value) && value.value === null)) break;
        for (const id of ruleList('ignored', value)) ignored.add(ruleKey(id));
        break;
      case 'override': {
        if (value === null || (isScalar(value) && value.value === null)) break;
        if (!isMap(value)) throw problem(value, '"override" must map error, warning, info or style to rule ids', 'for example `override: {error: [DL3008]}`');
        for (const entry of value.items) {
          const level = isScalar(entry.key) ? String(entry.key.value) : '';
          const severity = severityFromName(level);
          if (severity === null || level === 'warn' || level === 'information') {
            throw problem(entry.key as YamlNode, `"override" has an unknown level "${level}"`, 'use error, warning, info or style');
          }
          if (entry.value === null || (isScalar(entry.value) && entry.value.value === null)) continue;
          for (const id of ruleList(`override.${level}`, entry.value)) overrides.set(ruleKey(id), severity);
        }
        break;
      }
      case 'trustedRegistries':
        if (value === null || (isScalar(value) && value.value === null)) break;
        if (isScalar(value) && typeof value.value === 'string') trustedRegistries = [value.value];
        else if (isSeq(value) && value.items.every((item) => isScalar(item) && typeof item.value === 'string')) {
          trustedRegistries = value.items.map((item) => String((item as { value: unknown }).value));
        } else throw problem(value, '"trustedRegistries" must be a registry or a list of registries', 'for example `trustedRegistries: [docker.io, "*.gcr.io"]`');
        break;
      case 'label-schema': {
        if (value === null || (isScalar(value) && value.value === null)) break;
        if (!isMap(value)) throw problem(value, '"label-schema" must map label names to types', 'for example `label-schema: {version: semver, maintainer: email}`');
        for (const pair of value.items) {
          const label = isScalar(pair.key) ? String(pair.key.value) : '';
          const type = isScalar(pair.value) ? String(pair.value.value) : '';
          if (!LABEL_TYPES.includes(type as LabelType)) {
            throw problem((isScalar(pair.value) ? pair.value : value) as YamlNode, `label type "${type}" for "${label}" is not one of ${LABEL_TYPES.join(', ')}`, 'hadolint label types: text, url, semver, hash, rfc3339, spdx, email');
          }
          labelSchema.set(label, type as LabelType);
        }
        break;
      }
      case 'failure-threshold': {
        const name = isScalar(value) ? String(value.value) : '';
        if (name === 'none' || name === 'ignore') failureThreshold = 'none';
        else {
          const severity = severityFromName(name);
          if (severity === null) throw problem(value, `"failure-threshold" "${name}" is not one of error, warning, info, style, ignore, none`, 'for example `failure-threshold: warning`');
          failureThreshold = severity;
        }
        break;
      }
      case 'no-fail':
        noFail = booleanValue(value, 'no-fail', problem);
        break;
      case 'disable-ignore-pragma':
        disableIgnorePragma = booleanValue(value, 'disable-ignore-pragma', problem);
        break;
      default:
        // hadolint keys that only matter to hadolint's own output (format, no-color,
        // strict-labels, ...): accepted so one file serves both tools.
        break;
    }
  }
  return {
    file,
    ignored,
    severityOverrides: overrides,
    enabled: new Set(),
    trustedRegistries,
    labelSchema,
    failureThreshold: noFail ? 'none' : failureThreshold,
    disableIgnorePragma,
  };
}

function booleanValue(node: YamlNode | null, key: string, problem: (node: YamlNode | null, message: string, hint: string) => HutchError): boolean {
  if (isScalar(node) && typeof node.value === 'boolean') return node.value;
  throw problem(node, `"${key}" must be true or false`, `for example \`${key}: true\``);
}

/** Directories from dir up to the repository root (the first holding .git) or the filesystem root. */
function configSearchPath(dir: string): string[] {
  const path: string[] = [];
  let current = resolve(dir);
  for (;;) {
    path.push(current);
    if (existsSync(join(current, '.git'))) break;
    const parent = dirname(current);
    if (parent === current) break;
    current = parent;
  }
  return path;
}

/** The nearest .hadolint.yaml / .hadolint.yml at or above dir (not above the repository root). */
export function findLintConfigFile(dir: string): string | null {
  for (const folder of configSearchPath(dir)) {
    for (const name of LINT_CONFIG_FILE_NAMES) {
      const candidate = join(folder, name);
      if (isFile(candidate)) return candidate;
    }
  }
  return null;
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** The config that applies to files in dir: the nearest .hadolint.yaml, else the defaults. */
export function loadLintConfig(dir: string): LintConfig {
  const file = findLintConfigFile(dir);
  if (file === null) return DEFAULT_LINT_CONFIG;
  return parseLintConfig(readConfigFile(file), file);
}

function readConfigFile(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new HutchError('invalid-argument', `cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`, 'check its permissions');
  }
}

/**
 * loadLintConfig for the language server: never blocks the event loop, and re-reads a config
 * file only when its modification time or size changed. A broken file is reported through
 * `onError` and treated as absent, so diagnostics keep flowing while the user edits it.
 */
export class LintConfigCache {
  private readonly parsed = new Map<string, { mtimeMs: number; size: number; config: LintConfig | null }>();

  constructor(private readonly onError: (error: HutchError) => void = () => undefined) {}

  async forDirectory(dir: string): Promise<LintConfig> {
    for (const folder of await asyncSearchPath(dir)) {
      for (const name of LINT_CONFIG_FILE_NAMES) {
        const file = join(folder, name);
        const info = await stat(file).catch(() => null);
        if (!info?.isFile()) continue;
        const cached = this.parsed.get(file);
        if (cached && cached.mtimeMs === info.mtimeMs && cached.size === info.size) return cached.config ?? DEFAULT_LINT_CONFIG;
        let config: LintConfig | null = null;
        try {
          config = parseLintConfig(await readFile(file, 'utf8'), file);
        } catch (error) {
          this.onError(error instanceof HutchError ? error : new HutchError('invalid-argument', `cannot read ${file}: ${String(error)}`));
        }
        this.parsed.set(file, { mtimeMs: info.mtimeMs, size: info.size, config });
        return config ?? DEFAULT_LINT_CONFIG;
      }
    }
    return DEFAULT_LINT_CONFIG;
  }
}

async function asyncSearchPath(dir: string): Promise<string[]> {
  const path: string[] = [];
  let current = resolve(dir);
  for (;;) {
    path.push(current);
    if (await stat(join(current, '.git')).then(() => true, () => false)) break;
    const parent = dirname(current);
    if (parent === current) break;
    current = parent;
  }
  return path;
}

/** For tests and callers building a config in code: hadolint's keys, resolved. */
export function lintConfigFrom(input: {
  ignored?: readonly string[];
  override?: Partial<Record<'error' | 'warning' | 'info' | 'style' | 'hint', readonly string[]>>;
  enabled?: readonly string[];
  trustedRegistries?: readonly string[];
  failureThreshold?: FailureThreshold;
  disableIgnorePragma?: boolean;
}): LintConfig {
  const overrides = new Map<string, Severity>();
  for (const [level, ids] of Object.entries(input.override ?? {})) {
    const severity = severityFromName(level);
    if (severity === null) continue;
    for (const id of ids ?? []) overrides.set(ruleKey(id), severity);
  }
  return {
    file: null,
    ignored: new Set((input.ignored ?? []).map(ruleKey)),
    severityOverrides: overrides,
    enabled: new Set((input.enabled ?? []).map(ruleKey)),
    trustedRegistries: [...(input.trustedRegistries ?? [])],
    labelSchema: new Map(),
    failureThreshold: input.failureThreshold ?? null,
    disableIgnorePragma: input.disableIgnorePragma ?? false,
  };
}

