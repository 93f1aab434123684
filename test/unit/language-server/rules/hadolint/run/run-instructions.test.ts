import { describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { DL3059, DL4006 } from '../../../../../../language-server/src/dockerfile/rules/hadolint/run/run-instructions';
import { findings } from '../../rule-harness';

const PIPEFAIL =
  'Set the SHELL option -o pipefail before RUN with a pipe in it. If you are using /bin/sh in an alpine image or if your shell is symlinked to busybox then consider explicitly setting your SHELL to /bin/ash, or disable this check';

describe('DL3059 (consecutive RUN)', () => {
  test('reports the second of two consecutive RUNs on its keyword, comments between them aside', () => {
    assert.deepEqual(findings(DL3059, 'FROM x\nRUN a\n# why\nRUN b\n'), ['3:0-3:3 Multiple consecutive `RUN` instructions. Consider consolidation.']);
  });

  test('does not report RUNs with another instruction or other flags between them', () => {
    assert.deepEqual(findings(DL3059, 'FROM x\nRUN a\nENV X=1\nRUN b\nRUN --mount=type=cache,target=/c c\n'), []);
  });

  test('does not report when either RUN chains more than two commands', () => {
    assert.deepEqual(findings(DL3059, 'FROM x\nRUN a && b && c\nRUN d\n'), []);
    assert.deepEqual(findings(DL3059, 'FROM x\nRUN a && b\nRUN c; d\n').length, 1);
  });
});

describe('DL4006 (pipefail)', () => {
  test('reports a RUN with a pipe on the pipeline', () => {
    assert.deepEqual(findings(DL4006, 'FROM x\nRUN curl -fsSL https://e | sh\n'), [`1:4-1:29 ${PIPEFAIL}`]);
  });

  test('does not report after SHELL with -o pipefail in the stage, or after set -o pipefail', () => {
    assert.deepEqual(findings(DL4006, 'FROM x\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nRUN curl -fsSL https://e | sh\n'), []);
    assert.deepEqual(findings(DL4006, 'FROM x\nSHELL ["/bin/bash", "-eo", "pipefail", "-c"]\nRUN a | b\n'), []);
    assert.deepEqual(findings(DL4006, 'FROM x\nRUN set -euxo pipefail; a | b\n'), []);
  });

  test('reports after SHELL ["/bin/sh", "-o", "pipefail", "-c"]: only bash, zsh and ash count, as in hadolint', () => {
    assert.equal(findings(DL4006, 'FROM x\nSHELL ["/bin/sh", "-o", "pipefail", "-c"]\nRUN a | b\n').length, 1);
    assert.deepEqual(findings(DL4006, 'FROM x\nSHELL ["pwsh", "-Command"]\nRUN a | b\n'), []);
  });

  test('keeps the SHELL of the stage a FROM builds on, as the builder does', () => {
    assert.deepEqual(findings(DL4006, 'FROM x AS base\nSHELL ["/bin/ash", "-eo", "pipefail", "-c"]\nFROM base\nRUN a | b\n'), []);
  });

  test('reports again once SHELL drops pipefail, and in another stage', () => {
    assert.equal(findings(DL4006, 'FROM x\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nSHELL ["/bin/sh", "-c"]\nRUN a | b\n').length, 1);
    assert.equal(findings(DL4006, 'FROM x\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nFROM y\nRUN a | b\n').length, 1);
  });

  test('does not take || as a pipe', () => {
    assert.deepEqual(findings(DL4006, 'FROM x\nRUN a || b\n'), []);
  });
});
