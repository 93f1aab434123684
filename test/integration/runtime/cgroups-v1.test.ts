/**
 * The cgroup v1 driver against the real kernel: limits land in the kernel's files, processes
 * join every hierarchy, the kernel enforces pids and memory limits, killAll empties the cgroup and
 * remove leaves nothing. Needs root on a host with v1 hierarchies; skipped elsewhere.
 *
 * Every test starts its own processes and cgroups (unique names under a per-run parent) and kills
 * and removes them in `finally`, so a failing assertion leaves nothing behind.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it, type TestContext } from 'node:test';
import { isHutchError } from '../../../helper/src/errors';
import { type CgroupDriver, type ContainerCgroup, type DeviceRule, type ResourceLimits, probeCgroupDriver } from '../../../helper/src/runtime/cgroups';

const MiB = 1024 * 1024;
/** The device list is complete (everything else is denied), and sh opens /dev/null for `cmd &`. */
const DEV_NULL: DeviceRule = { allow: true, type: 'c', major: 1, minor: 3, access: 'rwm' };
const parentName = `hutch-test-${randomBytes(4).toString('hex')}`;

interface Started {
  child: ChildProcess;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  output: () => string;
}

function start(command: string, args: string[], started: Started[]): Started {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  const entry = { child, exit, output: () => output };
  started.push(entry);
  return entry;
}

/** A shell that moves itself into the cgroup before exec'ing the workload, so every fork of the
 * workload is counted (spawning first and joining afterwards would let it fork outside). */
function joinThenExec(cgroup: ContainerCgroup, workload: string): string[] {
  const joins = cgroup.procsFiles.map((file) => `echo $$ > ${file}`).join('; ');
  return ['-c', `${joins}; exec ${workload}`];
}

async function join(cgroup: ContainerCgroup, pid: number): Promise<void> {
  for (const file of cgroup.procsFiles) await fs.writeFile(file, String(pid));
}

/** The directory of a cgroup in the hierarchy carrying `controller` (mount names like "cpu,cpuacct"). */
function directoryFor(cgroup: ContainerCgroup, controller: string): string {
  for (const procsFile of cgroup.procsFiles) {
    const dir = path.dirname(procsFile);
    const mountName = path.basename(path.dirname(path.dirname(dir)));
    if (mountName.split(',').includes(controller)) return dir;
  }
  throw new Error(`no ${controller} directory among ${cgroup.procsFiles.join(', ')}`);
}

