/**
 * filesystemPlan: the container's filesystem as data. Docker's masked and read-only paths, the
 * /dev nodes bound from the host on a nodev /dev, the hardened /proc, /sys and cgroup mounts,
 * the order of steps the set-up loop depends on, and overlayfs option escaping.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';

import {
  allowedRootFor,
  DEVICE_NODES,
  filesystemPlan,
  MASKED_PATHS,
  MS,
  OP_KIND,
  overlayOptions,
  overlayPath,
  READONLY_PATHS,
  type FilesystemPlanInput,
  type SetupStep,
} from '../../../helper/src/runtime/filesystem';

/** Docker's (moby oci/defaults.go) masked and read-only paths. */
const DOCKER_MASKED = [
  '/proc/acpi', '/proc/asound', '/proc/interrupts', '/proc/kcore', '/proc/keys', '/proc/latency_stats',
  '/proc/sched_debug', '/proc/scsi', '/proc/timer_list', '/proc/timer_stats', '/sys/devices/virtual/powercap', '/sys/firmware',
];
const DOCKER_READONLY = ['/proc/bus', '/proc/fs', '/proc/irq', '/proc/sys', '/proc/sysrq-trigger'];

function input(overrides: Partial<FilesystemPlanInput> = {}): FilesystemPlanInput {
  return {
    cgroupV1Hierarchies: [{ name: 'memory', options: 'memory' }, { name: 'cpu,cpuacct', options: 'cpu,cpuacct' }],
    thermalThrottlePaths: ['/sys/devices/system/cpu/cpu0/thermal_throttle'],
    userNamespace: false,
    etcFiles: [{ target: '/etc/hosts', source: '/state/c/etc/hosts' }],
    mounts: [],
    bindRoots: ['/'],
    ...overrides,
  };
}

function stepAt(steps: SetupStep[], target: string, kind?: SetupStep['kind']): SetupStep {
  const step = steps.find((s) => s.target === target && (kind === undefined || s.kind === kind));
  assert.ok(step, `a ${kind ?? ''} step for ${target}`);
  return step;
}

function has(flags: number, flag: number): boolean {
  return (flags & flag) === flag;
}

