import { describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { INVALID_ONBUILD_TRIGGER } from '../../../../../language-server/src/dockerfile/rules/hutch/invalid-onbuild-trigger';
import { findings } from '../rule-harness';

describe('invalid-onbuild-trigger', () => {
  test('reports ONBUILD ONBUILD, FROM and MAINTAINER, on the trigger', () => {
    assert.deepEqual(findings(INVALID_ONBUILD_TRIGGER, 'FROM scratch\nONBUILD ONBUILD RUN x\nONBUILD from alpine\nONBUILD MAINTAINER me\n'), [
      "1:8-1:15 Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed",
      "2:8-2:12 FROM isn't allowed as an ONBUILD trigger",
      "3:8-3:18 MAINTAINER isn't allowed as an ONBUILD trigger",
    ]);
  });

  test('does not report other triggers', () => {
    assert.deepEqual(findings(INVALID_ONBUILD_TRIGGER, 'FROM scratch\nONBUILD RUN make\nONBUILD COPY . /src\n'), []);
  });
});
