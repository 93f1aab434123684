import { describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { parsePlatform } from '../../../../language-server/src/dockerfile/rules/platform';

describe('parsePlatform', () => {
  test('os/arch[/variant], normalised', () => {
    assert.deepEqual(['linux/amd64', 'linux/x86_64', 'Linux/aarch64', 'linux/arm/v7', 'macos/arm64'].map((p) => parsePlatform(p).platform), [
      { os: 'linux', architecture: 'amd64', variant: '' },
      { os: 'linux', architecture: 'amd64', variant: '' },
      { os: 'linux', architecture: 'arm64', variant: '' },
      { os: 'linux', architecture: 'arm', variant: 'v7' },
      { os: 'darwin', architecture: 'arm64', variant: '' },
    ]);
  });

  test('a lone OS or architecture', () => {
    assert.deepEqual([parsePlatform('windows').platform?.os, parsePlatform('arm64').platform?.os], ['windows', 'linux']);
    assert.equal(parsePlatform('plan10').error, '"plan10": unknown operating system or architecture: invalid argument');
  });

  test("errors read as containerd's", () => {
    assert.equal(
      parsePlatform('linux/').error,
      '"" is an invalid component of "linux/": platform specifier component must match "^[A-Za-z0-9_.-]+$": invalid argument',
    );
    assert.equal(parsePlatform('a/b/c/d').error, '"a/b/c/d": cannot parse platform specifier: invalid argument');
  });
});
