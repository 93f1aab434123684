import { describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { EMPTY_BASE_NAME, INVALID_PLATFORM } from '../../../../../language-server/src/dockerfile/rules/hutch/from-values';
import { findings, messages } from '../rule-harness';

describe('empty-base-name', () => {
  test('reports an image that expands to nothing', () => {
    assert.deepEqual(findings(EMPTY_BASE_NAME, 'ARG IMAGE\nFROM $IMAGE\n'), ['1:0-1:11 base name ($IMAGE) should not be blank']);
  });

  test('a build arg gives it a value', () => {
    assert.deepEqual(findings(EMPTY_BASE_NAME, 'ARG IMAGE\nFROM $IMAGE\n', { buildArgs: { IMAGE: 'alpine' } }), []);
  });
});

describe('invalid-platform', () => {
  test("reports a platform that does not parse, with BuildKit's message and suggestion", () => {
    assert.deepEqual(messages(INVALID_PLATFORM, 'ARG MY_ARCH=amd64\nFROM --platform=linux/${MYARCH} busybox\n'), [
      'failed to parse platform linux/${MYARCH}: "" is an invalid component of "linux/": platform specifier component must match "^[A-Za-z0-9_.-]+$": invalid argument (did you mean MY_ARCH?)',
    ]);
  });

  test('reports a platform that expands to nothing, on the flag', () => {
    assert.deepEqual(findings(INVALID_PLATFORM, 'ARG P\nFROM --platform=$P scratch\n'), ['1:5-1:18 empty platform value from expression $P']);
  });

  test('accepts platforms', () => {
    assert.deepEqual(messages(INVALID_PLATFORM, 'FROM --platform=$BUILDPLATFORM scratch\nFROM --platform=linux/arm64/v8 scratch\nFROM --platform=windows scratch\n'), []);
  });
});
