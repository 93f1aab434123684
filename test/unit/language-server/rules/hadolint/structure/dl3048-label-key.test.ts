import { describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { DL3048, isValidLabelKey } from '../../../../../../language-server/src/dockerfile/rules/hadolint/structure/dl3048-label-key';
import { findings } from '../../rule-harness';

describe('DL3048 label key', () => {
  test('is a style rule, a hint in the editor', () => {
    assert.equal(DL3048.defaultSeverity, 'hint');
  });

  test('reports an invalid key on the key', () => {
    assert.deepEqual(findings(DL3048, 'FROM debian:12\nLABEL version=1 Maintainer=me\n'), ['1:16-1:26 Invalid label key.']);
  });

  test('rejects capitals, bad ends, doubled separators and reserved namespaces', () => {
    for (const key of ['Version', '1abc', 'abc.', 'a..b', 'a--b', 'a_b', 'com.docker.x', 'io.docker.x', 'org.dockerproject.x']) assert.equal(isValidLabelKey(key), false, key);
  });

  test('accepts reverse-DNS keys', () => {
    assert.deepEqual(findings(DL3048, 'FROM debian:12\nLABEL org.opencontainers.image.source=https://x version=1 a-b.c9=x\n'), []);
  });
});
