/**
 * How a hadolint rule that reads RUN commands is declared and what it sees: every RUN of every
 * stage (ONBUILD RUN triggers included, as hadolint checks them), its parsed script, and the
 * stage state hadolint tracks (SHELL pipefail, ENV, cache mounts of the RUN).
 */
import type { Dockerfile, Instruction, Stage } from '../../../ast';
import { runScripts } from '../../../shell/run-script';
import type { ShellScript, SimpleCommand } from '../../../shell/script';
import { commandName } from '../../../shell/script';

// One builder for every DL rule (severity mapping, wiki link, Ignore-severity rules opt-in).
export { hadolintRule, type HadolintSeverity } from '../structure/hadolint-rule';

export interface RunInstruction {
  instruction: Instruction;
  stage: Stage;
  /** Index of the stage; the last stage is the image built by default. */
  stageIndex: number;
  scripts: ShellScript[];
  /** Every simple command of the scripts, in order. */
  commands: SimpleCommand[];
  /** Targets of `--mount=type=cache` and `--mount=type=tmpfs` of this RUN. */
  cacheTargets: string[];
  /** A SHELL with `-o pipefail` (or a non-POSIX shell) is in effect. */
  pipefail: boolean;
  /** ENV names set so far in the stage (and the stages it builds on), with their values. */
  env: EnvView;
  /** The RUN before it in the stage, when no other instruction (comments aside) comes between. */
  previousRun: RunInstruction | null;
}

/** The ENV values as they were at one point of a stage. */
export interface EnvView {
  get(name: string): string | undefined;
}

/**
 * ENV values over a stage, versioned: each RUN keeps a view of the values at its point without
 * copying them (copying the map for every RUN made files with many ENVs and RUNs quadratic).
 */
class EnvHistory {
  private readonly values = new Map<string, Array<{ version: number; value: string }>>();
  private version = 0;

  set(name: string, value: string): void {
    this.version++;
    const history = this.values.get(name);
    if (history) history.push({ version: this.version, value });
    else this.values.set(name, [{ version: this.version, value }]);
  }

  /** The values now, for a later stage that builds on this one. */
  current(): Map<string, string> {
    const now = new Map<string, string>();
    for (const [name, history] of this.values) now.set(name, (history[history.length - 1] as { value: string }).value);
    return now;
  }

  view(): EnvView {
    const at = this.version;
    return {
      get: (name) => {
        const history = this.values.get(name);
        if (!history) return undefined;
        // The last entry set at or before `at` (entries are in version order).
        let lo = 0;
        let hi = history.length - 1;
        let found: string | undefined;
        while (lo <= hi) {
          const mid = (lo + hi) >> 1;
          const entry = history[mid] as { version: number; value: string };
          if (entry.version <= at) {
            found = entry.value;
            lo = mid + 1;
          } else hi = mid - 1;
        }
        return found;
      },
    };
  }
}

interface StageState {
  pipefail: boolean;
  env: EnvHistory;
}

const cache = new WeakMap<Dockerfile, RunInstruction[]>();

/** Every RUN of the file, parsed once per Dockerfile and shared by the rules. */
export function runInstructions(dockerfile: Dockerfile): RunInstruction[] {
  const cached = cache.get(dockerfile);
  if (cached !== undefined) return cached;
  const runs: RunInstruction[] = [];
  const finalStates = new Map<string, StageState>();
  dockerfile.stages.forEach((stage, stageIndex) => {
    const base = finalStates.get((stage.from.args[0]?.value ?? '').toLowerCase());
    const state: StageState = { pipefail: base?.pipefail ?? false, env: new EnvHistory() };
    for (const [name, value] of base?.env.current() ?? []) state.env.set(name, value);
    let previousRun: RunInstruction | null = null;
    for (const instruction of stage.instructions) {
      const run = instruction.name === 'RUN' ? instruction : instruction.trigger?.name === 'RUN' ? instruction.trigger : null;
      if (instruction.name === 'SHELL') state.pipefail = shellHasPipefail(instruction.jsonForm ?? []);
      if (instruction.name === 'ENV') readEnv(instruction, state.env);
      if (run === null) {
        previousRun = null;
        continue;
      }
      const scripts = runScripts(dockerfile, run);
      const current: RunInstruction = {
        instruction: run,
        stage,
        stageIndex,
        scripts,
        commands: scripts.flatMap((s) => s.commands),
        cacheTargets: cacheTargets(run),
        pipefail: state.pipefail,
        env: state.env.view(),
        previousRun: instruction === run ? previousRun : null,
      };
      runs.push(current);
      previousRun = instruction === run ? current : null;
    }
    if (stage.name !== null) finalStates.set(stage.name.toLowerCase(), state);
  });
  cache.set(dockerfile, runs);
  return runs;
}

