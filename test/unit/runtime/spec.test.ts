/**
 * resolveContainerSpec: every default filled in, every invalid field refused with an
 * invalid-argument HutchError that names the field's value; resolveCapabilities: Docker's rules
 * for --cap-add and --cap-drop (moby oci/caps TweakCapabilities); signalNumber.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { HutchError } from '../../../helper/src/errors';
import { ALL_CAPABILITIES } from '../../../helper/src/runtime/seccomp-profile';
import {
  DEFAULT_PATH,
  DEFAULT_PIDS_LIMIT,
  resolveCapabilities,
  resolveContainerSpec,
  signalNumber,
  type ContainerSpec,
} from '../../../helper/src/runtime/spec';

const ID = '0123456789abcdef'.repeat(4);
const ROOTFS = '/var/lib/rootfs';

/** Docker's 14 default capabilities, sorted as resolveCapabilities returns them. */
const DOCKER_DEFAULT = [
  'CAP_AUDIT_WRITE', 'CAP_CHOWN', 'CAP_DAC_OVERRIDE', 'CAP_FOWNER', 'CAP_FSETID', 'CAP_KILL', 'CAP_MKNOD',
  'CAP_NET_BIND_SERVICE', 'CAP_NET_RAW', 'CAP_SETFCAP', 'CAP_SETGID', 'CAP_SETPCAP', 'CAP_SETUID', 'CAP_SYS_CHROOT',
];

function resolve(overrides: Partial<ContainerSpec> = {}): ReturnType<typeof resolveContainerSpec> {
  return resolveContainerSpec({ rootfs: ROOTFS, ...overrides }, ID);
}

/** Asserts that resolving `overrides` throws invalid-argument with a message matching `message`. */
function refuses(overrides: Partial<ContainerSpec> | Record<string, unknown>, message: RegExp): void {
  assert.throws(
    () => resolveContainerSpec({ rootfs: ROOTFS, ...overrides } as ContainerSpec, ID),
    (error: unknown) => {
      assert.ok(error instanceof HutchError, `a HutchError, not ${String(error)}`);
      assert.equal(error.code, 'invalid-argument');
      assert.match(error.message, message);
      return true;
    },
  );
}

describe('resolveContainerSpec defaults', () => {
  test('a spec with only a rootfs gets every default, Docker-like', () => {
    assert.deepEqual(resolve(), {
      name: `hutch-${ID.slice(0, 12)}`,
      rootfs: ROOTFS,
      command: [],
      env: { PATH: DEFAULT_PATH, HOSTNAME: ID.slice(0, 12), HOME: '/root' },
      cwd: '/',
      user: { uid: 0, gid: 0, additionalGids: [] },
      hostname: ID.slice(0, 12),
      tty: false,
      readonlyRootfs: false,
      mounts: [],
      bindRoots: ['/'],
      capabilities: DOCKER_DEFAULT,
      seccomp: 'default',
      noNewPrivileges: false,
      network: 'private',
      ports: [],
      resources: { pidsLimit: DEFAULT_PIDS_LIMIT },
      userNamespace: null,
      stopSignal: 'SIGTERM',
    });
  });

  test('a non-root user gets HOME=/ and a tty gets TERM=xterm; the caller env wins over both', () => {
    const spec = resolve({ user: { uid: 1000, gid: 1000 }, tty: true, env: { LANG: 'C.UTF-8' } });
    assert.equal(spec.env.HOME, '/');
    assert.equal(spec.env.TERM, 'xterm');
    assert.equal(spec.env.LANG, 'C.UTF-8');
    assert.equal(resolve({ tty: true, env: { TERM: 'dumb', PATH: '/bin' } }).env.TERM, 'dumb');
    assert.equal(resolve({ env: { PATH: '/bin' } }).env.PATH, '/bin');
  });

  test('paths are normalized: trailing slashes and ".." segments go', () => {
    const spec = resolve({
      rootfs: '/var/lib/../lib/rootfs/',
      cwd: '/work/./src/',
      mounts: [{ source: '/home/me/src/', target: '/src/' }],
      bindRoots: ['/home/me/'],
    });
    assert.equal(spec.rootfs, '/var/lib/rootfs');
    assert.equal(spec.cwd, '/work/src');
    assert.deepEqual(spec.mounts, [{ source: '/home/me/src', target: '/src', readonly: false }]);
    assert.deepEqual(spec.bindRoots, ['/home/me']);
  });

  test('published ports default to 127.0.0.1 and keep their protocol', () => {
    assert.deepEqual(resolve({ ports: [{ hostPort: 8080, containerPort: 80, protocol: 'tcp' }] }).ports, [
      { hostPort: 8080, containerPort: 80, protocol: 'tcp', hostIp: '127.0.0.1' },
    ]);
  });

  test('a pids limit the caller gives is kept, other limits pass through', () => {
    assert.deepEqual(resolve({ resources: { pidsLimit: 20, memoryBytes: 32 * 1024 * 1024 } }).resources, { pidsLimit: 20, memoryBytes: 32 * 1024 * 1024 });
  });
});

