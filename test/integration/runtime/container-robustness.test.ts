/**
 * Failure paths of the runtime against the real kernel: a CLI or API process killed at each
 * step of set-up, name clashes, bad rootfs paths, bind sources that lead out of their allowed
 * tree, a command that does not exist, and containers this process does not reap. Each case
 * gives a clear HutchError (a stable code and a message naming the thing at fault) and leaves
 * NOTHING behind: no mount, cgroup, veth, iptables rule, process, record, name or lease
 * (test/support/host-leftovers.ts).
 *
 * Needs root, ip and iptables (see integration-prerequisites.ts).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { HutchError, isHutchError, type HutchErrorCode } from '../../../helper/src/errors';
import type { ContainerInfo } from '../../../helper/src/runtime/runtime';
import { ContainerFixture, DEFAULT_WAIT_MS, withTimeout } from '../../support/container-fixture';
import { isZombie, reapChild } from '../../support/host-leftovers';
import { described, hutch, startHutch, startNode, type RunningCli } from '../../support/hutch-cli';
import { integrationSkipReason } from '../../support/integration-prerequisites';

const skip = integrationSkipReason('container-robustness.test.ts', ['ip', 'iptables']);

/** The set-up steps runtime.ts can pause at (faultPoint), in the order they happen. */
const FAULT_STEPS = ['create', 'cgroup', 'spawn'] as const;

/** Awaits a promise that must reject with a HutchError of this code whose message matches. */
async function rejectsWith(promise: Promise<unknown>, code: HutchErrorCode, message: RegExp): Promise<HutchError> {
  const error = await withTimeout(promise.then(() => null, (e: unknown) => e), DEFAULT_WAIT_MS, `a ${code} error`);
  assert.ok(error !== null, `expected a ${code} error, but it succeeded`);
  assert.ok(isHutchError(error), `expected a HutchError, got ${String(error)}`);
  assert.equal(error.code, code, error.message);
  assert.match(error.message, message);
  return error;
}

/** Runs every check even when an earlier one fails, then reports all failures together. */
async function allOf(...checks: Array<() => Promise<unknown>>): Promise<void> {
  const failures: unknown[] = [];
  for (const check of checks) {
    try {
      await check();
    } catch (error) {
      failures.push(error);
    }
  }
  if (failures.length === 1) throw failures[0];
  if (failures.length > 1) throw new AggregateError(failures, failures.map((f) => (f instanceof Error ? f.message : String(f))).join('\n---\n'));
}

/** Runs the Runtime API in a separate node process, which pauses at `step` (HUTCH_FAULT_PAUSE). */
function startApiProcessPausedAt(step: string, stateRoot: string, spec: Record<string, unknown>): RunningCli {
  const runtimeModule = require.resolve('../../../helper/src/runtime/runtime');
  const script = `
    const { Runtime } = require(${JSON.stringify(runtimeModule)});
    new Runtime({ stateRoot: ${JSON.stringify(stateRoot)} }).run(${JSON.stringify(spec)}, { stdio: 'null' })
      .catch((error) => { process.stderr.write('run failed: ' + error.message + '\\n'); process.exit(1); });
  `;
  return startNode(['-e', script], { HUTCH_FAULT_PAUSE: step }, `the API process paused at ${step}`);
}

