/**
 * The cgroup v2 driver against a real kernel. This host is hybrid (v1 controllers), so the test
 * boots Debian's kernel under QEMU with an initramfs in which /sys/fs/cgroup is a pure cgroup v2
 * hierarchy, as on current distributions, and runs Hutch's runtime there
 * (test/vm-guest/cgroup-v2-guest.ts). The guest's root is the initramfs, so the runtime's
 * MS_MOVE+chroot fallback for a root that cannot be pivoted is exercised too.
 *
 * Needs qemu-system-x86 and linux-image-amd64 (installed by .ci/run); without them the test
 * fails under CI=true and is skipped, loudly, elsewhere.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { busyboxRootfs } from '../../support/busybox-rootfs';

const repo = join(__dirname, '..', '..', '..', '..');
const QEMU = '/usr/bin/qemu-system-x86_64';
const BOOT_TIMEOUT_MS = 420_000;

function newestKernel(): { kernel: string; version: string } | null {
  if (!existsSync('/boot')) return null;
  const kernels = readdirSync('/boot').filter((f) => /^vmlinuz-/.test(f)).sort();
  const last = kernels[kernels.length - 1];
  if (!last) return null;
  const version = last.slice('vmlinuz-'.length);
  return existsSync(`/lib/modules/${version}`) ? { kernel: join('/boot', last), version } : null;
}

function missingPrerequisite(): string | null {
  if (!existsSync(QEMU)) return 'qemu-system-x86 is not installed';
  if (!newestKernel()) return 'linux-image-amd64 is not installed (no /boot/vmlinuz-* with modules)';
  if (process.getuid?.() !== 0) return 'needs root (to read the kernel image)';
  return null;
}

const missing = missingPrerequisite();
const skip = missing !== null && process.env.CI !== 'true' ? `${missing}: skipping the cgroup v2 VM test` : false;
if (skip) process.stderr.write(`\n*** ${skip} ***\n\n`);

/** Shared libraries a binary needs, from ldd, with the dynamic loader. */
function sharedLibraries(binary: string): string[] {
  const out = execFileSync('ldd', [binary], { encoding: 'utf8' });
  return [...out.matchAll(/(\/[^\s]+\.so[^\s]*)/g)].map((m) => m[1] as string);
}

function copyInto(root: string, path: string): void {
  const target = join(root, path);
  mkdirSync(dirname(target), { recursive: true });
  copyFileSync(path, target);
}

