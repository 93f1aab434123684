/**
 * Variable substitution as BuildKit's Dockerfile frontend does it (frontend/dockerfile/shell,
 * `Lex.ProcessWord`): quotes, the escape character, `$VAR`, `${VAR}` and the modifiers
 * `${VAR:-word}` `${VAR-word}` `${VAR:+word}` `${VAR+word}` `${VAR:?msg}` `${VAR?msg}`
 * `${VAR#pat}` `${VAR##pat}` `${VAR%pat}` `${VAR%%pat}` `${VAR/pat/repl}` `${VAR//pat/repl}`.
 *
 * Besides the result it records which names were looked up and found (matched) and which were
 * not (unmatched): the build checks are built on these. Note that BuildKit counts every lookup,
 * so `${VAR:-default}` with VAR unset does count VAR as unmatched (and UndefinedVar reports it).
 */

export interface VariableLookup {
  get(name: string): string | undefined;
}

export interface ShellExpansionOptions {
  /** The Dockerfile's escape character: '\\', or '`' with `# escape=``. */
  escapeChar: string;
  /** Leave quotes alone (BuildKit's ExpandRaw, used for heredoc bodies). */
  skipProcessQuotes?: boolean;
}

export interface WordExpansion {
  result: string;
  /** The result split into words at unquoted whitespace (BuildKit's ProcessWords). */
  words: string[];
  /** Names looked up and found, in order of first use. */
  matched: ReadonlySet<string>;
  /** Names looked up and not found, in order of first use. */
  unmatched: ReadonlySet<string>;
  /** BuildKit's error for a malformed word (`failed to process "...": ...`), else null. */
  error: string | null;
}

const EOF = '';

class SubstitutionError extends Error {}

/** Accumulates words split at unquoted whitespace. */
class WordSplitter {
  private readonly words: string[] = [];
  private buffer = '';
  private inWord = false;

  addChar(ch: string): void {
    if (isSpace(ch) && this.inWord) {
      if (this.buffer.length !== 0) {
        this.words.push(this.buffer);
        this.buffer = '';
        this.inWord = false;
      }
    } else if (!isSpace(ch)) {
      this.addRawChar(ch);
    }
  }

  addRawChar(ch: string): void {
    this.buffer += ch;
    this.inWord = true;
  }

  addString(text: string): void {
    for (const ch of text) this.addChar(ch);
  }

  addRawString(text: string): void {
    this.buffer += text;
    this.inWord = true;
  }

  finish(): string[] {
    if (this.buffer.length > 0) {
      this.words.push(this.buffer);
      this.buffer = '';
      this.inWord = false;
    }
    return this.words;
  }
}

function isSpace(ch: string): boolean {
  return /^\s$/u.test(ch);
}

function isLetter(ch: string): boolean {
  return /^\p{L}$/u.test(ch);
}

function isDigit(ch: string): boolean {
  return /^\p{Nd}$/u.test(ch);
}

/** POSIX special parameters ($@ $* $# $? $- $$ $! $0). */
function isSpecialParameter(ch: string): boolean {
  return '@*#?-$!0'.includes(ch) && ch.length === 1;
}

class ShellWord {
  private readonly chars: string[];
  private position = 0;
  private rawEscapes = false;
  readonly matched = new Set<string>();
  readonly unmatched = new Set<string>();

  constructor(
    word: string,
    private readonly variables: VariableLookup,
    private readonly options: ShellExpansionOptions,
  ) {
    this.chars = Array.from(word);
  }

  private peek(): string {
    return this.chars[this.position] ?? EOF;
  }

  private next(): string {
    const ch = this.chars[this.position] ?? EOF;
    if (ch !== EOF) this.position++;
    return ch;
  }

  private lookup(name: string): string | undefined {
    const value = this.variables.get(name);
    if (value === undefined) this.unmatched.add(name);
    else this.matched.add(name);
    return value;
  }

