import { describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { DL3000 } from '../../../../../../language-server/src/dockerfile/rules/hadolint/structure/dl3000-absolute-workdir';
import { findings } from '../../rule-harness';

describe('DL3000 absolute WORKDIR', () => {
  test('reports a relative WORKDIR on its path', () => {
    assert.deepEqual(findings(DL3000, 'FROM debian:12\nWORKDIR app/src\n'), ['1:8-1:15 Use absolute WORKDIR.']);
  });

  test('reports a quoted relative path', () => {
    assert.deepEqual(findings(DL3000, 'FROM debian:12\nWORKDIR "app"\n'), ['1:8-1:13 Use absolute WORKDIR.']);
  });

  test('accepts absolute, variable and Windows drive paths', () => {
    assert.deepEqual(findings(DL3000, 'FROM debian:12\nWORKDIR /app\nWORKDIR "/srv"\nWORKDIR $HOME/x\nWORKDIR C:\\app\nWORKDIR c:/app\n'), []);
  });
});
