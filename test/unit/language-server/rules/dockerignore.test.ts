/** .dockerignore reading and matching, as moby/patternmatcher does it. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { cleanPath, DockerignoreMatcher, readDockerignorePatterns } from '../../../../language-server/src/dockerfile/rules/dockerignore';

function excluded(dockerignore: string, paths: string[]): boolean[] {
  const matcher = DockerignoreMatcher.fromFile(dockerignore);
  return paths.map((p) => matcher.matchesOrParentMatches(p));
}

describe('dockerignore', () => {
  test('reads patterns: comments, blank lines, cleaning, leading slash, exceptions', () => {
    assert.deepEqual(readDockerignorePatterns('# comment\n\n  /build/  \n!./keep//me\n a/../b\n#not\n'), ['build', '!keep/me', 'b']);
  });

  test('cleans paths as Go path.Clean', () => {
    assert.deepEqual(['', '.', './a', 'a//b/', 'a/../..', '/../a', 'a/./b/..'].map(cleanPath), ['.', '.', 'a', 'a/b', '..', '/a', 'a']);
  });

  test('a pattern matches the path or a parent folder', () => {
    assert.deepEqual(excluded('build\n', ['build', 'build/x/y', 'builder', 'src/build']), [true, true, false, false]);
  });

  test('* and ? stay within one component; ** crosses any number', () => {
    assert.deepEqual(excluded('*.log\n', ['a.log', 'dir/a.log']), [true, false]);
    assert.deepEqual(excluded('**/*.log\n', ['a.log', 'dir/sub/a.log']), [true, true]);
    assert.deepEqual(excluded('a/**/b\n', ['a/b', 'a/x/y/b', 'a/x/c']), [true, true, false]);
    assert.deepEqual(excluded('f?o\n', ['foo', 'f/o']), [true, false]);
    assert.deepEqual(excluded('**\n', ['anything/at/all']), [true]);
    assert.deepEqual(excluded('dist/**\n', ['dist/a', 'dist']), [true, false]);
  });

  test('character classes and escapes', () => {
    assert.deepEqual(excluded('file[0-9].txt\n', ['file1.txt', 'filex.txt']), [true, false]);
    assert.deepEqual(excluded('a\\*b\n', ['a*b', 'axb']), [true, false]);
  });

  test('the last matching pattern wins; exceptions re-include', () => {
    assert.deepEqual(excluded('*.md\n!README.md\n', ['CHANGES.md', 'README.md']), [true, false]);
    assert.deepEqual(excluded('*.md\n!README.md\nREADME*\n', ['README.md']), [true]);
    assert.equal(DockerignoreMatcher.fromFile('a\n!b\n').hasExceptions, true);
  });
});
