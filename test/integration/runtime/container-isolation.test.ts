/**
 * What a container is isolated from, checked from inside a busybox container against the real
 * kernel through the Runtime API: its namespaces, host name, PID 1, masked and read-only paths,
 * capabilities, seccomp, inherited descriptors and the never-written rootfs.
 *
 * Needs root (see integration-prerequisites.ts). Every container is removed and the host checked
 * for leftovers in `after`, also when a test fails.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readlinkSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { MASKED_PATHS } from '../../../helper/src/runtime/filesystem';
import { ContainerFixture, eventually } from '../../support/container-fixture';
import { integrationSkipReason } from '../../support/integration-prerequisites';

const skip = integrationSkipReason('container-isolation.test.ts', ['gcc']);

/** Linux capability numbers (include/uapi/linux/capability.h), independent of the runtime's table. */
const CAP = {
  CHOWN: 0, DAC_OVERRIDE: 1, FOWNER: 3, FSETID: 4, KILL: 5, SETGID: 6, SETUID: 7, SETPCAP: 8,
  NET_BIND_SERVICE: 10, NET_RAW: 13, SYS_CHROOT: 18, SYS_PTRACE: 19, MKNOD: 27, AUDIT_WRITE: 29, SETFCAP: 31,
} as const;

/** Docker's 14 default capabilities. */
const DOCKER_DEFAULT = [
  'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'SETGID', 'SETUID', 'SETPCAP',
  'NET_BIND_SERVICE', 'NET_RAW', 'SYS_CHROOT', 'MKNOD', 'AUDIT_WRITE', 'SETFCAP',
] as const;

function mask(names: ReadonlyArray<keyof typeof CAP>): string {
  let value = 0n;
  for (const name of names) value |= 1n << BigInt(CAP[name]);
  return value.toString(16).padStart(16, '0');
}

/** "Key:\tvalue" lines of /proc/<pid>/status as a map. */
function statusFields(text: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const line of text.split('\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) fields.set(line.slice(0, colon), line.slice(colon + 1).trim());
  }
  return fields;
}

/** "name target" lines printed by the NAMESPACES script, as a map. */
function namespaceLinks(text: string): Map<string, string> {
  return new Map(text.trim().split('\n').map((line) => line.split(' ') as [string, string]));
}

const NAMESPACES = ['mnt', 'pid', 'uts', 'ipc', 'net', 'cgroup', 'time', 'user'].filter((ns) => existsSync(`/proc/self/ns/${ns}`));
const PRINT_NAMESPACES = `for ns in ${NAMESPACES.join(' ')}; do echo "$ns $(readlink /proc/self/ns/$ns)"; done`;

/** A static probe that forks a child which asks to be traced, stops it, resumes it and reaps
 * it, then turns off address randomization as gdb does. */
const PTRACE_PROBE = `
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/personality.h>
#include <sys/ptrace.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void) {
  pid_t child = fork();
  if (child < 0) { printf("fork failed: %s\\n", strerror(errno)); return 1; }
  if (child == 0) {
    if (ptrace(PTRACE_TRACEME, 0, 0, 0) < 0) _exit(2);
    raise(SIGSTOP);
    _exit(0);
  }
  int status;
  if (waitpid(child, &status, 0) != child || !WIFSTOPPED(status) || WSTOPSIG(status) != SIGSTOP) {
    printf("tracee did not stop under ptrace (status %d)\\n", status);
    return 1;
  }
  if (ptrace(PTRACE_CONT, child, 0, 0) < 0) { printf("PTRACE_CONT failed: %s\\n", strerror(errno)); return 1; }
  if (waitpid(child, &status, 0) != child || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    printf("tracee did not exit cleanly (status %d)\\n", status);
    return 1;
  }
  printf("ptrace ok\\n");
  if (personality(ADDR_NO_RANDOMIZE) < 0) { printf("personality failed: %s\\n", strerror(errno)); return 1; }
  printf("personality now %#x\\n", (unsigned)personality(0xffffffff));
  return 0;
}
`;

