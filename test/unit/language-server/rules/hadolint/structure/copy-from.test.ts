import { describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { DL3022 } from '../../../../../../language-server/src/dockerfile/rules/hadolint/structure/dl3022-copy-from-alias';
import { DL3023 } from '../../../../../../language-server/src/dockerfile/rules/hadolint/structure/dl3023-copy-from-own-stage';
import { DL3067 } from '../../../../../../language-server/src/dockerfile/rules/hadolint/structure/dl3067-copy-whole-filesystem';
import { findings } from '../../rule-harness';

describe('DL3022 COPY --from an earlier stage', () => {
  test('reports a name no stage above defines, on the flag value', () => {
    assert.deepEqual(findings(DL3022, 'FROM debian:12\nCOPY --from=build /out /app\nFROM node:20 AS build\n'), [
      '1:12-1:17 COPY --from should reference a previously defined FROM alias',
    ]);
  });

  test('reports an image, as hadolint does', () => {
    assert.deepEqual(findings(DL3022, 'FROM debian:12\nCOPY --from=nginx:1.27 /etc/nginx /etc/nginx\n'), [
      '1:12-1:22 COPY --from should reference a previously defined FROM alias',
    ]);
  });

  test('does not report earlier stages by name (any case) or index', () => {
    assert.deepEqual(findings(DL3022, 'FROM debian:12 AS Build\nRUN make\nFROM debian:12\nCOPY --from=build /a /a\nCOPY --from=0 /b /b\n'), []);
  });

  test('does not report COPY without --from', () => {
    assert.deepEqual(findings(DL3022, 'FROM debian:12\nCOPY a /a\n'), []);
  });
});

describe('DL3023 COPY --from its own stage', () => {
  test('reports the stage copying from itself, on the flag value', () => {
    assert.deepEqual(findings(DL3023, 'FROM debian:12 AS app\nCOPY --from=app /a /b\n'), ['1:12-1:15 `COPY --from` cannot reference its own `FROM` alias']);
  });

  test('does not report copying from another stage', () => {
    assert.deepEqual(findings(DL3023, 'FROM debian:12 AS build\nFROM debian:12 AS app\nCOPY --from=build /a /b\n'), []);
  });
});

describe('DL3067 COPY of a whole filesystem', () => {
  test('reports COPY --from=stage / /, on the source', () => {
    assert.deepEqual(findings(DL3067, 'FROM debian:12 AS build\nFROM scratch\nCOPY --from=build / /\n'), ['2:18-2:19 Do not copy an entire filesystem from another stage']);
  });

  test('does not report a narrower copy, or COPY / / from the context', () => {
    assert.deepEqual(findings(DL3067, 'FROM debian:12 AS build\nFROM scratch\nCOPY --from=build /out /\nCOPY --from=build / /rootfs\nCOPY / /\n'), []);
  });
});