/**
 * `["/bin/bash", "-o", "pipefail", "-c"]`, `-eo pipefail`: as hadolint, only for bash, zsh and
 * ash (`sh -o pipefail` fails where sh is dash). pwsh, powershell and cmd have no such problem.
 */
function shellHasPipefail(shell: readonly string[]): boolean {
  const program = (shell[0] ?? '').replace(/^.*[\\/]/, '').toLowerCase();
  if (/^(pwsh|powershell|cmd)(\.exe)?$/.test(program)) return true;
  if (!['bash', 'zsh', 'ash'].includes(program)) return false;
  return shell.some((arg, k) => /^-[a-z]*o$/.test(arg) && shell[k + 1] === 'pipefail');
}

function readEnv(instruction: Instruction, env: EnvHistory): void {
  const args = instruction.args;
  if (args.length >= 1 && !args[0].value.includes('=')) {
    env.set(args[0].value, args.slice(1).map((a) => a.value).join(' '));
    return;
  }
  for (const arg of args) {
    const at = arg.value.indexOf('=');
    if (at > 0) env.set(arg.value.slice(0, at), arg.value.slice(at + 1).replace(/^["']|["']$/g, ''));
  }
}

function cacheTargets(instruction: Instruction): string[] {
  const targets: string[] = [];
  for (const flag of instruction.flags) {
    if (flag.name !== 'mount' || flag.value === null) continue;
    const fields = new Map(flag.value.split(',').map((field) => {
      const at = field.indexOf('=');
      return at < 0 ? [field, ''] : [field.slice(0, at).toLowerCase(), field.slice(at + 1)];
    }));
    if (fields.get('type') !== 'cache' && fields.get('type') !== 'tmpfs') continue;
    const target = fields.get('target') ?? fields.get('dst') ?? fields.get('destination');
    if (target !== undefined) targets.push(target.replace(/\/+$/, ''));
  }
  return targets;
}

/** A cache or tmpfs mount covers `path` (or a directory above it). */
export function cacheCovers(run: RunInstruction, path: string): boolean {
  return run.cacheTargets.some((target) => path === target || path.startsWith(`${target}/`));
}

/** Commands named `name` (any path) whose first non-flag argument is one of `subcommands`. */
export function commandsWith(run: RunInstruction, names: readonly string[], subcommands: readonly string[]): SimpleCommand[] {
  return run.commands.filter((command) => names.includes(commandName(command)) && subcommands.includes(firstOperand(command) ?? ''));
}

/** The first argument that is not a flag. */
export function firstOperand(command: SimpleCommand): string | undefined {
  return command.args.find((a) => !a.value.startsWith('-'))?.value;
}

/** Has one of the long flags (`--yes`, also `--yes=...`), or a short one alone or in a cluster (`-qy`). */
export function hasFlag(command: SimpleCommand, long: readonly string[], short: string = ''): boolean {
  return command.args.some((a) => {
    const v = a.value;
    if (v.startsWith('--')) return long.some((l) => v === l || v.startsWith(`${l}=`));
    return short !== '' && /^-[A-Za-z0-9]+$/.test(v) && [...short].some((s) => v.slice(1).includes(s));
  });
}

/**
 * The operands after the subcommand: flags left out, and the argument of each flag in
 * `takesValue` (`-t bookworm-backports`, `--virtual .deps`) too.
 */
export function packageArgs(command: SimpleCommand, subcommands: readonly string[], takesValue: readonly string[]) {
  const operands = [];
  let seenSubcommand = false;
  for (let k = 0; k < command.args.length; k++) {
    const word = command.args[k];
    const v = word.value;
    if (v.startsWith('-')) {
      if (takesValue.includes(v)) k++;
      continue;
    }
    if (!seenSubcommand && subcommands.includes(v)) {
      seenSubcommand = true;
      continue;
    }
    if (seenSubcommand) operands.push(word);
  }
  return operands;
}

/** A word that is only a variable (`$PKGS`, `${deps}`): unknown words, which no rule judges. */
export function isOnlyExpansion(value: string): boolean {
  return /^\$(?:\{[^}]*\}|[A-Za-z_][A-Za-z0-9_]*|\([^)]*\))$/.test(value);
}
