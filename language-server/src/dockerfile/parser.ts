/**
 * The Dockerfile parser: text in, the ast.ts model out, never an exception.
 *
 * It reads a file the way BuildKit's frontend parser does (moby/buildkit
 * frontend/dockerfile/parser: parser.go, directives.go, split_command.go, line_parsers.go), so
 * that what a rule sees is what the builder will build, and it keeps the source position of
 * every piece, so that a finding lands on the exact characters. Where BuildKit stops at the
 * first error, this parser records a ParseProblem and goes on. docs/dockerfile-parser.md says why
 * we wrote our own rather than using dockerfile-ast.
 *
 * Problem ids: invalid-escape-directive, duplicate-directive, unterminated-heredoc,
 * line-too-long, json-array-not-strings.
 */
import type {
  Argument,
  Comment,
  Directive,
  Dockerfile,
  Flag,
  Heredoc,
  Instruction,
  ParseProblem,
  Position,
  Range,
  Stage,
} from './ast';

/** bufio.Scanner's token limit minus one: BuildKit fails on any longer physical line. */
const MAX_LINE_BYTES = 65535;

const KNOWN_DIRECTIVES = new Set(['syntax', 'escape', 'check']);

/** The instructions BuildKit reads heredocs for (parser.go, heredocDirectives). */
const HEREDOC_INSTRUCTIONS = new Set(['ADD', 'COPY', 'RUN']);

/** parseMaybeJSON / parseMaybeJSONToList in line_parsers.go; HEALTHCHECK is handled apart. */
const JSON_INSTRUCTIONS = new Set(['ADD', 'CMD', 'COPY', 'ENTRYPOINT', 'RUN', 'SHELL', 'VOLUME']);

/** Instructions whose words BuildKit splits on whitespace alone, quotes or not
 * (parseStringsWhitespaceDelimited): `COPY "a b" /x/` is three words to the builder. */
const WHITESPACE_WORD_INSTRUCTIONS = new Set(['ADD', 'COPY', 'EXPOSE', 'FROM', 'VOLUME']);

/** ONBUILD ONBUILD ... is an error anyway; the cap only keeps hostile input off the stack. */
const MAX_TRIGGER_DEPTH = 64;
const MAX_SHELL_NESTING = 128;

const HASH = 0x23;
const BACKSLASH = 0x5c;
const BOM = 0xfeff;

export function parseDockerfile(text: string): Dockerfile {
  return new DockerfileReader(text).read();
}

// ---------------------------------------------------------------------------------------------
// Character classes. Go's unicode.IsSpace and the parser's `[\t\v\f\r ]+` are not JavaScript's
// \s (which adds U+FEFF and lacks U+0085), so they are spelled out.

function isGoSpace(code: number): boolean {
  if (code <= 0x20) return code === 0x20 || (code >= 0x09 && code <= 0x0d);
  if (code < 0x85) return false;
  return (
    code === 0x85 ||
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000
  );
}

/** BuildKit's token separator `[\t\v\f\r ]` (no newline: lines are joined before splitting). */
function isTokenSpace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0b || code === 0x0c || code === 0x0d;
}

/** unicode.IsSpace on a byte, as extractBuilderFlags applies it, for ASCII. */
function isAsciiGoSpace(code: number): boolean {
  return code === 0x20 || (code >= 0x09 && code <= 0x0d);
}

/** Go regexp's `\s`: `[\t\n\f\r ]` (no \v). */
function isRegexpSpace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0c || code === 0x0d;
}

function isAsciiLetter(code: number): boolean {
  return (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a);
}

function isAsciiDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

function skipGoSpace(text: string, from: number, to: number = text.length): number {
  let at = from;
  while (at < to && isGoSpace(text.charCodeAt(at))) at++;
  return at;
}

function trimGoSpaceEnd(text: string, from: number, to: number): number {
  let at = to;
  while (at > from && isGoSpace(text.charCodeAt(at - 1))) at--;
  return at;
}

