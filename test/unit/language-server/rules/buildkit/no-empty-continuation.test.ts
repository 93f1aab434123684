import { describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { NO_EMPTY_CONTINUATION } from '../../../../../language-server/src/dockerfile/rules/buildkit/no-empty-continuation';
import { findings, run } from '../rule-harness';

describe('NoEmptyContinuation', () => {
  test('reports an empty line inside a continuation at the last line of the instruction, as BuildKit', () => {
    assert.deepEqual(findings(NO_EMPTY_CONTINUATION, 'FROM scratch\nCOPY a \\\n\n  b\n'), ['3:0-3:3 Empty continuation line']);
  });

  test('reports once per instruction and offers to delete the empty lines', () => {
    const [finding, ...rest] = run(NO_EMPTY_CONTINUATION, 'FROM scratch\nRUN a \\\n\n  b \\\n   \n  c\n');
    assert.equal(rest.length, 0);
    assert.deepEqual(finding?.fix?.edits.map((e) => e.range.start.line), [2, 4]);
  });

  test('does not report comment lines inside a continuation, or blank lines between instructions', () => {
    assert.deepEqual(findings(NO_EMPTY_CONTINUATION, 'FROM scratch\nCOPY a \\\n# note\n  b\n\nCOPY c d\n'), []);
  });
});
