import { describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { DL3007 } from '../../../../../../language-server/src/dockerfile/rules/hadolint/structure/dl3007-latest-tag';
import { findings } from '../../rule-harness';

const MESSAGE = 'Using latest is prone to errors if the image will ever update. Pin the version explicitly to a release tag';

describe('DL3007 latest tag', () => {
  test('reports :latest on the tag', () => {
    assert.deepEqual(findings(DL3007, 'FROM debian:latest\n'), [`0:12-0:18 ${MESSAGE}`]);
  });

  test('reports a latest tag given by an ARG on the image word', () => {
    assert.deepEqual(findings(DL3007, 'ARG TAG=latest\nFROM debian:${TAG}\n'), [`1:5-1:18 ${MESSAGE}`]);
  });

  test('does not report other tags or untagged images', () => {
    assert.deepEqual(findings(DL3007, 'FROM debian:12\nFROM alpine\nFROM app:latest-slim\n'), []);
  });
});