function utf8Length(text: string): number {
  let bytes = 0;
  for (let at = 0; at < text.length; at++) {
    const code = text.charCodeAt(at);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && at + 1 < text.length) {
      const low = text.charCodeAt(at + 1);
      if (low >= 0xdc00 && low <= 0xdfff) {
        bytes += 4;
        at++;
      } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
}

/**
 * Where a physical line's continuation escape is, or -1. BuildKit's rule (setEscapeToken): the
 * escape token, then only spaces and tabs, and not itself escaped, i.e. not preceded by another
 * escape token (`RUN echo \\` does not continue).
 */
function continuationEscape(line: string, from: number, escape: number): number {
  let end = line.length;
  while (end > from) {
    const code = line.charCodeAt(end - 1);
    if (code !== 0x20 && code !== 0x09) break;
    end--;
  }
  if (end <= from || line.charCodeAt(end - 1) !== escape) return -1;
  if (end - 1 > from && line.charCodeAt(end - 2) === escape) return -1;
  return end - 1;
}

// ---------------------------------------------------------------------------------------------
// Positions. An instruction is parsed from its joined text (continuations removed, as the
// builder sees it); a SourceMap takes an offset in that text back to the source.

class SourceMap {
  // Most instructions are one line: their piece lives in these fields and the arrays stay null.
  private firstLine = 0;
  private firstColumn = 0;
  private starts: number[] | null = null;
  private lines: number[] | null = null;
  private columns: number[] | null = null;
  private pieces = 0;
  private length = 0;

  /** The next `count` characters of the joined text are source line `line` from `column`. */
  append(line: number, column: number, count: number): void {
    if (count <= 0) return;
    if (this.pieces === 0) {
      this.firstLine = line;
      this.firstColumn = column;
    } else {
      if (this.starts === null) {
        this.starts = [0];
        this.lines = [this.firstLine];
        this.columns = [this.firstColumn];
      }
      this.starts.push(this.length);
      this.lines!.push(line);
      this.columns!.push(column);
    }
    this.pieces++;
    this.length += count;
  }

  position(offset: number): Position {
    const starts = this.starts;
    if (starts === null) {
      return { line: this.firstLine, character: this.firstColumn + Math.min(offset, this.length) };
    }
    let piece: number;
    if (offset >= this.length) piece = starts.length - 1;
    else {
      let low = 0;
      let high = starts.length - 1;
      while (low < high) {
        const middle = (low + high + 1) >> 1;
        if (starts[middle] <= offset) low = middle;
        else high = middle - 1;
      }
      piece = low;
    }
    return { line: this.lines![piece], character: this.columns![piece] + (offset - starts[piece]) };
  }

  /** The source range of joined-text offsets [start, end). A range never ends at the start of
   * the next source line: its end is just after its last character. */
  range(start: number, end: number): Range {
    const from = this.position(start);
    if (end <= start) return { start: from, end: { line: from.line, character: from.character } };
    const last = this.position(end - 1);
    last.character++;
    return { start: from, end: last };
  }
}

// ---------------------------------------------------------------------------------------------
// The shell word lexer BuildKit runs over a heredoc-capable line to find `<<WORD` markers
// (shell/lex.go with RawQuotes, RawEscapes, SkipUnsetEnv and no variables set). Only what decides
// where words start and end, and when lexing fails, matters here: a lexing error means BuildKit
// finds no heredoc on the line at all.

class ShellSyntaxError {}

interface ShellWord {
  text: string;
  start: number;
  end: number;
}

class ShellWordCollector {
  private word = '';
  private start = 0;
  private inWord = false;
  readonly words: ShellWord[] = [];

  addChar(char: string, at: number): void {
    if (isGoSpace(char.charCodeAt(0))) {
      if (this.inWord && this.word.length > 0) {
        this.words.push({ text: this.word, start: this.start, end: at });
        this.word = '';
        this.inWord = false;
      }
    } else this.addRaw(char, at);
  }

  addRaw(text: string, at: number): void {
    if (this.word.length === 0) this.start = at;
    this.word += text;
    this.inWord = true;
  }

  addExpanded(text: string, at: number): void {
    for (const char of text) this.addChar(char, at);
  }

  finish(at: number): ShellWord[] {
    if (this.word.length > 0) this.words.push({ text: this.word, start: this.start, end: at });
    this.word = '';
    this.inWord = false;
    return this.words;
  }
}

class ShellLexer {
  private at = 0;
  private depth = 0;

  constructor(
    private readonly text: string,
    private readonly rawQuotes: boolean,
    private rawEscapes: boolean,
  ) {}

  /** The words, or null where BuildKit's lexer would fail. */
  words(): ShellWord[] | null {
    try {
      return this.until('', this.rawEscapes).words;
    } catch (error) {
      if (error instanceof ShellSyntaxError) return null;
      throw error;
    }
  }

  private until(stop: string, rawEscapes: boolean): { result: string; words: ShellWord[] } {
    if (++this.depth > MAX_SHELL_NESTING) throw new ShellSyntaxError();
    const saved = this.rawEscapes;
    this.rawEscapes = rawEscapes;
    try {
      const text = this.text;
      const words = new ShellWordCollector();
      let result = '';
      while (this.at < text.length) {
        const char = text[this.at];
        if (stop !== '' && char === stop) {
          this.at++;
          return { result, words: words.finish(this.at - 1) };
        }
        const start = this.at;
        if (char === '$') {
          const value = this.dollar();
          result += value;
          words.addExpanded(value, start);
          continue;
        }
        if (char === "'" || char === '"') {
          const value = char === "'" ? this.singleQuoted() : this.doubleQuoted();
          result += value;
          words.addRaw(value, start);
          continue;
        }
        this.at++;
        if (char === '\\') {
          if (this.rawEscapes) {
            words.addRaw(char, start);
            result += char;
          }
          if (this.at >= text.length) break;
          const escaped = text[this.at++];
          words.addRaw(escaped, start);
          result += escaped;
        } else {
          words.addChar(char, start);
          result += char;
        }
      }
      if (stop !== '') throw new ShellSyntaxError();
      return { result, words: words.finish(this.at) };
    } finally {
      this.rawEscapes = saved;
      this.depth--;
    }
  }

  private singleQuoted(): string {
    const text = this.text;
    this.at++;
    let result = this.rawQuotes ? "'" : '';
    for (;;) {
      if (this.at >= text.length) throw new ShellSyntaxError();
      const char = text[this.at++];
      if (char === "'") return this.rawQuotes ? result + char : result;
      result += char;
    }
  }

  private doubleQuoted(): string {
    const text = this.text;
    this.at++;
    let result = this.rawQuotes ? '"' : '';
    for (;;) {
      if (this.at >= text.length) throw new ShellSyntaxError();
      let char = text[this.at];
      if (char === '"') {
        this.at++;
        return this.rawQuotes ? result + char : result;
      }
      if (char === '$') {
        result += this.dollar();
        continue;
      }
      this.at++;
      if (char === '\\') {
        if (this.rawEscapes) result += char;
        if (this.at >= text.length) continue;
        const next = text[this.at];
        if (next === '"' || next === '$' || next === '\\') {
          char = next;
          this.at++;
        }
      }
      result += char;
    }
  }

  /** `$name` and `${...}` with every variable unset and SkipUnsetEnv: the text comes back as
   * written, but the syntax is still checked. */
  private dollar(): string {
    const text = this.text;
    this.at++;
    if (text[this.at] !== '{') {
      const name = this.name();
      return name === '' ? '$' : '$' + name;
    }
    this.at++;
    if (this.at >= text.length) throw new ShellSyntaxError();
    const first = text[this.at];
    if (first === '{' || first === '}' || first === ':') throw new ShellSyntaxError();
    const name = this.name();
    if (this.at >= text.length) throw new ShellSyntaxError();
    let operator = text[this.at++];
    if (operator === '}') return '${' + name + '}';
    if (operator === '/') {
      if (text[this.at] === '/') this.at++;
      const pattern = this.until('/', true);
      const replacement = this.until('}', true);
      return '${' + name + '/' + pattern.result + '/' + replacement.result + '}';
    }
    if (operator === ':') {
      // With the variable unset, lex.go returns before checking what follows ':'.
      if (this.at >= text.length) throw new ShellSyntaxError();
      operator += text[this.at++];
    } else if (!'+-?#%'.includes(operator)) throw new ShellSyntaxError();
    const last = operator[operator.length - 1];
    const word = this.until('}', last === '#' || last === '%');
    return '${' + name + operator + word.result + '}';
  }

  private name(): string {
    const text = this.text;
    const start = this.at;
    if (this.at < text.length && isAsciiDigit(text.charCodeAt(this.at))) {
      while (this.at < text.length && isAsciiDigit(text.charCodeAt(this.at))) this.at++;
      return text.slice(start, this.at);
    }
    if (this.at < text.length && '@*#?-$!0'.includes(text[this.at])) {
      this.at++;
      return text[start];
    }
    while (this.at < text.length && /[\p{L}\p{Nd}_]/u.test(text[this.at])) this.at++;
    return text.slice(start, this.at);
  }
}

interface HeredocMarker {
  delimiter: string;
  stripTabs: boolean;
  quoted: boolean;
  /** The `<<WORD` word, in joined-text offsets. */
  start: number;
  end: number;
}

const HEREDOC_WORD = /^(\d*)<<(-?)([^<]*)$/;

function countQuotes(text: string): number {
  let count = 0;
  for (let at = 0; at < text.length; at++) {
    const code = text.charCodeAt(at);
    if (code === 0x22 || code === 0x27) count++;
  }
  return count;
}

/** heredocsFromLine + heredocFromMatch (parser.go). */
function heredocMarkers(line: string): HeredocMarker[] {
  if (!line.includes('<<')) return [];
  const words = new ShellLexer(line, true, true).words();
  if (words === null) return [];
  const markers: HeredocMarker[] = [];
  for (const word of words) {
    const match = HEREDOC_WORD.exec(word.text);
    if (match === null || match[3] === '') continue;
    const rest = match[3];
    const plain = new ShellLexer(rest, false, false).words();
    if (plain === null || plain.length !== 1) continue;
    const raw = new ShellLexer(rest, true, false).words();
    if (raw === null || raw.length !== 1) continue;
    markers.push({
      delimiter: plain[0].text,
      stripTabs: match[2] === '-',
      // Quotes anywhere in the word switch expansion off, as in the shell.
      quoted: countQuotes(plain[0].text) !== countQuotes(raw[0].text),
      start: word.start,
      end: word.end,
    });
  }
  return markers;
}

// ---------------------------------------------------------------------------------------------
// Flags and words of one instruction, in joined-text offsets.

interface FlagSpan {
  start: number;
  end: number;
  /** The word with quotes and backslash escapes resolved, as BuildKit's BFlags receives it. */
  processed: string;
  /** Offset of the character that became the first '=' of `processed`, or -1. */
  equals: number;
}

/** extractBuilderFlags (split_command.go): leading `--` words, quotes and backslash escapes
 * resolved (always a backslash: the escape directive does not apply), up to the first word that
 * does not start with `--` or a bare `--`. */
function extractFlags(text: string, from: number, to: number): { flags: FlagSpan[]; argsStart: number } {
  const flags: FlagSpan[] = [];
  let at = from;
  for (;;) {
    while (at < to && isAsciiGoSpace(text.charCodeAt(at))) at++;
    if (at >= to) return { flags, argsStart: to };
    if (text.charCodeAt(at) !== 0x2d || at + 1 >= to || text.charCodeAt(at + 1) !== 0x2d) {
      return { flags, argsStart: at };
    }
    const start = at;
    let processed = '';
    let equals = -1;
    let quote = 0;
    let blankOk = false;
    while (at < to) {
      let code = text.charCodeAt(at);
      if (quote === 0) {
        if (isAsciiGoSpace(code)) break;
        if (code === 0x22 || code === 0x27) {
          quote = code;
          blankOk = true;
          at++;
          continue;
        }
      } else if (code === quote) {
        quote = 0;
        at++;
        continue;
      }
      if (code === BACKSLASH) {
        if (at + 1 >= to) {
          quote = 0;
          at++;
          continue;
        }
        at++;
        code = text.charCodeAt(at);
      }
      if (code === 0x3d && equals < 0) equals = at;
      processed += text[at];
      at++;
    }
    if (processed === '--') return { flags, argsStart: at };
    if (blankOk || processed.length > 0) flags.push({ start, end: at, processed, equals });
  }
}

type WordSink = (start: number, end: number) => void;

/** parseWords (line_parsers.go): whitespace-separated, quotes and escapes keep a word together. */
function quotedWords(text: string, from: number, to: number, escape: number, word: WordSink): void {
  let at = from;
  while (at < to) {
    at = skipGoSpace(text, at, to);
    if (at >= to) break;
    const start = at;
    let quote = 0;
    while (at < to) {
      const code = text.charCodeAt(at);
      if (quote === 0) {
        if (isGoSpace(code)) break;
        if (code === 0x22 || code === 0x27) quote = code;
        else if (code === escape) {
          at += at + 1 < to ? 2 : 1;
          continue;
        }
        at++;
      } else {
        if (code === quote) quote = 0;
        else if (code === escape && quote !== 0x27) {
          at += at + 1 < to ? 2 : 1;
          continue;
        }
        at++;
      }
    }
    word(start, at);
  }
}

/** parseStringsWhitespaceDelimited: split on `[\t\v\f\r ]+`. */
function plainWords(text: string, from: number, to: number, word: WordSink): void {
  let at = from;
  while (at < to) {
    while (at < to && isTokenSpace(text.charCodeAt(at))) at++;
    if (at >= to) break;
    const start = at;
    while (at < to && !isTokenSpace(text.charCodeAt(at))) at++;
    word(start, at);
  }
}

type JsonArray = { kind: 'strings'; values: string[] } | { kind: 'not-strings' } | { kind: 'not-json' };

/** parseJSON: the whole text must be one JSON array (json.Unmarshal); an array with anything but
 * strings is an error to BuildKit, anything else that is not JSON falls back to shell form. */
function jsonArray(text: string): JsonArray {
  if (text.charCodeAt(0) !== 0x5b) return { kind: 'not-json' };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { kind: 'not-json' };
  }
  if (!Array.isArray(value)) return { kind: 'not-json' };
  if (!value.every((item) => typeof item === 'string')) return { kind: 'not-strings' };
  return { kind: 'strings', values: value as string[] };
}