describe('resolveContainerSpec refuses invalid fields, naming them', () => {
  const cases: Array<[string, Partial<ContainerSpec> | Record<string, unknown>, RegExp]> = [
    ['a name starting with "-"', { name: '-bad' }, /container name "-bad" is not valid/],
    ['a name with a slash', { name: 'a/b' }, /container name "a\/b" is not valid/],
    ['a name longer than 128 characters', { name: 'a'.repeat(129) }, /container name "a+" is not valid/],
    ['a relative rootfs', { rootfs: 'rootfs' }, /rootfs "rootfs" must be an absolute path/],
    ['an empty rootfs', { rootfs: '' }, /rootfs must be a non-empty path/],
    ['a command that is not a list', { command: 'ls -l' }, /command must be a list of strings/],
    ['a command with a NUL byte', { command: ['ls', 'a\0b'] }, /command must be a list of strings/],
    ['a command starting with an empty string', { command: ['', 'x'] }, /command must not start with an empty string/],
    ['a host name with an underscore', { hostname: 'my_box' }, /hostname "my_box" is not a valid host name/],
    ['a host name longer than 64', { hostname: `${'a'.repeat(60)}.${'b'.repeat(10)}` }, /is not a valid host name/],
    ['an environment name with "="', { env: { 'A=B': 'x' } }, /environment variable "A=B" is not valid/],
    ['an environment value that is not a string', { env: { A: 1 } }, /environment variable "A" is not valid/],
    ['a relative working directory', { cwd: 'src' }, /working directory "src" must be an absolute path/],
    ['a negative uid', { user: { uid: -1, gid: 0 } }, /user or group id -1 is not valid/],
    ['a fractional gid', { user: { uid: 0, gid: 1.5 } }, /user or group id 1.5 is not valid/],
    ['uid 2^32-1 (the kernel\'s "no id")', { user: { uid: 0xffffffff, gid: 0 } }, /user or group id 4294967295 is not valid/],
    ['a relative bind source', { mounts: [{ source: 'src', target: '/src' }] }, /mount source "src" must be an absolute path/],
    ['a relative bind target', { mounts: [{ source: '/src', target: 'src' }] }, /mount target "src" must be an absolute path/],
    ['a bind onto the root', { mounts: [{ source: '/src', target: '/' }] }, /cannot replace the container root/],
    ['a relative bind root', { bindRoots: ['home'] }, /bind root "home" must be an absolute path/],
    ['an unknown network mode', { network: 'bridge' }, /network "bridge" must be private, none or host/],
    ['ports on the host network', { network: 'host', ports: [{ hostPort: 80, containerPort: 80, protocol: 'tcp' }] }, /ports can only be published on the private network, not "host"/],
    ['host port 0', { ports: [{ hostPort: 0, containerPort: 80, protocol: 'tcp' }] }, /port hostPort 0 is not between 1 and 65535/],
    ['container port 65536', { ports: [{ hostPort: 80, containerPort: 65536, protocol: 'tcp' }] }, /port containerPort 65536 is not between 1 and 65535/],
    ['protocol sctp', { ports: [{ hostPort: 80, containerPort: 80, protocol: 'sctp' }] }, /port protocol "sctp" must be tcp or udp/],
    [
      'the same host port twice',
      { ports: [{ hostPort: 80, containerPort: 80, protocol: 'tcp' }, { hostPort: 80, containerPort: 81, protocol: 'tcp' }] },
      /host port 127.0.0.1:80\/tcp is published twice/,
    ],
    ['an unknown seccomp mode', { seccomp: 'strict' }, /seccomp "strict" must be default or unconfined/],
    ['an unknown capability', { capAdd: ['SYS_WIZARD'] }, /unknown capability "SYS_WIZARD"/],
    ['an empty uid map', { userNamespace: { uidMap: [], gidMap: [{ containerId: 0, hostId: 100000, size: 1 }] } }, /uid map needs 1 to 340 ranges/],
    ['a gid map range of size 0', { userNamespace: { uidMap: [{ containerId: 0, hostId: 100000, size: 1 }], gidMap: [{ containerId: 0, hostId: 100000, size: 0 }] } }, /gid map has an empty range/],
    ['an unknown stop signal', { stopSignal: 'SIGWAT' }, /unknown signal "SIGWAT"/],
    ['a memory limit under 4 MiB', { resources: { memoryBytes: 1024 * 1024 } }, /memory limit must be at least 4194304/],
    ['0 cpus', { resources: { cpus: 0 } }, /cpus must be at least 0.01/],
    ['a pids limit of 0', { resources: { pidsLimit: 0 } }, /pids limit must be at least 1/],
    ['a cpuset that is not a list', { resources: { cpusetCpus: '0-' } }, /cpuset cpus "0-" is not a list like 0-2,4/],
  ];
  for (const [what, spec, message] of cases) {
    test(`refuses ${what}`, () => refuses(spec, message));
  }

  // Resolution is where a spec is validated (spec.ts, STYLE.md): one it accepts must be
  // startable, yet the cgroup driver (cgroups/limits.ts assertValidLimits) refuses these at start.
  const limitsTheDriverRefuses: Array<[string, ContainerSpec['resources'], RegExp]> = [
    ['a fractional pids limit', { pidsLimit: 1.5 }, /pids/i],
    ['a memory+swap limit without a memory limit', { memorySwapBytes: 64 * 1024 * 1024 }, /swap/i],
    ['cpu shares above 262144', { cpuShares: 262145 }, /shares/i],
  ];
  for (const [what, resources, message] of limitsTheDriverRefuses) {
    test(`refuses up front ${what}, which the cgroup driver would refuse at start`, () => refuses({ resources }, message));
  }
});

