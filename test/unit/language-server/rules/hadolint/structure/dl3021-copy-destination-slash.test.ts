import { describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { DL3021 } from '../../../../../../language-server/src/dockerfile/rules/hadolint/structure/dl3021-copy-destination-slash';
import { findings } from '../../rule-harness';

const MESSAGE = 'COPY with more than 2 arguments requires the last argument to end with /';

describe('DL3021 COPY destination slash', () => {
  test('reports several sources into a destination without a trailing slash, on the destination', () => {
    assert.deepEqual(findings(DL3021, 'FROM debian:12\nCOPY --chown=app a b /app\n'), [`1:21-1:25 ${MESSAGE}`]);
  });

  test('reads the JSON form', () => {
    assert.deepEqual(findings(DL3021, 'FROM debian:12\nCOPY ["a", "b", "/app"]\n'), [`1:16-1:22 ${MESSAGE}`]);
  });

  test('does not report one source, or a destination ending with a slash (quoted or not)', () => {
    assert.deepEqual(findings(DL3021, 'FROM debian:12\nCOPY a /app\nCOPY a b /app/\nCOPY a b "/app/"\n'), []);
  });
});