// ---------------------------------------------------------------------------------------------

const UNFINISHED: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

const upperCaseNames = new Map<string, string>();

/** Keywords repeat; one shared string per spelling keeps a large file's parse result small. */
function upperCaseName(keyword: string): string {
  let name = upperCaseNames.get(keyword);
  if (name === undefined) {
    name = keyword.toUpperCase();
    if (keyword.length <= 16 && upperCaseNames.size < 1024) upperCaseNames.set(keyword, name);
  }
  return name;
}

/** An instruction as read from its joined text, before its heredocs (if any) are read. */
interface PendingInstruction {
  instruction: Instruction;
  /** The instruction that owns heredocs: itself, or an ONBUILD's trigger. */
  heredocOwner: Instruction | null;
}

class DockerfileReader {
  private readonly lines: string[] = [];
  /** Offset of each line in the text, plus the text length at the end. */
  private readonly lineStarts: number[] = [];
  /** Lines BuildKit reads: a final empty line after the last newline is not one. */
  private readonly lineCount: number;

  private escape = BACKSLASH;
  private directivesDone = false;
  /** `#!` on the first line: BuildKit's parser stops looking for directives there, while the
   * frontend's `syntax`/`check` lookup (directives.go, discardShebang) skips it. */
  private afterShebang = false;
  private readonly seenDirectives = new Set<string>();

