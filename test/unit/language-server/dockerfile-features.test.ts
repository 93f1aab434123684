/**
 * The language server's Dockerfile features as pure functions over the parsed file:
 * completion by context (keywords, flags, stages after --from= and mount from=, variables in
 * scope after $ and ${), hover (instructions, flags, variables, stage references),
 * go-to-definition (stages and variables, with the builder's scoping), document symbols, and
 * findings as diagnostics and code actions.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { codeActionsFor, findingToDiagnostic } from '../../../language-server/src/diagnostics';
import { dockerfileCompletions } from '../../../language-server/src/dockerfile/completion';
import { dockerfileHover } from '../../../language-server/src/dockerfile/hover';
import { definitionAt } from '../../../language-server/src/dockerfile/navigation';
import { parseDockerfile } from '../../../language-server/src/dockerfile/parser';
import { dockerfileSymbols } from '../../../language-server/src/dockerfile/symbols';
import type { Finding } from '../../../language-server/src/findings';
import { documentKind, lintSettingsFrom } from '../../../language-server/src/server';

/** Text with a `|` where the cursor is: the parsed file (without the bar) and the position. */
function at(marked: string): { dockerfile: ReturnType<typeof parseDockerfile>; position: { line: number; character: number } } {
  const offset = marked.indexOf('|');
  const before = marked.slice(0, offset).split('\n');
  return {
    dockerfile: parseDockerfile(marked.slice(0, offset) + marked.slice(offset + 1)),
    position: { line: before.length - 1, character: (before[before.length - 1] ?? '').length },
  };
}

function labels(marked: string): string[] {
  const { dockerfile, position } = at(marked);
  return dockerfileCompletions(dockerfile, position).map((i) => i.label);
}

function hoverText(marked: string): string {
  const { dockerfile, position } = at(marked);
  const hover = dockerfileHover(dockerfile, position);
  return hover && typeof hover.contents === 'object' && 'value' in hover.contents ? hover.contents.value : '';
}

const MULTI_STAGE = [
  'ARG BASE=alpine:3.20',
  'FROM $BASE AS build',
  'ARG VERSION=1',
  'ENV APP_HOME=/app',
  'RUN echo $VERSION',
  'FROM build AS test',
  'COPY --from=build /a /b',
  'RUN --mount=type=cache,from=build,target=/x echo',
].join('\n');

describe('Dockerfile completion', () => {
  test('instruction keywords at the start of a line, none on a continuation line', () => {
    assert.ok(labels('FROM alpine\n|').includes('COPY'));
    assert.ok(labels('FROM alpine\nCO|').includes('HEALTHCHECK'));
    assert.deepEqual(labels('FROM alpine\nRUN echo \\\n  |'), []);
  });

  test('after ONBUILD: the instructions it may wrap', () => {
    const items = labels('FROM alpine\nONBUILD |');
    assert.ok(items.includes('RUN'));
    assert.ok(!items.includes('FROM') && !items.includes('ONBUILD') && !items.includes('MAINTAINER'));
  });

  test('flags of the current instruction after --', () => {
    assert.deepEqual(labels('FROM alpine\nCOPY --|'), ['--from', '--chown', '--chmod', '--link', '--exclude', '--parents']);
    assert.deepEqual(labels('FROM alpine\nRUN --|'), ['--mount', '--network', '--security']);
    assert.deepEqual(labels('FROM --|'), ['--platform']);
  });

  test('stages defined before the current one after --from= and in a RUN mount from=', () => {
    assert.deepEqual(labels('FROM a AS one\nFROM b AS two\nFROM c\nCOPY --from=|'), ['one', 'two']);
    assert.deepEqual(labels('FROM a AS one\nFROM b\nRUN --mount=type=bind,from=|'), ['one']);
    // The current stage would be a circular reference.
    assert.deepEqual(labels('FROM x AS a\nCOPY --from=|'), []);
  });

  test('earlier stages and scratch as a FROM image', () => {
    assert.deepEqual(labels('FROM a AS one\nFROM |'), ['one', 'scratch']);
  });

  test('variables in scope after $: the stage ARG and ENV above, and ENV of a base stage', () => {
    assert.deepEqual(labels(`${MULTI_STAGE}\nRUN echo $|`), ['APP_HOME']);
    assert.deepEqual(labels('FROM alpine\nARG A\nENV B=1 C=2\nRUN echo $|'), ['A', 'B', 'C']);
    // Global ARGs (and the builder's platform ARGs) belong to FROM lines.
    const inFrom = labels('ARG BASE=alpine\nFROM $|');
    assert.equal(inFrom[0], 'BASE');
    assert.ok(inFrom.includes('TARGETPLATFORM'));
    assert.ok(!labels('ARG BASE=alpine\nFROM x\nRUN echo $|').includes('BASE'));
  });

  test('after ${ the name comes with its closing brace', () => {
    const { dockerfile, position } = at('FROM alpine\nARG A\nRUN echo ${|');
    assert.deepEqual(
      dockerfileCompletions(dockerfile, position).map((i) => i.insertText),
      ['A}'],
    );
  });

  test('nothing in comments', () => {
    assert.deepEqual(labels('FROM alpine\n# COPY --|'), []);
  });
});

