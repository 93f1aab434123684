/**
 * What BuildKit's frontend knows at each instruction, computed once per file and shared by the
 * checks that need more than the syntax (dockerfile2llb toDispatchState/dispatch):
 *
 * - the global scope: the predefined platform ARGs, then the ARGs before the first FROM, with
 *   --build-arg values replacing defaults; only FROM lines see it;
 * - per stage: the base it builds on (an earlier stage named exactly like the expanded FROM
 *   image, whose state it inherits: variables, declared ARGs, SHELL, WORKDIR), and, before each
 *   instruction, the variables in scope (base image ENV, stage ARG values, ENV so far), the ARG
 *   names declared so far, whether SHELL and WORKDIR were set;
 * - every word BuildKit expands, with the expansion: ENV and LABEL keys and values, ARG
 *   defaults, COPY/ADD sources, destination, --chown/--chmod/--checksum/--exclude and unquoted
 *   heredoc bodies, WORKDIR, USER, STOPSIGNAL, VOLUME, EXPOSE, RUN --mount options. RUN, CMD
 *   and ENTRYPOINT commands are not expanded: the shell does that when they run.
 *
 * All stages are dispatched, as by `docker build --check` (the lint request), not only those the
 * build target needs. Known gaps, offline: a base image's own ENV and SHELL are unknown (see
 * baseImageEnvironment); ONBUILD triggers of a base stage, which BuildKit runs at the start of the
 * stages built on it, are not replayed.
 */
import type { Dockerfile, Heredoc, Instruction, Stage } from '../ast';
import { parseArgDefinitions, parseKeyValues, splitAtWhitespace } from './key-value-arguments';
import type { DockerfileRuleContext } from './types';
import { baseImageEnvironment, NON_ENVIRONMENT_ARGS, predefinedGlobalArgs } from './variables/predefined-args';
import { expandWord, type WordExpansion } from './variables/shell-expansion';
import { fixedView, VariableTimeline, type VariableView } from './variables/variable-timeline';

export type WordRole =
  | 'env-key'
  | 'env-value'
  | 'label-key'
  | 'label-value'
  | 'arg-default'
  | 'source'
  | 'destination'
  | 'flag'
  | 'heredoc'
  | 'workdir'
  | 'user'
  | 'stopsignal'
  | 'volume'
  | 'port'
  | 'mount';

export interface ExpandedWord {
  role: WordRole;
  /** As written. */
  text: string;
  expansion: WordExpansion;
  /** BuildKit reports this word's undefined variables (UndefinedVar); EXPOSE ports it does not. */
  reportsUndefined: boolean;
  /** The variables the word was expanded against. */
  variables: VariableView;
  /** The ARG names declared in the stage at that point (their value may be unset). */
  declaredArgs: VariableView;
}

export interface InstructionState {
  instruction: Instruction;
  stage: StageModel;
  /** Variables in scope before the instruction. */
  variables: VariableView;
  declaredArgs: VariableView;
  /** A SHELL instruction ran before, in this stage or the stages it builds on. */
  shellSet: boolean;
  /** A WORKDIR instruction ran before, in this stage or the stages it builds on. */
  workdirSet: boolean;
  /** The words BuildKit expands in this instruction, in order. */
  words: ExpandedWord[];
}

export interface StageSnapshot {
  variables: VariableView;
  declaredArgs: VariableView;
  shellSet: boolean;
  workdirSet: boolean;
}

export interface StageModel {
  stage: Stage;
  /** The stage name lower-cased, as BuildKit stores and looks it up, or null. */
  name: string | null;
  /** The FROM image as written, and expanded with the global scope. */
  baseNameText: string;
  baseName: WordExpansion;
  /** The --platform value as written and expanded, or null without one. */
  platformText: string | null;
  platform: WordExpansion | null;
  /** The earlier stage this one builds on, or null for an image (or scratch). */
  base: StageModel | null;
  instructions: InstructionState[];
  final: StageSnapshot;
}

export interface GlobalScope {
  /** Predefined ARGs and the values of the ARGs before the first FROM. */
  variables: VariableView;
  /** The same, with every ARG at its default: --build-arg values ignored (except for predefined ARGs). */
  defaultVariables: VariableView;
  /** Every ARG declared before the first FROM, with or without a value. */
  declared: ReadonlySet<string>;
}

export interface BuildModel {
  escapeChar: string;
  global: GlobalScope;
  stages: StageModel[];
  stateOf(instruction: Instruction): InstructionState | undefined;
}

function hasOwn(record: Readonly<Record<string, string>>, name: string): boolean {
  return Object.prototype.hasOwnProperty.call(record, name);
}

