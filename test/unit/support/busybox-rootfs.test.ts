import { afterEach, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { busyboxRootfs, rootfsPrerequisiteError } from '../../support/busybox-rootfs';

// Needs busybox-static: fails under CI when missing (ENVIRONMENT.md), skips loudly elsewhere.
const missing = rootfsPrerequisiteError();
const skip = missing !== null && process.env.CI !== 'true' ? `SKIPPED: ${missing}` : false;

describe('busyboxRootfs', { skip }, () => {
  let cache: string;
  let savedCache: string | undefined;

  beforeEach(async () => {
    savedCache = process.env.HUTCH_TEST_CACHE;
    cache = await fs.mkdtemp(join(tmpdir(), 'hutch-rootfs-test-'));
    process.env.HUTCH_TEST_CACHE = cache;
  });

  afterEach(async () => {
    if (savedCache === undefined) delete process.env.HUTCH_TEST_CACHE;
    else process.env.HUTCH_TEST_CACHE = savedCache;
    await fs.rm(cache, { recursive: true, force: true });
  });

  test('builds under HUTCH_TEST_CACHE with busybox, an applet link per name and the standard directories', async () => {
    const root = await busyboxRootfs();
    assert.equal(root, join(cache, 'busybox-rootfs'));

    assert.ok((await fs.stat(join(root, 'bin/busybox'))).mode & 0o111, 'bin/busybox is executable');
    for (const applet of ['sh', 'true', 'sleep', 'cat', 'ls', 'id', 'hostname', 'nc', 'wget', 'ip', 'ps', 'mount', 'unshare', 'seq', 'env']) {
      assert.equal(await fs.readlink(join(root, 'bin', applet)), 'busybox', `bin/${applet} links to busybox`);
    }
    // The paths scripts and runtimes look for resolve through the directory links.
    for (const path of ['bin/sh', 'bin/true', 'usr/bin/env', 'sbin/nologin', 'usr/sbin/nologin']) {
      assert.ok((await fs.stat(join(root, path))).isFile(), `${path} resolves to a file`);
    }
    for (const dir of ['proc', 'sys', 'dev', 'tmp', 'root', 'home/dev', 'var', 'run']) {
      assert.ok((await fs.stat(join(root, dir))).isDirectory(), `${dir} is a directory`);
    }
    assert.equal((await fs.stat(join(root, 'tmp'))).mode & 0o7777, 0o1777);
    assert.equal((await fs.stat(root)).mode & 0o777, 0o755);
    if (process.getuid?.() === 0) assert.equal((await fs.stat(join(root, 'home/dev'))).uid, 1000);
  });

  test('writes passwd and group with root, nobody and the dev user (uid 1000, home /home/dev)', async () => {
    const root = await busyboxRootfs();
    const passwd = await fs.readFile(join(root, 'etc/passwd'), 'utf8');
    assert.match(passwd, /^root:x:0:0:root:\/root:\/bin\/sh$/m);
    assert.match(passwd, /^nobody:x:65534:65534:/m);
    assert.match(passwd, /^dev:x:1000:1000:[^:]*:\/home\/dev:\/bin\/sh$/m);
    const group = await fs.readFile(join(root, 'etc/group'), 'utf8');
    assert.match(group, /^root:x:0:$/m);
    assert.match(group, /^dev:x:1000:$/m);
    assert.notEqual((await fs.readFile(join(root, 'etc/hostname'), 'utf8')).trim(), '');
  });

  test('its busybox runs applets by argument and through the applet links', async () => {
    const root = await busyboxRootfs();
    execFileSync(join(root, 'bin/busybox'), ['true']);
    assert.equal(execFileSync(join(root, 'bin/sh'), ['-c', 'echo hi'], { encoding: 'utf8' }), 'hi\n');
  });

  test('a second call returns the cached rootfs without rebuilding it', async () => {
    const first = await busyboxRootfs();
    const marker = await fs.stat(join(first, '.complete'));
    const second = await busyboxRootfs();
    assert.equal(second, first);
    assert.equal((await fs.stat(join(second, '.complete'))).ino, marker.ino);
  });

  test('concurrent first calls agree on one complete rootfs and leave no build folders behind', async () => {
    const [a, b, c] = await Promise.all([busyboxRootfs(), busyboxRootfs(), busyboxRootfs()]);
    assert.equal(a, b);
    assert.equal(b, c);
    await fs.access(join(a, '.complete'));
    execFileSync(join(a, 'bin/busybox'), ['true']);
    assert.deepEqual(await fs.readdir(cache), ['busybox-rootfs']);
  });

  test('replaces a target without the completion marker, as left by something else', async () => {
    const target = join(cache, 'busybox-rootfs');
    await fs.mkdir(join(target, 'bin'), { recursive: true });
    await fs.writeFile(join(target, 'bin/half-written'), '');
    const root = await busyboxRootfs();
    assert.equal(root, target);
    await fs.access(join(root, '.complete'));
    await assert.rejects(fs.access(join(root, 'bin/half-written')));
  });

  test('removes build folders abandoned by a crashed build', async () => {
    const abandoned = join(cache, 'busybox-rootfs.tmp-crashed');
    await fs.mkdir(join(abandoned, 'bin'), { recursive: true });
    const anHourAgo = new Date(Date.now() - 60 * 60 * 1000);
    await fs.utimes(abandoned, anHourAgo, anHourAgo);
    await busyboxRootfs();
    assert.deepEqual(await fs.readdir(cache), ['busybox-rootfs']);
  });
});

test('rootfsPrerequisiteError names busybox-static when something is missing', () => {
  const problem = rootfsPrerequisiteError();
  if (problem !== null) assert.match(problem, /busybox-static/);
});