describe('filesystemPlan', () => {
  test("masks every one of Docker's masked paths, and the host's thermal_throttle directories", () => {
    assert.deepEqual([...MASKED_PATHS].sort(), [...DOCKER_MASKED].sort());
    const masked = filesystemPlan(input()).filter((s) => s.kind === 'mask').map((s) => s.target);
    assert.deepEqual(masked.sort(), [...DOCKER_MASKED, '/sys/devices/system/cpu/cpu0/thermal_throttle'].sort());
  });

  test("makes every one of Docker's read-only paths read-only", () => {
    assert.deepEqual([...READONLY_PATHS].sort(), [...DOCKER_READONLY].sort());
    const readonly = filesystemPlan(input()).filter((s) => s.kind === 'readonly').map((s) => s.target);
    assert.deepEqual(readonly.sort(), [...DOCKER_READONLY].sort());
  });

  test('masking and read-only steps come after /proc and /sys are mounted, and after every bind', () => {
    const steps = filesystemPlan(input({ mounts: [{ source: '/src', target: '/proc/acpi', readonly: false }] }));
    const firstProtect = steps.findIndex((s) => s.kind === 'mask' || s.kind === 'readonly');
    const lastMountOrBind = steps.map((s) => s.kind === 'mount' || s.kind === 'bind').lastIndexOf(true);
    // A bind onto /proc/acpi after masking would undo the mask.
    assert.ok(firstProtect > lastMountOrBind, 'protections are applied last');
  });

  test('/proc and /sys are mounted nosuid, nodev, noexec; /sys read-only', () => {
    const steps = filesystemPlan(input());
    const proc = stepAt(steps, '/proc', 'mount') as Extract<SetupStep, { kind: 'mount' }>;
    assert.equal(proc.fstype, 'proc');
    for (const f of [MS.NOSUID, MS.NODEV, MS.NOEXEC]) assert.ok(has(proc.flags, f));
    const sys = stepAt(steps, '/sys', 'mount') as Extract<SetupStep, { kind: 'mount' }>;
    assert.equal(sys.fstype, 'sysfs');
    for (const f of [MS.NOSUID, MS.NODEV, MS.NOEXEC, MS.RDONLY]) assert.ok(has(sys.flags, f));
  });

  test('/dev is a nodev tmpfs holding binds of the host null, zero, full, random, urandom and tty nodes', () => {
    const steps = filesystemPlan(input());
    const dev = stepAt(steps, '/dev', 'mount') as Extract<SetupStep, { kind: 'mount' }>;
    assert.equal(dev.fstype, 'tmpfs');
    assert.ok(has(dev.flags, MS.NODEV) && has(dev.flags, MS.NOSUID), 'nodev,nosuid: a node made inside cannot be opened');
    assert.deepEqual([...DEVICE_NODES].sort(), ['full', 'null', 'random', 'tty', 'urandom', 'zero']);
    for (const node of DEVICE_NODES) {
      const bind = stepAt(steps, `/dev/${node}`, 'bind') as Extract<SetupStep, { kind: 'bind' }>;
      assert.equal(bind.source, `/dev/${node}`);
      assert.equal(bind.allowedRoot, '/dev', 'resolved beneath the host /dev');
      assert.equal(bind.recursive, false);
    }
    assert.ok(steps.indexOf(dev) < steps.indexOf(stepAt(steps, '/dev/null', 'bind')), '/dev is mounted before its nodes are bound');
  });

  test('/dev has its own devpts (newinstance, gid 5 unless in a user namespace), ptmx, shm, mqueue and the std links', () => {
    const steps = filesystemPlan(input());
    const pts = stepAt(steps, '/dev/pts', 'mount') as Extract<SetupStep, { kind: 'mount' }>;
    assert.equal(pts.fstype, 'devpts');
    assert.match(pts.data ?? '', /(^|,)newinstance(,|$)/);
    assert.match(pts.data ?? '', /(^|,)ptmxmode=0666(,|$)/);
    assert.match(pts.data ?? '', /(^|,)gid=5(,|$)/);
    assert.doesNotMatch((stepAt(filesystemPlan(input({ userNamespace: true })), '/dev/pts', 'mount') as { data?: string }).data ?? '', /gid=/);
    const links = Object.fromEntries(steps.filter((s): s is Extract<SetupStep, { kind: 'symlink' }> => s.kind === 'symlink').map((s) => [s.target, s.linkTo]));
    assert.deepEqual(links, {
      '/dev/ptmx': 'pts/ptmx',
      '/dev/fd': '/proc/self/fd',
      '/dev/stdin': '/proc/self/fd/0',
      '/dev/stdout': '/proc/self/fd/1',
      '/dev/stderr': '/proc/self/fd/2',
      '/dev/core': '/proc/kcore',
    });
    for (const target of ['/dev/shm', '/dev/mqueue']) {
      const m = stepAt(steps, target, 'mount') as Extract<SetupStep, { kind: 'mount' }>;
      for (const f of [MS.NOSUID, MS.NODEV, MS.NOEXEC]) assert.ok(has(m.flags, f), `${target} is nosuid,nodev,noexec`);
    }
  });

  test('on cgroup v1 each hierarchy is mounted read-only under a tmpfs that is then made read-only', () => {
    const steps = filesystemPlan(input());
    const memory = stepAt(steps, '/sys/fs/cgroup/memory', 'mount') as Extract<SetupStep, { kind: 'mount' }>;
    assert.equal(memory.fstype, 'cgroup');
    assert.equal(memory.data, 'memory');
    assert.ok(has(memory.flags, MS.RDONLY));
    assert.equal(memory.optional, true, 'a hierarchy the kernel lacks is skipped');
    assert.equal((stepAt(steps, '/sys/fs/cgroup/cpu,cpuacct', 'mount') as { data?: string }).data, 'cpu,cpuacct');
    const remount = stepAt(steps, '/sys/fs/cgroup', 'remount') as Extract<SetupStep, { kind: 'remount' }>;
    assert.ok(has(remount.flags, MS.RDONLY));
    assert.ok(steps.indexOf(remount) > steps.indexOf(memory), 'the tmpfs is made read-only after the hierarchies are mounted');
  });

  test('on cgroup v2 the unified hierarchy is mounted read-only at /sys/fs/cgroup', () => {
    const steps = filesystemPlan(input({ cgroupV1Hierarchies: null }));
    const cgroup = stepAt(steps, '/sys/fs/cgroup', 'mount') as Extract<SetupStep, { kind: 'mount' }>;
    assert.equal(cgroup.fstype, 'cgroup2');
    assert.ok(has(cgroup.flags, MS.RDONLY) && has(cgroup.flags, MS.NODEV));
    assert.equal(steps.filter((s) => s.target.startsWith('/sys/fs/cgroup/')).length, 0);
  });

  test('etc files and user mounts become binds; user mounts are recursive and resolved beneath their allowed root', () => {
    const steps = filesystemPlan(
      input({
        mounts: [
          { source: '/home/me/src', target: '/src', readonly: true },
          { source: '/opt/tools', target: '/tools', readonly: false },
        ],
        bindRoots: ['/home/me', '/home', '/opt'],
      }),
    );
    assert.deepEqual(stepAt(steps, '/etc/hosts', 'bind'), { kind: 'bind', target: '/etc/hosts', source: '/state/c/etc/hosts', readonly: false, recursive: false, allowedRoot: '/' });
    assert.deepEqual(stepAt(steps, '/src', 'bind'), { kind: 'bind', target: '/src', source: '/home/me/src', readonly: true, recursive: true, allowedRoot: '/home/me' });
    assert.deepEqual(stepAt(steps, '/tools', 'bind'), { kind: 'bind', target: '/tools', source: '/opt/tools', readonly: false, recursive: true, allowedRoot: '/opt' });
  });

  test('a user mount outside every allowed root is a programming error (the runtime checks first)', () => {
    assert.throws(() => filesystemPlan(input({ mounts: [{ source: '/etc', target: '/x', readonly: false }], bindRoots: ['/home'] })), /outside every allowed tree/);
  });

  test('every step kind has a native op number (spawn.h hutch_op_kind)', () => {
    const kinds = new Set(filesystemPlan(input({ mounts: [{ source: '/a', target: '/a', readonly: false }] })).map((s) => s.kind));
    for (const kind of kinds) {
      const op = kind === 'bind' ? OP_KIND.bindTree : OP_KIND[kind];
      assert.ok(Number.isInteger(op), `${kind} maps to an op`);
    }
    assert.deepEqual(OP_KIND, { mount: 1, bindTree: 2, symlink: 3, mask: 4, readonly: 5, mkdir: 6, remount: 7 });
  });
});