function globalScope(dockerfile: Dockerfile, buildArgs: Readonly<Record<string, string>>): GlobalScope {
  const predefined = fixedView(predefinedGlobalArgs(buildArgs));
  const withBuildArgs = new VariableTimeline(predefined);
  const withDefaults = new VariableTimeline(predefined);
  const declared = new Set<string>();
  const options = { escapeChar: dockerfile.escapeChar };
  for (const instruction of dockerfile.globalArgs) {
    for (const definition of parseArgDefinitions(instruction.argsText, dockerfile.escapeChar).definitions) {
      declared.add(definition.name);
      if (definition.defaultValue !== null) {
        withDefaults.set(definition.name, expandWord(definition.defaultValue, withDefaults.now(), options).result);
      }
      if (hasOwn(buildArgs, definition.name)) withBuildArgs.set(definition.name, buildArgs[definition.name] ?? '');
      else if (definition.defaultValue !== null) {
        withBuildArgs.set(definition.name, expandWord(definition.defaultValue, withBuildArgs.now(), options).result);
      }
    }
  }
  return { variables: withBuildArgs.now(), defaultVariables: withDefaults.now(), declared };
}

/** FROM's words as BuildKit splits them: image [AS name]. */
export function fromWords(stage: Stage): string[] {
  return splitAtWhitespace(stage.from.argsText);
}

/** The stage name BuildKit registers: the word after AS, lower-cased. */
export function registeredStageName(stage: Stage): string | null {
  const words = fromWords(stage);
  if (words.length === 3 && (words[1] ?? '').toLowerCase() === 'as') return (words[2] ?? '').toLowerCase();
  return null;
}

/** The values of a RUN --mount option list (`type=cache,target=/x`), which BuildKit expands. */
function mountValues(spec: string): string[] {
  return spec
    .split(',')
    .map((field) => {
      const equals = field.indexOf('=');
      return equals < 0 ? '' : field.slice(equals + 1);
    })
    .filter((value) => value !== '');
}

const HEREDOC_WORD = /^\d*<<-?(.+)$/;

