import { describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { INVALID_STAGE_NAME, NO_BUILD_STAGE, NO_STAGES } from '../../../../../language-server/src/dockerfile/rules/hutch/stage-structure';
import { findings } from '../rule-harness';

describe('no-build-stage', () => {
  test('reports an instruction other than ARG before the first FROM', () => {
    assert.deepEqual(findings(NO_BUILD_STAGE, 'ARG X\nENV Y=1\nFROM scratch\nENV Z=2\n'), ['1:0-1:7 no build stage in current context']);
  });
});

describe('no-stages', () => {
  test('reports a file with instructions but no FROM, once', () => {
    assert.deepEqual(findings(NO_STAGES, 'ARG X\nARG Y\n'), ['0:0-0:3 dockerfile contains no stages to build']);
  });

  test('an empty file or one with a FROM is not reported', () => {
    assert.deepEqual(findings(NO_STAGES, ''), []);
    assert.deepEqual(findings(NO_STAGES, 'FROM scratch\n'), []);
  });
});

describe('invalid-stage-name', () => {
  test('reports a name starting with a digit or holding symbols, on the name', () => {
    assert.deepEqual(findings(INVALID_STAGE_NAME, 'FROM scratch AS 1st\nFROM scratch AS a/b\n'), [
      '0:16-0:19 invalid name for build stage: "1st", name can\'t start with a number or contain symbols',
      '1:16-1:19 invalid name for build stage: "a/b", name can\'t start with a number or contain symbols',
    ]);
  });

  test('accepts letters, digits, -, _ and . after a letter, in any case', () => {
    assert.deepEqual(findings(INVALID_STAGE_NAME, 'FROM scratch AS Build-2_x.y\n'), []);
  });
});