describe('container robustness', { skip }, () => {
  let fixture: ContainerFixture;

  before(async () => {
    fixture = await ContainerFixture.create('robustness');
  });

  after(async () => {
    await fixture?.dispose();
  });

  /** Removes (by id, through the API) every container of this fixture still recorded. */
  async function removeAll(): Promise<void> {
    for (const id of await fixture.runtime.store.ids()) await fixture.runtime.remove(id, { force: true }).catch(() => undefined);
  }

  test('remove({force}) of a running container this process watches stops it and leaves nothing', async () => {
    // First on purpose: stop() leaves a 10 s timer behind (see the test below), which then runs
    // out while the other tests run instead of keeping the file's process alive at the end.
    const { id } = await fixture.startIdle({ network: 'private' });
    await withTimeout(fixture.runtime.remove(id, { force: true }), DEFAULT_WAIT_MS, 'remove --force');
    await rejectsWith(fixture.runtime.inspect(id), 'not-found', new RegExp(id));
    await fixture.assertNothingLeft('remove({force}) of a running container');
  });

  for (const step of FAULT_STEPS) {
    test(`CLI killed at set-up step "${step}": ps -a lists it, \`hutch rm NAME\` cleans up, the name is free again`, async () => {
      const name = fixture.uniqueName(`killed-${step}`);
      const stateRoot = ['--state-root', fixture.stateRoot];
      const cli = startHutch(['run', ...stateRoot, '--name', name, fixture.rootfs, '/bin/sleep', '100'], { HUTCH_FAULT_PAUSE: step });
      try {
        await cli.stderrContains(`hutch: paused at ${step}`, DEFAULT_WAIT_MS);
        await cli.kill();

        const ps = hutch(['ps', '-a', '--json', ...stateRoot]);
        assert.equal(ps.status, 0, described(ps));
        const listed = (JSON.parse(ps.stdout) as Array<{ name: string; status: string }>).find((c) => c.name === name);
        assert.ok(listed, `ps -a lists the interrupted container: ${ps.stdout}`);
        assert.ok(['creating', 'created'].includes(listed.status), `status ${listed.status}`);

        const rm = hutch(['rm', ...stateRoot, name]);
        assert.equal(rm.status, 0, `hutch rm ${name}: ${described(rm)}`);
        const after = JSON.parse(hutch(['ps', '-a', '--json', ...stateRoot]).stdout) as Array<{ name: string }>;
        assert.ok(!after.some((c) => c.name === name), 'rm took it off the list');

        const again = hutch(['run', '--rm', ...stateRoot, '--name', name, fixture.rootfs, '/bin/true']);
        assert.equal(again.status, 0, `the name can be used again: ${described(again)}`);
        await fixture.assertNothingLeft(`a CLI killed at "${step}", then hutch rm`);
      } finally {
        await cli.kill();
        await removeAll();
        await fixture.assertNothingLeft(`clean-up after the "${step}" case`).catch(() => undefined);
      }
    });
  }

  for (const step of FAULT_STEPS) {
    test(`API process killed at set-up step "${step}": list() shows it and remove(NAME) cleans up`, async () => {
      const name = fixture.uniqueName(`api-killed-${step}`);
      const paused = startApiProcessPausedAt(step, fixture.stateRoot, { rootfs: fixture.rootfs, name, command: ['/bin/sleep', '100'] });
      try {
        await paused.stderrContains(`hutch: paused at ${step}`, DEFAULT_WAIT_MS);
        await paused.kill();

        const listed = (await fixture.runtime.list()).find((c) => c.name === name);
        assert.ok(listed, 'list() includes the interrupted container');
        assert.ok(['creating', 'created'].includes(listed.status), `status ${listed.status}`);
        await withTimeout(fixture.runtime.remove(name), DEFAULT_WAIT_MS, `remove ${name}`);
        assert.ok(!(await fixture.runtime.list()).some((c) => c.name === name), 'remove() took it off the list');
        await fixture.assertNothingLeft(`an API process killed at "${step}", then remove()`);
      } finally {
        await paused.kill();
        await removeAll();
        await fixture.assertNothingLeft(`clean-up after the "${step}" case`).catch(() => undefined);
      }
    });
  }

  test('a second container with a taken name fails with already-exists naming it, and the first is untouched', async () => {
    const name = fixture.uniqueName('taken');
    try {
      const first = await fixture.runtime.create(fixture.spec({ name, command: ['/bin/true'] }));
      const before = await fixture.runtime.inspect(name);
      await rejectsWith(fixture.runtime.create(fixture.spec({ name, command: ['/bin/true'] })), 'already-exists', new RegExp(`"${name}"`));
      const afterwards = await fixture.runtime.inspect(name);
      assert.equal(afterwards.id, first.id, 'the name still resolves to the first container');
      assert.deepEqual(afterwards, before, 'the first container record is unchanged');
      assert.equal((await fixture.runtime.list()).length, 1, 'the failed create left no record');
    } finally {
      await removeAll();
    }
    await fixture.assertNothingLeft('a name clash');
  });

  test('two concurrent creates with the same name: exactly one succeeds, the other gets already-exists', async () => {
    const name = fixture.uniqueName('race');
    try {
      const results = await Promise.allSettled([0, 1].map(() => fixture.runtime.create(fixture.spec({ name, command: ['/bin/true'] }))));
      const won = results.filter((r): r is PromiseFulfilledResult<ContainerInfo> => r.status === 'fulfilled');
      const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      assert.equal(won.length, 1, 'exactly one create succeeds');
      assert.equal(lost.length, 1);
      assert.ok(isHutchError(lost[0]?.reason) && lost[0].reason.code === 'already-exists', String(lost[0]?.reason));
      assert.equal((await fixture.runtime.inspect(name)).id, won[0]?.value.id);
      assert.equal((await fixture.runtime.list()).length, 1, 'the loser left no record');
    } finally {
      await removeAll();
    }
    await fixture.assertNothingLeft('a create race');
  });

  test('a rootfs that does not exist fails with not-found naming the path', async () => {
    const missing = join(fixture.scratch, 'no-such-rootfs');
    await rejectsWith(fixture.runtime.run(fixture.spec({ rootfs: missing, command: ['/bin/true'] })), 'not-found', new RegExp(`${missing} does not exist`));
    await fixture.assertNothingLeft('a missing rootfs');
  });

  test('a rootfs that is a file fails with invalid-argument "is not a directory" naming the path', async () => {
    const file = join(fixture.scratch, 'rootfs.tar');
    writeFileSync(file, 'not a directory');
    await rejectsWith(fixture.runtime.run(fixture.spec({ rootfs: file, command: ['/bin/true'] })), 'invalid-argument', new RegExp(`${file} is not a directory`));
    await fixture.assertNothingLeft('a rootfs that is a file');
  });

  test('bind sources that lead out of the allowed tree are refused with permission-denied, a missing one with not-found', async () => {
    const allowed = join(fixture.scratch, 'allowed');
    const outside = join(fixture.scratch, 'outside');
    mkdirSync(allowed);
    mkdirSync(outside);
    symlinkSync('/etc', join(allowed, 'etc-link'));
    symlinkSync('../outside', join(allowed, 'up-link'));
    const attempt = (source: string): Promise<unknown> =>
      fixture.runtime.run(fixture.spec({ command: ['/bin/true'], bindRoots: [allowed], mounts: [{ source, target: '/mnt' }] }));

    const absoluteLink = join(allowed, 'etc-link');
    await rejectsWith(attempt(absoluteLink), 'permission-denied', new RegExp(`${absoluteLink} .*outside the allowed tree`));
    const relativeLink = join(allowed, 'up-link');
    await rejectsWith(attempt(relativeLink), 'permission-denied', new RegExp(`${relativeLink} .*outside the allowed tree`));
    // ".." in the path itself: the spec normalizes it to /etc, which no allowed tree holds.
    await rejectsWith(attempt(`${allowed}/../../../etc`), 'permission-denied', /bind source \/etc is outside the allowed tree/);
    const missing = join(allowed, 'missing');
    await rejectsWith(attempt(missing), 'not-found', new RegExp(`${missing} does not exist`));
    await fixture.assertNothingLeft('refused bind sources');
  });

  test('a command that is not on PATH fails with not-found naming it, and leaves nothing', async () => {
    await allOf(
      () => rejectsWith(
        fixture.runtime.run(fixture.spec({ network: 'private', command: ['no-such-command', '--flag'] }), { stdio: 'null' }),
        'not-found',
        /not found.*no-such-command/,
      ),
      () => fixture.assertNothingLeft('a command not on PATH'),
    );
  });

  test('a command path that does not exist fails with not-found saying "not found" and naming it, and leaves nothing', async () => {
    await allOf(
      () => rejectsWith(
        fixture.runtime.run(fixture.spec({ network: 'private', command: ['/no/such/program'] }), { stdio: 'null' }),
        'not-found',
        /\/no\/such\/program.*not found|not found.*\/no\/such\/program/,
      ),
      () => fixture.assertNothingLeft('a command path that does not exist'),
    );
  });

  test('stop() of a container this process watches leaves no timer behind once it returns', async () => {
    const { id } = await fixture.startIdle();
    const timers = (): number => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    const before = timers();
    await withTimeout(fixture.runtime.stop(id, { timeoutMs: 1_000 }), DEFAULT_WAIT_MS, 'stop');
    const after = timers();
    await fixture.remove(id);
    assert.equal(after, before, 'stop() returned but left a timer running (it keeps the process alive)');
  });

  test('a container run detached in this process (not watched) can be removed with force', async () => {
    const run = await fixture.runtime.run(fixture.spec({ command: [] }), { detach: true, stdio: 'null' });
    const started = Date.now();
    try {
      await withTimeout(fixture.runtime.remove(run.id, { force: true }), DEFAULT_WAIT_MS, 'remove --force');
      assert.ok(Date.now() - started < 5_000, `remove took ${Date.now() - started} ms`);
    } finally {
      // Nobody reaps the init when it is not watched: reap it here through its pidfd, so that
      // clean-up can finish and no zombie stays.
      if (isZombie(run.process.pid)) await reapChild(run.process.pid);
      await removeAll();
    }
    await fixture.assertNothingLeft('removing a detached container');
  });
});
