/**
 * What names a Dockerfile declares and where they are used: build stages (FROM ... AS name,
 * referenced by `COPY --from=`, `RUN --mount=...,from=` and FROM) and variables (ARG and ENV,
 * referenced as `$NAME` / `${NAME...}`), with the scoping rules of the builder: a global ARG
 * (before the first FROM) is visible in FROM lines; inside a stage only what the stage declares
 * is. Pure functions over the parsed file, for completion, hover, definition and symbols.
 */
import type { Dockerfile, Instruction, Position, Range, Stage } from './ast';

export interface VariableDeclaration {
  name: string;
  kind: 'ARG' | 'ENV';
  /** The default or value as written, or null (`ARG NAME`). */
  value: string | null;
  nameRange: Range;
  instruction: Instruction;
}

export interface StageReference {
  name: string;
  range: Range;
  /** The stage it names, or null when no earlier stage has that name or index. */
  stage: Stage | null;
}

const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function contains(range: Range, position: Position): boolean {
  const afterStart = position.line > range.start.line || (position.line === range.start.line && position.character >= range.start.character);
  const beforeEnd = position.line < range.end.line || (position.line === range.end.line && position.character <= range.end.character);
  return afterStart && beforeEnd;
}

function offsetRange(start: Position, from: number, length: number): Range {
  return { start: { line: start.line, character: start.character + from }, end: { line: start.line, character: start.character + from + length } };
}

/** The ARG and ENV names an instruction declares. */
export function declaredVariables(instruction: Instruction): VariableDeclaration[] {
  const kind = instruction.name;
  if (kind !== 'ARG' && kind !== 'ENV') return [];
  const declarations: VariableDeclaration[] = [];
  const legacyEnv = kind === 'ENV' && instruction.args.length > 0 && !instruction.args[0]?.value.includes('=');
  for (const [index, arg] of instruction.args.entries()) {
    if (legacyEnv && index > 0) break; // `ENV NAME value with spaces`: one name, the rest is the value
    const eq = arg.value.indexOf('=');
    const name = eq >= 0 ? arg.value.slice(0, eq) : arg.value;
    if (!VARIABLE_NAME.test(name)) continue;
    if (kind === 'ENV' && !legacyEnv && eq < 0) continue;
    const value = legacyEnv ? instruction.args.slice(1).map((a) => a.value).join(' ') : eq >= 0 ? arg.value.slice(eq + 1) : null;
    declarations.push({ name, kind, value, nameRange: offsetRange(arg.range.start, 0, name.length), instruction });
  }
  return declarations;
}

/** The stage whose lines hold `line`, or null before the first FROM. */
export function stageAtLine(dockerfile: Dockerfile, line: number): Stage | null {
  let found: Stage | null = null;
  for (const stage of dockerfile.stages) {
    if (stage.from.startLine <= line) found = stage;
    else break;
  }
  return found;
}

/**
 * Variables visible at a position, the latest declaration of each name: in a FROM line (or
 * before any FROM) the global ARGs declared above; in a stage the stage's ARG and ENV above.
 * (Variables from the base image's config, such as PATH, are not known here.)
 */
export function variablesInScope(dockerfile: Dockerfile, position: Position): VariableDeclaration[] {
  const stage = stageAtLine(dockerfile, position.line);
  const onFromLine = stage !== null && position.line <= stage.from.endLine;
  const instructions = stage === null || onFromLine ? dockerfile.globalArgs : stage.instructions;
  const byName = new Map<string, VariableDeclaration>();
  // A stage built on an earlier stage inherits its ENV (it is in the image config); ARGs are not.
  if (stage !== null && !onFromLine) {
    for (const declaration of inheritedEnv(dockerfile, stage, new Set())) byName.set(declaration.name, declaration);
  }
  for (const instruction of instructions) {
    // The builder substitutes one value per variable in a whole instruction (`ENV A=1 B=$A`
    // reads the earlier A), so an instruction's own declarations are not in scope inside it.
    if (contains(instruction.range, position) || !isBefore(instruction.range.end, position)) break;
    for (const declaration of declaredVariables(instruction)) byName.set(declaration.name, declaration);
  }
  return [...byName.values()];
}

function inheritedEnv(dockerfile: Dockerfile, stage: Stage, seen: Set<number>): VariableDeclaration[] {
  const image = stage.from.args[0]?.value;
  if (image === undefined || image.includes('$') || seen.has(stage.index)) return [];
  seen.add(stage.index);
  const base = resolveStage(dockerfile, image, stage.index);
  if (base === null) return [];
  const declarations = inheritedEnv(dockerfile, base, seen);
  for (const instruction of base.instructions) declarations.push(...declaredVariables(instruction).filter((d) => d.kind === 'ENV'));
  return declarations;
}

