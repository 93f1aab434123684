/**
 * The outline of a Dockerfile: global ARGs, then one symbol per build stage holding its
 * instructions.
 */
import { SymbolKind, type DocumentSymbol } from 'vscode-languageserver';

import type { Dockerfile, Instruction } from './ast';
import { stageRange } from './navigation';

const DETAIL_LENGTH = 60;

function instructionSymbol(instruction: Instruction): DocumentSymbol {
  const detail = instruction.argsText.length > DETAIL_LENGTH ? `${instruction.argsText.slice(0, DETAIL_LENGTH - 1)}…` : instruction.argsText;
  return {
    name: instruction.name,
    detail,
    kind: instruction.name === 'ARG' || instruction.name === 'ENV' ? SymbolKind.Variable : SymbolKind.Function,
    range: instruction.range,
    selectionRange: instruction.keywordRange,
  };
}

export function dockerfileSymbols(dockerfile: Dockerfile): DocumentSymbol[] {
  const symbols: DocumentSymbol[] = dockerfile.globalArgs.map(instructionSymbol);
  for (const stage of dockerfile.stages) {
    symbols.push({
      name: stage.name ?? `stage ${stage.index}`,
      detail: `FROM ${stage.from.args[0]?.value ?? ''}`.trimEnd(),
      kind: SymbolKind.Class,
      range: stageRange(stage),
      selectionRange: stage.nameRange ?? stage.from.keywordRange,
      children: stage.instructions.map(instructionSymbol),
    });
  }
  return symbols;
}
