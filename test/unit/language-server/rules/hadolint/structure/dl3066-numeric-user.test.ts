import { describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { DL3066 } from '../../../../../../language-server/src/dockerfile/rules/hadolint/structure/dl3066-numeric-user';
import { findings } from '../../rule-harness';

const MESSAGE = 'Non-numeric user-id may not be resolvable by host system';

describe('DL3066 numeric user', () => {
  test('reports a user name on the USER argument', () => {
    assert.deepEqual(findings(DL3066, 'FROM debian:12\nUSER app:1000\n'), [`1:5-1:13 ${MESSAGE}`]);
  });

  test('does not report numeric users, whatever the group', () => {
    assert.deepEqual(findings(DL3066, 'FROM debian:12\nUSER 1000\nUSER 1000:app\n'), []);
  });

  test('resolves variables whose value is known, and skips the others', () => {
    assert.deepEqual(findings(DL3066, 'FROM debian:12\nARG UID=1000\nUSER $UID\nARG NAME\nUSER $NAME\nENV U=app\nUSER ${U}\n'), [`6:5-6:9 ${MESSAGE}`]);
  });
});
