/**
 * BuildKit's check configuration (linter.ParseLintOptions, buildkit docs/reference.md "check"):
 *
 *   # check=skip=JSONArgsRecommended,StageNameCasing;error=true;experimental=all
 *
 * - at the top of the file, for the whole build; a malformed value fails the build;
 * - as the --build-arg BUILDKIT_DOCKERFILE_CHECK, which replaces the file's directive;
 * - in the comments directly above an instruction, for that instruction only (up to the first
 *   space, so `# check=skip=X // reason` works); a malformed one is ignored.
 *
 * `skip` never silences an experimental check: those run when `experimental` names them, and
 * then regardless of skip (linter.Run). `error=true` turns every reported check into an error.
 *
 * A finding belongs to the instruction on whose lines it starts. BuildKit reads the comments of
 * the instruction it is dispatching, which for MultipleInstructionsDisallowed is the later CMD
 * (ENTRYPOINT, HEALTHCHECK) while the finding is on the earlier one: the comments of both count
 * here. BuildKit honours instruction comments only for the checks it runs while dispatching an
 * instruction; Hutch honours them for every check, as the syntax promises ("skip the check for
 * this instruction").
 */
import type { Finding } from '../../findings';
import type { Dockerfile, Instruction } from '../ast';
import { instructionComments } from './previous-comments';

export interface CheckOptions {
  skipAll: boolean;
  skip: ReadonlySet<string>;
  experimentalAll: boolean;
  experimental: ReadonlySet<string>;
  error: boolean;
}

const NO_CHECK_OPTIONS: CheckOptions = { skipAll: false, skip: new Set(), experimentalAll: false, experimental: new Set(), error: false };

export type CheckOptionsParse = { options: CheckOptions; error: null } | { options: null; error: string };

/** Go's strconv.ParseBool. */
function parseGoBool(text: string): boolean | null {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(text)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(text)) return false;
  return null;
}

function ruleList(value: string): { all: boolean; names: Set<string> } {
  const trimmed = value.trim();
  if (trimmed === 'all') return { all: true, names: new Set() };
  return { all: false, names: new Set(trimmed.split(',').map((name) => name.trim())) };
}

/** Parses a check value (`skip=...;error=...;experimental=...`); errors read as BuildKit's. */
export function parseCheckOptions(value: string): CheckOptionsParse {
  const text = value.trim();
  if (text === '') return { options: NO_CHECK_OPTIONS, error: null };
  // Go's strings.SplitN(text, ";", 3): a fourth option stays glued to the third.
  const pieces = text.split(';');
  const parts = pieces.length > 3 ? [pieces[0] ?? '', pieces[1] ?? '', pieces.slice(2).join(';')] : pieces;
  let skip = { all: false, names: new Set<string>() };
  let experimental = { all: false, names: new Set<string>() };
  let error = false;
  for (const part of parts) {
    const equals = part.indexOf('=');
    if (equals < 0) return { options: null, error: `invalid check option "${part}"` };
    const key = part.slice(0, equals).trim();
    const setting = part.slice(equals + 1);
    if (key === 'skip') skip = ruleList(setting);
    else if (key === 'experimental') experimental = ruleList(setting);
    else if (key === 'error') {
      const flag = parseGoBool(setting.trim());
      if (flag === null) return { options: null, error: `failed to parse check option "${part}": strconv.ParseBool: parsing "${setting.trim()}": invalid syntax` };
      error = flag;
    } else {
      return { options: null, error: `invalid check option "${key}"` };
    }
  }
  return {
    options: { skipAll: skip.all, skip: skip.names, experimentalAll: experimental.all, experimental: experimental.names, error },
    error: null,
  };
}

/** The build-arg that replaces the file's `# check=` directive. */
export const CHECK_BUILD_ARG = 'BUILDKIT_DOCKERFILE_CHECK';

/** The whole build's options: the build-arg if given, else the file's directive. Malformed
 * values count as no options (the invalid-directive rule reports them). */