describe('Dockerfile hover', () => {
  test('an instruction keyword shows its syntax and reference link', () => {
    const text = hoverText('FROM alpine\nCO|PY a b');
    assert.match(text, /\*\*COPY\*\*/);
    assert.match(text, /#copy\)/);
  });

  test('a flag shows what it does', () => {
    assert.match(hoverText('FROM alpine\nRUN --ne|twork=none echo'), /RUN --network=/);
  });

  test('a variable shows its declaration; an undeclared one says so', () => {
    assert.match(hoverText('FROM alpine\nARG V=1\nRUN echo $|V'), /`ARG V=1` \(line 2\)/);
    assert.match(hoverText('FROM alpine\nRUN echo ${HO|ME}'), /not declared in this scope/);
  });

  test('a stage reference shows the stage', () => {
    assert.match(hoverText('FROM alpine AS base\nFROM x\nCOPY --from=ba|se a b'), /Stage base \(line 1\)/);
  });
});

describe('Dockerfile definitions and symbols', () => {
  const definition = (marked: string): string => {
    const { dockerfile, position } = at(marked);
    const range = definitionAt(dockerfile, position);
    return range ? `${range.start.line}:${range.start.character}-${range.end.character}` : 'none';
  };

  test('stage names in COPY --from, RUN --mount from= and FROM go to the stage name', () => {
    const lines = MULTI_STAGE.split('\n');
    const mark = (line: number, column: number): string => lines.map((l, i) => (i === line ? `${l.slice(0, column)}|${l.slice(column)}` : l)).join('\n');
    assert.equal(definition(mark(6, 14)), '1:14-19');
    assert.equal(definition(mark(7, 31)), '1:14-19');
    assert.equal(definition(mark(5, 6)), '1:14-19');
  });

  test('a variable goes to its declaration in scope: a stage ARG, a global ARG in FROM', () => {
    assert.equal(definition(`${MULTI_STAGE.split('\n').slice(0, 4).join('\n')}\nRUN echo $VER|SION`), '2:4-11');
    assert.equal(definition('ARG BASE=alpine\nFROM $BA|SE'), '0:4-8');
    assert.equal(definition('FROM alpine\nRUN echo $NOT|HERE'), 'none');
  });

  test('the same instruction cannot see its own ENV (the builder substitutes once per instruction)', () => {
    assert.equal(definition('FROM alpine\nENV A=1\nENV A=2 B=$|A'), '1:4-5');
  });

  test('symbols: global ARGs, then each stage with its instructions', () => {
    const symbols = dockerfileSymbols(parseDockerfile(MULTI_STAGE));
    assert.deepEqual(
      symbols.map((s) => [s.name, s.detail, (s.children ?? []).map((c) => c.name)]),
      [
        ['ARG', 'BASE=alpine:3.20', []],
        ['build', 'FROM $BASE', ['ARG', 'ENV', 'RUN']],
        ['test', 'FROM build', ['COPY', 'RUN']],
      ],
    );
  });
});

describe('findings in the editor', () => {
  const finding: Finding = {
    ruleId: 'StageNameCasing',
    source: 'buildkit',
    severity: 'warning',
    message: "Stage name 'Build' should be lowercase",
    range: { start: { line: 1, character: 17 }, end: { line: 1, character: 22 } },
    docsUrl: 'https://docs.docker.com/go/dockerfile/rule/stage-name-casing/',
    fix: { title: 'Lowercase the stage name', edits: [{ range: { start: { line: 1, character: 17 }, end: { line: 1, character: 22 } }, newText: 'build' }] },
  };

  test('a finding is a diagnostic with the rule id as code, its docs link and source hutch', () => {
    assert.deepEqual(findingToDiagnostic(finding), {
      range: finding.range,
      severity: 2,
      code: 'StageNameCasing',
      source: 'hutch',
      message: finding.message,
      codeDescription: { href: finding.docsUrl },
    });
  });

  test('code actions: the fix (preferred) and a hadolint ignore comment above the instruction, indented as it', () => {
    const dockerfile = parseDockerfile('# syntax=docker/dockerfile:1\n  FROM alpine AS Build\n');
    const actions = codeActionsFor('file:///x/Dockerfile', [finding], finding.range, dockerfile);
    assert.deepEqual(
      actions.map((a) => [a.title, a.isPreferred ?? false, a.edit?.changes?.['file:///x/Dockerfile']?.[0]?.newText]),
      [
        ['Lowercase the stage name', true, 'build'],
        ['Ignore StageNameCasing for this instruction', false, '  # hadolint ignore=StageNameCasing\n'],
      ],
    );
    assert.deepEqual(codeActionsFor('file:///x/Dockerfile', [finding], { start: { line: 0, character: 0 }, end: { line: 0, character: 3 } }, dockerfile), []);
  });
});

describe('server helpers', () => {
  test('documents are Dockerfiles by language id or name; devcontainer.json only as JSON', () => {
    assert.equal(documentKind({ uri: 'file:///p/build.txt', languageId: 'dockerfile' }), 'dockerfile');
    assert.equal(documentKind({ uri: 'file:///p/Dockerfile.dev', languageId: 'plaintext' }), 'dockerfile');
    assert.equal(documentKind({ uri: 'file:///p/.devcontainer/devcontainer.json', languageId: 'jsonc' }), 'devcontainer');
    assert.equal(documentKind({ uri: 'file:///p/package.json', languageId: 'json' }), null);
  });

  test('settings: hutch.lint.ignore and hutch.lint.severity, with unusable values reported', () => {
    assert.deepEqual(lintSettingsFrom({ hutch: { lint: { ignore: ['DL3008'], severity: { StageNameCasing: 'error' } } } }), {
      settings: { ignore: ['DL3008'], severity: { StageNameCasing: 'error' } },
      problems: [],
    });
    const { settings, problems } = lintSettingsFrom({ hutch: { lint: { ignore: 'DL3008', severity: { A: 'loud', B: 'off' } } } });
    assert.deepEqual(settings, { severity: { B: 'off' } });
    assert.equal(problems.length, 2);
  });
});
