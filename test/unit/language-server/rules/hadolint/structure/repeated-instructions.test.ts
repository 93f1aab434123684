import { describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { DL3012 } from '../../../../../../language-server/src/dockerfile/rules/hadolint/structure/dl3012-multiple-healthchecks';
import { DL4003 } from '../../../../../../language-server/src/dockerfile/rules/hadolint/structure/dl4003-multiple-cmds';
import { DL4004 } from '../../../../../../language-server/src/dockerfile/rules/hadolint/structure/dl4004-multiple-entrypoints';
import { findings } from '../../rule-harness';

describe('DL3012 multiple HEALTHCHECK', () => {
  test('reports every HEALTHCHECK after the first in a stage', () => {
    assert.deepEqual(findings(DL3012, 'FROM debian:12\nHEALTHCHECK NONE\nHEALTHCHECK CMD true\n'), ['2:0-2:20 Multiple `HEALTHCHECK` instructions.']);
  });

  test('counts each stage on its own', () => {
    assert.deepEqual(findings(DL3012, 'FROM debian:12\nHEALTHCHECK NONE\nFROM debian:12\nHEALTHCHECK NONE\n'), []);
  });
});

describe('DL4003 multiple CMD', () => {
  test('reports the second CMD of a stage', () => {
    assert.deepEqual(findings(DL4003, 'FROM debian:12\nCMD a\nCMD ["b"]\n'), [
      '2:0-2:9 Multiple `CMD` instructions found. If you list more than one `CMD` then only the last `CMD` will take effect',
    ]);
  });

  test('does not report one CMD per stage', () => {
    assert.deepEqual(findings(DL4003, 'FROM debian:12\nCMD a\nFROM debian:12\nCMD b\n'), []);
  });
});

describe('DL4004 multiple ENTRYPOINT', () => {
  test('reports the second ENTRYPOINT of a stage, as an error', () => {
    assert.equal(DL4004.defaultSeverity, 'error');
    assert.deepEqual(findings(DL4004, 'FROM debian:12\nENTRYPOINT a\nENTRYPOINT b\n'), [
      '2:0-2:12 Multiple `ENTRYPOINT` instructions found. If you list more than one `ENTRYPOINT` then only the last `ENTRYPOINT` will take effect',
    ]);
  });

  test('does not report one ENTRYPOINT per stage', () => {
    assert.deepEqual(findings(DL4004, 'FROM debian:12\nENTRYPOINT a\nFROM debian:12\nENTRYPOINT b\n'), []);
  });
});
