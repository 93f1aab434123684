/**
 * A POSIX sh parser good enough for RUN bodies: words (quotes, backslash escapes, `$(...)`,
 * `${...}` and backticks kept inside the word), the operators `; && || | |& & ( )`, newlines,
 * comments, redirections and here-documents; the words grouped into simple commands and the
 * commands into pipelines. Compound commands (`if`, `while`, `{ }` ...) are read as the simple
 * commands inside them, which is what the lint rules look at. It never throws and is linear.
 *
 * Hand-written rather than mvdan-sh or tree-sitter-bash: the rules need every word's source
 * offsets through Dockerfile line continuations, and a RUN body is a small, forgiving subset.
 */
import { type ShellSource, nestedSource, sourceRange } from './source-text';
import type { Range } from '../ast';

export interface ShellWord {
  /** As written, quotes included. */
  raw: string;
  /** Quotes and escapes removed; expansions (`$X`, `$(...)`) kept as written. */
  value: string;
  /** Text offsets [start, end) of the raw word. */
  start: number;
  end: number;
  range: Range;
  /** Some part of the word was quoted. */
  quoted: boolean;
  /** For each character of value (and one past the end), its text offset. */
  valueOffsets: number[];
}

export interface Redirection {
  operator: string;
  target: ShellWord | null;
}

export interface SimpleCommand {
  /** argv: assignments before the name and redirections left out. */
  words: ShellWord[];
  /** words[0]?.value, or '' for a command with no words. */
  name: string;
  /** The name's basename (`/usr/bin/apt-get` -> `apt-get`). */
  baseName: string;
  /** words after the name. */
  args: ShellWord[];
  redirections: Redirection[];
  /** From the first to the last word. */
  range: Range;
}

export interface Pipeline {
  commands: SimpleCommand[];
  /** The `|` / `|&` operators joining the commands, with their ranges. */
  pipes: Range[];
  range: Range;
}

export interface ShellScript {
  source: ShellSource;
  pipelines: Pipeline[];
  /** Every simple command in order, those of `sh -c '...'` bodies after the command itself. */
  commands: SimpleCommand[];
}

type Token =
  | { kind: 'word'; word: ShellWord }
  | { kind: 'operator'; operator: string; start: number; end: number }
  | { kind: 'redirect'; operator: string; start: number; end: number };

const OPERATORS = ['&&', '||', ';;', '|&', ';', '|', '&', '(', ')'];
const REDIRECTS = ['<<-', '<<<', '<<', '>>', '>&', '<&', '<>', '>|', '<', '>', '&>>', '&>'];
const BLANK = new Set([' ', '\t', '\r']);
const WORD_END = new Set([' ', '\t', '\r', '\n', ';', '&', '|', '(', ')', '<', '>']);

/** Skips a `$(...)`, `$((...))` or `${...}` starting at text[at] === '$'; returns the end. */
function skipDollar(text: string, at: number): number {
  const open = text[at + 1];
  if (open !== '(' && open !== '{') return at + 1;
  const close = open === '(' ? ')' : '}';
  let depth = 0;
  let i = at + 1;
  while (i < text.length) {
    const c = text[i];
    if (c === '\\') i += 2;
    else if (c === "'" && open === '(') {
      const end = text.indexOf("'", i + 1);
      i = end < 0 ? text.length : end + 1;
    } else if (c === '"' ) i = skipDoubleQuoted(text, i + 1);
    else if (c === '`') {
      const end = text.indexOf('`', i + 1);
      i = end < 0 ? text.length : end + 1;
    } else {
      if (c === open) depth++;
      else if (c === close && --depth === 0) return i + 1;
      i++;
    }
  }
  return text.length;
}

/** From just after an opening `"`, the offset after the closing one. */
function skipDoubleQuoted(text: string, from: number): number {
  let i = from;
  while (i < text.length) {
    const c = text[i];
    if (c === '\\') i += 2;
    else if (c === '"') return i + 1;
    else if (c === '$') i = Math.max(i + 1, skipDollar(text, i));
    else if (c === '`') {
      const end = text.indexOf('`', i + 1);
      i = end < 0 ? text.length : end + 1;
    } else i++;
  }
  return text.length;
}

/**
 * A word as the parser hands it out. Its source range and the origin of each value character are
 * worked out on first use (prototype getters): most words are never reported or re-parsed, and
 * computing both for every word made RUN parsing allocation-bound.
 */
class Word implements ShellWord {
  private rangeCache: Range | undefined;
  private offsetsCache: number[] | undefined;

  constructor(
    private readonly source: ShellSource,
    readonly raw: string,
    readonly value: string,
    readonly start: number,
    readonly end: number,
    readonly quoted: boolean,
  ) {}

