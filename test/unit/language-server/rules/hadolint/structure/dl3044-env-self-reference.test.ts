import { describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { DL3044 } from '../../../../../../language-server/src/dockerfile/rules/hadolint/structure/dl3044-env-self-reference';
import { findings } from '../../rule-harness';

const MESSAGE = 'Do not refer to an environment variable within the same `ENV` statement where it is defined.';

describe('DL3044 ENV referring to itself', () => {
  test('reports a reference to a name the same ENV defines, on the reference', () => {
    assert.deepEqual(findings(DL3044, 'FROM debian:12\nENV A=1 B=$A/x\n'), [`1:10-1:12 ${MESSAGE}`]);
    assert.deepEqual(findings(DL3044, 'FROM debian:12\nENV A=1 B=${A}\n'), [`1:10-1:14 ${MESSAGE}`]);
  });

  test('does not report a name defined before, by ENV or ARG', () => {
    assert.deepEqual(findings(DL3044, 'FROM debian:12\nARG A\nENV A=1 B=$A\nENV C=1\nENV C=2 D=$C\n'), []);
  });

  test('does not report a pair referring to itself, or a longer name', () => {
    assert.deepEqual(findings(DL3044, 'FROM debian:12\nENV PATH=/x:$PATH\nENV A=1 B=$AB\n'), []);
  });
});
