import { describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { DL3061 } from '../../../../../../language-server/src/dockerfile/rules/hadolint/structure/dl3061-instruction-order';
import { findings } from '../../rule-harness';

describe('DL3061 instruction order', () => {
  test('reports an instruction other than ARG before the first FROM, on its keyword', () => {
    assert.deepEqual(findings(DL3061, 'ARG V=1\nLABEL a=b\nFROM debian:12\n'), ['1:0-1:5 Invalid instruction order. Dockerfile must begin with `FROM`, `ARG` or comment.']);
  });

  test('does not report ARG and comments before FROM, or anything after', () => {
    assert.deepEqual(findings(DL3061, '# syntax=docker/dockerfile:1\n# note\nARG V=1\nFROM debian:12\nLABEL a=b\n'), []);
  });
});
