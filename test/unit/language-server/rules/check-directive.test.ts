/** BuildKit's `# check=` configuration: parsing, and what it does to findings. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';

import type { Finding } from '../../../../language-server/src/findings';
import { parseDockerfile } from '../../../../language-server/src/dockerfile/parser';
import { parseCheckOptions } from '../../../../language-server/src/dockerfile/rules/check-directive';
import { applyCheckDirective, checkOptionsFor, experimentalEnabled } from '../../../../language-server/src/dockerfile/rules/index';

function finding(ruleId: string, line: number, source: Finding['source'] = 'buildkit'): Finding {
  return { ruleId, source, severity: 'warning', message: ruleId, range: { start: { line, character: 0 }, end: { line, character: 1 } }, docsUrl: '' };
}

function kept(text: string, findings: Finding[], buildArgs: Record<string, string> = {}): string[] {
  return applyCheckDirective(findings, parseDockerfile(text), buildArgs).map((f) => `${f.ruleId}@${f.range.start.line}:${f.severity}`);
}

describe('parseCheckOptions', () => {
  test('reads skip, error and experimental', () => {
    const options = parseCheckOptions(' skip=A, B ;error=true;experimental=all').options;
    assert.deepEqual(options && [[...options.skip], options.skipAll, options.error, options.experimentalAll], [['A', 'B'], false, true, true]);
  });

  test('rejects what BuildKit rejects', () => {
    assert.deepEqual(['skip', 'foo=bar', 'error=yes'].map((v) => parseCheckOptions(v).error), [
      'invalid check option "skip"',
      'invalid check option "foo"',
      'failed to parse check option "error=yes": strconv.ParseBool: parsing "yes": invalid syntax',
    ]);
  });

  test('splits into at most three options, as Go strings.SplitN', () => {
    const options = parseCheckOptions('error=0;skip=A;experimental=B;skip=C').options;
    assert.deepEqual(options && [...options.experimental], ['B;skip=C']);
  });
});

describe('applyCheckDirective', () => {
  test('skip drops the named BuildKit checks; Hutch findings pass', () => {
    assert.deepEqual(kept('# check=skip=A\nFROM scratch\n', [finding('A', 1), finding('B', 1), finding('A', 1, 'hutch')]), ['B@1:warning', 'A@1:warning']);
  });

  test('skip=all drops every BuildKit check but an experimental one', () => {
    assert.deepEqual(kept('# check=skip=all\nFROM scratch\n', [finding('A', 1), finding('InvalidDefinitionDescription', 1)]), ['InvalidDefinitionDescription@1:warning']);
  });

  test('error=true makes the remaining BuildKit checks errors', () => {
    assert.deepEqual(kept('# check=error=true\nFROM scratch\n', [finding('A', 1), finding('x', 1, 'hutch')]), ['A@1:error', 'x@1:warning']);
  });

  test('a check comment above an instruction applies to that instruction only, up to its first space', () => {
    const text = 'FROM scratch\n# check=skip=A // reason\nENV a=b\nENV c=d\n';
    assert.deepEqual(kept(text, [finding('A', 2), finding('A', 3)]), ['A@3:warning']);
  });

  test('the BUILDKIT_DOCKERFILE_CHECK build arg replaces the file directive', () => {
    const text = '#check=skip=all\nFROM scratch as base\n';
    assert.deepEqual(kept(text, [finding('FromAsCasing', 1)], { BUILDKIT_DOCKERFILE_CHECK: 'skip=Other;error=true' }), ['FromAsCasing@1:error']);
  });

  test('experimental checks are enabled by the directive or the build arg', () => {
    const dockerfile = parseDockerfile('# check=experimental=InvalidDefinitionDescription\nFROM scratch\n');
    assert.equal(experimentalEnabled(checkOptionsFor(dockerfile), 'InvalidDefinitionDescription'), true);
    assert.equal(experimentalEnabled(checkOptionsFor(dockerfile, { BUILDKIT_DOCKERFILE_CHECK: 'error=true' }), 'InvalidDefinitionDescription'), false);
  });
});

describe('applyCheckDirective and MultipleInstructionsDisallowed', () => {
  test('the check comment above the overriding instruction counts, as BuildKit reads it there', () => {
    const text = 'FROM scratch\nCMD ["a"]\n# check=skip=MultipleInstructionsDisallowed\nCMD ["b"]\n';
    assert.deepEqual(kept(text, [finding('MultipleInstructionsDisallowed', 1)]), []);
  });
});
