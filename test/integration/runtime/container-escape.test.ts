/**
 * Attempts to break out of a container or reach another one, modelled on the runtime escapes
 * people have actually used (research/runtimes.md §0.10): each must fail.
 */
import assert from 'node:assert/strict';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { Runtime } from '../../../helper/src/runtime/runtime';
import type { ContainerSpec } from '../../../helper/src/runtime/spec';
import { busyboxRootfs } from '../../support/busybox-rootfs';

const needsRoot = process.getuid?.() !== 0;
const skip = needsRoot && process.env.CI !== 'true' ? 'needs root' : false;

describe('escape attempts (real kernel)', { skip }, () => {
  let rootfs = '';
  let stateRoot = '';
  let runtime: Runtime;
  const created: string[] = [];

  before(async () => {
    if (needsRoot) throw new Error('escape tests need root (CI=true makes a missing prerequisite a failure)');
    rootfs = await busyboxRootfs();
    stateRoot = mkdtempSync(join(tmpdir(), 'hutch-escape-'));
    runtime = new Runtime({ stateRoot });
  });

  after(async () => {
    for (const id of created) await runtime.remove(id, { force: true }).catch(() => undefined);
    await runtime.drain();
    runtime.close();
    rmSync(stateRoot, { recursive: true, force: true });
  });

  /** Runs a shell script in a fresh container and returns its output and exit code. */
  async function sh(script: string, extra: Partial<ContainerSpec> = {}): Promise<{ code: number | null; out: string }> {
    const outPath = join(stateRoot, `out-${Date.now()}-${Math.random().toString(16).slice(2)}`);
    const out = openSync(outPath, 'w+');
    try {
      const result = await runtime.run({ rootfs, command: ['/bin/sh', '-c', script], network: 'none', ...extra }, { remove: true, stdio: [-1, out, out] });
      return { code: result.exitCode, out: readFileSync(outPath, 'utf8') };
    } finally {
      closeSync(out);
      rmSync(outPath, { force: true });
    }
  }

  test('PID 1 cannot be overwritten or read through /proc/1/exe (CVE-2019-5736), even with CAP_SYS_PTRACE', async () => {
    const plain = await sh('echo x > /proc/1/exe && echo WROTE; cat /proc/1/exe > /dev/null && echo READ; readlink /proc/1/exe || echo no-link');
    assert.doesNotMatch(plain.out, /WROTE|READ/);
    assert.match(plain.out, /no-link/);
    const traced = await sh('echo x > /proc/1/exe && echo WROTE; readlink /proc/1/exe', { capAdd: ['SYS_PTRACE'] });
    assert.doesNotMatch(traced.out, /WROTE/, 'the sealed memfd refuses writes');
    assert.match(traced.out, /memfd:hutch-init/, 'what PID 1 runs is a memfd, not a host file');
  });

  test('no host descriptor is reachable, also as the working directory (CVE-2024-21626)', async () => {
    const fds = await sh('ls /proc/self/fd | tr "\\n" " "');
    assert.equal(fds.out.trim(), '0 1 2 3');
    for (const fd of [3, 4, 5, 6, 7, 8]) {
      await assert.rejects(sh('pwd', { cwd: `/proc/self/fd/${fd}` }), /working directory|not found|No such file|Not a directory/i, `cwd /proc/self/fd/${fd} must not work`);
    }
  });

  test('a device node made with CAP_MKNOD cannot be opened', async () => {
    const disk = statSync('/dev/vda', { throwIfNoEntry: false }) ?? statSync('/dev/sda', { throwIfNoEntry: false });
    const major = disk ? Math.floor(disk.rdev / 256) : 8;
    const r = await sh(`mknod /tmp/disk b ${major} 0 && echo MADE; head -c 1 /tmp/disk > /dev/null && echo OPENED; mknod /dev/mem2 c 1 1 && echo MADE2; head -c 1 /dev/mem2 >/dev/null && echo OPENED2`);
    assert.match(r.out, /MADE/, 'mknod itself is allowed, as with Docker');
    assert.doesNotMatch(r.out, /OPENED/, 'but the node is useless');
  });

  test('the cgroup release_agent and /proc/sys cannot be written (CVE-2022-0492 style)', async () => {
    const r = await sh(
      'for f in /sys/fs/cgroup/memory/release_agent /sys/fs/cgroup/memory/notify_on_release /proc/sys/kernel/core_pattern /proc/sysrq-trigger; do echo x > $f 2>/dev/null && echo "WROTE $f"; done; mount -t cgroup -o memory cgroup /mnt 2>/dev/null && echo MOUNTED; echo done',
    );
    assert.doesNotMatch(r.out, /WROTE|MOUNTED/);
    assert.match(r.out, /done/);
  });

  test('a container sees neither the host nor another container', async () => {
    const other = await runtime.run({ rootfs, command: [], name: `escape-other-${process.pid}`, network: 'none' }, { detach: true, stdio: 'null' });
    created.push(other.id);
    const otherInfo = await runtime.inspect(other.id);
    const r = await sh(
      `ls /proc | grep -E '^[0-9]+$' | tr "\\n" " "; echo; ls ${otherInfo.paths.upper} 2>&1 | head -1; ls ${stateRoot} 2>&1 | head -1; cat /proc/1/mountinfo 2>&1 | head -1`,
    );
    const pids = r.out.split('\n')[0]?.trim().split(' ').map(Number) ?? [];
    assert.ok(pids.every((p) => p < 20), `only the container's own few processes are visible: ${pids.join(' ')}`);
    const lines = r.out.split('\n');
    assert.match(lines[1] ?? '', /No such file or directory/, "the other container's layer does not exist inside");
    assert.match(lines[2] ?? '', /No such file or directory/, 'the host state root does not exist inside');
  });

  test('the pivot leaves no way back to the host root', async () => {
    const r = await sh('cd /; cd ..; cd ..; ls / | tr "\\n" " "; echo; grep -c . /proc/self/mountinfo; awk \'{print $5}\' /proc/self/mountinfo | grep -vE "^/(proc|dev|sys|etc)?" | head -3');
    const hostRootEntries = new Set(['boot', 'work', 'srv']);
    const seen = (r.out.split('\n')[0] ?? '').trim().split(' ');
    assert.ok(!seen.some((e) => hostRootEntries.has(e) && !e.startsWith('.')), `the container's / is its own: ${seen.join(' ')}`);
  });
});
