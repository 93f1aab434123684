import { describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { STAGE_NAME_CASING } from '../../../../../language-server/src/dockerfile/rules/buildkit/stage-name-casing';
import { findings, run } from '../rule-harness';

describe('StageNameCasing', () => {
  test('reports a stage name with upper-case letters, on the name', () => {
    assert.deepEqual(findings(STAGE_NAME_CASING, 'FROM scratch AS BadName\n'), ["0:16-0:23 Stage name 'BadName' should be lowercase"]);
  });

  test('offers to lower-case the name', () => {
    assert.deepEqual(run(STAGE_NAME_CASING, 'FROM scratch AS Build\n')[0]?.fix?.edits, [
      { range: { start: { line: 0, character: 16 }, end: { line: 0, character: 21 } }, newText: 'build' },
    ]);
  });

  test('does not report lower-case names or unnamed stages', () => {
    assert.deepEqual(findings(STAGE_NAME_CASING, 'FROM scratch AS base\nFROM scratch\nfrom scratch as b-2.x_y\n'), []);
  });
});
