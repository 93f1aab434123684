import { describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { COPY_IGNORED_FILE } from '../../../../../language-server/src/dockerfile/rules/buildkit/copy-ignored-file';
import { findings, messages } from '../rule-harness';

describe('CopyIgnoredFile', () => {
  test('reports COPY and ADD of an excluded path, on the source', () => {
    assert.deepEqual(findings(COPY_IGNORED_FILE, 'FROM scratch\nCOPY Dockerfile .\nADD ./Dockerfile /x\n', { dockerignore: 'Dockerfile\n' }), [
      '1:5-1:15 Attempting to Copy file "Dockerfile" that is excluded by .dockerignore',
      '2:4-2:16 Attempting to Add file "Dockerfile" that is excluded by .dockerignore',
    ]);
  });

  test('a path inside an excluded folder is excluded; ** matches any depth', () => {
    assert.deepEqual(messages(COPY_IGNORED_FILE, 'FROM scratch\nCOPY build/out/app /\nCOPY src/a/b.log /\nCOPY src/ok.txt /\n', { dockerignore: 'build\n**/*.log\n' }), [
      'Attempting to Copy file "build/out/app" that is excluded by .dockerignore',
      'Attempting to Copy file "src/a/b.log" that is excluded by .dockerignore',
    ]);
  });

  test('sources are expanded first', () => {
    assert.deepEqual(messages(COPY_IGNORED_FILE, 'FROM scratch\nARG F=secret.txt\nCOPY $F /\n', { dockerignore: 'secret.txt\n' }).length, 1);
  });

  test('nothing is reported when .dockerignore has exceptions, or for COPY --from and remote ADD', () => {
    assert.deepEqual(messages(COPY_IGNORED_FILE, 'FROM scratch\nCOPY Dockerfile .\n', { dockerignore: '**\n!Dockerfile\n' }), []);
    assert.deepEqual(messages(COPY_IGNORED_FILE, 'FROM scratch AS a\nFROM scratch\nCOPY --from=a foo /\nADD https://x/foo /\n', { dockerignore: 'foo\nhttps:\n' }), []);
  });

  test('. is reported only when everything is excluded', () => {
    assert.deepEqual(messages(COPY_IGNORED_FILE, 'FROM scratch\nCOPY . .\n', { dockerignore: '.*\n' }), []);
    assert.deepEqual(messages(COPY_IGNORED_FILE, 'FROM scratch\nCOPY . .\n', { dockerignore: '*\n' }), ['Attempting to Copy file "." that is excluded by .dockerignore']);
  });

  test('no .dockerignore, nothing to report', () => {
    assert.deepEqual(messages(COPY_IGNORED_FILE, 'FROM scratch\nCOPY Dockerfile .\n'), []);
  });
});