/** The heredoc a source word such as `<<EOF` or `<<-"EOF"` introduces, if it is one. */
function heredocOf(instruction: Instruction, word: string): Heredoc | undefined {
  const match = HEREDOC_WORD.exec(word);
  if (!match) return undefined;
  const delimiter = (match[1] ?? '').replace(/["']/g, '');
  return instruction.heredocs.find((h) => h.delimiter === delimiter);
}

class StageDispatcher {
  private readonly variables: VariableTimeline;
  private readonly declared: VariableTimeline;
  private shellSet: boolean;
  private workdirSet: boolean;

  constructor(
    private readonly model: StageModel,
    private readonly global: GlobalScope,
    private readonly buildArgs: Readonly<Record<string, string>>,
    private readonly escapeChar: string,
  ) {
    const base = model.base?.final;
    this.variables = new VariableTimeline(base?.variables ?? fixedView(baseImageEnvironment()));
    this.declared = new VariableTimeline(base?.declaredArgs ?? fixedView(new Map()));
    this.shellSet = base?.shellSet ?? false;
    this.workdirSet = base?.workdirSet ?? false;
  }

  private expand(state: InstructionState, role: WordRole, text: string, options: { raw?: boolean; reports?: boolean } = {}): ExpandedWord {
    const variables = this.variables.now();
    const declaredArgs = this.declared.now();
    const expansion = expandWord(text, variables, options.raw ? { escapeChar: '\\', skipProcessQuotes: true } : { escapeChar: this.escapeChar });
    const word = { role, text, expansion, reportsUndefined: options.reports ?? true, variables, declaredArgs };
    state.words.push(word);
    return word;
  }

  dispatch(instruction: Instruction): InstructionState {
    const state: InstructionState = {
      instruction,
      stage: this.model,
      variables: this.variables.now(),
      declaredArgs: this.declared.now(),
      shellSet: this.shellSet,
      workdirSet: this.workdirSet,
      words: [],
    };
    const flagValues = (name: string): string[] =>
      instruction.flags.filter((f) => f.name === name && f.value !== null).map((f) => f.value ?? '');

    switch (instruction.name) {
      case 'ENV':
      case 'LABEL': {
        const env = instruction.name === 'ENV';
        // Every pair is expanded against the variables before the instruction.
        const pairs = parseKeyValues(instruction.argsText, this.escapeChar, instruction.name).pairs.map((pair) => ({
          key: this.expand(state, env ? 'env-key' : 'label-key', pair.key).expansion.result,
          value: this.expand(state, env ? 'env-value' : 'label-value', pair.value).expansion.result,
        }));
        if (env) for (const pair of pairs) this.variables.set(pair.key, pair.value);
        break;
      }
      case 'ARG':
        for (const definition of parseArgDefinitions(instruction.argsText, this.escapeChar).definitions) {
          let value: string | undefined;
          if (hasOwn(this.buildArgs, definition.name)) value = this.buildArgs[definition.name];
          else if (definition.defaultValue !== null) value = this.expand(state, 'arg-default', definition.defaultValue).expansion.result;
          else value = this.global.variables.get(definition.name);
          if (value !== undefined && !NON_ENVIRONMENT_ARGS.has(definition.name)) this.variables.set(definition.name, value);
          this.declared.set(definition.name, '');
        }
        break;
      case 'COPY':
      case 'ADD': {
        for (const name of instruction.name === 'ADD' ? ['chown', 'chmod', 'checksum', 'exclude'] : ['chown', 'chmod', 'exclude']) {
          for (const value of flagValues(name)) this.expand(state, 'flag', value);
        }
        const words = instruction.jsonForm ?? splitAtWhitespace(instruction.argsText);
        if (words.length < 2) break;
        for (const source of words.slice(0, -1)) {
          const heredoc = heredocOf(instruction, source);
          if (heredoc) {
            if (!heredoc.quoted) this.expand(state, 'heredoc', heredoc.content, { raw: true });
          } else {
            this.expand(state, 'source', source);
          }
        }
        this.expand(state, 'destination', words[words.length - 1] ?? '');
        break;
      }
      case 'WORKDIR':
        this.expand(state, 'workdir', instruction.argsText.trim());
        this.workdirSet = true;
        break;
      case 'USER':
        this.expand(state, 'user', instruction.argsText.trim());
        break;
      case 'STOPSIGNAL':
        this.expand(state, 'stopsignal', instruction.argsText.trim());
        break;
      case 'VOLUME':
        for (const volume of instruction.jsonForm ?? splitAtWhitespace(instruction.argsText)) this.expand(state, 'volume', volume);
        break;
      case 'EXPOSE':
        for (const port of splitAtWhitespace(instruction.argsText)) this.expand(state, 'port', port, { reports: false });
        break;
      case 'RUN':
        for (const spec of flagValues('mount')) for (const value of mountValues(spec)) this.expand(state, 'mount', value);
        break;
      case 'SHELL':
        if ((instruction.jsonForm ?? []).length > 0) this.shellSet = true;
        break;
      default:
        break;
    }
    return state;
  }

  finish(): StageSnapshot {
    return { variables: this.variables.now(), declaredArgs: this.declared.now(), shellSet: this.shellSet, workdirSet: this.workdirSet };
  }
}

function computeModel(dockerfile: Dockerfile, buildArgs: Readonly<Record<string, string>>): BuildModel {
  const global = globalScope(dockerfile, buildArgs);
  const options = { escapeChar: dockerfile.escapeChar };
  const stages: StageModel[] = [];
  const states = new Map<Instruction, InstructionState>();
  for (const stage of dockerfile.stages) {
    const baseNameText = fromWords(stage)[0] ?? '';
    const baseName = expandWord(baseNameText, global.variables, options);
    const platformFlag = stage.from.flags.find((f) => f.name === 'platform');
    const platformText = platformFlag ? (platformFlag.value ?? '') : null;
    const model: StageModel = {
      stage,
      name: registeredStageName(stage),
      baseNameText,
      baseName,
      platformText,
      platform: platformText === null ? null : expandWord(platformText, global.variables, options),
      // BuildKit looks the expanded image up among the earlier stages' (lower-cased) names, as is.
      base: [...stages].reverse().find((s) => s.name !== null && s.name === baseName.result) ?? null,
      instructions: [],
      final: { variables: fixedView(new Map()), declaredArgs: fixedView(new Map()), shellSet: false, workdirSet: false },
    };
    const dispatcher = new StageDispatcher(model, global, buildArgs, dockerfile.escapeChar);
    for (const instruction of stage.instructions) {
      const state = dispatcher.dispatch(instruction);
      model.instructions.push(state);
      states.set(instruction, state);
    }
    model.final = dispatcher.finish();
    stages.push(model);
  }
  return { escapeChar: dockerfile.escapeChar, global, stages, stateOf: (instruction) => states.get(instruction) };
}

const cache = new WeakMap<Dockerfile, { buildArgs: Readonly<Record<string, string>>; model: BuildModel }>();

/** The build model of the rule context's file, computed once and shared by the rules. */
export function buildModel(context: DockerfileRuleContext): BuildModel {
  const cached = cache.get(context.dockerfile);
  if (cached && (cached.buildArgs === context.buildArgs || JSON.stringify(cached.buildArgs) === JSON.stringify(context.buildArgs))) return cached.model;
  const model = computeModel(context.dockerfile, context.buildArgs);
  cache.set(context.dockerfile, { buildArgs: context.buildArgs, model });
  return model;
}
