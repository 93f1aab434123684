import { describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { DL3013, DL3042 } from '../../../../../../language-server/src/dockerfile/rules/hadolint/run/pip';
import { findings } from '../../rule-harness';

const PIN = 'Pin versions in pip. Instead of `pip install <package>` use `pip install <package>==<version>` or `pip install --requirement <requirements file>`';
const CACHE = 'Avoid use of cache directory with pip. Use `pip install --no-cache-dir <package>`';

describe('DL3013 (pin versions in pip)', () => {
  test('reports unpinned packages of pip, pip3 and python -m pip on their words', () => {
    assert.deepEqual(findings(DL3013, 'FROM python\nRUN pip install --no-cache-dir flask && python3 -m pip install requests==2.31 "django>=4"\n'), [`1:31-1:36 ${PIN}`]);
  });

  test('does not take requirement files, paths, URLs, wheels or flag values as packages', () => {
    assert.deepEqual(
      findings(DL3013, 'FROM python\nRUN pip install -r requirements.txt -i https://x/simple . ./pkg x.whl "pip==$PIP_VERSION" git+https://g/x\n'),
      [],
    );
  });
});

describe('DL3042 (pip --no-cache-dir)', () => {
  test('reports pip install without --no-cache-dir on the command', () => {
    assert.deepEqual(findings(DL3042, 'FROM python\nRUN pip install flask==3\n'), [`1:4-1:24 ${CACHE}`]);
  });

  test('does not report with --no-cache-dir, ENV PIP_NO_CACHE_DIR or a cache mount on pip\'s cache', () => {
    assert.deepEqual(findings(DL3042, 'FROM python\nRUN pip install --no-cache-dir flask==3\n'), []);
    assert.deepEqual(findings(DL3042, 'FROM python\nENV PIP_NO_CACHE_DIR=1\nRUN pip install flask==3\n'), []);
    assert.deepEqual(findings(DL3042, 'FROM python AS base\nENV PIP_NO_CACHE_DIR on\nFROM base\nRUN pip install flask==3\n'), []);
    assert.deepEqual(findings(DL3042, 'FROM python\nRUN --mount=type=cache,target=/root/.cache/pip pip install flask==3\n'), []);
  });

  test('takes PIP_NO_CACHE_DIR in the RUN itself, and only truthy values, as hadolint', () => {
    assert.deepEqual(findings(DL3042, 'FROM python\nRUN PIP_NO_CACHE_DIR=1 pip install flask==3\n'), []);
    assert.equal(findings(DL3042, 'FROM python\nENV PIP_NO_CACHE_DIR=0\nRUN pip install flask==3\n').length, 1);
  });

  test('does not look at other pip subcommands', () => {
    assert.deepEqual(findings(DL3042, 'FROM python\nRUN pip freeze && pip --version\n'), []);
  });
});
