import { describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { MAINTAINER_DEPRECATED } from '../../../../../language-server/src/dockerfile/rules/buildkit/maintainer-deprecated';
import { findings, run } from '../rule-harness';

describe('MaintainerDeprecated', () => {
  test('reports MAINTAINER', () => {
    assert.deepEqual(findings(MAINTAINER_DEPRECATED, 'FROM scratch\nMAINTAINER me@example.org\n'), ['1:0-1:25 Maintainer instruction is deprecated in favor of using label']);
  });

  test('offers the OCI authors label, quoted so nothing is expanded', () => {
    assert.equal(run(MAINTAINER_DEPRECATED, 'FROM scratch\nMAINTAINER Jo "J" $HOME\n')[0]?.fix?.edits[0]?.newText, 'LABEL org.opencontainers.image.authors="Jo \\"J\\" \\$HOME"');
  });

  test('does not report LABEL', () => {
    assert.deepEqual(findings(MAINTAINER_DEPRECATED, 'FROM scratch\nLABEL maintainer=me\n'), []);
  });
});
