import { describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { DL3043 } from '../../../../../../language-server/src/dockerfile/rules/hadolint/structure/dl3043-onbuild-trigger';
import { findings } from '../../rule-harness';

const MESSAGE = '`ONBUILD`, `FROM` or `MAINTAINER` triggered from within `ONBUILD` instruction.';

describe('DL3043 ONBUILD trigger', () => {
  test('reports ONBUILD, FROM and MAINTAINER triggers on the trigger keyword', () => {
    assert.deepEqual(findings(DL3043, 'FROM debian:12\nONBUILD FROM x\nONBUILD ONBUILD RUN a\nonbuild maintainer me\n'), [`1:8-1:12 ${MESSAGE}`, `2:8-2:15 ${MESSAGE}`, `3:8-3:18 ${MESSAGE}`]);
  });

  test('does not report other triggers', () => {
    assert.deepEqual(findings(DL3043, 'FROM debian:12\nONBUILD RUN make\nONBUILD COPY . /app\n'), []);
  });
});
