import { describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { MULTIPLE_INSTRUCTIONS_DISALLOWED } from '../../../../../language-server/src/dockerfile/rules/buildkit/multiple-instructions-disallowed';
import { findings } from '../rule-harness';

describe('MultipleInstructionsDisallowed', () => {
  test('reports the overridden instruction, named as the later one is written', () => {
    assert.deepEqual(findings(MULTIPLE_INSTRUCTIONS_DISALLOWED, 'FROM scratch\nCMD ["a"]\nENTRYPOINT ["b"]\ncmd ["c"]\n'), [
      '1:0-1:9 Multiple cmd instructions should not be used in the same stage because only the last one will be used',
    ]);
  });

  test('counts per stage', () => {
    assert.deepEqual(findings(MULTIPLE_INSTRUCTIONS_DISALLOWED, 'FROM scratch AS a\nHEALTHCHECK NONE\nFROM a\nHEALTHCHECK NONE\n'), []);
  });
});
