import { describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { RESERVED_STAGE_NAME } from '../../../../../language-server/src/dockerfile/rules/buildkit/reserved-stage-name';
import { findings } from '../rule-harness';

describe('ReservedStageName', () => {
  test('reports scratch and context as stage names', () => {
    assert.deepEqual(findings(RESERVED_STAGE_NAME, 'FROM scratch AS scratch\nFROM scratch AS Context\n'), [
      '0:16-0:23 Stage name should not use the same name as reserved stage "scratch"',
      '1:16-1:23 Stage name should not use the same name as reserved stage "context"',
    ]);
  });

  test('does not report other names', () => {
    assert.deepEqual(findings(RESERVED_STAGE_NAME, 'FROM scratch AS scratchpad\nFROM scratch\n'), []);
  });
});