export function fileCheckOptions(dockerfile: Dockerfile, buildArgs: Readonly<Record<string, string>> = {}): CheckOptions {
  const fromBuildArg = Object.prototype.hasOwnProperty.call(buildArgs, CHECK_BUILD_ARG) ? buildArgs[CHECK_BUILD_ARG] : undefined;
  const value = fromBuildArg ?? dockerfile.directives.find((d) => d.name === 'check')?.value;
  if (value === undefined) return NO_CHECK_OPTIONS;
  return parseCheckOptions(value).options ?? NO_CHECK_OPTIONS;
}

const CHECK_COMMENT = /^check\s*=\s*(.+?)\s*$/i;

/** The options a comment above an instruction adds, or null when it is no (valid) check comment. */
function commentCheckOptions(comment: string): CheckOptions | null {
  const match = CHECK_COMMENT.exec(comment);
  if (!match) return null;
  const value = (match[1] ?? '').split(' ')[0] ?? '';
  return parseCheckOptions(value).options;
}

function merge(base: CheckOptions, extra: CheckOptions): CheckOptions {
  return {
    skipAll: base.skipAll || extra.skipAll,
    skip: new Set([...base.skip, ...extra.skip]),
    experimentalAll: base.experimentalAll || extra.experimentalAll,
    experimental: new Set([...base.experimental, ...extra.experimental]),
    error: base.error || extra.error,
  };
}

/** The options in force for one instruction: the build's, plus its own check comments. */
function instructionCheckOptions(base: CheckOptions, comments: readonly string[]): CheckOptions {
  let options = base;
  for (const comment of comments) {
    const extra = commentCheckOptions(comment);
    if (extra) options = merge(options, extra);
  }
  return options;
}

/** Whether an experimental (opt-in) check runs under these options. */
export function experimentalEnabled(options: CheckOptions, ruleId: string): boolean {
  return options.experimentalAll || options.experimental.has(ruleId);
}

/** The next instruction of the same kind in the stage: the one that overrides `instruction`. */
function overridingInstruction(dockerfile: Dockerfile, instruction: Instruction): Instruction | null {
  for (const stage of dockerfile.stages) {
    const index = stage.instructions.indexOf(instruction);
    if (index >= 0) return stage.instructions.slice(index + 1).find((i) => i.name === instruction.name) ?? null;
  }
  return null;
}

/**
 * Applies BuildKit's check configuration to findings: drops the BuildKit checks the file, the
 * build-arg or the instruction's comments skip, and makes the rest errors under `error=true`.
 * Hutch's own findings pass through. Experimental checks are never skipped here: whether they
 * run at all is decided before (see experimentalEnabled), as in BuildKit.
 *
 * @param experimentalRuleIds the opt-in BuildKit checks (DOCKERFILE_RULES with optIn).
 */
export function applyCheckOptions(
  findings: readonly Finding[],
  dockerfile: Dockerfile,
  buildArgs: Readonly<Record<string, string>>,
  experimentalRuleIds: ReadonlySet<string>,
): Finding[] {
  const base = fileCheckOptions(dockerfile, buildArgs);
  const comments = instructionComments(dockerfile);
  const optionsAt = new Map<Instruction | null, CheckOptions>();
  const kept: Finding[] = [];
  for (const finding of findings) {
    if (finding.source !== 'buildkit') {
      kept.push(finding);
      continue;
    }
    const instruction = comments.instructionAt(finding.range.start.line);
    let options = optionsAt.get(instruction);
    if (!options) {
      options = instruction ? instructionCheckOptions(base, comments.of(instruction)) : base;
      optionsAt.set(instruction, options);
    }
    const overriding = finding.ruleId === 'MultipleInstructionsDisallowed' && instruction ? overridingInstruction(dockerfile, instruction) : null;
    if (overriding) options = instructionCheckOptions(options, comments.of(overriding));
    const experimental = experimentalRuleIds.has(finding.ruleId);
    if (!experimental && (options.skipAll || options.skip.has(finding.ruleId))) continue;
    kept.push(options.error && finding.severity !== 'error' ? { ...finding, severity: 'error' } : finding);
  }
  return kept;
}