  private readonly directives: Directive[] = [];
  private readonly comments: Comment[] = [];
  private readonly instructions: Instruction[] = [];
  private readonly problems: ParseProblem[] = [];

  constructor(private readonly text: string) {
    let start = 0;
    for (;;) {
      this.lineStarts.push(start);
      const newline = text.indexOf('\n', start);
      const end = newline < 0 ? text.length : newline;
      const contentEnd = end > start && text.charCodeAt(end - 1) === 0x0d ? end - 1 : end;
      this.lines.push(text.slice(start, contentEnd));
      this.checkLength(this.lines.length - 1, start, end);
      if (newline < 0) break;
      start = newline + 1;
    }
    this.lineStarts.push(text.length);
    const last = this.lines.length - 1;
    this.lineCount = last > 0 && this.lines[last] === '' ? last : this.lines.length;
  }

  read(): Dockerfile {
    let line = 0;
    while (line < this.lineCount) line = this.readAt(line);
    const { globalArgs, stages } = this.stages();
    this.problems.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
    return {
      lines: this.lines,
      directives: this.directives,
      escapeChar: String.fromCharCode(this.escape),
      comments: this.comments,
      instructions: this.instructions,
      globalArgs,
      stages,
      problems: this.problems,
    };
  }

  /** The line as BuildKit compares it: every trailing carriage return removed (trimNewline). */
  private content(line: number): string {
    const text = this.lines[line];
    let end = text.length;
    while (end > 0 && text.charCodeAt(end - 1) === 0x0d) end--;
    return end === text.length ? text : text.slice(0, end);
  }

