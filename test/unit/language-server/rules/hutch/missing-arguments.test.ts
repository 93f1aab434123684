import { describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { MISSING_ARGUMENTS } from '../../../../../language-server/src/dockerfile/rules/hutch/missing-arguments';
import { findings, messages } from '../rule-harness';

describe('missing-arguments', () => {
  test('reports instructions without the arguments they need, with BuildKit\'s messages', () => {
    const text = 'FROM\nFROM a b\nCOPY a\nENV\nENV key\nARG\nEXPOSE\nWORKDIR\nUSER\nSHELL []\nHEALTHCHECK\n';
    assert.deepEqual(messages(MISSING_ARGUMENTS, text), [
      'FROM requires either one or three arguments',
      'FROM requires either one or three arguments',
      'COPY requires at least two arguments, but only one was provided. Destination could not be determined.',
      'ENV requires at least one argument',
      'ENV must have two arguments',
      'ARG requires at least one argument',
      'EXPOSE requires at least one argument',
      'WORKDIR requires exactly one argument',
      'USER requires exactly one argument',
      'SHELL requires at least one argument',
      'HEALTHCHECK requires at least one argument',
    ]);
  });

  test('covers the whole instruction', () => {
    assert.deepEqual(findings(MISSING_ARGUMENTS, 'FROM scratch\nCOPY \\\n  a\n'), [
      '1:0-2:3 COPY requires at least two arguments, but only one was provided. Destination could not be determined.',
    ]);
  });

  test('does not report complete instructions', () => {
    const text = 'FROM scratch AS x\nCOPY ["a", "b"]\nENV k v\nARG A B=1\nEXPOSE 80\nWORKDIR /a b\nSHELL ["sh"]\nRUN\n';
    assert.deepEqual(messages(MISSING_ARGUMENTS, text), []);
  });
});