async function readTrimmed(file: string): Promise<string> {
  return (await fs.readFile(file, 'utf8')).trim();
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

describe('cgroup v1 driver (real kernel)', () => {
  let driver: CgroupDriver | undefined;
  let skipReason: string | undefined;

  before(async () => {
    if (process.getuid?.() !== 0) {
      skipReason = 'needs root';
      return;
    }
    try {
      driver = await probeCgroupDriver({ parentName });
    } catch (error) {
      skipReason = isHutchError(error) ? error.message : String(error);
      return;
    }
    if (driver.version !== 1) skipReason = 'this host uses cgroup v2';
  });

  after(async () => {
    // The per-run parent in each hierarchy (the driver makes it on first use, even for a create
    // that then fails).
    for (const hierarchy of await fs.readdir('/sys/fs/cgroup').catch(() => [])) {
      await fs.rmdir(path.join('/sys/fs/cgroup', hierarchy, parentName)).catch(() => undefined);
    }
  });

  /** Creates a uniquely named cgroup, runs the body, then kills what the test started and
   * removes the cgroup whatever happened. */
  async function withCgroup(
    t: TestContext,
    limits: ResourceLimits,
    devices: readonly DeviceRule[],
    body: (cgroup: ContainerCgroup, started: Started[], name: string) => Promise<void>,
  ): Promise<void> {
    if (driver === undefined) {
      t.skip(skipReason);
      return;
    }
    const name = `hutch-test-${randomBytes(4).toString('hex')}`;
    const started: Started[] = [];
    const cgroup = await driver.create(name, limits, devices);
    try {
      await body(cgroup, started, name);
    } finally {
      for (const { child } of started) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await cgroup.killAll().catch(() => undefined);
      await cgroup.remove();
    }
  }

  it('writes memory, pids, cpu, cpuset and device limits into the kernel files', async (t) => {
    const limits = { memoryBytes: 64 * MiB, pidsLimit: 20, cpus: 0.5, cpuShares: 512, cpusetCpus: '0' };
    const devices: DeviceRule[] = [
      { allow: true, type: 'c', major: 1, minor: 3, access: 'rwm' },
      { allow: true, type: 'c', major: 136, minor: '*', access: 'rw' },
    ];
    await withCgroup(t, limits, devices, async (cgroup) => {
      const memory = directoryFor(cgroup, 'memory');
      assert.equal(await readTrimmed(path.join(memory, 'memory.limit_in_bytes')), String(64 * MiB));
      assert.match(await readTrimmed(path.join(memory, 'memory.oom_control')), /^oom_kill_disable 0$/m);
      assert.equal(await readTrimmed(path.join(directoryFor(cgroup, 'pids'), 'pids.max')), '20');
      const cpu = directoryFor(cgroup, 'cpu');
      assert.equal(await readTrimmed(path.join(cpu, 'cpu.cfs_period_us')), '100000');
      assert.equal(await readTrimmed(path.join(cpu, 'cpu.cfs_quota_us')), '50000');
      assert.equal(await readTrimmed(path.join(cpu, 'cpu.shares')), '512');
      const cpuset = directoryFor(cgroup, 'cpuset');
      assert.equal(await readTrimmed(path.join(cpuset, 'cpuset.cpus')), '0');
      assert.equal(await readTrimmed(path.join(cpuset, 'cpuset.mems')), await readTrimmed(path.join(path.dirname(cpuset), 'cpuset.mems')));
      assert.equal(await readTrimmed(path.join(directoryFor(cgroup, 'devices'), 'devices.list')), 'c 1:3 rwm\nc 136:* rw');
      assert.deepEqual(cgroup.unenforced, []);
    });
  });

  it('denies opening a device the rule list does not allow', { timeout: 30_000 }, async (t) => {
    await withCgroup(t, {}, [DEV_NULL], async (cgroup, started) => {
      const reader = start('sh', joinThenExec(cgroup, `sh -c 'head -c 1 /dev/null && head -c 1 /dev/zero'`), started);
      const exit = await withTimeout(reader.exit, 10_000, 'the device reader');
      assert.notEqual(exit.code, 0);
      assert.match(reader.output(), /\/dev\/zero.*Operation not permitted/);
      assert.doesNotMatch(reader.output(), /\/dev\/null/);
    });
  });

  it('puts a process whose pid is written to procsFiles into the cgroup of every hierarchy it joins', async (t) => {
    await withCgroup(t, { memoryBytes: 64 * MiB, pidsLimit: 20, cpus: 0.5, cpusetCpus: '0' }, [], async (cgroup, started) => {
      const sleeper = start('sleep', ['30'], started);
      const pid = sleeper.child.pid!;
      await join(cgroup, pid);
      const membership = new Map<string, string>();
      for (const line of (await fs.readFile(`/proc/${pid}/cgroup`, 'utf8')).trim().split('\n')) {
        const [, controllers, cgroupPath] = line.split(':');
        for (const controller of controllers!.split(',')) membership.set(controller, cgroupPath!);
      }
      // freezer is not joined: killing a container's init ends its whole PID namespace (v1.ts).
      for (const controller of ['memory', 'pids', 'cpu', 'cpuacct', 'cpuset', 'devices']) {
        assert.equal(membership.get(controller), cgroup.relativePath, `${controller} line of /proc/${pid}/cgroup`);
      }
      assert.deepEqual(await cgroup.pids(), [pid]);
      const stats = await cgroup.stats();
      assert.equal(stats.pidsCurrent, 1);
      assert.ok((stats.memoryCurrentBytes ?? 0) >= 0);
      assert.equal(typeof stats.cpuUsageNanoseconds, 'number');
      assert.equal(stats.oomKills, 0);
    });
  });

  it('makes forks beyond pidsLimit fail inside the cgroup', { timeout: 60_000 }, async (t) => {
    await withCgroup(t, { pidsLimit: 10 }, [DEV_NULL], async (cgroup, started) => {
      const shell = start('sh', joinThenExec(cgroup, `sh -c 'for i in $(seq 1 50); do sleep 5 & done; wait'`), started);
      const exit = await withTimeout(shell.exit, 30_000, 'the forking shell');
      assert.match(shell.output(), /can't fork|cannot fork|Resource temporarily unavailable/i);
      assert.notEqual(exit.code, 0);
      const { pidsCurrent } = await cgroup.stats();
      assert.ok(pidsCurrent !== undefined && pidsCurrent <= 10, `pids.current ${pidsCurrent} <= 10`);
      const events = await fs.readFile(path.join(directoryFor(cgroup, 'pids'), 'pids.events'), 'utf8').catch(() => undefined);
      if (events !== undefined) assert.ok(Number(/^max (\d+)/m.exec(events)?.[1]) > 0, `pids.events: ${events}`);
    });
  });

  it('OOM-kills a process that allocates past memoryBytes and counts the kill', { timeout: 60_000 }, async (t) => {
    // memsw equal to the memory limit so the kill happens even on a host with swap.
    const devZero: DeviceRule = { allow: true, type: 'c', major: 1, minor: 5, access: 'rwm' };
    await withCgroup(t, { memoryBytes: 32 * MiB, memorySwapBytes: 32 * MiB }, [DEV_NULL, devZero], async (cgroup, started) => {
      const memory = directoryFor(cgroup, 'memory');
      if (existsSync(path.join(memory, 'memory.memsw.limit_in_bytes'))) {
        assert.equal(await readTrimmed(path.join(memory, 'memory.memsw.limit_in_bytes')), String(32 * MiB));
      }
      // dd fills its one 200 MiB buffer from /dev/zero, touching every page.
      const hog = start('sh', joinThenExec(cgroup, 'dd if=/dev/zero of=/dev/null bs=200M count=1'), started);
      const exit = await withTimeout(hog.exit, 30_000, 'the memory hog');
      assert.equal(exit.signal, 'SIGKILL', `dd exited with ${JSON.stringify(exit)}: ${hog.output()}`);
      assert.ok(((await cgroup.stats()).oomKills ?? 0) >= 1, 'oom_kill counter went up');
    });
  });

  it('killAll kills every process in the cgroup, forks included, and remove leaves no directory', { timeout: 60_000 }, async (t) => {
    let directories: string[] = [];
    let name = '';
    await withCgroup(t, { pidsLimit: 500 }, [DEV_NULL], async (cgroup, started, cgroupName) => {
      name = cgroupName;
      directories = cgroup.procsFiles.map((file) => path.dirname(file));
      const sleepers = [1, 2, 3].map(() => start('sleep', ['30'], started));
      for (const sleeper of sleepers) await join(cgroup, sleeper.child.pid!);
      // Still forking (about 40 a second, far from pidsLimit) when killAll runs, so it races live forks.
      const forker = start('sh', joinThenExec(cgroup, `sh -c 'while :; do sleep 30 & sleep 0.02; done'`), started);
      for (let i = 0; i < 250 && (await cgroup.pids()).length < 20; i++) await new Promise((resolve) => setTimeout(resolve, 20));
      assert.ok((await cgroup.pids()).length >= 20, 'the forker is filling the cgroup');
      assert.equal(forker.child.exitCode, null, `the forker is still running: ${forker.output()}`);

      await cgroup.killAll();
      assert.deepEqual(await cgroup.pids(), []);
      for (const { exit } of [...sleepers, forker]) assert.equal((await withTimeout(exit, 5_000, 'a killed process')).signal, 'SIGKILL');

      await cgroup.remove();
      for (const dir of directories) assert.equal(existsSync(dir), false, `${dir} removed`);
      await cgroup.remove(); // already gone: not an error
    });
    if (driver === undefined) return;
    assert.equal((await driver.list()).includes(name), false);
    assert.equal(await driver.open(name), null);
  });

  it('lists and re-opens an existing cgroup without changing it', async (t) => {
    await withCgroup(t, { pidsLimit: 7 }, [], async (cgroup, _started, name) => {
      assert.ok((await driver!.list()).includes(name));
      const reopened = await driver!.open(name);
      assert.ok(reopened !== null);
      assert.deepEqual(reopened.procsFiles, cgroup.procsFiles);
      assert.equal(reopened.relativePath, cgroup.relativePath);
      assert.equal(await readTrimmed(path.join(directoryFor(reopened, 'pids'), 'pids.max')), '7');
    });
  });

  it('leaves nothing behind when the kernel rejects a limit', async (t) => {
    if (driver === undefined) {
      t.skip(skipReason);
      return;
    }
    const name = `hutch-test-${randomBytes(4).toString('hex')}`;
    // CPU 4095 does not exist here, so the kernel refuses cpuset.cpus after the directories exist.
    await assert.rejects(driver.create(name, { cpusetCpus: '4095', memoryBytes: 64 * MiB }, []), (error: unknown) => {
      assert.ok(isHutchError(error));
      assert.equal(error.code, 'invalid-argument');
      assert.match(error.message, /cpuset\.cpus/);
      return true;
    });
    assert.equal((await driver.list()).includes(name), false);
    assert.equal(await driver.open(name), null);
  });

  it('rejects a name that would leave the parent cgroup before touching the kernel', async (t) => {
    if (driver === undefined) {
      t.skip(skipReason);
      return;
    }
    await assert.rejects(driver.create('../escape', {}, []), { code: 'invalid-argument' });
  });
});
