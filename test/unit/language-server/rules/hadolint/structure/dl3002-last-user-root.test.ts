import { describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { DL3002 } from '../../../../../../language-server/src/dockerfile/rules/hadolint/structure/dl3002-last-user-root';
import { findings } from '../../rule-harness';

describe('DL3002 last USER root', () => {
  test('reports root, 0, root:group and 0:group as the last USER, on the user', () => {
    for (const user of ['root', '0', 'root:root', '0:0']) {
      assert.deepEqual(findings(DL3002, `FROM debian:12\nUSER ${user}\n`), [`1:5-1:${5 + user.length} Last USER should not be root.`], user);
    }
  });

  test('does not report when the stage switches back to another user', () => {
    assert.deepEqual(findings(DL3002, 'FROM debian:12\nUSER root\nRUN make\nUSER app\n'), []);
  });

  test('reports each stage that ends as root, as hadolint does (not only the last stage)', () => {
    assert.deepEqual(findings(DL3002, 'FROM debian:12 AS base\nUSER root\nRUN make\nFROM debian:12\nUSER app\n'), ['1:5-1:9 Last USER should not be root.']);
  });

  test('does not report a stage with no USER, or a user whose name starts with root', () => {
    assert.deepEqual(findings(DL3002, 'FROM debian:12\nRUN make\nFROM debian:12\nUSER rootless\n'), []);
  });
});
