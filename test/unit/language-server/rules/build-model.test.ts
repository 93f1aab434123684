/** The shared model of what BuildKit knows at each instruction. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { parseDockerfile } from '../../../../language-server/src/dockerfile/parser';
import { buildModel } from '../../../../language-server/src/dockerfile/rules/build-model';

function model(text: string, buildArgs: Record<string, string> = {}) {
  return buildModel({ dockerfile: parseDockerfile(text), dockerignore: null, buildArgs });
}

describe('buildModel', () => {
  test('global scope: predefined platform ARGs, then global ARGs with build args over defaults', () => {
    const m = model('ARG A=1\nARG B=${A}2\nARG C\nFROM scratch\n', { A: 'x', TARGETARCH: 'arm64' });
    assert.deepEqual([m.global.variables.get('A'), m.global.variables.get('B'), m.global.variables.has('C'), m.global.variables.get('TARGETARCH')], ['x', 'x2', false, 'arm64']);
    assert.deepEqual([m.global.defaultVariables.get('A'), m.global.defaultVariables.get('B')], ['1', '12']);
    assert.deepEqual([...m.global.declared], ['A', 'B', 'C']);
  });

  test('a stage builds on an earlier stage named exactly like its expanded image', () => {
    const m = model('ARG BASE=build\nFROM scratch AS build\nENV X=1\nFROM ${BASE}\nFROM Build\n');
    assert.deepEqual(m.stages.map((s) => s.base?.name ?? null), [null, 'build', null]);
    assert.equal(m.stages[1]?.final.variables.get('X'), '1');
  });

  test('stage ARGs take the build arg, else the default, else the global value', () => {
    const m = model('ARG G=global\nFROM scratch\nARG G\nARG D=def\nARG B=def\nARG NONE\n', { B: 'build' });
    const v = m.stages[0]?.final.variables;
    assert.deepEqual([v?.get('G'), v?.get('D'), v?.get('B'), v?.has('NONE')], ['global', 'def', 'build', false]);
    assert.equal(m.stages[0]?.final.declaredArgs.has('NONE'), true);
  });

  test('records the state before each instruction: SHELL and WORKDIR set, and expanded words', () => {
    const m = model('FROM scratch\nWORKDIR /a\nSHELL ["sh"]\nENV P=x\nCOPY $P /d\n');
    const states = m.stages[0]?.instructions ?? [];
    assert.deepEqual(states.map((s) => [s.workdirSet, s.shellSet]), [[false, false], [true, false], [true, true], [true, true]]);
    assert.deepEqual(states[3]?.words.map((w) => [w.role, w.expansion.result]), [['source', 'x'], ['destination', '/d']]);
  });

  test('every stage starts with PATH', () => {
    assert.ok(model('FROM alpine\n').stages[0]?.final.variables.has('PATH'));
  });
});
