/**
 * The `hutch` CLI as a user runs it (bin/hutch, the dist/ bundle, a separate process per
 * command), each command against the real kernel with a temp --state-root: help for every
 * command, the life of a container from `run -d` to `rm -f`, exit statuses passed through from
 * the container, and the errors (text and --json) with their documented exit statuses.
 *
 * Needs root and a build (`npm run build`, `npm run install`); see integration-prerequisites.ts.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { ContainerFixture } from '../../support/container-fixture';
import { described, hutch, type CliResult } from '../../support/hutch-cli';
import { integrationSkipReason } from '../../support/integration-prerequisites';

const skip = integrationSkipReason('cli.test.ts');

const COMMANDS = ['run', 'create', 'start', 'exec', 'ps', 'inspect', 'stop', 'kill', 'rm', 'wait', 'version'];

interface Listed {
  id: string;
  name: string;
  status: string;
  exitCode: number | null;
  pid: number | null;
}

function expectStatus(result: CliResult, status: number, what: string): void {
  assert.equal(result.status, status, `${what}: ${described(result)}`);
}

describe('hutch --help', () => {
  test('`hutch --help` and `hutch help` print the usage and every command, exit 0', () => {
    for (const args of [['--help'], ['-h'], ['help']]) {
      const result = hutch(args);
      expectStatus(result, 0, `hutch ${args.join(' ')}`);
      assert.match(result.stdout, /Usage: hutch COMMAND/);
      for (const command of COMMANDS) assert.match(result.stdout, new RegExp(`^  ${command} `, 'm'), `${command} is listed`);
    }
  });

  test('`hutch` alone prints the usage and exits 2 (a usage error)', () => {
    const result = hutch([]);
    expectStatus(result, 2, 'hutch');
    assert.match(result.stdout, /Usage: hutch COMMAND/);
  });

  for (const command of COMMANDS) {
    test(`\`hutch ${command} --help\` prints its usage and options, exit 0`, () => {
      const result = hutch([command, '--help']);
      expectStatus(result, 0, `hutch ${command} --help`);
      assert.match(result.stdout, new RegExp(`Usage: hutch ${command}\\b`));
      assert.match(result.stdout, /--state-root DIR/);
      assert.equal(hutch(['help', command]).stdout, result.stdout, '`hutch help CMD` says the same');
    });
  }
});

describe('hutch commands against the kernel', { skip }, () => {
  let fixture: ContainerFixture;
  let rootfs: string;
  let stateRoot: string[];
  const name = `cli-${process.pid}`;

  function ps(all: boolean): Listed[] {
    const result = hutch(['ps', ...(all ? ['-a'] : []), '--json', ...stateRoot]);
    expectStatus(result, 0, 'ps --json');
    return JSON.parse(result.stdout) as Listed[];
  }

  function listed(): Listed | undefined {
    return ps(true).find((c) => c.name === name);
  }

  before(async () => {
    fixture = await ContainerFixture.create('cli');
    rootfs = fixture.rootfs;
    stateRoot = ['--state-root', fixture.stateRoot];
  });

  after(async () => {
    await fixture?.dispose();
  });

  test('`run --rm` passes the output and exit status of the command through, and removes the container', () => {
    const result = hutch(['run', '--rm', ...stateRoot, '--network', 'none', rootfs, '/bin/sh', '-c', 'echo hi; exit 3']);
    expectStatus(result, 3, 'run --rm');
    assert.equal(result.stdout, 'hi\n');
    assert.deepEqual(ps(true), [], 'nothing is listed afterwards');
  });

  test('`run --rm -t` gives the command a terminal in the container and removes it afterwards', () => {
    try {
      const result = hutch(['run', '--rm', '-t', ...stateRoot, '--network', 'none', rootfs, '/bin/tty']);
      expectStatus(result, 0, 'run --rm -t');
      assert.match(result.stdout, /^\/dev\/pts\/0\r?\n$/);
      assert.deepEqual(ps(true), [], 'nothing is listed afterwards');
    } finally {
      // Should it fail half-way, leave no container for the tests below to trip over.
      for (const c of ps(true)) hutch(['rm', '-f', ...stateRoot, c.id]);
    }
  });

  test('`run -d` prints the new id and `ps --json` lists it running', () => {
    const result = hutch(['run', '-d', ...stateRoot, '--name', name, rootfs]);
    expectStatus(result, 0, 'run -d');
    assert.match(result.stdout, /^[0-9a-f]{64}\n$/);
    const running = ps(false).find((c) => c.name === name);
    assert.ok(running, 'ps (without -a) lists it');
    assert.equal(running.id, result.stdout.trim());
    assert.equal(running.status, 'running');
  });

  test('`exec NAME echo x` runs in it and prints x', () => {
    const result = hutch(['exec', ...stateRoot, name, 'echo', 'x']);
    expectStatus(result, 0, 'exec');
    assert.equal(result.stdout, 'x\n');
  });

  test("`exec` passes the command's exit status through", () => {
    expectStatus(hutch(['exec', ...stateRoot, name, '/bin/sh', '-c', 'exit 7']), 7, 'exec exit 7');
  });

  test('`exec -t` gives the command a terminal in the container', () => {
    const result = hutch(['exec', '-t', ...stateRoot, name, '/bin/tty']);
    expectStatus(result, 0, 'exec -t');
    assert.match(result.stdout, /^\/dev\/pts\/[0-9]+\r?\n$/);
  });

  test('`stop -t 1` stops it and `ps -a --json` shows it stopped with its exit code', () => {
    const result = hutch(['stop', '-t', '1', ...stateRoot, name]);
    expectStatus(result, 0, 'stop');
    const stopped = listed();
    assert.equal(stopped?.status, 'stopped');
    assert.equal(stopped?.exitCode, 0, 'an idle init ends with 0 on SIGTERM');
    assert.ok(!ps(false).some((c) => c.name === name), 'ps without -a omits it');
  });

  test('`exec` on a stopped container exits 125 saying it is not running; with --json the error is JSON', () => {
    const text = hutch(['exec', ...stateRoot, name, 'echo', 'x']);
    expectStatus(text, 125, 'exec on a stopped container');
    assert.match(text.stderr, /not running/);
    const json = hutch(['exec', '--json', ...stateRoot, name, 'echo', 'x']);
    expectStatus(json, 125, 'exec --json on a stopped container');
    const error = (JSON.parse(json.stdout) as { error: { code: string; message: string } }).error;
    assert.equal(error.code, 'invalid-state');
    assert.match(error.message, new RegExp(`${name} is not running`));
  });

  test('`start NAME` starts it again in the background', () => {
    const result = hutch(['start', ...stateRoot, name]);
    expectStatus(result, 0, 'start');
    assert.equal(listed()?.status, 'running');
    expectStatus(hutch(['exec', ...stateRoot, name, 'true']), 0, 'exec after start');
  });

  test('`kill NAME` ends it, `wait NAME` returns, and it is listed as stopped', () => {
    expectStatus(hutch(['kill', ...stateRoot, name]), 0, 'kill');
    const waited = hutch(['wait', ...stateRoot, name]);
    expectStatus(waited, 0, 'wait');
    assert.equal(listed()?.status, 'stopped');
  });

  test('`wait` prints the exit status of a container killed with SIGKILL (137)', () => {
    assert.equal(hutch(['wait', ...stateRoot, name]).stdout, '137\n');
  });

  test('`inspect NAME` prints the record as JSON', () => {
    const result = hutch(['inspect', ...stateRoot, name]);
    expectStatus(result, 0, 'inspect');
    const record = JSON.parse(result.stdout) as { id: string; name: string; spec: { rootfs: string }; paths: { upper: string } };
    assert.equal(record.name, name);
    assert.match(record.id, /^[0-9a-f]{64}$/);
    assert.equal(record.spec.rootfs, rootfs);
    assert.ok(record.paths.upper.startsWith(fixture.stateRoot));
  });

  test('`rm -f NAME` removes a running container and everything it owns', async () => {
    expectStatus(hutch(['start', ...stateRoot, name]), 0, 'start');
    const result = hutch(['rm', '-f', ...stateRoot, name]);
    expectStatus(result, 0, 'rm -f');
    assert.deepEqual(ps(true), []);
    await fixture.assertNothingLeft('hutch rm -f');
  });

  test("`create` then `start -a` runs the command attached and exits with its status", async () => {
    const created = hutch(['create', ...stateRoot, '--name', `${name}-c`, '--network', 'none', rootfs, '/bin/sh', '-c', 'echo attached; exit 5']);
    expectStatus(created, 0, 'create');
    assert.equal(ps(true).find((c) => c.name === `${name}-c`)?.status, 'created');
    const started = hutch(['start', '-a', ...stateRoot, `${name}-c`]);
    expectStatus(started, 5, 'start -a');
    assert.equal(started.stdout, 'attached\n');
    expectStatus(hutch(['rm', ...stateRoot, `${name}-c`]), 0, 'rm');
    await fixture.assertNothingLeft('create, start -a, rm');
  });

  test('`run ROOTFS /nope` exits 127 (command not found) and leaves nothing', async () => {
    const result = hutch(['run', ...stateRoot, rootfs, '/nope']);
    expectStatus(result, 127, 'run /nope');
    assert.match(result.stderr, /\/nope/);
    assert.deepEqual(ps(true), []);
    await fixture.assertNothingLeft('run /nope');
  });

  test('an unknown command exits 2 saying "unknown command"', () => {
    const result = hutch(['frobnicate', ...stateRoot]);
    expectStatus(result, 2, 'hutch frobnicate');
    assert.match(result.stderr, /unknown command "frobnicate"/);
  });

  test('with --json an error is printed as {"error":{code,message}} and the exit status names the code', () => {
    const result = hutch(['inspect', '--json', ...stateRoot, 'no-such-container']);
    expectStatus(result, 3, 'inspect of a missing container (3: not found)');
    const parsed = JSON.parse(result.stdout) as { error: { code: string; message: string; hint?: string } };
    assert.equal(parsed.error.code, 'not-found');
    assert.match(parsed.error.message, /no-such-container/);
    const usage = hutch(['frobnicate', '--json']);
    expectStatus(usage, 2, 'unknown command with --json');
    assert.equal((JSON.parse(usage.stdout) as { error: { code: string } }).error.code, 'usage');
  });

  test('`version` prints the version, as text and as JSON', () => {
    const text = hutch(['version']);
    expectStatus(text, 0, 'version');
    assert.match(text.stdout, /^hutch [0-9]+\.[0-9]+\.[0-9]+\n$/);
    const json = hutch(['version', '--json']);
    assert.match((JSON.parse(json.stdout) as { version: string }).version, /^[0-9]+\.[0-9]+\.[0-9]+$/);
    assert.equal(hutch(['--version']).stdout, text.stdout);
  });
});
