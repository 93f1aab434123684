import { describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { UNDEFINED_ARG_IN_FROM } from '../../../../../language-server/src/dockerfile/rules/buildkit/undefined-arg-in-from';
import { findings } from '../rule-harness';

describe('UndefinedArgInFrom', () => {
  test('reports an undeclared variable in the image, on the variable, with a suggestion', () => {
    assert.deepEqual(findings(UNDEFINED_ARG_IN_FROM, 'ARG MY_TAG=1\nFROM busybox:${MYTAG}\n'), [
      "1:13-1:21 FROM argument 'MYTAG' is not declared (did you mean MY_TAG?)",
    ]);
  });

  test('reports an undeclared variable in --platform', () => {
    assert.deepEqual(findings(UNDEFINED_ARG_IN_FROM, 'FROM --platform=$PLATFORM scratch\n'), ["0:16-0:25 FROM argument 'PLATFORM' is not declared"]);
  });

  test('accepts global ARGs with or without a value, and the predefined platform ARGs', () => {
    const text = 'ARG BASE\nARG TAG=1\nFROM --platform=$BUILDPLATFORM ${BASE:-alpine}:$TAG\nFROM --platform=${TARGETOS}/${TARGETARCH} scratch\n';
    assert.deepEqual(findings(UNDEFINED_ARG_IN_FROM, text), []);
  });

  test('a stage ARG does not declare a FROM variable', () => {
    assert.deepEqual(findings(UNDEFINED_ARG_IN_FROM, 'FROM scratch\nARG IMG\nFROM $IMG\n').length, 1);
  });
});
