import { describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { DL4000 } from '../../../../../../language-server/src/dockerfile/rules/hadolint/structure/dl4000-maintainer';
import { findings, run } from '../../rule-harness';

describe('DL4000 MAINTAINER', () => {
  test('reports MAINTAINER on its keyword', () => {
    assert.deepEqual(findings(DL4000, 'FROM debian:12\nMAINTAINER Jo <jo@example.org>\n'), ['1:0-1:10 MAINTAINER is deprecated']);
  });

  test('offers LABEL maintainer, quoted so nothing is expanded', () => {
    assert.deepEqual(run(DL4000, 'FROM debian:12\nMAINTAINER Jo "J" $HOME\n')[0]?.fix?.edits, [
      { range: { start: { line: 1, character: 0 }, end: { line: 1, character: 23 } }, newText: 'LABEL maintainer="Jo \\"J\\" \\$HOME"' },
    ]);
  });

  test('does not report LABEL', () => {
    assert.deepEqual(findings(DL4000, 'FROM debian:12\nLABEL maintainer=jo\n'), []);
  });
});