  private checkLength(line: number, start: number, end: number): void {
    // The scanner's token includes the "\r" of a CRLF ending. A UTF-16 unit is at most 3 UTF-8
    // bytes, so only long lines need counting.
    if ((end - start) * 3 <= MAX_LINE_BYTES) return;
    const bytes = utf8Length(this.text.slice(start, end));
    if (bytes <= MAX_LINE_BYTES) return;
    this.problems.push({
      id: 'line-too-long',
      message: `Line ${line + 1} is ${bytes} bytes long and BuildKit rejects lines over ${MAX_LINE_BYTES} bytes: split it with line continuations`,
      range: { start: { line, character: 0 }, end: { line, character: this.lines[line].length } },
    });
  }

  /** Reads what starts at `line`; returns the next line to read. */
  private readAt(line: number): number {
    const content = this.content(line);
    let first = 0;
    if (line === 0 && content.charCodeAt(0) === BOM) first = 1;
    if (line === 0 && content.startsWith('#!', first)) {
      this.afterShebang = true;
      this.addComment(line, content, first);
      return line + 1;
    }
    first = skipGoSpace(content, first);
    if (!this.directivesDone && this.readDirective(line, content, first)) return line + 1;
    if (content.charCodeAt(first) === HASH) {
      this.addComment(line, content, first);
      return line + 1;
    }
    return this.readInstruction(line, first);
  }

