import { describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { DUPLICATE_STAGE_NAME } from '../../../../../language-server/src/dockerfile/rules/buildkit/duplicate-stage-name';
import { findings } from '../rule-harness';

describe('DuplicateStageName', () => {
  test('reports the second stage of a name, compared lower-cased', () => {
    assert.deepEqual(findings(DUPLICATE_STAGE_NAME, 'FROM scratch AS build\nFROM scratch AS Build\n'), [
      '1:16-1:21 Duplicate stage name "build", stage names should be unique',
    ]);
  });

  test('does not report distinct names', () => {
    assert.deepEqual(findings(DUPLICATE_STAGE_NAME, 'FROM scratch AS b1\nFROM scratch AS b2\nFROM scratch\nFROM scratch\n'), []);
  });
});
