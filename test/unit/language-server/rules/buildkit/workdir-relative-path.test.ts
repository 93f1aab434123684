import { describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { WORKDIR_RELATIVE_PATH } from '../../../../../language-server/src/dockerfile/rules/buildkit/workdir-relative-path';
import { findings } from '../rule-harness';

describe('WorkdirRelativePath', () => {
  test('reports the first relative WORKDIR of the build, expanded, on the path', () => {
    assert.deepEqual(findings(WORKDIR_RELATIVE_PATH, 'FROM scratch\nENV D=app\nWORKDIR $D/src\nWORKDIR more\n'), [
      '2:8-2:14 Relative workdir "app/src" can have unexpected results if the base image changes',
    ]);
  });

  test('does not report after an absolute WORKDIR, also one in a stage it builds on', () => {
    assert.deepEqual(findings(WORKDIR_RELATIVE_PATH, 'FROM scratch AS a\nWORKDIR /app\nWORKDIR sub\nFROM a\nWORKDIR sub2\n'), []);
  });

  test('takes a Windows path with a drive letter as absolute', () => {
    assert.deepEqual(findings(WORKDIR_RELATIVE_PATH, '# escape=`\nFROM scratch\nWORKDIR C:\\app\n'), []);
  });
});
