import { describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { DL3064 } from '../../../../../../language-server/src/dockerfile/rules/hadolint/structure/dl3064-sensitive-arg-env';
import { findings } from '../../rule-harness';

const MESSAGE = 'Potentially sensitive data should not be used in the `ARG` or `ENV` commands';

describe('DL3064 sensitive ARG and ENV names', () => {
  test('reports known names and suspicious substrings on the name', () => {
    assert.deepEqual(findings(DL3064, 'FROM debian:12\nARG GITHUB_TOKEN\nENV A=1 db_password=x\nONBUILD ARG aws_secret_access_key\n'), [
      `1:4-1:16 ${MESSAGE}`,
      `2:8-2:19 ${MESSAGE}`,
      `3:12-3:33 ${MESSAGE}`,
    ]);
  });

  test('does not report ordinary names', () => {
    assert.deepEqual(findings(DL3064, 'FROM debian:12\nARG VERSION=1\nENV PATH=/x HOME=/root\n'), []);
  });
});
