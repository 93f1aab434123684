import { describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { DL3018, DL3019 } from '../../../../../../language-server/src/dockerfile/rules/hadolint/run/apk';
import { findings } from '../../rule-harness';

describe('DL3018 (pin versions in apk add)', () => {
  test('reports unpinned packages, not the --virtual name or pinned ones', () => {
    assert.deepEqual(findings(DL3018, 'FROM alpine\nRUN apk add --no-cache --virtual .deps curl "git=$GIT_VERSION" bash~=5.2\n'), [
      '1:39-1:43 Pin versions in apk add. Instead of `apk add <package>` use `apk add <package>=<version>`',
    ]);
  });
});

describe('DL3019 (apk add --no-cache)', () => {
  test('reports apk add without --no-cache on the command', () => {
    assert.deepEqual(findings(DL3019, 'FROM alpine\nRUN apk update && apk add curl=8.0\n'), [
      '1:18-1:34 Use the `--no-cache` switch to avoid the need to use `--update` and remove `/var/cache/apk/*` when done installing packages',
    ]);
  });

  test('does not report with --no-cache or a cache mount on /var/cache/apk or /etc/apk/cache', () => {
    assert.deepEqual(findings(DL3019, 'FROM alpine\nRUN apk add --no-cache curl\n'), []);
    assert.deepEqual(findings(DL3019, 'FROM alpine\nRUN --mount=type=cache,target=/var/cache/apk apk add curl\n'), []);
    assert.deepEqual(findings(DL3019, 'FROM alpine\nRUN --mount=type=cache,target=/etc/apk/cache,sharing=locked apk add curl\n'), []);
  });
});
