import { describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { REDUNDANT_TARGET_PLATFORM } from '../../../../../language-server/src/dockerfile/rules/buildkit/redundant-target-platform';
import { findings, run } from '../rule-harness';

describe('RedundantTargetPlatform', () => {
  test('reports --platform=$TARGETPLATFORM as written, on the flag', () => {
    assert.deepEqual(findings(REDUNDANT_TARGET_PLATFORM, 'FROM --platform=${TARGETPLATFORM} scratch\n'), [
      '0:5-0:33 Setting platform to predefined ${TARGETPLATFORM} in FROM is redundant as this is the default behavior',
    ]);
  });

  test('offers to remove the flag', () => {
    assert.deepEqual(run(REDUNDANT_TARGET_PLATFORM, 'FROM --platform=$TARGETPLATFORM scratch\n')[0]?.fix?.edits, [
      { range: { start: { line: 0, character: 5 }, end: { line: 0, character: 32 } }, newText: '' },
    ]);
  });

  test('does not report other platforms', () => {
    assert.deepEqual(findings(REDUNDANT_TARGET_PLATFORM, 'FROM --platform=$BUILDPLATFORM scratch\nFROM --platform=linux/${TARGETARCH} scratch\n'), []);
  });
});
