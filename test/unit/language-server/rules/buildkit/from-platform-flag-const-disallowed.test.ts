import { describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { FROM_PLATFORM_FLAG_CONST_DISALLOWED } from '../../../../../language-server/src/dockerfile/rules/buildkit/from-platform-flag-const-disallowed';
import { findings } from '../rule-harness';

describe('FromPlatformFlagConstDisallowed', () => {
  test('reports a constant platform, on the flag', () => {
    assert.deepEqual(findings(FROM_PLATFORM_FLAG_CONST_DISALLOWED, 'FROM --platform=linux/amd64 scratch\n'), [
      '0:5-0:27 FROM --platform flag should not use constant value "linux/amd64"',
    ]);
  });

  test('allows it when the stage name mentions the OS or architecture', () => {
    assert.deepEqual(findings(FROM_PLATFORM_FLAG_CONST_DISALLOWED, 'FROM --platform=linux/amd64 scratch AS build_amd64\nFROM --platform=x86_64 scratch AS amd64-tools\n'), []);
  });

  test('does not report variables or unparsable values', () => {
    assert.deepEqual(findings(FROM_PLATFORM_FLAG_CONST_DISALLOWED, 'FROM --platform=$BUILDPLATFORM scratch\nFROM --platform=not/a/real/one scratch\n'), []);
  });
});
