import { describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { JSON_ARGS_RECOMMENDED } from '../../../../../language-server/src/dockerfile/rules/buildkit/json-args-recommended';
import { findings } from '../rule-harness';

describe('JSONArgsRecommended', () => {
  test('reports CMD and ENTRYPOINT in shell form, naming the keyword as written', () => {
    assert.deepEqual(findings(JSON_ARGS_RECOMMENDED, 'FROM scratch\nCMD run it\nentrypoint go\n'), [
      '1:0-1:10 JSON arguments recommended for CMD to prevent unintended behavior related to OS signals',
      '2:0-2:13 JSON arguments recommended for entrypoint to prevent unintended behavior related to OS signals',
    ]);
  });

  test('does not report the exec form, or after a SHELL in the stage or a stage it builds on', () => {
    const text = 'FROM scratch AS base\nSHELL ["/bin/bash", "-c"]\nCMD a b\nFROM base\nENTRYPOINT x\nFROM scratch\nCMD ["a"]\n';
    assert.deepEqual(findings(JSON_ARGS_RECOMMENDED, text), []);
  });

  test('a SHELL in an unrelated stage does not count', () => {
    assert.deepEqual(findings(JSON_ARGS_RECOMMENDED, 'FROM scratch AS a\nSHELL ["sh"]\nFROM scratch\nCMD x\n').length, 1);
  });
});
