import { describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { closestOption, levenshtein, NameIndex } from '../../../../language-server/src/dockerfile/rules/suggestion';

describe('did you mean', () => {
  test('edit distance in code points', () => {
    assert.deepEqual([levenshtein('kitten', 'sitting'), levenshtein('', 'abc'), levenshtein('한국', '한국어'), levenshtein('abcdef', 'x', 3)], [3, 3, 1, 3]);
  });

  test('the closest option under 3 edits, the first on a tie; an exact match suggests nothing', () => {
    assert.equal(closestOption('MYARCH', ['MY_OS', 'MY_ARCH'], true), 'MY_ARCH');
    assert.equal(closestOption('ab', ['ax', 'ay'], true), 'ax');
    assert.equal(closestOption('abc', ['abc', 'abd'], true), null);
    assert.equal(closestOption('zzzzz', ['abc'], true), null);
  });

  test('case-insensitive search answers in the case the user wrote', () => {
    assert.deepEqual([closestOption('form', ['FROM'], false), closestOption('FORM', ['FROM'], false), closestOption('Form', ['FROM'], false)], ['from', 'FROM', 'from']);
    assert.equal(closestOption('copyy', ['COPY'], false), 'copy');
  });

  test('the index finds what a scan finds, over long lists too', () => {
    const names = Array.from({ length: 500 }, (_, i) => `NAME_${i}`);
    const index = new NameIndex(names);
    for (const value of ['NAME_17', 'NAM_17', 'NAME_1x', 'OTHER', 'name_17']) assert.equal(index.closest(value), closestOption(value, names, true), value);
    assert.equal(index.closest('NAME_1x', (n) => n !== 'NAME_1'), 'NAME_10');
  });
});
