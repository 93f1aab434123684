import { describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { DL3063 } from '../../../../../../language-server/src/dockerfile/rules/hadolint/structure/dl3063-user-missing';
import { findings } from '../../rule-harness';

describe('DL3063 USER missing in the final stage', () => {
  test('is opt-in', () => {
    assert.equal(DL3063.optIn, true);
  });

  test('reports a final stage without USER on its FROM', () => {
    assert.deepEqual(findings(DL3063, 'FROM debian:12 AS build\nUSER app\nFROM debian:12\nRUN make\n'), ['2:0-2:4 A USER should be set after the last FROM']);
  });

  test('does not report a final stage that sets USER', () => {
    assert.deepEqual(findings(DL3063, 'FROM debian:12\nUSER app\n'), []);
  });
});