  private addComment(line: number, content: string, hash: number): void {
    const textStart = content.charCodeAt(hash + 1) === 0x20 ? hash + 2 : hash + 1;
    this.comments.push({
      text: content.slice(textStart),
      range: { start: { line, character: hash }, end: { line, character: content.length } },
    });
  }

  /**
   * DirectiveParser.ParseLine (directives.go): `#`, optional whitespace, then
   * `([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$` with a known name. The first line that is not one
   * (an instruction, another comment, a blank line) ends the directives for good.
   */
  private readDirective(line: number, content: string, first: number): boolean {
    const notDirective = (): boolean => {
      this.directivesDone = true;
      return false;
    };
    if (content.charCodeAt(first) !== HASH) return notDirective();
    const nameStart = skipGoSpace(content, first + 1);
    let nameEnd = nameStart;
    if (!isAsciiLetter(content.charCodeAt(nameEnd))) return notDirective();
    while (nameEnd < content.length) {
      const code = content.charCodeAt(nameEnd);
      if (!isAsciiLetter(code) && !isAsciiDigit(code)) break;
      nameEnd++;
    }
    let at = nameEnd;
    while (at < content.length && isRegexpSpace(content.charCodeAt(at))) at++;
    if (content.charCodeAt(at) !== 0x3d) return notDirective();
    const afterEquals = at + 1;
    const end = content.length;
    let valueEnd = end;
    while (valueEnd > afterEquals && isRegexpSpace(content.charCodeAt(valueEnd - 1))) valueEnd--;
    let valueStart: number;
    if (valueEnd > afterEquals) {
      valueStart = afterEquals;
      while (isRegexpSpace(content.charCodeAt(valueStart))) valueStart++;
    } else if (end > afterEquals) {
      // Only whitespace after '=': the lazy `(.+?)` still takes the last character.
      valueStart = end - 1;
      valueEnd = end;
    } else return notDirective();

    const name = content.slice(nameStart, nameEnd).toLowerCase();
    if (!KNOWN_DIRECTIVES.has(name)) return notDirective();
    const lineRange = (from: number, to: number): Range => ({
      start: { line, character: from },
      end: { line, character: to },
    });
    if (this.afterShebang && name === 'escape') {
      // BuildKit's parser stopped at the shebang: this line is a comment to it.
      this.addComment(line, content, first);
      return true;
    }
    if (this.seenDirectives.has(name)) {
      this.problems.push({
        id: 'duplicate-directive',
        message: `The ${name} directive is set twice: BuildKit accepts only one, remove this line`,
        range: lineRange(first, content.length),
      });
      return true;
    }
    this.seenDirectives.add(name);
    const value = content.slice(valueStart, valueEnd);
    const directive: Directive = {
      name,
      value,
      range: lineRange(first, content.length),
      nameRange: lineRange(nameStart, nameEnd),
      valueRange: lineRange(valueStart, valueEnd),
    };
    this.directives.push(directive);
    if (name === 'escape') {
      if (value === '\\' || value === '`') this.escape = value.charCodeAt(0);
      else {
        this.problems.push({
          id: 'invalid-escape-directive',
          message: `Invalid escape character '${value}': the escape directive accepts only \\ or \``,
          range: directive.valueRange,
        });
      }
    }
    return true;
  }