  /** Processes up to `stop` (consumed) or the end of the word. */
  processStopOn(stop: string, rawEscapes: boolean): { result: string; words: string[] } {
    let result = '';
    const words = new WordSplitter();
    const savedRawEscapes = this.rawEscapes;
    this.rawEscapes = rawEscapes;
    try {
      while (this.peek() !== EOF) {
        let ch = this.peek();
        if (stop !== EOF && ch === stop) {
          this.next();
          return { result, words: words.finish() };
        }
        if (ch === '$') {
          const value = this.processDollar();
          result += value;
          words.addString(value);
        } else if (!this.options.skipProcessQuotes && (ch === "'" || ch === '"')) {
          const value = ch === "'" ? this.processSingleQuote() : this.processDoubleQuote();
          result += value;
          words.addRawString(value);
        } else {
          ch = this.next();
          if (ch === this.options.escapeChar) {
            if (this.rawEscapes) {
              words.addRawChar(ch);
              result += ch;
            }
            // The escape character escapes the next character, except at the end of the word.
            ch = this.next();
            if (ch === EOF) break;
            words.addRawChar(ch);
          } else {
            words.addChar(ch);
          }
          result += ch;
        }
      }
      if (stop !== EOF) throw new SubstitutionError(`unexpected end of statement while looking for matching ${stop}`);
      return { result, words: words.finish() };
    } finally {
      this.rawEscapes = savedRawEscapes;
    }
  }

  private processSingleQuote(): string {
    // Everything up to the next ' is literal; nothing can be escaped inside.
    let result = '';
    this.next();
    for (;;) {
      const ch = this.next();
      if (ch === EOF) throw new SubstitutionError('unexpected end of statement while looking for matching single-quote');
      if (ch === "'") return result;
      result += ch;
    }
  }

  private processDoubleQuote(): string {
    // Literal up to the next ", except $ substitutions and escapes of " $ and the escape char.
    let result = '';
    this.next();
    for (;;) {
      const peeked = this.peek();
      if (peeked === EOF) throw new SubstitutionError('unexpected end of statement while looking for matching double-quote');
      if (peeked === '"') {
        this.next();
        return result;
      }
      if (peeked === '$') {
        result += this.processDollar();
        continue;
      }
      let ch = this.next();
      if (ch === this.options.escapeChar) {
        if (this.rawEscapes) result += ch;
        const following = this.peek();
        if (following === EOF) continue;
        if (following === '"' || following === '$' || following === this.options.escapeChar) ch = this.next();
      }
      result += ch;
    }
  }

  private processDollar(): string {
    this.next();
    if (this.peek() !== '{') {
      const name = this.processName();
      if (name === '') return '$';
      return this.lookup(name) ?? '';
    }
    this.next();
    const first = this.peek();
    if (first === EOF) throw new SubstitutionError("syntax error: missing '}'");
    if (first === '{' || first === '}' || first === ':') throw new SubstitutionError('syntax error: bad substitution');

    const name = this.processName();
    let ch = this.next();
    let modifier = ch;
    let nullIsUnset = false;
    if (ch === '}') return this.lookup(name) ?? '';
    if (ch === '/') return this.processReplacement(name);
    if (ch === ':') {
      nullIsUnset = true;
      ch = this.next();
      modifier += ch;
    } else if (ch === EOF) {
      // BuildKit reports "unsupported modifier (\uFFFD)" here (Go's string(EOF)); say what is wrong.
      throw new SubstitutionError("syntax error: missing '}'");
    } else if (!'+-?#%'.includes(ch)) {
      throw new SubstitutionError(`unsupported modifier (${modifier}) in substitution`);
    }

    const rawEscapes = ch === '#' || ch === '%';
    if (nullIsUnset && rawEscapes) throw new SubstitutionError(`unsupported modifier (${modifier}) in substitution`);
    const word = this.processStopOnBrace(rawEscapes);
    const value = this.lookup(name);
    const set = value !== undefined;
    const empty = !set || (nullIsUnset && value === '');
    switch (ch) {
      case '-':
        return empty ? word : (value ?? '');
      case '+':
        return empty ? '' : word;
      case '?':
        if (!set) throw new SubstitutionError(`${name}: ${word !== '' ? word : 'is not allowed to be unset'}`);
        if (nullIsUnset && value === '') throw new SubstitutionError(`${name}: ${word !== '' ? word : 'is not allowed to be empty'}`);
        return value ?? '';
      case '%':
      case '#': {
        // %/# remove the shortest match, %%/## the longest.
        const greedy = word.startsWith(ch);
        const pattern = greedy ? word.slice(1) : word;
        return ch === '%' ? trimSuffix(pattern, value ?? '', greedy) : trimPrefix(pattern, value ?? '', greedy);
      }
      default:
        throw new SubstitutionError(`unsupported modifier (${modifier}) in substitution`);
    }
  }

  private processStopOnBrace(rawEscapes: boolean): string {
    try {
      return this.processStopOn('}', rawEscapes).result;
    } catch (error) {
      if (this.peek() === EOF) throw new SubstitutionError("syntax error: missing '}'");
      throw error;
    }
  }

