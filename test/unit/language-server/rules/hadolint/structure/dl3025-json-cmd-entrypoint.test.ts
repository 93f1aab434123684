import { describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { DL3025, plainWords } from '../../../../../../language-server/src/dockerfile/rules/hadolint/structure/dl3025-json-cmd-entrypoint';
import { findings, run } from '../../rule-harness';

const MESSAGE = 'Use arguments JSON notation for CMD and ENTRYPOINT arguments';

describe('DL3025 JSON form for CMD and ENTRYPOINT', () => {
  test('reports shell-form CMD and ENTRYPOINT on their arguments', () => {
    assert.deepEqual(findings(DL3025, 'FROM debian:12\nCMD nginx -g daemon\nENTRYPOINT /entrypoint.sh\n'), [`1:4-1:19 ${MESSAGE}`, `2:11-2:25 ${MESSAGE}`]);
  });

  test('does not report the JSON form, or RUN', () => {
    assert.deepEqual(findings(DL3025, 'FROM debian:12\nCMD ["nginx", "-g", "daemon off;"]\nENTRYPOINT ["/e"]\nRUN make\n'), []);
  });

  test('offers the JSON form for plain words', () => {
    const fix = run(DL3025, 'FROM debian:12\nCMD nginx  -g daemon\n')[0]?.fix;
    assert.deepEqual(fix?.edits, [{ range: { start: { line: 1, character: 4 }, end: { line: 1, character: 20 } }, newText: '["nginx", "-g", "daemon"]' }]);
  });

  test('offers no fix when the shell would interpret the command', () => {
    for (const command of ['echo $HOME', 'a && b', 'echo "a b"', 'run > log', 'FOO=1 app', 'ls *.txt']) {
      assert.equal(plainWords(command), null, command);
      assert.equal(run(DL3025, `FROM debian:12\nCMD ${command}\n`)[0]?.fix, undefined, command);
    }
  });
});
