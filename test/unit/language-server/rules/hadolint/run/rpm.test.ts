import { describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { DL3030, DL3032, DL3033, DL3038, DL3040, DL3041 } from '../../../../../../language-server/src/dockerfile/rules/hadolint/run/rpm';
import { findings } from '../../rule-harness';

describe('yum: DL3030, DL3032, DL3033', () => {
  const text = 'FROM centos\nRUN yum install httpd\n';
  test('report a yum install without -y, without yum clean all and with an unversioned package', () => {
    assert.deepEqual(findings(DL3030, text), ['1:4-1:21 Use the -y switch to avoid manual input `yum install -y <package`']);
    assert.deepEqual(findings(DL3032, text), ['1:4-1:21 `yum clean all` missing after yum command.']);
    assert.deepEqual(findings(DL3033, text), ['1:16-1:21 Specify version with `yum install -y <package>-<version>`.']);
  });

  test('accept -y, yum clean all and name-version', () => {
    const clean = 'FROM centos\nRUN yum install -y httpd-2.4.6 && yum clean all\n';
    assert.deepEqual([...findings(DL3030, clean), ...findings(DL3032, clean), ...findings(DL3033, clean)], []);
  });
});

describe('dnf: DL3038, DL3040, DL3041', () => {
  const text = 'FROM fedora\nRUN dnf install tar\n';
  test('report a dnf install without -y, without dnf clean all and with an unversioned package', () => {
    assert.deepEqual(findings(DL3038, text), ['1:4-1:19 Use the -y switch to avoid manual input `dnf install -y <package`']);
    assert.deepEqual(findings(DL3040, text), ['1:4-1:19 `dnf clean all` missing after dnf command.']);
    assert.deepEqual(findings(DL3041, text), ['1:16-1:19 Specify version with `dnf install -y <package>-<version>`.']);
  });

  test('accept --assumeyes, microdnf clean all and a cache mount on /var/cache/dnf', () => {
    assert.deepEqual(findings(DL3038, 'FROM fedora\nRUN dnf --assumeyes install tar-1.34\n'), []);
    assert.deepEqual(findings(DL3040, 'FROM ubi\nRUN microdnf install tar-1.34 && microdnf clean all\n'), []);
    assert.deepEqual(findings(DL3040, 'FROM fedora\nRUN --mount=type=cache,target=/var/cache/dnf dnf install -y tar-1.34\n'), []);
  });
});