  private readInstruction(startLine: number, first: number): number {
    const content = this.content(startLine);
    const escape = this.escape;
    let cut = continuationEscape(content, first, escape);
    if (cut < 0 && first >= content.length) return startLine + 1; // blank line

    const map = new SourceMap();
    const firstEnd = cut < 0 ? content.length : cut;
    map.append(startLine, first, firstEnd - first);
    let joined = content.slice(first, firstEnd);
    let pieces: string[] | null = null;

    const emptyLines: number[] = [];
    let next = startLine + 1;
    while (cut >= 0 && next < this.lineCount) {
      const line = next++;
      const text = this.content(line);
      const nonSpace = skipGoSpace(text, 0);
      // A comment line inside a continuation is dropped and does not end it; so is a blank
      // line, which BuildKit warns about (NoEmptyContinuation).
      if (text.charCodeAt(nonSpace) === HASH) {
        this.addComment(line, text, nonSpace);
        continue;
      }
      if (nonSpace >= text.length) {
        emptyLines.push(line);
        continue;
      }
      cut = continuationEscape(text, 0, escape);
      const end = cut < 0 ? text.length : cut;
      if (pieces === null) pieces = [joined];
      pieces.push(text.slice(0, end));
      map.append(line, 0, end);
    }

    if (pieces !== null) joined = pieces.join('');
    if (skipGoSpace(joined, 0) >= joined.length) return next; // nothing but escapes and blanks

    const pending = this.instructionFrom(joined, map, 0, joined.length, startLine, emptyLines, 0);
    if (pending === null) return next;
    let endLine = next - 1;
    const owner = pending.heredocOwner;
    if (owner !== null && owner.jsonForm === null) {
      for (const marker of heredocMarkers(joined)) {
        const heredoc = this.readHeredoc(marker, map, next);
        owner.heredocs.push(heredoc.heredoc);
        next = heredoc.next;
        endLine = Math.max(endLine, next - 1);
      }
    }
    this.finish(pending.instruction, endLine);
    this.instructions.push(pending.instruction);
    return next;
  }

  /** Sets the end of an instruction (and of its trigger) once its last line is known. */
  private finish(instruction: Instruction, endLine: number): void {
    instruction.endLine = endLine;
    const start = instruction.keywordRange.start;
    // Fresh objects: no two nodes share a Position, so a consumer may adjust one in place.
    instruction.range = {
      start: { line: start.line, character: start.character },
      end: { line: endLine, character: this.lines[endLine].length },
    };
    if (instruction.trigger !== null) this.finish(instruction.trigger, endLine);
  }

  private readHeredoc(marker: HeredocMarker, map: SourceMap, from: number): { heredoc: Heredoc; next: number } {
    let line = from;
    let terminated = false;
    while (line < this.lineCount) {
      let text = this.content(line);
      if (marker.stripTabs) {
        let tabs = 0;
        while (text.charCodeAt(tabs) === 0x09) tabs++;
        if (tabs > 0) text = text.slice(tabs);
      }
      if (text === marker.delimiter) {
        terminated = true;
        break;
      }
      line++;
    }
    const contentEnd = line; // exclusive
    const hasContent = contentEnd > from;
    const startPosition: Position =
      from < this.lines.length ? { line: from, character: 0 } : this.endOf(this.lines.length - 1);
    const contentRange: Range = {
      start: startPosition,
      end: hasContent ? this.endOf(contentEnd - 1) : { ...startPosition },
    };
    const lastLine = terminated ? line : contentEnd - 1;
    const range: Range = {
      start: { ...startPosition },
      end: terminated || hasContent ? this.endOf(lastLine) : { ...startPosition },
    };
    if (!terminated) {
      this.problems.push({
        id: 'unterminated-heredoc',
        message: `Heredoc ${marker.delimiter} is never closed: add a line containing only ${marker.delimiter}`,
        range: map.range(marker.start, marker.end),
      });
    }
    return {
      heredoc: {
        delimiter: marker.delimiter,
        stripTabs: marker.stripTabs,
        quoted: marker.quoted,
        // As the builder receives it: the lines as written, with their line endings.
        content: this.text.slice(this.lineStarts[from], this.lineStarts[contentEnd]),
        range,
        contentRange,
        terminated,
      },
      next: terminated ? line + 1 : line,
    };
  }

  private endOf(line: number): Position {
    return { line, character: this.lines[line].length };
  }

