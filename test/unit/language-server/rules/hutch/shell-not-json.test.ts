import { describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { SHELL_NOT_JSON } from '../../../../../language-server/src/dockerfile/rules/hutch/shell-not-json';
import { findings } from '../rule-harness';

describe('shell-not-json', () => {
  test('reports SHELL in shell form', () => {
    assert.deepEqual(findings(SHELL_NOT_JSON, 'FROM scratch\nSHELL /bin/bash -c\n'), ['1:0-1:18 SHELL requires the arguments to be in JSON form']);
  });

  test('does not report the JSON form', () => {
    assert.deepEqual(findings(SHELL_NOT_JSON, 'FROM scratch\nSHELL ["/bin/bash", "-c"]\n'), []);
  });
});