  get range(): Range {
    return (this.rangeCache ??= sourceRange(this.source, this.start, this.end));
  }

  get valueOffsets(): number[] {
    return (this.offsetsCache ??= scanWord(this.source.text, this.start, true).offsets);
  }
}

function readWord(source: ShellSource, from: number): ShellWord {
  const { end, value, quoted } = scanWord(source.text, from, false);
  return new Word(source, source.text.slice(from, end), value, from, end, quoted);
}

function scanWord(text: string, from: number, withOffsets: boolean): { end: number; value: string; quoted: boolean; offsets: number[] } {
  let value = '';
  const offsets: number[] = [];
  let quoted = false;
  const keep = (start: number, end: number): void => {
    if (end <= start) return;
    value += text.slice(start, end);
    if (withOffsets) for (let k = start; k < end; k++) offsets.push(k);
  };
  let i = from;
  while (i < text.length && !WORD_END.has(text[i])) {
    const c = text[i];
    if (c === '\\') {
      if (text[i + 1] === '\n') i += 2; // line continuation
      else {
        keep(i + 1, Math.min(i + 2, text.length));
        i += 2;
      }
    } else if (c === "'") {
      quoted = true;
      const end = text.indexOf("'", i + 1);
      const close = end < 0 ? text.length : end;
      keep(i + 1, close);
      i = close + 1;
    } else if (c === '"') {
      quoted = true;
      const close = skipDoubleQuoted(text, i + 1);
      let k = i + 1;
      const stop = text[close - 1] === '"' && close - 1 > i ? close - 1 : close;
      while (k < stop) {
        if (text[k] === '\\' && k + 1 < stop && '$`"\\\n'.includes(text[k + 1])) {
          if (text[k + 1] !== '\n') keep(k + 1, k + 2);
          k += 2;
        } else keep(k, ++k);
      }
      i = close;
    } else if (c === '$') {
      const end = skipDollar(text, i);
      keep(i, end);
      i = end;
    } else if (c === '`') {
      const end = text.indexOf('`', i + 1);
      const close = end < 0 ? text.length : end + 1;
      keep(i, close);
      i = close;
    } else keep(i, ++i);
  }
  const end = Math.min(i, text.length);
  offsets.push(end);
  return { end, value, quoted, offsets };
}

function* tokens(source: ShellSource): Generator<Token> {
  const text = source.text;
  const pendingHeredocs: Array<{ delimiter: string; stripTabs: boolean }> = [];
  let i = 0;
  let expectHeredocWord: boolean | null = null; // stripTabs of the `<<` just read
  while (i < text.length) {
    const c = text[i];
    if (BLANK.has(c)) {
      i++;
      continue;
    }
    if (c === '\\' && text[i + 1] === '\n') {
      i += 2;
      continue;
    }
    if (c === '#') {
      const end = text.indexOf('\n', i);
      i = end < 0 ? text.length : end;
      continue;
    }
    if (c === '\n') {
      yield { kind: 'operator', operator: '\n', start: i, end: i + 1 };
      i++;
      // Here-document bodies start on the next line: skip them up to their delimiter line.
      for (const heredoc of pendingHeredocs.splice(0)) {
        while (i < text.length) {
          const lineEnd = text.indexOf('\n', i);
          const stop = lineEnd < 0 ? text.length : lineEnd;
          let line = text.slice(i, stop).replace(/\r$/, '');
          if (heredoc.stripTabs) line = line.replace(/^\t+/, '');
          i = lineEnd < 0 ? text.length : lineEnd + 1;
          if (line === heredoc.delimiter) break;
        }
      }
      continue;
    }
    const redirect = REDIRECTS.find((op) => text.startsWith(op, i));
    if (redirect !== undefined) {
      yield { kind: 'redirect', operator: redirect, start: i, end: i + redirect.length };
      if (redirect === '<<' || redirect === '<<-') expectHeredocWord = redirect === '<<-';
      i += redirect.length;
      continue;
    }
    const operator = OPERATORS.find((op) => text.startsWith(op, i));
    if (operator !== undefined) {
      yield { kind: 'operator', operator, start: i, end: i + operator.length };
      i += operator.length;
      continue;
    }
    const word = readWord(source, i);
    i = Math.max(word.end, i + 1);
    // `2>file`: a number right before a redirection belongs to it.
    if (/^[0-9]+$/.test(word.raw) && (text[i] === '<' || text[i] === '>')) continue;
    if (expectHeredocWord !== null) {
      pendingHeredocs.push({ delimiter: word.value, stripTabs: expectHeredocWord });
      expectHeredocWord = null;
    }
    yield { kind: 'word', word };
  }
}