  private processReplacement(name: string): string {
    const replaceAll = this.peek() === '/';
    if (replaceAll) this.next();
    let pattern: string;
    try {
      pattern = this.processStopOn('/', true).result;
    } catch (error) {
      if (this.peek() === EOF) throw new SubstitutionError("syntax error: missing '/' in ${}");
      throw error;
    }
    const replacement = this.processStopOnBrace(true);
    const value = this.lookup(name) ?? '';
    const regexp = shellPatternToRegExp(pattern, true, false, replaceAll);
    return value.replace(regexp, () => replacement);
  }

  private processName(): string {
    // A name is letters, digits and '_'; a leading digit run or one special parameter is a
    // positional or special parameter ($1, $@ ...).
    let name = '';
    while (this.peek() !== EOF) {
      const ch = this.peek();
      if (name.length === 0 && isDigit(ch)) {
        while (this.peek() !== EOF && isDigit(this.peek())) name += this.next();
        return name;
      }
      if (name.length === 0 && isSpecialParameter(ch)) return this.next();
      if (!isLetter(ch) && !isDigit(ch) && ch !== '_') break;
      name += this.next();
    }
    return name;
  }
}

/**
 * A shell pattern (`*` any string, `?` one character, `\` escapes) as a regular expression;
 * bracket expressions are not supported, as in BuildKit.
 */
export function shellPatternToRegExp(pattern: string, greedy: boolean, anchored: boolean, global = false): RegExp {
  const chars = Array.from(pattern);
  let source = anchored ? '^' : '';
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i] ?? '';
    if (ch === '*') {
      source += greedy ? '.*' : '.*?';
    } else if (ch === '?') {
      source += '.';
    } else if (ch === '\\') {
      const following = chars[i + 1];
      // `}` and `/` are escaped only to get them past ${...}; the escape is not part of it.
      if (following === '}' || following === '/') continue;
      i++;
      if (following !== '*' && following !== '?' && following !== '\\') {
        throw new SubstitutionError(`invalid pattern (${pattern}) in substitution: invalid escape '\\${following ?? ''}'`);
      }
      source += `\\${following}`;
    } else {
      source += ch.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    }
  }
  return new RegExp(source, global ? 'gu' : 'u');
}

function trimPrefix(pattern: string, value: string, greedy: boolean): string {
  const match = shellPatternToRegExp(pattern, greedy, true).exec(value);
  return match ? value.slice(match[0].length) : value;
}

/** Reverses a pattern, keeping each `\x` escape in front of its character. */
function reversePattern(pattern: string): string {
  const units: string[] = [];
  const chars = Array.from(pattern);
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i] ?? '';
    if (ch === '\\' && i + 1 < chars.length) {
      units.push(ch + (chars[i + 1] ?? ''));
      i++;
    } else {
      units.push(ch);
    }
  }
  return units.reverse().join('');
}

function reverseString(text: string): string {
  return Array.from(text).reverse().join('');
}

function trimSuffix(pattern: string, value: string, greedy: boolean): string {
  // A regular expression cannot find the shortest rightmost match, so search the reversed
  // string with the reversed pattern from the left (as BuildKit does).
  return reverseString(trimPrefix(reversePattern(pattern), reverseString(value), greedy));
}

/** Expands one word as BuildKit's ProcessWord does, recording the names it looked up. */
export function expandWord(word: string, variables: VariableLookup, options: ShellExpansionOptions): WordExpansion {
  const shell = new ShellWord(word, variables, options);
  try {
    const { result, words } = shell.processStopOn(EOF, false);
    return { result, words, matched: shell.matched, unmatched: shell.unmatched, error: null };
  } catch (error) {
    if (!(error instanceof SubstitutionError)) throw error;
    return { result: '', words: [], matched: shell.matched, unmatched: shell.unmatched, error: `failed to process "${word}": ${error.message}` };
  }
}

/** A lookup over a plain record (tests, build arguments). */
export function lookupFrom(values: Readonly<Record<string, string>> | ReadonlyMap<string, string>): VariableLookup {
  if (values instanceof Map) return { get: (name) => values.get(name) };
  const record = values as Readonly<Record<string, string>>;
  return { get: (name) => (Object.prototype.hasOwnProperty.call(record, name) ? record[name] : undefined) };
}

/** A lookup that finds nothing (BuildKit expands `COPY --from` against no variables at all). */
export const NO_VARIABLES: VariableLookup = { get: () => undefined };
