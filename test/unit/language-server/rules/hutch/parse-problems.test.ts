import { describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { INVALID_DIRECTIVE, JSON_ARRAY_NOT_STRINGS, LINE_TOO_LONG, UNTERMINATED_HEREDOC } from '../../../../../language-server/src/dockerfile/rules/hutch/parse-problems';
import { run } from '../rule-harness';

describe('unterminated-heredoc', () => {
  test('reports a heredoc that is never closed, on its marker', () => {
    const [finding, ...rest] = run(UNTERMINATED_HEREDOC, 'FROM scratch\nRUN <<EOF\necho hi\n');
    assert.equal(rest.length, 0);
    assert.equal(finding?.range.start.line, 1);
    assert.equal(finding?.severity, 'error');
  });

  test('does not report a closed heredoc', () => {
    assert.deepEqual(run(UNTERMINATED_HEREDOC, 'FROM scratch\nRUN <<EOF\necho hi\nEOF\n'), []);
  });
});

describe('line-too-long', () => {
  test('reports a line over 65535 bytes', () => {
    const findings = run(LINE_TOO_LONG, `FROM scratch\nRUN echo ${'x'.repeat(65530)}\n`);
    assert.deepEqual(findings.map((f) => f.range.start.line), [1]);
  });

  test('accepts 65535 bytes', () => {
    assert.deepEqual(run(LINE_TOO_LONG, `FROM scratch\nRUN echo ${'x'.repeat(65535 - 9)}\n`), []);
  });
});

describe('json-array-not-strings', () => {
  test('reports an exec-form array with a number', () => {
    assert.equal(run(JSON_ARRAY_NOT_STRINGS, 'FROM scratch\nCMD ["a", 1]\n').length, 1);
  });
});

describe('invalid-directive', () => {
  test('reports a bad escape character, a repeated directive and a malformed check directive', () => {
    const findings = run(INVALID_DIRECTIVE, '# escape=x\n# escape=\\\n# check=skip=A;bogus\nFROM scratch\n');
    assert.deepEqual(
      findings.map((f) => f.range.start.line),
      [0, 1, 2],
    );
    assert.equal(findings[2]?.message, 'failed to parse check options: invalid check option "bogus"');
  });

  test('a valid check directive is fine', () => {
    assert.deepEqual(run(INVALID_DIRECTIVE, '# check=skip=all;error=true\nFROM scratch\n'), []);
  });
});