  /**
   * splitCommand + the per-instruction line parser, over joined[from, to). `depth` counts ONBUILD
   * nesting.
   */
  private instructionFrom(
    joined: string,
    map: SourceMap,
    from: number,
    to: number,
    startLine: number,
    emptyLines: number[],
    depth: number,
  ): PendingInstruction | null {
    const start = skipGoSpace(joined, from, to);
    const end = trimGoSpaceEnd(joined, start, to);
    if (start >= end) return null;
    let keywordEnd = start;
    while (keywordEnd < end && !isTokenSpace(joined.charCodeAt(keywordEnd))) keywordEnd++;
    let restStart = keywordEnd;
    while (restStart < end && isTokenSpace(joined.charCodeAt(restStart))) restStart++;

    const keyword = joined.slice(start, keywordEnd);
    const name = upperCaseName(keyword);
    const { flags, argsStart } = extractFlags(joined, restStart, end);
    const argsFrom = skipGoSpace(joined, argsStart, end);
    const argsText = joined.slice(argsFrom, end);
    const argsRange = argsFrom < end ? map.range(argsFrom, end) : null;

    const args: Argument[] = [];
    const word = (wordStart: number, wordEnd: number): void => {
      const value = wordStart === argsFrom && wordEnd === end ? argsText : joined.slice(wordStart, wordEnd);
      args.push({ value, range: map.range(wordStart, wordEnd) });
    };
    if (WHITESPACE_WORD_INSTRUCTIONS.has(name)) plainWords(joined, argsFrom, end, word);
    else quotedWords(joined, argsFrom, end, this.escape, word);

    const keywordRange = map.range(start, keywordEnd);
    const startPosition = keywordRange.start;
    const instruction: Instruction = {
      keyword,
      name,
      range: UNFINISHED, // set by finish() once the last line (heredocs included) is known
      keywordRange,
      flags: flags.map((flag) => this.flag(map, flag)),
      args,
      argsText,
      argsRange,
      jsonForm: this.jsonForm(name, joined, argsFrom, end, argsRange),
      heredocs: [],
      // An ONBUILD trigger starts at its keyword; a top-level instruction at its first line.
      startLine: depth === 0 ? startLine : startPosition.line,
      endLine: startLine,
      emptyContinuationLines: depth === 0 ? emptyLines : emptyLines.filter((line) => line > startPosition.line),
      trigger: null,
    };

    let heredocOwner: Instruction | null = HEREDOC_INSTRUCTIONS.has(name) ? instruction : null;
    if (name === 'ONBUILD' && depth < MAX_TRIGGER_DEPTH) {
      const trigger = this.instructionFrom(joined, map, argsFrom, end, startLine, emptyLines, depth + 1);
      if (trigger !== null) {
        instruction.trigger = trigger.instruction;
        heredocOwner = trigger.heredocOwner;
      }
    }
    return { instruction, heredocOwner };
  }

  private flag(map: SourceMap, span: FlagSpan): Flag {
    const equals = span.processed.indexOf('=');
    const nameStart = span.start + 2;
    if (equals < 0) {
      return {
        name: span.processed.slice(2),
        value: null,
        range: map.range(span.start, span.end),
        nameRange: map.range(nameStart, span.end),
        valueRange: null,
      };
    }
    return {
      name: span.processed.slice(2, equals),
      value: span.processed.slice(equals + 1),
      range: map.range(span.start, span.end),
      nameRange: map.range(nameStart, span.equals),
      valueRange: map.range(span.equals + 1, span.end),
    };
  }

  private jsonForm(name: string, joined: string, from: number, to: number, argsRange: Range | null): string[] | null {
    let jsonFrom = from;
    if (name === 'HEALTHCHECK') {
      // parseHealthConfig: the type word (CMD/NONE), then parseMaybeJSON on the rest.
      while (jsonFrom < to && !isGoSpace(joined.charCodeAt(jsonFrom))) jsonFrom++;
      jsonFrom = skipGoSpace(joined, jsonFrom, to);
    } else if (!JSON_INSTRUCTIONS.has(name)) return null;
    if (jsonFrom >= to) return null;
    const parsed = jsonArray(joined.slice(jsonFrom, to));
    if (parsed.kind === 'strings') return parsed.values;
    if (parsed.kind === 'not-strings' && argsRange !== null) {
      this.problems.push({
        id: 'json-array-not-strings',
        message: `The JSON array of ${name} must hold only strings: quote every element`,
        range: argsRange,
      });
    }
    return null;
  }

  private stages(): { globalArgs: Instruction[]; stages: Stage[] } {
    const globalArgs: Instruction[] = [];
    const stages: Stage[] = [];
    let current: Stage | null = null;
    for (const instruction of this.instructions) {
      if (instruction.name === 'FROM') {
        const args = instruction.args;
        const named = args.length >= 3 && args[1].value.toLowerCase() === 'as';
        current = {
          index: stages.length,
          name: named ? args[2].value : null,
          nameRange: named ? args[2].range : null,
          from: instruction,
          instructions: [],
        };
        stages.push(current);
      } else if (current !== null) current.instructions.push(instruction);
      else if (instruction.name === 'ARG') globalArgs.push(instruction);
    }
    return { globalArgs, stages };
  }
}
