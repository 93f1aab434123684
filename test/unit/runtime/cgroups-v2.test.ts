/**
 * The cgroup v2 driver's file writes, the probe's choice of driver, and the pure conversions.
 *
 * The v2 driver runs against a fake cgroup root in a temp dir, with the files the kernel would
 * have pre-created: the development host is hybrid (v1 hierarchies plus a cgroup2 mount with no
 * controllers), so v2 with controllers cannot be exercised against the real kernel there. The
 * fake pins what is written where; it cannot show that the kernel accepts it.
 */
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { isHutchError } from '../../../helper/src/errors';
import { cpuSharesToWeight, probeCgroupDriver } from '../../../helper/src/runtime/cgroups';
import { assertValidDeviceRule, assertValidLimits } from '../../../helper/src/runtime/cgroups/limits';
import { parseMountinfo } from '../../../helper/src/runtime/cgroups/mountinfo';
import { CgroupV2Driver } from '../../../helper/src/runtime/cgroups/v2';

const MiB = 1024 * 1024;
const ALL_CONTROLLERS = 'cpuset cpu io memory hugetlb pids rdma misc';
/** Files the kernel creates in a new v2 cgroup with cpuset, cpu, io, memory and pids enabled. */
const CONTAINER_FILES = [
  'cgroup.procs',
  'cgroup.controllers',
  'cgroup.subtree_control',
  'cgroup.events',
  'cgroup.freeze',
  'cgroup.kill',
  'cpu.max',
  'cpu.weight',
  'cpu.stat',
  'cpuset.cpus',
  'cpuset.mems',
  'memory.current',
  'memory.max',
  'memory.swap.max',
  'memory.events',
  'pids.current',
  'pids.max',
];

let root: string;

beforeEach(async () => {
  root = await fs.mkdtemp(path.join(tmpdir(), 'hutch-cgroup-fake-'));
});

