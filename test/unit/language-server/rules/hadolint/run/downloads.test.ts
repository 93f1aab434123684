import { describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { DL3047, DL4001 } from '../../../../../../language-server/src/dockerfile/rules/hadolint/run/downloads';
import { findings } from '../../rule-harness';

describe('DL3047 (wget progress)', () => {
  test('reports wget without --progress, -q or -nv on the command', () => {
    assert.deepEqual(findings(DL3047, 'FROM x\nRUN wget -O x.tgz https://e/x.tgz\n').map((f) => f.slice(0, 8)), ['1:4-1:33']);
  });

  test('accepts --progress, -q, -qO-, -nv and --no-verbose', () => {
    for (const flag of ['--progress=dot:giga', '-q', '-qO-', '-nv', '--no-verbose']) {
      assert.deepEqual(findings(DL3047, `FROM x\nRUN wget ${flag} https://e/x\n`), [], flag);
    }
  });
});

describe('DL4001 (wget and curl)', () => {
  test('reports the second tool used in a stage, on its name', () => {
    assert.deepEqual(findings(DL4001, 'FROM x\nRUN curl -fsSL https://e/a\nRUN wget -q https://e/b\n'), ['2:4-2:8 Either use Wget or Curl but not both']);
  });

  test('does not report the tools in different stages', () => {
    assert.deepEqual(findings(DL4001, 'FROM x\nRUN curl -fsSL https://e/a\nFROM y\nRUN wget -q https://e/b\n'), []);
  });
});