function isBefore(a: Position, b: Position): boolean {
  return a.line < b.line || (a.line === b.line && a.character <= b.character);
}

/** The `$NAME` or `${NAME...}` under the cursor on its line. */
export function variableAt(dockerfile: Dockerfile, position: Position): { name: string; range: Range } | null {
  const text = dockerfile.lines[position.line] ?? '';
  const pattern = /\$(?:\{([A-Za-z_][A-Za-z0-9_]*)|([A-Za-z_][A-Za-z0-9_]*))/g;
  for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
    const name = match[1] ?? match[2] ?? '';
    const start = match.index + (match[1] !== undefined ? 2 : 1);
    if (position.character >= match.index && position.character <= start + name.length) {
      return { name, range: { start: { line: position.line, character: start }, end: { line: position.line, character: start + name.length } } };
    }
  }
  return null;
}

/** The declaration a `$NAME` at position refers to, or null. */
export function variableDefinition(dockerfile: Dockerfile, position: Position): VariableDeclaration | null {
  const used = variableAt(dockerfile, position);
  if (!used) return null;
  const inScope = variablesInScope(dockerfile, position);
  return inScope.find((d) => d.name === used.name) ?? null;
}

/** The stage a reference means: an earlier stage with that name (any case) or that index. */
export function resolveStage(dockerfile: Dockerfile, name: string, beforeIndex: number): Stage | null {
  const earlier = dockerfile.stages.filter((s) => s.index < beforeIndex);
  if (/^[0-9]+$/.test(name)) return earlier.find((s) => s.index === Number(name)) ?? null;
  const lower = name.toLowerCase();
  // The last earlier stage of that name wins, as in BuildKit when names are duplicated.
  return [...earlier].reverse().find((s) => s.name?.toLowerCase() === lower) ?? null;
}

function withTrigger(instruction: Instruction): Instruction {
  return instruction.trigger ?? instruction;
}

/** Every place a stage is named: COPY --from, RUN --mount from=, FROM <stage>. */
export function stageReferences(dockerfile: Dockerfile): StageReference[] {
  const references: StageReference[] = [];
  for (const stage of dockerfile.stages) {
    const image = stage.from.args[0];
    if (image && !image.value.includes('$')) {
      const target = resolveStage(dockerfile, image.value, stage.index);
      if (target && !/^[0-9]+$/.test(image.value)) references.push({ name: image.value, range: image.range, stage: target });
    }
    for (const written of stage.instructions) {
      const instruction = withTrigger(written);
      for (const flag of instruction.flags) {
        if (flag.value === null || flag.valueRange === null || flag.valueRange.start.line !== flag.valueRange.end.line) continue;
        if (flag.name === 'from' && (instruction.name === 'COPY' || instruction.name === 'ADD')) {
          if (flag.value.includes('$')) continue;
          references.push({ name: flag.value, range: flag.valueRange, stage: resolveStage(dockerfile, flag.value, stage.index) });
        } else if (flag.name === 'mount' && instruction.name === 'RUN') {
          const match = /(^|,)from=([^,]*)/.exec(flag.value);
          if (!match || match[2] === undefined || match[2] === '' || match[2].includes('$')) continue;
          const from = match.index + (match[1] ?? '').length + 'from='.length;
          references.push({ name: match[2], range: offsetRange(flag.valueRange.start, from, match[2].length), stage: resolveStage(dockerfile, match[2], stage.index) });
        }
      }
    }
  }
  return references;
}

export function stageReferenceAt(dockerfile: Dockerfile, position: Position): StageReference | null {
  return stageReferences(dockerfile).find((r) => contains(r.range, position)) ?? null;
}

/** Where the thing under the cursor is declared: a stage's name (or its FROM) or a variable. */
export function definitionAt(dockerfile: Dockerfile, position: Position): Range | null {
  const reference = stageReferenceAt(dockerfile, position);
  if (reference?.stage) return reference.stage.nameRange ?? reference.stage.from.range;
  return variableDefinition(dockerfile, position)?.nameRange ?? null;
}

/** From the stage's FROM to the end of its last instruction. */
export function stageRange(stage: Stage): Range {
  const last = stage.instructions[stage.instructions.length - 1] ?? stage.from;
  return { start: stage.from.range.start, end: last.range.end };
}