/** Reserved words that open or close a compound command: the command goes on after them. */
const PREFIX_KEYWORDS = new Set(['if', 'then', 'else', 'elif', 'fi', 'do', 'done', 'while', 'until', '!', '{', '}', 'esac', 'time']);
const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;

function simpleCommand(all: ShellWord[], redirections: Redirection[]): SimpleCommand | null {
  let first = 0;
  while (first < all.length && !all[first].quoted && (PREFIX_KEYWORDS.has(all[first].raw) || ASSIGNMENT.test(all[first].raw))) first++;
  const words = all.slice(first);
  // `for x in a b` and `case x in`: their words are not a command.
  if (words.length > 0 && !words[0].quoted && (words[0].raw === 'for' || words[0].raw === 'case')) return null;
  if (words.length === 0) return null;
  const name = words[0].value;
  const slash = name.lastIndexOf('/');
  const last = words[words.length - 1] as ShellWord;
  const head = words[0] as ShellWord;
  let rangeCache: Range | undefined;
  return {
    words,
    name,
    baseName: slash < 0 ? name : name.slice(slash + 1),
    args: words.slice(1),
    redirections,
    get range(): Range {
      return (rangeCache ??= { start: head.range.start, end: last.range.end });
    },
  };
}

/** The shell of `sh -c 'script'` / `bash -ec "script"`: the script word, or null. */
export function inlineScript(command: SimpleCommand): ShellWord | null {
  if (!['sh', 'bash', 'ash', 'dash', 'ksh', 'zsh'].includes(command.baseName)) return null;
  for (let k = 0; k < command.args.length; k++) {
    const arg = command.args[k].value;
    if (arg === '-o' || arg === '+o') {
      k++;
      continue;
    }
    if (/^-[a-z]*c[a-z]*$/.test(arg)) return command.args[k + 1] ?? null;
    if (!arg.startsWith('-') && !arg.startsWith('+')) return null;
  }
  return null;
}

/** Parses a script. `depth` bounds `sh -c` nesting. */
export function parseShell(source: ShellSource, depth = 0): ShellScript {
  const pipelines: Pipeline[] = [];
  const commands: SimpleCommand[] = [];
  let words: ShellWord[] = [];
  let redirections: Redirection[] = [];
  let pipeline: SimpleCommand[] = [];
  let pipes: Range[] = [];
  let pendingRedirect: string | null = null;
  let parentheses = 0;

  const endCommand = (): void => {
    const command = simpleCommand(words, redirections);
    if (command !== null) {
      pipeline.push(command);
      commands.push(command);
      const script = depth < 3 ? inlineScript(command) : null;
      if (script !== null) {
        const inner = parseShell(nestedSource(script.value, source, script.valueOffsets), depth + 1);
        commands.push(...inner.commands);
        pipelines.push(...inner.pipelines);
      }
    }
    words = [];
    redirections = [];
  };
  const endPipeline = (): void => {
    endCommand();
    if (pipeline.length > 0) {
      pipelines.push({
        commands: pipeline,
        pipes,
        range: { start: pipeline[0].range.start, end: pipeline[pipeline.length - 1].range.end },
      });
    }
    pipeline = [];
    pipes = [];
  };

  for (const token of tokens(source)) {
    if (token.kind === 'word') {
      if (pendingRedirect !== null) {
        redirections.push({ operator: pendingRedirect, target: token.word });
        pendingRedirect = null;
      } else words.push(token.word);
    } else if (token.kind === 'redirect') {
      if (pendingRedirect !== null) redirections.push({ operator: pendingRedirect, target: null });
      pendingRedirect = token.operator;
    } else if (token.operator === '|' || token.operator === '|&') {
      endCommand();
      pipes.push(sourceRange(source, token.start, token.end));
    } else if (token.operator === ')' && parentheses === 0) {
      // A `)` that closes no `(` ends a case pattern (`arm64|aarch64) url=...;;`): not commands.
      commands.splice(commands.length - pipeline.length, pipeline.length);
      pipeline = [];
      pipes = [];
      words = [];
      redirections = [];
    } else {
      if (token.operator === '(') parentheses++;
      else if (token.operator === ')') parentheses--;
      endPipeline();
    }
  }
  if (pendingRedirect !== null) redirections.push({ operator: pendingRedirect, target: null });
  endPipeline();
  // Inner `sh -c` pipelines were pushed before the pipeline holding them: keep source order.
  pipelines.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  return { source, pipelines, commands };
}

/** A word's value without a leading path: `/usr/bin/apt-get` -> `apt-get`. */
/** The command's basename (`/usr/bin/apt-get` -> `apt-get`). */
export function commandName(command: SimpleCommand): string {
  return command.baseName;
}
