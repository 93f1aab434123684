/**
 * BuildKit's NoEmptyContinuation: an empty line inside a `\` continuation is deprecated and will
 * become an error. BuildKit reports it at the last line of the continued instruction.
 */
import type { Finding } from '../../../findings';
import type { Dockerfile } from '../../ast';
import { lastTextLine } from '../finding-ranges';
import { buildkitRule, report } from '../rule-definition';

export const NO_EMPTY_CONTINUATION = buildkitRule('NoEmptyContinuation', 'Empty continuation lines will become errors in a future release', ({ dockerfile }) =>
  noEmptyContinuation(dockerfile),
);

export function noEmptyContinuation(dockerfile: Dockerfile): Finding[] {
  const findings: Finding[] = [];
  for (const instruction of dockerfile.instructions) {
    const empty = instruction.emptyContinuationLines;
    if (empty.length === 0) continue;
    const line = lastTextLine(instruction);
    const range = { start: { line, character: 0 }, end: { line, character: (dockerfile.lines[line] ?? '').length } };
    findings.push(
      report(NO_EMPTY_CONTINUATION, range, 'Empty continuation line', {
        title: 'Remove the empty continuation lines',
        edits: empty.map((emptyLine) => ({ range: { start: { line: emptyLine, character: 0 }, end: { line: emptyLine + 1, character: 0 } }, newText: '' })),
      }),
    );
  }
  return findings;
}