describe('container isolation', { skip }, () => {
  let fixture: ContainerFixture;

  before(async () => {
    fixture = await ContainerFixture.create('isolation');
  });

  after(async () => {
    await fixture?.dispose();
  });

  test('every namespace but the user namespace is new (mnt, pid, uts, ipc, net, cgroup, time)', async () => {
    const result = await fixture.shell(PRINT_NAMESPACES);
    assert.equal(result.exitCode, 0, result.stderr);
    const inside = namespaceLinks(result.stdout);
    for (const ns of NAMESPACES) {
      const host = readlinkSync(`/proc/self/ns/${ns}`);
      assert.ok(inside.get(ns), `${ns} namespace printed: ${result.stdout}`);
      // No userNamespace in the spec: the container runs in the host's user namespace.
      if (ns === 'user') assert.equal(inside.get(ns), host, 'the user namespace is the host one');
      else assert.notEqual(inside.get(ns), host, `the ${ns} namespace is new`);
    }
  });

  test('with network "host" the network namespace is the host one and the others stay new', async () => {
    const result = await fixture.shell(PRINT_NAMESPACES, { network: 'host' });
    assert.equal(result.exitCode, 0, result.stderr);
    const inside = namespaceLinks(result.stdout);
    assert.equal(inside.get('net'), readlinkSync('/proc/self/ns/net'));
    assert.equal(statSync('/proc/self/ns/net').ino, Number(/\[([0-9]+)\]/.exec(inside.get('net') ?? '')?.[1]), 'same inode as the host net namespace');
    for (const ns of NAMESPACES.filter((n) => n !== 'net' && n !== 'user')) {
      assert.notEqual(inside.get(ns), readlinkSync(`/proc/self/ns/${ns}`), `the ${ns} namespace is still new`);
    }
  });

  test('the host name inside is the one the spec sets', async () => {
    const result = await fixture.shell('hostname; cat /etc/hostname; echo "$HOSTNAME"', { hostname: 'isolated-box' });
    assert.equal(result.exitCode, 0, result.stderr);
    assert.equal(result.stdout, 'isolated-box\nisolated-box\nisolated-box\n');
  });

  test('PID 1 is hutch-init, not dumpable, and the command runs as a child of it', async () => {
    const result = await fixture.shell(
      [
        "sed -n 's/^Name:[[:space:]]*//p' /proc/1/status",
        "tr '\\0' ' ' < /proc/1/cmdline; echo",
        'echo "self=$$ parent=$PPID"',
        // Non-dumpable: other processes may not see its executable or environment, even as root.
        'readlink /proc/1/exe || echo exe-hidden',
        'cat /proc/1/environ >/dev/null 2>&1 || echo environ-hidden',
      ].join('; '),
    );
    assert.equal(result.exitCode, 0, result.stderr);
    const [name, cmdline, ids, exe, environ] = result.stdout.split('\n');
    // Run from a memfd its name would be "memfd:hutch-ini"; init names itself (PR_SET_NAME) for ps.
    assert.equal(name, 'hutch-init');
    assert.match(cmdline ?? '', /^hutch-init .*-- \/bin\/sh -c /);
    const self = Number(/self=([0-9]+)/.exec(ids ?? '')?.[1]);
    assert.ok(self >= 2, `the command is not PID 1 (it is ${self})`);
    assert.match(ids ?? '', /parent=1$/, 'the command is a child of PID 1');
    assert.equal(exe, 'exe-hidden');
    assert.equal(environ, 'environ-hidden');
  });

  test('an orphan that exits is reaped by the container init (no zombie stays)', async () => {
    const { id } = await fixture.startIdle();
    try {
      const zombies = async (): Promise<string[]> => {
        const ps = await fixture.exec(id, ['/bin/ps', '-o', 'pid,stat,comm']);
        return ps.stdout.split('\n').filter((line) => /^\s*[0-9]+\s+Z/.test(line));
      };
      // `true` ends at once and becomes a zombie of `sleep`, which never waits; when sleep ends
      // the zombie is reparented to the PID namespace's init, which must reap it.
      const orphanMaker = await fixture.execDetached(id, ['/bin/sh', '-c', 'true & exec sleep 1']);
      const seen = await eventually(async () => ((await zombies()).length > 0 ? true : undefined), 3_000, 'a zombie while its parent sleeps');
      assert.ok(seen);
      await orphanMaker.exit;
      await eventually(async () => ((await zombies()).length === 0 ? true : undefined), 3_000, 'the zombie to be reaped by PID 1');
    } finally {
      await fixture.remove(id);
    }
  });

  test("Docker's masked paths that exist on this host read empty inside", async () => {
    const present = MASKED_PATHS.filter((path) => existsSync(path));
    assert.ok(present.length > 0, 'the host has some of the masked paths');
    const script = present.map((p) => `if [ -d ${p} ]; then echo "${p} $(ls -A ${p} | wc -l) entries"; else echo "${p} $(cat ${p} | wc -c) bytes"; fi`).join('; ');
    const result = await fixture.shell(script);
    assert.equal(result.exitCode, 0, result.stderr);
    const expected = present.map((p) => `${p} 0 ${statSync(p).isDirectory() ? 'entries' : 'bytes'}`);
    assert.deepEqual(result.stdout.trim().split('\n'), expected);
  });

  test('/sys/firmware is an empty read-only directory and /proc/sys refuses writes', async () => {
    const result = await fixture.shell(
      [
        '[ -d /sys/firmware ] && echo "firmware entries: $(ls -A /sys/firmware | wc -l)"',
        'echo 1 > /proc/sys/kernel/ns_last_pid; echo "ns_last_pid status=$?"',
        'touch /sys/firmware/x; echo "firmware write status=$?"',
        '[ -e /proc/sysrq-trigger ] && { echo h > /proc/sysrq-trigger; echo "sysrq status=$?"; }; true',
      ].join('; '),
    );
    assert.match(result.stdout, /^firmware entries: 0$/m);
    assert.match(result.stdout, /^ns_last_pid status=1$/m);
    assert.match(result.stdout, /^firmware write status=1$/m);
    assert.match(result.stderr, /ns_last_pid: Read-only file system/);
    if (existsSync('/proc/sysrq-trigger')) {
      assert.match(result.stdout, /^sysrq status=1$/m);
      assert.match(result.stderr, /sysrq-trigger: Read-only file system/);
    }
  });

  const capabilityCases: Array<{ title: string; spec: { capAdd?: string[]; capDrop?: string[] }; expected: string }> = [
    { title: "the default set is Docker's 14 (0xa80425fb)", spec: {}, expected: mask(DOCKER_DEFAULT) },
    {
      title: 'capAdd SYS_PTRACE and capDrop NET_RAW change exactly those two',
      spec: { capAdd: ['SYS_PTRACE'], capDrop: ['NET_RAW'] },
      expected: mask([...DOCKER_DEFAULT.filter((c) => c !== 'NET_RAW'), 'SYS_PTRACE']),
    },
    { title: 'capDrop ALL leaves none', spec: { capDrop: ['ALL'] }, expected: mask([]) },
  ];
  for (const c of capabilityCases) {
    test(`capabilities: ${c.title} (effective, permitted and bounding)`, async () => {
      const result = await fixture.shell('cat /proc/self/status', c.spec);
      assert.equal(result.exitCode, 0, result.stderr);
      const status = statusFields(result.stdout);
      assert.equal(status.get('CapEff'), c.expected, 'CapEff');
      assert.equal(status.get('CapPrm'), c.expected, 'CapPrm');
      assert.equal(status.get('CapBnd'), c.expected, 'CapBnd');
    });
  }

  test('capabilities: the default mask is 0x00000000a80425fb', () => {
    assert.equal(mask(DOCKER_DEFAULT), '00000000a80425fb');
  });

  test('capabilities: a non-root user has no effective or permitted ones, and the default bounding set', async () => {
    const result = await fixture.shell('id -u; id -g; cat /proc/self/status', { user: { uid: 1000, gid: 1000 } });
    assert.equal(result.exitCode, 0, result.stderr);
    assert.match(result.stdout, /^1000\n1000\n/);
    const status = statusFields(result.stdout);
    assert.equal(status.get('CapEff'), mask([]));
    assert.equal(status.get('CapPrm'), mask([]));
    assert.equal(status.get('CapBnd'), mask(DOCKER_DEFAULT));
  });

  test('capabilities: the inheritable and ambient sets are empty, as in Docker since CVE-2022-24769', async () => {
    // With inheritable capabilities set, a program carrying file-inheritable capabilities gains
    // them when a non-root user runs it; Docker, containerd and runc stopped setting them.
    const result = await fixture.shell('cat /proc/self/status');
    const status = statusFields(result.stdout);
    assert.equal(status.get('CapAmb'), mask([]), 'CapAmb');
    assert.equal(status.get('CapInh'), mask([]), 'CapInh');
  });

  test('seccomp: the default profile is a filter (Seccomp: 2) and refuses unshare with EPERM', async () => {
    const result = await fixture.shell("grep '^Seccomp:' /proc/self/status; unshare -u true; echo \"unshare status=$?\"");
    assert.match(result.stdout, /^Seccomp:\s+2$/m);
    assert.match(result.stdout, /^unshare status=1$/m);
    assert.match(result.stderr, /unshare.*Operation not permitted/);
  });

  test('seccomp: ptrace of a child and personality(ADDR_NO_RANDOMIZE) work under the default profile', async () => {
    const probeDir = join(fixture.scratch, 'ptrace-probe');
    mkdirSync(probeDir);
    writeFileSync(join(probeDir, 'probe.c'), PTRACE_PROBE);
    execFileSync('gcc', ['-static', '-O2', '-o', join(probeDir, 'probe'), join(probeDir, 'probe.c')], { timeout: 60_000 });
    const result = await fixture.run({
      command: ['/probe/probe'],
      mounts: [{ source: probeDir, target: '/probe', readonly: true }],
    });
    assert.equal(result.exitCode, 0, result.stdout + result.stderr);
    assert.equal(result.stdout, 'ptrace ok\npersonality now 0x40000\n');
  });

  test('seccomp: "unconfined" runs without a filter (Seccomp: 0)', async () => {
    const result = await fixture.shell("grep '^Seccomp:' /proc/self/status", { seccomp: 'unconfined' });
    assert.equal(result.exitCode, 0, result.stderr);
    assert.match(result.stdout, /^Seccomp:\s+0$/m);
  });

  test('no descriptor of the host process is open inside (only 0, 1, 2 and ls\'s own)', async () => {
    const extra = ['/etc/hostname', '/etc/passwd', '/proc/self/status'].map((path) => openSync(path, 'r'));
    try {
      const result = await fixture.shell('ls /proc/self/fd');
      assert.equal(result.exitCode, 0, result.stderr);
      assert.deepEqual(result.stdout.trim().split('\n'), ['0', '1', '2', '3']);
    } finally {
      for (const fd of extra) closeSync(fd);
    }
  });

  test('the rootfs is never written: a file made inside lands in the container upper layer only', async () => {
    const name = fixture.uniqueName('written-inside');
    const rootfsMtime = statSync(fixture.rootfs).mtimeMs;
    const { id } = await fixture.startIdle();
    try {
      const write = await fixture.exec(id, ['/bin/sh', '-c', `echo hello > /${name}; echo changed >> /etc/passwd; cat /${name}`]);
      assert.equal(write.status.code, 0, write.stderr);
      assert.equal(write.stdout, 'hello\n');
      const { paths } = await fixture.runtime.inspect(id);
      assert.ok(existsSync(join(paths.upper, name)), 'the new file is in the upper layer');
      assert.ok(existsSync(join(paths.upper, 'etc', 'passwd')), 'the changed file was copied up');
      assert.ok(!existsSync(join(fixture.rootfs, name)), 'the new file is not in the rootfs');
      assert.doesNotMatch(readFileSync(join(fixture.rootfs, 'etc', 'passwd'), 'utf8'), /changed/);
      assert.equal(statSync(fixture.rootfs).mtimeMs, rootfsMtime, 'the rootfs directory is unchanged');
    } finally {
      await fixture.remove(id);
    }
  });
});

