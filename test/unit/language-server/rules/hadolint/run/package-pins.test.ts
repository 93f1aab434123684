import { describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { DL3028, DL3062 } from '../../../../../../language-server/src/dockerfile/rules/hadolint/run/package-pins';
import { findings } from '../../rule-harness';

describe('DL3028 (pin versions in gem install)', () => {
  test('reports an unpinned gem on its word, not gem:version or -v', () => {
    assert.deepEqual(findings(DL3028, 'FROM ruby\nRUN gem install rails bundler:2.5\n'), [
      '1:16-1:21 Pin versions in gem install. Instead of `gem install <gem>` use `gem install <gem>:<version>`',
    ]);
    assert.deepEqual(findings(DL3028, 'FROM ruby\nRUN gem install bundler -v "$BUNDLER_VERSION"\n'), []);
  });
});

describe('DL3062 (pin versions in go install)', () => {
  test('reports a package without @version, or with @latest', () => {
    assert.deepEqual(findings(DL3062, 'FROM golang\nRUN go install golang.org/x/tools/gopls@latest example.com/tool@v1.2.0\n'), [
      '1:15-1:46 Pin versions in go install. Instead of `go install <package>` use `go install <package>@<version>`',
    ]);
  });

  test('does not report packages of the module itself or std', () => {
    assert.deepEqual(findings(DL3062, 'FROM golang\nRUN go install -v ./cmd/... . std\n'), []);
  });
});
