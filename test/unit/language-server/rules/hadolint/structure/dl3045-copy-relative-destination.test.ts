import { describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { DL3045 } from '../../../../../../language-server/src/dockerfile/rules/hadolint/structure/dl3045-copy-relative-destination';
import { findings } from '../../rule-harness';

const MESSAGE = '`COPY` to a relative destination without `WORKDIR` set.';

describe('DL3045 COPY to a relative destination without WORKDIR', () => {
  test('reports a relative destination on it', () => {
    assert.deepEqual(findings(DL3045, 'FROM debian:12\nCOPY a.txt app/\n'), [`1:11-1:15 ${MESSAGE}`]);
  });

  test('does not report after WORKDIR, or absolute, Windows or variable destinations', () => {
    assert.deepEqual(findings(DL3045, 'FROM debian:12\nCOPY a /app/\nCOPY a "/app"\nCOPY a C:\\app\nCOPY a $DIR\nWORKDIR /app\nCOPY a .\n'), []);
  });

  test('counts a WORKDIR set in the stage this one builds FROM', () => {
    assert.deepEqual(findings(DL3045, 'FROM debian:12 AS base\nWORKDIR /app\nFROM base\nCOPY a .\n'), []);
  });

  test('does not count a WORKDIR set in an unrelated stage', () => {
    assert.deepEqual(findings(DL3045, 'FROM debian:12 AS base\nWORKDIR /app\nFROM debian:12\nCOPY a .\n'), [`3:7-3:8 ${MESSAGE}`]);
  });
});
