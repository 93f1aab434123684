import { describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { imageReferenceError, isValidImageReference } from '../../../../language-server/src/dockerfile/rules/image-reference';

describe('image references', () => {
  test('accepts what Docker accepts', () => {
    const valid = ['scratch', 'busybox:latest', 'library/alpine:3.20', 'ghcr.io/o/r:v1', 'localhost:5000/a', `a@sha256:${'0'.repeat(64)}`, 'Registry.Example.com/a/b', 'a__b', 'a--b.c'];
    assert.deepEqual(valid.filter((r) => !isValidImageReference(r)), []);
  });

  test('rejects empty, upper-case, trailing colon, hex ids', () => {
    assert.deepEqual(['', 'busybox:', 'Busybox', 'a:b:c', '0'.repeat(64), 'a/', '-a'].map(isValidImageReference), [false, false, false, false, false, false, false]);
    assert.equal(imageReferenceError('Busybox'), 'invalid reference format: repository name (library/Busybox) must be lowercase');
  });
});