describe('cgroup v2 driver in a VM (real kernel, pure v2 hierarchy)', { skip }, () => {
  let work = '';
  let serial = '';
  let result: Record<string, unknown> = {};

  before(async () => {
    if (missing) throw new Error(`${missing} (CI=true makes a missing prerequisite a failure)`);
    const { kernel, version } = newestKernel() as { kernel: string; version: string };
    work = mkdtempSync(join(tmpdir(), 'hutch-vm-'));
    const root = join(work, 'initramfs');
    mkdirSync(join(root, 'bin'), { recursive: true });
    copyFileSync('/bin/busybox', join(root, 'bin', 'busybox'));
    // Node and the addon with their libraries, at the same paths as on the host.
    for (const file of new Set(['/usr/bin/node', ...sharedLibraries('/usr/bin/node'), ...sharedLibraries(join(repo, 'build', 'Release', 'hutch_native.node'))])) {
      copyInto(root, file);
    }
    const pkg = join(root, 'hutch');
    mkdirSync(join(pkg, 'build', 'Release'), { recursive: true });
    copyFileSync(join(repo, 'package.json'), join(pkg, 'package.json'));
    for (const f of ['hutch_native.node', 'hutch-init']) copyFileSync(join(repo, 'build', 'Release', f), join(pkg, 'build', 'Release', f));
    cpSync(join(repo, 'out'), join(pkg, 'out'), { recursive: true });
    cpSync(await busyboxRootfs(), join(root, 'rootfs'), { recursive: true, verbatimSymlinks: true });
    const overlay = execFileSync('find', [`/lib/modules/${version}`, '-name', 'overlay.ko*'], { encoding: 'utf8' }).trim().split('\n')[0] ?? '';
    assert.ok(overlay, 'the kernel has an overlay module');
    copyFileSync(overlay, join(root, basename(overlay)));
    writeFileSync(
      join(root, 'init'),
      [
        '#!/bin/busybox sh',
        '/bin/busybox --install -s /bin',
        'export PATH=/bin:/usr/bin',
        'mkdir -p /proc /sys /dev /tmp /run',
        'mount -t proc proc /proc',
        'mount -t sysfs sysfs /sys',
        'mount -t devtmpfs devtmpfs /dev',
        // A pure v2 hierarchy, the only one mounted: what current distributions run.
        'mount -t cgroup2 cgroup2 /sys/fs/cgroup',
        'mount -t tmpfs tmpfs /tmp',
        'mount -t tmpfs tmpfs /run',
        overlay.endsWith('.xz') ? `xz -d /${basename(overlay)} && insmod /${basename(overlay, '.xz')}` : `insmod /${basename(overlay)}`,
        'echo HUTCH-VM-START',
        '/usr/bin/node /hutch/out/test/vm-guest/cgroup-v2-guest.js',
        'echo HUTCH-VM-END',
        'poweroff -f',
        '',
      ].join('\n'),
    );
    chmodSync(join(root, 'init'), 0o755);
    symlinkSync('busybox', join(root, 'bin', 'sh'));
    const initrd = join(work, 'initrd.cpio');
    // Uncompressed: decompressing ~120 MB under emulation would cost more than reading it.
    execFileSync('sh', ['-c', `cd "${root}" && find . | /bin/busybox cpio -o -H newc > "${initrd}" 2>/dev/null`]);

    serial = await new Promise<string>((resolve, reject) => {
      const qemu = spawn(
        QEMU,
        ['-machine', 'q35', '-accel', 'tcg', '-cpu', 'max', '-smp', '2', '-m', '2048', '-nographic', '-no-reboot', '-kernel', kernel, '-initrd', initrd,
          '-append', 'console=ttyS0 rdinit=/init panic=-1 quiet'],
        { stdio: ['ignore', 'pipe', 'pipe'] },
      );
      let output = '';
      qemu.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      qemu.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      // Only the QEMU we started, by pid, and only if it outlives its bound.
      const timer = setTimeout(() => qemu.kill('SIGKILL'), BOOT_TIMEOUT_MS);
      qemu.on('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      qemu.on('exit', () => {
        clearTimeout(timer);
        resolve(output);
      });
    });
    const line = serial.split('\n').find((l) => l.startsWith('HUTCH-VM-RESULT '));
    assert.ok(line, `the guest reported (serial output tail:\n${serial.slice(-3000)})`);
    result = JSON.parse(line.slice('HUTCH-VM-RESULT '.length).trim()) as Record<string, unknown>;
    assert.equal(result.error, undefined, `the guest failed: ${String(result.error)}`);
  });

  after(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  test('the probe picks the v2 driver on a pure v2 hierarchy', () => {
    assert.equal(result.driverVersion, 2);
  });

  test('memory, pids, cpu and cpuset limits land in the v2 files', () => {
    assert.deepEqual(result.limits, { memoryMax: String(32 * 1024 * 1024), pidsMax: '16', cpuMax: '50000 100000', cpusetCpus: '0' });
  });

  test('the container and its exec live in one cgroup, which is their root inside', () => {
    assert.equal(result.initCgroup, `0::${String(result.cgroupPath)}`);
    assert.equal(result.execCgroupInside, '0::/');
    assert.match(String(result.cgroupMountInside), / \/sys\/fs\/cgroup ro,.* - cgroup2 /);
  });

  test('an allocation past the memory limit is OOM-killed inside, and counted', () => {
    assert.equal(result.hog, 'status=137');
    assert.ok(Number(result.oomKills) >= 1);
  });

  test('forks stop at the pids limit', () => {
    assert.ok(Number(result.pidsCurrent) > 1 && Number(result.pidsCurrent) <= 16, `pids.current ${String(result.pidsCurrent)} within the limit of 16`);
    assert.ok(Number(result.pidsEventsMax) > 0, 'the kernel counted refused forks');
  });

  test('on an initramfs root the runtime falls back to MS_MOVE+chroot, and says so', () => {
    assert.match(serial, /pivot_root is impossible; containers use MS_MOVE\+chroot/);
  });

  test('remove leaves no cgroup behind; favordynmods is set on the v2 mount', () => {
    assert.equal(result.cgroupRemoved, true);
    assert.equal(result.favordynmods, true);
  });
});
