import { describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { UNKNOWN_INSTRUCTION } from '../../../../../language-server/src/dockerfile/rules/hutch/unknown-instruction';
import { findings, run } from '../rule-harness';

describe('unknown-instruction', () => {
  test('reports an unknown keyword with a suggestion cased like it, on the keyword', () => {
    assert.deepEqual(findings(UNKNOWN_INSTRUCTION, 'FORM scratch\nfrom scratch\ncopyy a b\n'), [
      '0:0-0:4 unknown instruction: FORM (did you mean FROM?)',
      '2:0-2:5 unknown instruction: copyy (did you mean copy?)',
    ]);
  });

  test('offers the suggestion as a fix; nothing close, no fix', () => {
    assert.equal(run(UNKNOWN_INSTRUCTION, 'FORM scratch\n')[0]?.fix?.edits[0]?.newText, 'FROM');
    assert.deepEqual(findings(UNKNOWN_INSTRUCTION, 'FROM scratch\nFROBNICATE x\n'), ['1:0-1:10 unknown instruction: FROBNICATE']);
  });

  test('checks ONBUILD triggers', () => {
    assert.deepEqual(findings(UNKNOWN_INSTRUCTION, 'FROM scratch\nONBUILD RUNN x\n'), ['1:8-1:12 unknown instruction: RUNN (did you mean RUN?)']);
  });

  test('is severity error with a docs anchor', () => {
    assert.equal(UNKNOWN_INSTRUCTION.defaultSeverity, 'error');
    assert.match(UNKNOWN_INSTRUCTION.docsUrl, /^file:\/\/.*\/docs\/rules\.md#unknown-instruction$/);
  });
});
