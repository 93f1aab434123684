import { describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { DL3016, DL3060 } from '../../../../../../language-server/src/dockerfile/rules/hadolint/run/node';
import { findings } from '../../rule-harness';

describe('DL3016 (pin versions in npm)', () => {
  test('reports unpinned packages of npm install / i on their words', () => {
    assert.deepEqual(findings(DL3016, 'FROM node\nRUN npm install -g typescript @angular/cli@17 && npm i @scope/pkg\n'), [
      '1:19-1:29 Pin versions in npm. Instead of `npm install <package>` use `npm install <package>@<version>`',
      '1:55-1:65 Pin versions in npm. Instead of `npm install <package>` use `npm install <package>@<version>`',
    ]);
  });

  test('does not report npm install or npm ci without packages, folders, tarballs or git URLs', () => {
    assert.deepEqual(findings(DL3016, 'FROM node\nRUN npm install && npm ci && npm install ./local x.tgz git+https://g/x.git "yarn@$YARN_VERSION"\n'), []);
  });
});

describe('DL3060 (yarn cache clean)', () => {
  test('reports yarn install without yarn cache clean in the same RUN', () => {
    assert.deepEqual(findings(DL3060, 'FROM node\nRUN yarn install --frozen-lockfile\n'), ['1:4-1:34 `yarn cache clean` missing after `yarn install` was run.']);
  });

  test('does not report with yarn cache clean or a cache mount on yarn\'s cache', () => {
    assert.deepEqual(findings(DL3060, 'FROM node\nRUN yarn install && yarn cache clean\n'), []);
    assert.deepEqual(findings(DL3060, 'FROM node\nRUN --mount=type=cache,target=/usr/local/share/.cache/yarn yarn install\n'), []);
  });
});
