import { describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { INVALID_DEFAULT_ARG_IN_FROM } from '../../../../../language-server/src/dockerfile/rules/buildkit/invalid-default-arg-in-from';
import { findings } from '../rule-harness';

describe('InvalidDefaultArgInFrom', () => {
  test('reports an image that is invalid with the ARG defaults, even when a build arg is given', () => {
    assert.deepEqual(findings(INVALID_DEFAULT_ARG_IN_FROM, 'ARG VERSION\nFROM busybox:$VERSION\n', { buildArgs: { VERSION: 'latest' } }), [
      '1:0-1:21 Default value for ARG busybox:$VERSION results in empty or invalid base image name',
    ]);
  });

  test('does not report valid defaults', () => {
    assert.deepEqual(findings(INVALID_DEFAULT_ARG_IN_FROM, 'ARG V="latest"\nARG S=""\nFROM busybox:${V}\nFROM busybox:stable${S}\nFROM ${X:-alpine}\n'), []);
  });
});
