import { describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { parseArgDefinitions, parseKeyValues, splitAtWhitespace, splitWords } from '../../../../language-server/src/dockerfile/rules/key-value-arguments';

describe('BuildKit argument splitting', () => {
  test('splitWords keeps quotes and escapes, splits at unquoted whitespace', () => {
    assert.deepEqual(splitWords(`a="b c" d='e f' g=h\\ i ""`, '\\'), [`a="b c"`, `d='e f'`, 'g=h\\ i', '""']);
  });

  test('ENV/LABEL: name=value pairs, or the legacy form where the rest is the value', () => {
    assert.deepEqual(parseKeyValues('a=1 b="2 3"', '\\', 'ENV').pairs, [
      { key: 'a', value: '1', legacy: false },
      { key: 'b', value: '"2 3"', legacy: false },
    ]);
    assert.deepEqual(parseKeyValues('PATH /a b=c', '\\', 'ENV').pairs, [{ key: 'PATH', value: '/a b=c', legacy: true }]);
  });

  test('ARG: names with optional defaults', () => {
    assert.deepEqual(parseArgDefinitions('A B=1 C="x y"', '\\').definitions, [
      { name: 'A', defaultValue: null },
      { name: 'B', defaultValue: '1' },
      { name: 'C', defaultValue: '"x y"' },
    ]);
  });

  test('COPY words split at whitespace only', () => {
    assert.deepEqual(splitAtWhitespace('  "a b"\tc  '), ['"a', 'b"', 'c']);
  });
});
