import { describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { DL3020 } from '../../../../../../language-server/src/dockerfile/rules/hadolint/structure/dl3020-add-for-files';
import { findings } from '../../rule-harness';

describe('DL3020 ADD for files and folders', () => {
  test('reports ADD of a plain file on that source', () => {
    assert.deepEqual(findings(DL3020, 'FROM debian:12\nADD app.tar.gz config.json /app/\n'), ['1:15-1:26 Use COPY instead of ADD for files and folders']);
  });

  test('reports a plain source in JSON form on its string', () => {
    assert.deepEqual(findings(DL3020, 'FROM debian:12\nADD ["src", "/app/"]\n'), ['1:5-1:10 Use COPY instead of ADD for files and folders']);
  });

  test('does not report archives or URLs', () => {
    assert.deepEqual(findings(DL3020, 'FROM debian:12\nADD rootfs.tar.xz /\nADD https://example.org/x.sh /x.sh\nADD "a.tgz" b.tar /opt/\n'), []);
  });
});
