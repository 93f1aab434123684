import { describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { CONSISTENT_INSTRUCTION_CASING } from '../../../../../language-server/src/dockerfile/rules/buildkit/consistent-instruction-casing';
import { findings } from '../rule-harness';

describe('ConsistentInstructionCasing', () => {
  test('reports a keyword against the upper-case majority, on the keyword', () => {
    assert.deepEqual(findings(CONSISTENT_INSTRUCTION_CASING, 'FROM scratch\ncopy a b\nCOPY c d\nRUN x\n'), [
      "1:0-1:4 Command 'copy' should match the case of the command majority (uppercase)",
    ]);
  });

  test('reports against a lower-case majority, and mixed case always', () => {
    assert.deepEqual(findings(CONSISTENT_INSTRUCTION_CASING, 'from scratch\ncopy a b\nCopy c d\nRUN x\n'), [
      "2:0-2:4 Command 'Copy' should match the case of the command majority (lowercase)",
      "3:0-3:3 Command 'RUN' should match the case of the command majority (lowercase)",
    ]);
  });

  test('a tie goes to upper case', () => {
    assert.deepEqual(findings(CONSISTENT_INSTRUCTION_CASING, 'FROM scratch\ncopy a b\n'), ["1:0-1:4 Command 'copy' should match the case of the command majority (uppercase)"]);
  });

  test('ignores the ARGs before the first FROM, as BuildKit', () => {
    assert.deepEqual(findings(CONSISTENT_INSTRUCTION_CASING, 'arg X\nFROM scratch\nCOPY a b\n'), []);
  });

  test('does not report a consistent file', () => {
    assert.deepEqual(findings(CONSISTENT_INSTRUCTION_CASING, 'from scratch\ncopy a b\nrun x\n'), []);
  });
});
