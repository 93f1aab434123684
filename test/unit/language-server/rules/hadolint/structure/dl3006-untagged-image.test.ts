import { describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { DL3006 } from '../../../../../../language-server/src/dockerfile/rules/hadolint/structure/dl3006-untagged-image';
import { findings } from '../../rule-harness';

const MESSAGE = 'Always tag the version of an image explicitly';

describe('DL3006 untagged image', () => {
  test('reports an image without tag or digest, on the image', () => {
    assert.deepEqual(findings(DL3006, 'FROM debian AS build\n'), [`0:5-0:11 ${MESSAGE}`]);
  });

  test('reports an untagged image behind a registry port', () => {
    assert.deepEqual(findings(DL3006, 'FROM --platform=linux/amd64 localhost:5000/app\n'), [`0:28-0:46 ${MESSAGE}`]);
  });

  test('does not report tagged or pinned images, scratch, or earlier stages', () => {
    assert.deepEqual(findings(DL3006, 'FROM debian:12 AS base\nFROM base\nFROM scratch\nFROM alpine@sha256:abc\nFROM Base\n'), []);
  });

  test('reports an image named like a stage defined only later', () => {
    assert.deepEqual(findings(DL3006, 'FROM build\nFROM debian:12 AS build\n'), [`0:5-0:10 ${MESSAGE}`]);
  });

  test('resolves ARG defaults before the first FROM', () => {
    assert.deepEqual(findings(DL3006, 'ARG IMG=debian:12\nFROM ${IMG}\n'), []);
    assert.deepEqual(findings(DL3006, 'ARG IMG=debian\nFROM $IMG\n'), [`1:5-1:9 ${MESSAGE}`]);
  });

  test('does not report an image only known at build time', () => {
    assert.deepEqual(findings(DL3006, 'ARG IMG\nFROM ${IMG}\n'), []);
  });
});
