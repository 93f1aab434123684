import { describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { DL3034, DL3035, DL3036, DL3037 } from '../../../../../../language-server/src/dockerfile/rules/hadolint/run/zypper';
import { findings } from '../../rule-harness';

describe('zypper: DL3034, DL3035, DL3036, DL3037', () => {
  test('report zypper install without -n, dist-upgrade, no clean and an unversioned package', () => {
    const text = 'FROM opensuse/leap\nRUN zypper install curl && zypper dup\n';
    assert.deepEqual(findings(DL3034, text), ['1:4-1:23 Non-interactive switch missing from `zypper` command: `zypper install -y`']);
    assert.deepEqual(findings(DL3035, text), ['1:27-1:37 Do not use `zypper dist-upgrade`.']);
    assert.deepEqual(findings(DL3036, text), ['1:4-1:23 `zypper clean` missing after zypper use.']);
    assert.deepEqual(findings(DL3037, text), ['1:19-1:23 Specify version with `zypper install -y <package>=<version>`.']);
  });

  test('accept zypper -n install pkg=version && zypper clean', () => {
    const text = 'FROM opensuse/leap\nRUN zypper -n install curl=8.0 && zypper clean -a\n';
    assert.deepEqual([...findings(DL3034, text), ...findings(DL3035, text), ...findings(DL3036, text), ...findings(DL3037, text)], []);
  });
});
