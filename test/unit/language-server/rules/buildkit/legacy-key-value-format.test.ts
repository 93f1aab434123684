import { describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { LEGACY_KEY_VALUE_FORMAT } from '../../../../../language-server/src/dockerfile/rules/buildkit/legacy-key-value-format';
import { findings, run } from '../rule-harness';

describe('LegacyKeyValueFormat', () => {
  test('reports ENV and LABEL without =', () => {
    assert.deepEqual(findings(LEGACY_KEY_VALUE_FORMAT, 'FROM scratch\nENV key value\nlabel k v\n'), [
      '1:0-1:13 "ENV key=value" should be used instead of legacy "ENV key value" format',
      '2:0-2:9 "label key=value" should be used instead of legacy "label key value" format',
    ]);
  });

  test('offers key=value, quoting a value with spaces', () => {
    assert.equal(run(LEGACY_KEY_VALUE_FORMAT, 'FROM scratch\nENV PATH /a b\n')[0]?.fix?.edits[0]?.newText, 'PATH="/a b"');
  });

  test('does not report key=value', () => {
    assert.deepEqual(findings(LEGACY_KEY_VALUE_FORMAT, 'FROM scratch\nENV a=1 b="2 3"\nLABEL x=y\n'), []);
  });
});
