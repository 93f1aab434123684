import { describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { INVALID_VARIABLE_SUBSTITUTION } from '../../../../../language-server/src/dockerfile/rules/hutch/invalid-variable-substitution';
import { findings, messages } from '../rule-harness';

describe('invalid-variable-substitution', () => {
  test('reports substitutions BuildKit cannot expand, in FROM, ARG, ENV and COPY', () => {
    const text = 'ARG A=${B\nFROM ${x:y}\nENV C=${}\nWORKDIR ${D:?must be set}\n';
    assert.deepEqual(messages(INVALID_VARIABLE_SUBSTITUTION, text), [
      'failed to process "${B": syntax error: missing \'}\'',
      'failed to process "${x:y}": unsupported modifier (:y) in substitution',
      'failed to process "${}": syntax error: bad substitution',
      'failed to process "${D:?must be set}": D: must be set',
    ]);
  });

  test('on the instruction', () => {
    assert.deepEqual(findings(INVALID_VARIABLE_SUBSTITUTION, 'FROM scratch\nWORKDIR ${x\n'), ['1:0-1:11 failed to process "${x": syntax error: missing \'}\'']);
  });

  test('RUN is not expanded, so not checked', () => {
    assert.deepEqual(messages(INVALID_VARIABLE_SUBSTITUTION, 'FROM scratch\nRUN echo ${x\n'), []);
  });
});
