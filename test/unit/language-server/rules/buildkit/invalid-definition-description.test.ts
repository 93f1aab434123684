import { describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { INVALID_DEFINITION_DESCRIPTION } from '../../../../../language-server/src/dockerfile/rules/buildkit/invalid-definition-description';
import { findings } from '../rule-harness';

describe('InvalidDefinitionDescription', () => {
  test('is opt-in (experimental in BuildKit)', () => {
    assert.equal(INVALID_DEFINITION_DESCRIPTION.optIn, true);
  });

  test('reports a comment above ARG or a named FROM that does not start with the name', () => {
    const text = '# the version\nARG VERSION=1\n# Base image\nFROM scratch AS base\n# several\nARG A B\n';
    assert.deepEqual(findings(INVALID_DEFINITION_DESCRIPTION, text), [
      '1:0-1:13 Comment for ARG should follow the format: `# VERSION <description>`',
      '3:0-3:20 Comment for FROM should follow the format: `# base <description>`',
      '5:0-5:7 Comment for ARG should follow the format: `# <arg_key> <description>`',
    ]);
  });

  test('does not report descriptions, detached comments, or unnamed stages', () => {
    const text = '# VERSION the version\nARG VERSION=1\n# not a description\n\nARG OTHER\n# unrelated\n#\nARG THIRD\n# base stage\nFROM scratch\n# b the b stage\nFROM scratch AS b\n';
    assert.deepEqual(findings(INVALID_DEFINITION_DESCRIPTION, text), []);
  });
});
