/**
 * The parsed form of a Dockerfile, shared by the parser (parser.ts), the rules (rules/) and the
 * language features. Positions are LSP positions: 0-based line, 0-based UTF-16 column, so a
 * range goes to the editor unchanged. Every node keeps the exact range of the text it came
 * from; nothing is normalised away that a rule or a quick fix could need.
 */

export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

/** A parser directive at the top of the file: `# syntax=...`, `# escape=...`, `# check=...`. */
export interface Directive {
  name: string; // lower-case, as the builder compares it
  value: string;
  range: Range; // the whole comment line
  nameRange: Range;
  valueRange: Range;
}

export interface Comment {
  text: string; // without the leading '#' and one following space
  range: Range;
}

/** `--name=value` or `--name` (value null) before an instruction's arguments. */
export interface Flag {
  name: string; // without the dashes, as written
  value: string | null;
  range: Range;
  nameRange: Range;
  valueRange: Range | null;
}

/** A whitespace-separated word of the arguments (continuations joined, quotes kept as written). */
export interface Argument {
  value: string;
  range: Range;
}

export interface Heredoc {
  /** The delimiter word without quotes or the leading '-'. */
  delimiter: string;
  /** `<<-`: leading tabs are stripped from the content. */
  stripTabs: boolean;
  /** The delimiter was quoted ('EOF' / "EOF"): no variable expansion inside. */
  quoted: boolean;
  content: string;
  /** From the line after the instruction line to the end of the closing delimiter line. */
  range: Range;
  contentRange: Range;
  /** False when the file ended before the closing delimiter. */
  terminated: boolean;
}

export interface Instruction {
  /** The keyword as written, e.g. "from". */
  keyword: string;
  /** Upper-case keyword, e.g. "FROM". */
  name: string;
  /** From the keyword to the end of the last continuation line or heredoc. */
  range: Range;
  keywordRange: Range;
  flags: Flag[];
  /** Words after the flags. */
  args: Argument[];
  /** The text after keyword and flags, continuation characters and newlines removed (comment
   * lines inside continuations dropped), as the builder sees it. */
  argsText: string;
  /** Range of the arguments in the source (first to last argument character), or null. */
  argsRange: Range | null;
  /** The arguments as a JSON array (exec form) when they are one, else null. */
  jsonForm: string[] | null;
  heredocs: Heredoc[];
  /** 0-based source lines an instruction spans (first, last). */
  startLine: number;
  endLine: number;
  /** Lines that are empty inside a continuation (BuildKit's NoEmptyContinuation). */
  emptyContinuationLines: number[];
  /** For ONBUILD: the instruction it wraps, parsed the same way. */
  trigger: Instruction | null;
}

export interface Stage {
  index: number;
  /** The name after AS, as written (case kept), or null. */
  name: string | null;
  nameRange: Range | null;
  /** The FROM instruction that starts the stage. */
  from: Instruction;
  /** Instructions of the stage after its FROM. */
  instructions: Instruction[];
}

export interface ParseProblem {
  /** Stable id, e.g. "unterminated-heredoc", "line-too-long", "unknown-directive". */
  id: string;
  message: string;
  range: Range;
}

export interface Dockerfile {
  /** The source split into lines (without line terminators). */
  lines: string[];
  directives: Directive[];
  /** '\\' by default, '`' with `# escape=``. */
  escapeChar: string;
  comments: Comment[];
  /** Every instruction in order. */
  instructions: Instruction[];
  /** ARG instructions before the first FROM. */
  globalArgs: Instruction[];
  stages: Stage[];
  /** Problems found while parsing (the file is still parsed as far as possible). */
  problems: ParseProblem[];
}
