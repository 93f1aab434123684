/**
 * Variable substitution as BuildKit's shell.Lex does it: results, quotes and escapes, the
 * modifiers, and which names were looked up (the build checks count on those).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { expandWord, lookupFrom } from '../../../../../language-server/src/dockerfile/rules/variables/shell-expansion';

const env = lookupFrom({ PWD: '/home', SHELL: 'bash', EMPTY: '', KOREAN: '한국어', FILE: 'archive.tar.gz', URL: 'a/b/a/b' });

function expand(word: string, escapeChar = '\\'): string {
  const expansion = expandWord(word, env, { escapeChar });
  return expansion.error ?? expansion.result;
}

describe('expandWord', () => {
  test('substitutes $NAME and ${NAME}, unknown names as empty', () => {
    assert.deepEqual(['$PWD', '${PWD}', 'x$PWD/y', '$NOPE-', '${KOREAN}', '$', 'a$/b'].map((w) => expand(w)), ['/home', '/home', 'x/home/y', '-', '한국어', '$', 'a$/b']);
  });

  test('removes quotes; single quotes keep $ literal; escapes work outside and inside double quotes', () => {
    assert.deepEqual([`'$PWD'`, `"$PWD"`, `"a'b"`, `\\$PWD`, `"\\$PWD"`, `"\\x"`, `a\\ b`].map((w) => expand(w)), ['$PWD', '/home', "a'b", '$PWD', '$PWD', '\\x', 'a b']);
  });

  test('the escape character can be a backtick', () => {
    assert.equal(expand('`$PWD', '`'), '$PWD');
    assert.equal(expand('C:\\dir', '`'), 'C:\\dir');
  });

  test('${VAR-word} and ${VAR:-word}, ${VAR+word} and ${VAR:+word}', () => {
    assert.deepEqual(['${NOPE-x}', '${EMPTY-x}', '${EMPTY:-x}', '${PWD:-x}', '${NOPE+x}', '${EMPTY+x}', '${EMPTY:+x}', '${PWD:+x}'].map((w) => expand(w)), [
      'x',
      '',
      'x',
      '/home',
      '',
      'x',
      '',
      'x',
    ]);
  });

  test('${VAR?msg} and ${VAR:?msg} fail when unset (or empty)', () => {
    assert.equal(expand('${NOPE?gone}'), 'failed to process "${NOPE?gone}": NOPE: gone');
    assert.equal(expand('${EMPTY:?}'), 'failed to process "${EMPTY:?}": EMPTY: is not allowed to be empty');
    assert.equal(expand('${PWD?x}'), '/home');
  });

  test('prefix and suffix removal, shortest and longest', () => {
    assert.deepEqual(['${FILE#*.}', '${FILE##*.}', '${FILE%.*}', '${FILE%%.*}'].map((w) => expand(w)), ['tar.gz', 'gz', 'archive.tar', 'archive']);
  });

  test('pattern replacement, first or all', () => {
    assert.deepEqual(['${URL/a/x}', '${URL//a/x}', '${URL//?\\//-}'].map((w) => expand(w)), ['x/b/a/b', 'x/b/x/b', '---b']);
  });

  test('malformed substitutions are errors', () => {
    assert.deepEqual(['${}', '${:x}', '${PWD', '${PWD:#x}', '${PWD!}', '"abc', "'abc"].map((w) => expand(w)), [
      'failed to process "${}": syntax error: bad substitution',
      'failed to process "${:x}": syntax error: bad substitution',
      'failed to process "${PWD": syntax error: missing \'}\'',
      'failed to process "${PWD:#x}": unsupported modifier (:#) in substitution',
      'failed to process "${PWD!}": unsupported modifier (!) in substitution',
      'failed to process ""abc": unexpected end of statement while looking for matching double-quote',
      'failed to process "\'abc": unexpected end of statement while looking for matching single-quote',
    ]);
  });

  test('records the names found and not found, including those behind a default', () => {
    const expansion = expandWord('$PWD/${A:-$B}/${SHELL}/$1', env, { escapeChar: '\\' });
    assert.deepEqual([...expansion.matched], ['PWD', 'SHELL']);
    assert.deepEqual([...expansion.unmatched], ['B', 'A', '1']);
  });

  test('splits words at unquoted whitespace after substitution', () => {
    assert.deepEqual(expandWord('a "b c" $SHELL', env, { escapeChar: '\\' }).words, ['a', 'b c', 'bash']);
  });

  test('leaves quotes alone for heredoc bodies', () => {
    assert.equal(expandWord(`echo "$PWD" '$SHELL'`, env, { escapeChar: '\\', skipProcessQuotes: true }).result, `echo "/home" 'bash'`);
  });
});