describe('allowedRootFor', () => {
  test('picks the longest root that contains the path, by whole components', () => {
    assert.equal(allowedRootFor('/home/me/src', ['/', '/home', '/home/me']), '/home/me');
    assert.equal(allowedRootFor('/home/me', ['/home/me']), '/home/me');
    assert.equal(allowedRootFor('/home/meet', ['/home/me']), null, '/home/meet is not inside /home/me');
    assert.equal(allowedRootFor('/etc', ['/home']), null);
    assert.equal(allowedRootFor('/etc', ['/']), '/');
  });
});

describe('overlayOptions', () => {
  test('joins lower layers with ":" and names upper and work dirs', () => {
    assert.equal(overlayOptions(['/l1', '/l2'], '/u', '/w'), 'lowerdir=/l1:/l2,upperdir=/u,workdir=/w');
  });

  test('escapes ",", ":" and "\\" in paths so they cannot inject options or layers', () => {
    assert.equal(overlayPath('/a,b:c\\d'), '/a\\,b\\:c\\\\d');
    assert.equal(
      overlayOptions(['/rootfs,upperdir=/etc'], '/state/u:x', '/state/w'),
      'lowerdir=/rootfs\\,upperdir=/etc,upperdir=/state/u\\:x,workdir=/state/w',
    );
  });
});