describe('resolveCapabilities follows Docker', () => {
  test('no adds and no drops: the 14 defaults', () => {
    assert.deepEqual(resolveCapabilities(), DOCKER_DEFAULT);
  });

  test('names are accepted with or without CAP_ and in any case', () => {
    assert.deepEqual(resolveCapabilities(['sys_ptrace', 'CAP_NET_ADMIN'], ['net_raw']), [
      ...DOCKER_DEFAULT.filter((c) => c !== 'CAP_NET_RAW'),
      'CAP_NET_ADMIN',
      'CAP_SYS_PTRACE',
    ].sort());
  });

  test('drop ALL leaves nothing; drop ALL then add one leaves that one', () => {
    assert.deepEqual(resolveCapabilities([], ['ALL']), []);
    assert.deepEqual(resolveCapabilities(['NET_BIND_SERVICE'], ['ALL']), ['CAP_NET_BIND_SERVICE']);
  });

  test('add ALL gives every capability', () => {
    assert.deepEqual(resolveCapabilities(['ALL']), [...ALL_CAPABILITIES].sort());
  });

  test('add ALL with drops gives every capability except the dropped ones', () => {
    const expected = [...ALL_CAPABILITIES].filter((c) => c !== 'CAP_SYS_ADMIN' && c !== 'CAP_SYS_MODULE').sort();
    assert.deepEqual(resolveCapabilities(['ALL'], ['SYS_ADMIN', 'SYS_MODULE']), expected);
  });

  test('a capability both dropped and added (not ALL) ends up added: drops apply first', () => {
    assert.deepEqual(resolveCapabilities(['CHOWN'], ['CHOWN']), DOCKER_DEFAULT);
  });

  test('an unknown name is refused with invalid-argument naming it', () => {
    assert.throws(() => resolveCapabilities([], ['BOGUS']), (e: unknown) => e instanceof HutchError && e.code === 'invalid-argument' && /"BOGUS"/.test(e.message));
  });
});

describe('signalNumber', () => {
  test('takes names with or without SIG in any case, and numbers 1..64', () => {
    assert.equal(signalNumber('SIGTERM'), 15);
    assert.equal(signalNumber('term'), 15);
    assert.equal(signalNumber('KILL'), 9);
    assert.equal(signalNumber('9'), 9);
    assert.equal(signalNumber('64'), 64);
  });

  test('refuses unknown names, 0 and numbers past 64', () => {
    for (const bad of ['SIGWAT', '0', '65', '-1', '']) {
      assert.throws(() => signalNumber(bad), (e: unknown) => e instanceof HutchError && e.code === 'invalid-argument', bad);
    }
  });
});