afterEach(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

async function writeFiles(dir: string, files: Record<string, string>): Promise<void> {
  await fs.mkdir(dir, { recursive: true });
  for (const [name, content] of Object.entries(files)) await fs.writeFile(path.join(dir, name), content);
}

/** A root cgroup offering every controller, and Hutch's parent as the kernel shows it once the
 * root enables `parentOffers` for its children. */
async function fakeV2Root(options: { rootEnabled?: string; parentOffers?: string } = {}): Promise<void> {
  await writeFiles(root, { 'cgroup.controllers': `${ALL_CONTROLLERS}\n`, 'cgroup.subtree_control': options.rootEnabled ?? '' });
  await writeFiles(path.join(root, 'hutch'), {
    'cgroup.controllers': `${options.parentOffers ?? 'cpuset cpu io memory pids'}\n`,
    'cgroup.subtree_control': '',
  });
}

async function fakeContainer(name: string, omit: readonly string[] = []): Promise<string> {
  const dir = path.join(root, 'hutch', name);
  await writeFiles(dir, Object.fromEntries(CONTAINER_FILES.filter((file) => !omit.includes(file)).map((file) => [file, ''])));
  return dir;
}

const read = (file: string): Promise<string> => fs.readFile(file, 'utf8');
const v2Driver = (): CgroupV2Driver => new CgroupV2Driver({ mountPoint: root, mountRoot: '/' }, 'hutch');

function mountinfoLine(id: number, mountPoint: string, fsType: string, superOptions: string, mountRoot = '/'): string {
  return `${id} 23 0:${id} ${mountRoot} ${mountPoint.replace(/ /g, '\\040')} rw,nosuid,nodev,noexec,relatime shared:${id} - ${fsType} ${fsType} ${superOptions}`;
}

async function writeMountinfo(lines: string[]): Promise<string> {
  const file = path.join(root, 'mountinfo');
  await fs.writeFile(file, `${lines.join('\n')}\n`);
  return file;
}

describe('cgroup v2 driver (fake cgroupfs)', () => {
  it('enables controllers at the root and the parent, then writes every limit', async () => {
    await fakeV2Root();
    const dir = await fakeContainer('c1');
    const cgroup = await v2Driver().create(
      'c1',
      { memoryBytes: 64 * MiB, memorySwapBytes: 96 * MiB, pidsLimit: 20, cpus: 0.5, cpuShares: 1024, cpusetCpus: '0-1', cpusetMems: '0' },
      [{ allow: true, type: 'c', major: 1, minor: 3, access: 'rwm' }],
    );
    assert.equal(await read(path.join(root, 'cgroup.subtree_control')), '+cpuset +cpu +io +memory +pids');
    assert.equal(await read(path.join(root, 'hutch', 'cgroup.subtree_control')), '+cpuset +cpu +io +memory +pids');
    assert.equal(await read(path.join(dir, 'memory.max')), String(64 * MiB));
    assert.equal(await read(path.join(dir, 'memory.swap.max')), String(32 * MiB), 'swap alone: memory+swap minus memory');
    assert.equal(await read(path.join(dir, 'pids.max')), '20');
    assert.equal(await read(path.join(dir, 'cpu.max')), '50000 100000');
    assert.equal(await read(path.join(dir, 'cpu.weight')), '39');
    assert.equal(await read(path.join(dir, 'cpuset.cpus')), '0-1');
    assert.equal(await read(path.join(dir, 'cpuset.mems')), '0');
    assert.deepEqual(cgroup.procsFiles, [path.join(dir, 'cgroup.procs')]);
    assert.equal(cgroup.relativePath, '/hutch/c1');
    assert.deepEqual(
      cgroup.unenforced.map((entry) => entry.setting),
      ['devices'],
    );
  });

  it('writes only the limits it is given', async () => {
    await fakeV2Root();
    const dir = await fakeContainer('c1');
    await v2Driver().create('c1', { pidsLimit: 5 }, []);
    assert.equal(await read(path.join(dir, 'pids.max')), '5');
    for (const file of ['memory.max', 'memory.swap.max', 'cpu.max', 'cpu.weight', 'cpuset.cpus', 'cpuset.mems']) {
      assert.equal(await read(path.join(dir, file)), '', file);
    }
  });

  it('leaves subtree_control alone when the controllers are already enabled', async () => {
    await fakeV2Root({ rootEnabled: 'cpuset cpu io memory pids\n' });
    await fs.writeFile(path.join(root, 'hutch', 'cgroup.subtree_control'), 'cpuset cpu io memory pids\n');
    await fakeContainer('c1');
    await v2Driver().create('c1', { memoryBytes: 64 * MiB }, []);
    assert.equal(await read(path.join(root, 'cgroup.subtree_control')), 'cpuset cpu io memory pids\n');
    assert.equal(await read(path.join(root, 'hutch', 'cgroup.subtree_control')), 'cpuset cpu io memory pids\n');
  });

  it('enables only the controllers the parent is offered', async () => {
    await fakeV2Root({ parentOffers: 'memory pids' });
    await fakeContainer('c1');
    await v2Driver().create('c1', { memoryBytes: 64 * MiB }, []);
    assert.equal(await read(path.join(root, 'hutch', 'cgroup.subtree_control')), '+memory +pids');
  });

  it('refuses a limit whose controller the parent lacks, before making the directory', async () => {
    await fakeV2Root({ parentOffers: 'memory pids' });
    await assert.rejects(v2Driver().create('c1', { cpus: 1 }, []), (error: unknown) => {
      assert.ok(isHutchError(error));
      assert.equal(error.code, 'unsupported');
      assert.match(error.message, /cpus: the cpu controller is not available/);
      return true;
    });
    await assert.rejects(fs.stat(path.join(root, 'hutch', 'c1')), { code: 'ENOENT' });
  });

  it('removes the directory it made when a write fails', async () => {
    await fakeV2Root();
    // No kernel files appear in a fake mkdir, so writing memory.max fails as on a kernel without it.
    await assert.rejects(v2Driver().create('fresh', { memoryBytes: 64 * MiB }, []), (error: unknown) => {
      assert.ok(isHutchError(error));
      assert.equal(error.code, 'unsupported');
      assert.match(error.message, /memory\.max/);
      return true;
    });
    await assert.rejects(fs.stat(path.join(root, 'hutch', 'fresh')), { code: 'ENOENT' });
  });

  it('reports swap as unenforced when the kernel has no memory.swap.max', async () => {
    await fakeV2Root();
    await fakeContainer('c1', ['memory.swap.max']);
    const cgroup = await v2Driver().create('c1', { memoryBytes: 64 * MiB, memorySwapBytes: 128 * MiB }, []);
    assert.deepEqual(
      cgroup.unenforced.map((entry) => entry.setting),
      ['memorySwapBytes', 'devices'],
    );
  });

  it('killAll writes cgroup.kill and returns once cgroup.procs is empty', async () => {
    await fakeV2Root();
    const dir = await fakeContainer('c1');
    const cgroup = await v2Driver().create('c1', {}, []);
    await cgroup.killAll();
    assert.equal(await read(path.join(dir, 'cgroup.kill')), '1');
  });

  it('killAll freezes, then thaws, where the kernel predates cgroup.kill', async () => {
    await fakeV2Root();
    const dir = await fakeContainer('c1', ['cgroup.kill']);
    await fs.writeFile(path.join(dir, 'cgroup.events'), 'populated 1\nfrozen 1\n');
    const cgroup = await v2Driver().create('c1', {}, []);
    await cgroup.killAll();
    assert.equal(await read(path.join(dir, 'cgroup.freeze')), '0');
  });

  it('reads stats from memory.current, pids.current, cpu.stat and memory.events', async () => {
    await fakeV2Root();
    const dir = await fakeContainer('c1');
    await writeFiles(dir, {
      'memory.current': '1048576\n',
      'pids.current': '3\n',
      'cpu.stat': 'usage_usec 2500\nuser_usec 2000\nsystem_usec 500\n',
      'memory.events': 'low 0\nhigh 0\nmax 4\noom 2\noom_kill 2\noom_group_kill 0\n',
      'cgroup.procs': '101\n102\n',
    });
    const cgroup = await v2Driver().open('c1');
    assert.ok(cgroup !== null);
    assert.deepEqual(await cgroup.stats(), { memoryCurrentBytes: MiB, pidsCurrent: 3, cpuUsageNanoseconds: 2_500_000, oomKills: 2 });
    assert.deepEqual(await cgroup.pids(), [101, 102]);
  });

  it('lists, opens and removes container cgroups under the parent', async () => {
    await fakeV2Root();
    await fs.mkdir(path.join(root, 'hutch', 'a'));
    await fs.mkdir(path.join(root, 'hutch', 'b'));
    const driver = v2Driver();
    assert.deepEqual(await driver.list(), ['a', 'b']);
    assert.equal(await driver.open('missing'), null);
    const a = await driver.open('a');
    assert.ok(a !== null);
    await a.remove();
    await a.remove(); // already gone: not an error
    assert.deepEqual(await driver.list(), ['b']);
  });
});

describe('probeCgroupDriver', () => {
  it('picks v2 when a cgroup2 mount at the root offers memory and pids', async () => {
    await writeFiles(root, { 'cgroup.controllers': `${ALL_CONTROLLERS}\n` });
    const mountinfoPath = await writeMountinfo([mountinfoLine(30, root, 'cgroup2', 'rw,nsdelegate')]);
    const driver = await probeCgroupDriver({ root, mountinfoPath });
    assert.equal(driver.version, 2);
  });

  it('picks v1 on a hybrid host whose cgroup2 mount has no controllers, one directory per hierarchy', async () => {
    // This host's layout: tmpfs at the root, cpu and cpuacct mounted apart, an empty unified mount.
    const hierarchies = ['memory', 'pids', 'cpu', 'cpuacct', 'cpuset', 'devices', 'freezer'];
    await writeFiles(path.join(root, 'unified'), { 'cgroup.controllers': '' });
    const mountinfoPath = await writeMountinfo([
      mountinfoLine(29, root, 'tmpfs', 'rw,mode=755'),
      ...hierarchies.map((name, i) => mountinfoLine(31 + i, path.join(root, name), 'cgroup', `rw,${name}`)),
      mountinfoLine(40, path.join(root, 'systemd'), 'cgroup', 'rw,xattr,name=systemd'),
      mountinfoLine(41, path.join(root, 'unified'), 'cgroup2', 'rw,nsdelegate'),
    ]);
    for (const name of [...hierarchies, 'systemd']) await fs.mkdir(path.join(root, name, 'hutch', 'x'), { recursive: true });
    const driver = await probeCgroupDriver({ root, mountinfoPath });
    assert.equal(driver.version, 1);
    const cgroup = await driver.open('x');
    assert.ok(cgroup !== null);
    assert.deepEqual(
      cgroup.procsFiles,
      hierarchies.map((name) => path.join(root, name, 'hutch', 'x', 'cgroup.procs')),
    );
    assert.equal(cgroup.relativePath, '/hutch/x');
  });

  it('treats co-mounted cpu,cpuacct as one hierarchy and honours the mount root', async () => {
    const mounts = ['memory', 'pids', 'cpu,cpuacct'];
    const mountinfoPath = await writeMountinfo(
      mounts.map((name, i) => mountinfoLine(31 + i, path.join(root, name), 'cgroup', `rw,${name}`, '/machine.slice/box')),
    );
    for (const name of mounts) await fs.mkdir(path.join(root, name, 'hutch', 'x'), { recursive: true });
    const driver = await probeCgroupDriver({ root, mountinfoPath });
    const cgroup = await driver.open('x');
    assert.ok(cgroup !== null);
    assert.deepEqual(
      cgroup.procsFiles,
      mounts.map((name) => path.join(root, name, 'hutch', 'x', 'cgroup.procs')),
    );
    assert.equal(cgroup.relativePath, '/machine.slice/box/hutch/x');
  });

  it('falls back to v1 when the cgroup2 root lacks the pids controller', async () => {
    await writeFiles(root, { 'cgroup.controllers': 'cpu memory\n' });
    const mountinfoPath = await writeMountinfo([
      mountinfoLine(30, root, 'cgroup2', 'rw'),
      mountinfoLine(31, path.join(root, 'memory'), 'cgroup', 'rw,memory'),
      mountinfoLine(32, path.join(root, 'pids'), 'cgroup', 'rw,pids'),
    ]);
    assert.equal((await probeCgroupDriver({ root, mountinfoPath })).version, 1);
  });

  it("fails with 'unsupported', naming what it found, when neither version has memory and pids", async () => {
    await writeFiles(path.join(root, 'unified'), { 'cgroup.controllers': '' });
    const mountinfoPath = await writeMountinfo([
      mountinfoLine(31, path.join(root, 'cpu'), 'cgroup', 'rw,cpu'),
      mountinfoLine(41, path.join(root, 'unified'), 'cgroup2', 'rw'),
    ]);
    await assert.rejects(probeCgroupDriver({ root, mountinfoPath }), (error: unknown) => {
      assert.ok(isHutchError(error));
      assert.equal(error.code, 'unsupported');
      assert.match(error.message, /memory and pids/);
      assert.match(error.message, /v1 controllers mounted: cpu/);
      assert.ok(error.hint !== undefined);
      return true;
    });
  });

  it('caches the driver per options', async () => {
    await writeFiles(root, { 'cgroup.controllers': `${ALL_CONTROLLERS}\n` });
    const mountinfoPath = await writeMountinfo([mountinfoLine(30, root, 'cgroup2', 'rw')]);
    const first = await probeCgroupDriver({ root, mountinfoPath });
    await fs.rm(mountinfoPath);
    assert.equal(await probeCgroupDriver({ root, mountinfoPath }), first, 'same options: no second read');
    await assert.rejects(probeCgroupDriver({ root, mountinfoPath, parentName: 'other' }), { code: 'system-failure' });
  });
});

describe('cgroup limits and conversions', () => {
  it('converts cpu shares to cpu.weight as runc does', () => {
    assert.equal(cpuSharesToWeight(2), 1);
    assert.equal(cpuSharesToWeight(512), 20);
    assert.equal(cpuSharesToWeight(1024), 39);
    assert.equal(cpuSharesToWeight(262144), 10000);
  });

  it('rejects limits the kernel would refuse or misread', () => {
    for (const limits of [
      { memoryBytes: 0 },
      { memoryBytes: 1.5 },
      { memorySwapBytes: 64 * MiB },
      { memoryBytes: 64 * MiB, memorySwapBytes: 32 * MiB },
      { cpus: 0.001 },
      { cpus: Number.NaN },
      { cpuShares: 1 },
      { cpuShares: 262145 },
      { pidsLimit: 0 },
      { cpusetCpus: '0-' },
      { cpusetMems: 'all' },
    ]) {
      assert.throws(() => assertValidLimits(limits), { code: 'invalid-argument' }, JSON.stringify(limits));
    }
    assert.doesNotThrow(() => assertValidLimits({ memoryBytes: 64 * MiB, memorySwapBytes: 64 * MiB, cpus: 0.01, cpusetCpus: '0,2-3' }));
  });

  it('rejects device rules v1 would read more widely than written', () => {
    assert.throws(() => assertValidDeviceRule({ allow: true, type: 'a', major: '*', minor: '*', access: 'r' }), { code: 'invalid-argument' });
    assert.throws(() => assertValidDeviceRule({ allow: true, type: 'c', major: 1, minor: 3, access: 'rrw' }), { code: 'invalid-argument' });
    assert.throws(() => assertValidDeviceRule({ allow: true, type: 'c', major: -1, minor: 3, access: 'r' }), { code: 'invalid-argument' });
    assert.doesNotThrow(() => assertValidDeviceRule({ allow: true, type: 'a', major: '*', minor: '*', access: 'mwr' }));
    assert.doesNotThrow(() => assertValidDeviceRule({ allow: false, type: 'b', major: 8, minor: '*', access: 'm' }));
  });

  it('parses mountinfo fields, escapes and optional tags', () => {
    const [entry] = parseMountinfo('35 31 0:32 /sub /sys/fs/cgroup/with\\040space rw,relatime shared:9 master:2 - cgroup cgroup rw,memory\n');
    assert.deepEqual(entry, { root: '/sub', mountPoint: '/sys/fs/cgroup/with space', fsType: 'cgroup', superOptions: ['rw', 'memory'] });
  });
});
