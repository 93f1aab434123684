import { describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { DL1001 } from '../../../../../../language-server/src/dockerfile/rules/hadolint/structure/dl1001-inline-ignore-pragma';
import { findings } from '../../rule-harness';

describe('DL1001 inline ignore pragma', () => {
  test('is opt-in, as hadolint ignores it by default', () => {
    assert.equal(DL1001.optIn, true);
    assert.equal(DL1001.defaultSeverity, 'info');
  });

  test('reports an inline ignore pragma on its comment', () => {
    assert.deepEqual(findings(DL1001, 'FROM debian:12\n# hadolint ignore=DL3008\nRUN apt-get install -y curl\n'), ['1:0-1:24 Please refrain from using inline ignore pragmas `# hadolint ignore=DLxxxx`.']);
  });

  test('does not report global or stage pragmas, or other comments', () => {
    assert.deepEqual(findings(DL1001, '# hadolint global ignore=DL3008\nFROM debian:12\n# hadolint stage ignore=DL3008\n# a comment\nRUN true\n'), []);
  });
});
