import { describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { DL3008, DL3009, DL3014, DL3015, DL3027 } from '../../../../../../language-server/src/dockerfile/rules/hadolint/run/apt';
import { findings, run } from '../../rule-harness';

describe('DL3008 (pin versions in apt-get install)', () => {
  test('reports each unpinned package on its word, through continuations', () => {
    assert.deepEqual(findings(DL3008, 'FROM debian\nRUN apt-get update && apt-get install -y --no-install-recommends \\\n    curl git=1:2.39 \\\n    wget\n'), [
      '2:4-2:8 Pin versions in apt get install. Instead of `apt-get install <package>` use `apt-get install <package>=<version>`',
      '3:4-3:8 Pin versions in apt get install. Instead of `apt-get install <package>` use `apt-get install <package>=<version>`',
    ]);
  });

  test('takes a version from a variable, a .deb path, a release and flag values as pinned or not packages', () => {
    assert.deepEqual(
      findings(DL3008, 'FROM debian\nRUN apt-get install -y "foo=$VERSION" ./x.deb -t bookworm-backports bar/bookworm-backports $PKGS -o Dpkg::Options::=--force-confnew\n'),
      [],
    );
  });

  test('does not look at apt-get install -s (a simulation installs nothing)', () => {
    assert.deepEqual(findings(DL3008, 'FROM debian\nRUN apt-get install -s curl\n'), []);
  });

  test('reads the package words of an exec-form RUN and of a heredoc', () => {
    assert.deepEqual(run(DL3008, 'FROM debian\nRUN ["apt-get", "install", "-y", "curl"]\n').map((f) => f.range.start), [{ line: 1, character: 33 }]);
    assert.deepEqual(run(DL3008, 'FROM debian\nRUN <<EOF\napt-get install -y curl\nEOF\n').map((f) => f.range.start), [{ line: 2, character: 19 }]);
  });
});

describe('DL3009 (delete the apt lists)', () => {
  test('reports apt-get update without rm -rf /var/lib/apt/lists/* in the same RUN', () => {
    assert.deepEqual(findings(DL3009, 'FROM debian\nRUN apt-get update && apt-get install -y curl\n'), ['1:4-1:18 Delete the apt-get lists after installing something']);
  });

  test('does not report when the lists are removed, or with apt-get dist-clean', () => {
    assert.deepEqual(findings(DL3009, 'FROM debian\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n'), []);
    assert.deepEqual(findings(DL3009, 'FROM debian\nRUN apt-get update; apt-get install -y curl; apt-get dist-clean\n'), []);
  });

  test('does not report with a cache mount on the lists', () => {
    assert.deepEqual(findings(DL3009, 'FROM debian\nRUN --mount=type=cache,target=/var/lib/apt/lists apt-get update && apt-get install -y curl\n'), []);
  });

  test('does not report in a stage that no image is built from', () => {
    assert.deepEqual(findings(DL3009, 'FROM debian AS build\nRUN apt-get update\nFROM debian\nCOPY --from=build /x /x\n'), []);
    assert.equal(findings(DL3009, 'FROM debian AS base\nRUN apt-get update\nFROM base\n').length, 1);
  });
});

describe('DL3014 (apt-get -y)', () => {
  test('reports apt-get install without -y on the command', () => {
    assert.deepEqual(findings(DL3014, 'FROM debian\nRUN apt-get install curl\n'), ['1:4-1:24 Use the `-y` switch to avoid manual input `apt-get -y install <package>`']);
  });

  test('accepts -y, --yes, --assume-yes, -qq and -qy', () => {
    for (const flag of ['-y', '--yes', '--assume-yes', '-qq', '-qy']) {
      assert.deepEqual(findings(DL3014, `FROM debian\nRUN apt-get install ${flag} curl\n`), [], flag);
    }
  });
});

describe('DL3015 (--no-install-recommends)', () => {
  test('reports apt-get install without --no-install-recommends on the command', () => {
    assert.deepEqual(findings(DL3015, 'FROM debian\nRUN apt-get install -y curl\n'), ['1:4-1:27 Avoid additional packages by specifying `--no-install-recommends`']);
  });

  test('accepts --no-install-recommends and -o APT::Install-Recommends=false', () => {
    assert.deepEqual(findings(DL3015, 'FROM debian\nRUN apt-get install -y --no-install-recommends curl\n'), []);
    assert.deepEqual(findings(DL3015, 'FROM debian\nRUN apt-get -o APT::Install-Recommends=false install -y curl\n'), []);
  });
});

describe('DL3027 (apt)', () => {
  test('reports apt on its name and not apt-get or apt-cache', () => {
    assert.deepEqual(findings(DL3027, 'FROM debian\nRUN apt update && apt-get update && apt-cache policy\n'), [
      '1:4-1:7 Do not use apt as it is meant to be a end-user tool, use apt-get or apt-cache instead',
    ]);
  });
});
