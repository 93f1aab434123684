import { describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { INVALID_KEY_VALUE } from '../../../../../language-server/src/dockerfile/rules/hutch/invalid-key-value';
import { findings, messages } from '../rule-harness';

describe('invalid-key-value', () => {
  test('reports a word without = after name=value pairs, and blank names', () => {
    assert.deepEqual(messages(INVALID_KEY_VALUE, 'FROM scratch\nENV a=1 b\nLABEL =x\nARG =y\n'), [
      'Syntax error - can\'t find = in "b". Must be of the form: name=value',
      'LABEL names can not be blank',
      'ARG names can not be blank',
    ]);
  });

  test('on the instruction', () => {
    assert.deepEqual(findings(INVALID_KEY_VALUE, 'FROM scratch\nENV a=1 b\n'), ['1:0-1:9 Syntax error - can\'t find = in "b". Must be of the form: name=value']);
  });

  test('quoted values with spaces are one word', () => {
    assert.deepEqual(messages(INVALID_KEY_VALUE, 'FROM scratch\nENV a="1 2" b=\'3 4\' c=5\\ 6\nENV legacy form with spaces\n'), []);
  });
});
