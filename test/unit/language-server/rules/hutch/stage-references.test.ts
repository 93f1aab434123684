import { describe, test } from 'node:test';
import assert from 'node:assert/strict';

import {
  CIRCULAR_STAGE_DEPENDENCY,
  COPY_FROM_LATER_STAGE,
  COPY_FROM_UNKNOWN_STAGE,
  COPY_FROM_VARIABLE,
  MOUNT_FROM_LATER_STAGE,
} from '../../../../../language-server/src/dockerfile/rules/hutch/stage-references';
import { findings, run } from '../rule-harness';

describe('copy-from-later-stage', () => {
  test('reports COPY --from a stage defined further down, on the value', () => {
    assert.deepEqual(findings(COPY_FROM_LATER_STAGE, 'FROM scratch AS a\nCOPY --from=b /x /x\nFROM scratch AS b\n'), [
      '1:12-1:13 cannot copy from stage "b", it needs to be defined before current stage "a"',
    ]);
  });

  test('by index too, naming an unnamed stage stage-N', () => {
    assert.deepEqual(run(COPY_FROM_LATER_STAGE, 'FROM scratch\nCOPY --from=1 /x /x\nFROM scratch\n').map((f) => f.message), [
      'cannot copy from stage "1", it needs to be defined before current stage "stage-0"',
    ]);
  });

  test('does not report earlier stages (names compared lower-cased), images, or contexts', () => {
    const text = 'FROM scratch AS build\nFROM scratch\nCOPY --from=BUILD /a /a\nCOPY --from=0 /b /b\nCOPY --from=alpine:3 /c /c\n';
    assert.deepEqual(findings(COPY_FROM_LATER_STAGE, text), []);
  });
});

describe('circular-stage-dependency', () => {
  test('reports a stage that copies from itself', () => {
    assert.deepEqual(findings(CIRCULAR_STAGE_DEPENDENCY, 'FROM scratch AS a\nCOPY --from=a /x /y\nFROM scratch\n'), ['1:12-1:13 circular dependency detected on stage: a']);
  });

  test('reports stages that copy from each other, naming the first', () => {
    const text = 'FROM scratch AS a\nCOPY --from=b /x /y\nFROM scratch AS b\nCOPY --from=a /x /y\n';
    assert.deepEqual(run(CIRCULAR_STAGE_DEPENDENCY, text).map((f) => f.message), ['circular dependency detected on stage: a', 'circular dependency detected on stage: a']);
    assert.deepEqual(run(COPY_FROM_LATER_STAGE, text), []);
  });
});

describe('mount-from-later-stage', () => {
  test('reports RUN --mount from a later stage', () => {
    assert.deepEqual(run(MOUNT_FROM_LATER_STAGE, 'FROM scratch AS a\nRUN --mount=type=bind,from=b,target=/src make\nFROM scratch AS b\n').map((f) => f.message), [
      'cannot mount from stage "b" to "/src", stage needs to be defined before current command',
    ]);
  });

  test('does not report an earlier stage', () => {
    assert.deepEqual(run(MOUNT_FROM_LATER_STAGE, 'FROM scratch AS b\nFROM scratch\nRUN --mount=from=b,target=/src make\n'), []);
  });
});

describe('copy-from-unknown-stage', () => {
  test('reports an index with no stage', () => {
    assert.deepEqual(findings(COPY_FROM_UNKNOWN_STAGE, 'FROM scratch\nCOPY --from=3 /x /y\n'), ['1:12-1:13 invalid stage index 3']);
  });

  test('reports a name that is neither a stage nor an image reference', () => {
    assert.deepEqual(run(COPY_FROM_UNKNOWN_STAGE, 'FROM scratch\nCOPY --from=my_Stage! /x /y\n').map((f) => f.severity), ['error']);
  });

  test('warns about a name one typo from a stage: it would be pulled as an image', () => {
    const found = run(COPY_FROM_UNKNOWN_STAGE, 'FROM scratch AS builder\nFROM scratch\nCOPY --from=buidler /x /y\n');
    assert.deepEqual(
      found.map((f) => [f.severity, f.message]),
      [['warning', '"buidler" is not a stage of this Dockerfile, so it is pulled as an image (did you mean builder?)']],
    );
  });

  test('does not report images', () => {
    assert.deepEqual(run(COPY_FROM_UNKNOWN_STAGE, 'FROM scratch AS builder\nFROM scratch\nCOPY --from=busybox:1.36 /x /y\nCOPY --from=ghcr.io/a/b /x /y\n'), []);
  });
});

describe('copy-from-variable', () => {
  test('reports a variable in --from, which BuildKit does not expand', () => {
    assert.deepEqual(run(COPY_FROM_VARIABLE, 'ARG S=a\nFROM scratch AS a\nFROM scratch\nCOPY --from=$S /x /y\nCOPY --from=${S} /x /y\n').length, 2);
  });

  test('does not report plain names', () => {
    assert.deepEqual(run(COPY_FROM_VARIABLE, 'FROM scratch AS a\nFROM scratch\nCOPY --from=a /x /y\n'), []);
  });
});
