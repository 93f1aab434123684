import { describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { DL3024 } from '../../../../../../language-server/src/dockerfile/rules/hadolint/structure/dl3024-unique-stage-names';
import { findings } from '../../rule-harness';

describe('DL3024 unique stage names', () => {
  test('reports a repeated stage name on the name, whatever its case', () => {
    assert.deepEqual(findings(DL3024, 'FROM debian:12 AS build\nFROM debian:12 AS Build\n'), ['1:18-1:23 FROM aliases (stage names) must be unique.']);
  });

  test('does not report distinct or absent names', () => {
    assert.deepEqual(findings(DL3024, 'FROM debian:12 AS build\nFROM debian:12 AS app\nFROM debian:12\nFROM debian:12\n'), []);
  });
});
