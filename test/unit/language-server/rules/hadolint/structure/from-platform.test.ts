import { describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { DL3029 } from '../../../../../../language-server/src/dockerfile/rules/hadolint/structure/dl3029-from-platform';
import { DL3065 } from '../../../../../../language-server/src/dockerfile/rules/hadolint/structure/dl3065-redundant-target-platform';
import { findings } from '../../rule-harness';

describe('DL3029 FROM --platform', () => {
  test('reports the flag', () => {
    assert.deepEqual(findings(DL3029, 'FROM --platform=linux/amd64 debian:12\n'), ['0:5-0:27 Do not use --platform flag with FROM']);
  });

  test('does not report FROM without the flag, or with an empty value', () => {
    assert.deepEqual(findings(DL3029, 'FROM debian:12\nFROM --platform= debian:12\n'), []);
  });
});

describe('DL3065 redundant $TARGETPLATFORM', () => {
  const message = 'Setting `FROM --platform` to predefined `$TARGETPLATFORM` in is redundant as this is the default behavior';

  test('reports $TARGETPLATFORM and ${TARGETPLATFORM} on the flag', () => {
    assert.deepEqual(findings(DL3065, 'FROM --platform=$TARGETPLATFORM a:1\nFROM --platform=${TARGETPLATFORM} b:1\n'), [`0:5-0:31 ${message}`, `1:5-1:33 ${message}`]);
  });

  test('does not report other platforms', () => {
    assert.deepEqual(findings(DL3065, 'FROM --platform=$BUILDPLATFORM a:1\nFROM --platform=linux/${TARGETARCH} b:1\n'), []);
  });
});
