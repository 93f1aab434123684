import { describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { DL3001, DL3003, DL3004, DL3046, DL4005 } from '../../../../../../language-server/src/dockerfile/rules/hadolint/run/commands';
import { findings, messages } from '../../rule-harness';

describe('single commands: DL3001, DL3003, DL3004, DL3046, DL4005', () => {
  test('DL3001 reports a pointless command on its name', () => {
    assert.deepEqual(findings(DL3001, 'FROM x\nRUN service nginx start\n').map((f) => f.slice(0, 8)), ['1:4-1:11']);
    assert.deepEqual(findings(DL3001, 'FROM x\nRUN echo ssh\n'), []);
  });

  test('DL3003 reports cd, also inside sh -c and a subshell', () => {
    assert.deepEqual(findings(DL3003, "FROM x\nRUN (cd /tmp && make) && sh -c 'cd /src'\n"), [
      '1:5-1:7 Use WORKDIR to switch to a directory',
      '1:32-1:34 Use WORKDIR to switch to a directory',
    ]);
  });

  test('DL3004 reports sudo, an error', () => {
    assert.deepEqual(messages(DL3004, 'FROM x\nRUN sudo apt-get update\n'), [
      'Do not use sudo as it leads to unpredictable behavior. Use a tool like gosu to enforce root',
    ]);
    assert.equal(DL3004.defaultSeverity, 'error');
  });

  test('DL3046 reports useradd with a long UID and no -l', () => {
    assert.deepEqual(findings(DL3046, 'FROM x\nRUN useradd -u 123456 app\n'), ['1:4-1:11 `useradd` without flag `-l` and high UID will result in excessively large Image.']);
    assert.deepEqual(findings(DL3046, 'FROM x\nRUN useradd -l -u 123456 app && useradd -u 1000 b\n'), []);
  });

  test('DL4005 reports ln onto /bin/sh', () => {
    assert.deepEqual(findings(DL4005, 'FROM x\nRUN ln -sf /bin/bash /bin/sh\n'), ['1:4-1:6 Use SHELL to change the default shell']);
  });
});
