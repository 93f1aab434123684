import { describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { DL3057 } from '../../../../../../language-server/src/dockerfile/rules/hadolint/structure/dl3057-healthcheck-missing';
import { findings } from '../../rule-harness';

describe('DL3057 HEALTHCHECK missing', () => {
  test('is opt-in', () => {
    assert.equal(DL3057.optIn, true);
  });

  test('reports a stage without HEALTHCHECK on its FROM', () => {
    assert.deepEqual(findings(DL3057, 'FROM debian:12\nRUN make\n'), ['0:0-0:4 `HEALTHCHECK` instruction missing.']);
  });

  test('counts a HEALTHCHECK inherited from the stage built FROM', () => {
    assert.deepEqual(findings(DL3057, 'FROM debian:12 AS base\nHEALTHCHECK NONE\nFROM base\nRUN make\n'), []);
  });
});
