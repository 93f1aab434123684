/**
 * `exec` into a running container against the real kernel: the process joins every namespace
 * and the cgroup of the container's init, gets a pty in the container's own devpts that reports
 * the window size set on its master, and inherits no descriptor of the host process.
 *
 * Needs root (see integration-prerequisites.ts); containers are removed and the host checked
 * for leftovers in `after`.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { closeSync, existsSync, openSync, readFileSync, readlinkSync, writeSync } from 'node:fs';
import { ReadStream } from 'node:tty';

import { loadNativeAddon } from '../../../helper/src/runtime/native-addon';
import { ContainerFixture, DEFAULT_WAIT_MS, eventually, withTimeout } from '../../support/container-fixture';
import { integrationSkipReason } from '../../support/integration-prerequisites';

const skip = integrationSkipReason('container-exec.test.ts');

const NAMESPACES = ['mnt', 'pid', 'uts', 'ipc', 'net', 'cgroup', 'time', 'user'].filter((ns) => existsSync(`/proc/self/ns/${ns}`));

/** The host pids of a process's children (/proc/<pid>/task/<pid>/children). */
function childrenOf(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

interface Terminal {
  write(text: string): void;
  /** Resolves with everything read once `pattern` has appeared. */
  readUntil(pattern: RegExp): Promise<string>;
  close(): void;
}

/**
 * Reads and writes a pty master fd. Node's net.Socket refuses a tty fd (ERR_INVALID_FD_TYPE), so
 * reading goes through a tty.ReadStream; a read reports EIO once the last slave closes, which is
 * the end of the session. Destroying the stream closes the fd.
 */
function terminal(masterFd: number): Terminal {
  const stream = new ReadStream(masterFd);
  let output = '';
  const waiters: Array<() => void> = [];
  stream.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    for (const wake of waiters.splice(0)) wake();
  });
  stream.on('error', () => undefined);
  return {
    write: (text) => void writeSync(masterFd, text),
    readUntil: (pattern) =>
      withTimeout(
        new Promise<string>((resolve) => {
          const check = (): void => {
            if (pattern.test(output)) resolve(output);
            else waiters.push(check);
          };
          check();
        }),
        DEFAULT_WAIT_MS,
        `terminal output matching ${pattern} (got ${JSON.stringify(output)})`,
      ),
    close: () => void stream.destroy(),
  };
}

describe('exec into a running container', { skip }, () => {
  let fixture: ContainerFixture;
  let container: { id: string; pid: number };

  before(async () => {
    fixture = await ContainerFixture.create('exec');
    container = await fixture.startIdle({ network: 'private' });
  });

  after(async () => {
    if (fixture && container) await fixture.remove(container.id);
    await fixture?.dispose();
  });

  test('joins every namespace of the container init (as the host sees /proc/<init>/ns)', async () => {
    const script = `for ns in ${NAMESPACES.join(' ')}; do echo "$ns $(readlink /proc/self/ns/$ns)"; done`;
    const result = await fixture.exec(container.id, ['/bin/sh', '-c', script]);
    assert.equal(result.status.code, 0, result.stderr);
    const inside = new Map(result.stdout.trim().split('\n').map((line) => line.split(' ') as [string, string]));
    for (const ns of NAMESPACES) {
      assert.equal(inside.get(ns), readlinkSync(`/proc/${container.pid}/ns/${ns}`), `the ${ns} namespace is the init's`);
    }
  });

  test("joins the container init's cgroup in every hierarchy, and sees it as its cgroup root", async () => {
    const inside = await fixture.exec(container.id, ['/bin/sh', '-c', 'cat /proc/self/cgroup; echo ---; cat /proc/1/cgroup']);
    const [own, init] = inside.stdout.split('---\n');
    assert.equal(own, init, 'inside, the exec and PID 1 show the same cgroups');
    for (const line of (own ?? '').trim().split('\n')) assert.match(line, /:\/$/, `the cgroup namespace root is the container's: ${line}`);

    const { cgroupPath } = await fixture.runtime.inspect(container.id);
    const initCgroups = readFileSync(`/proc/${container.pid}/cgroup`, 'utf8');
    assert.ok(cgroupPath && initCgroups.includes(`:${cgroupPath}\n`), `the init is in ${cgroupPath}`);

    const sleeper = await fixture.execDetached(container.id, ['/bin/sleep', '5']);
    try {
      const command = await eventually(() => childrenOf(sleeper.pid)[0], 5_000, 'the exec relay to start its command');
      // The host's view, with full paths: the relay and its command are where the init is.
      assert.equal(readFileSync(`/proc/${sleeper.pid}/cgroup`, 'utf8'), initCgroups, 'the exec relay');
      assert.equal(readFileSync(`/proc/${command}/cgroup`, 'utf8'), initCgroups, 'the command');
    } finally {
      for (const pid of childrenOf(sleeper.pid)) process.kill(pid, 'SIGKILL');
      await withTimeout(sleeper.exit, DEFAULT_WAIT_MS, 'the sleeper to end');
    }
  });

  test('a tty exec gets a pty in the container devpts that reports the window size set on the master', async () => {
    const native = loadNativeAddon() as unknown as { setWindowSize(fd: number, rows: number, columns: number): void };
    // The command waits for a line so that the size is set before stty reads it.
    const started = await fixture.runtime.exec(container.id, ['/bin/sh', '-c', 'read go; stty size; tty'], { tty: true });
    assert.ok(started.ptyMaster !== null, 'a tty exec hands back the pty master');
    assert.ok(started.exit);
    const pty = terminal(started.ptyMaster);
    try {
      native.setWindowSize(started.ptyMaster, 33, 101);
      pty.write('go\n');
      const output = await pty.readUntil(/\/dev\/pts\/[0-9]+\r?\n/);
      assert.match(output, /^33 101\r?$/m);
      assert.match(output, /^\/dev\/pts\/0\r?$/m, 'the first pty of the container devpts instance');
      assert.deepEqual(await withTimeout(started.exit, DEFAULT_WAIT_MS, 'the tty exec'), { code: 0, signal: null });
    } finally {
      pty.close();
    }
  });

  test('no descriptor of the host process is open in the exec (only 0, 1, 2 and ls\'s own)', async () => {
    const extra = ['/etc/hostname', '/etc/passwd', '/proc/self/status'].map((path) => openSync(path, 'r'));
    try {
      const result = await fixture.exec(container.id, ['/bin/ls', '/proc/self/fd']);
      assert.equal(result.status.code, 0, result.stderr);
      assert.deepEqual(result.stdout.trim().split('\n'), ['0', '1', '2', '3']);
    } finally {
      for (const fd of extra) closeSync(fd);
    }
  });

  test('exec runs with the container seccomp filter and capabilities', async () => {
    const result = await fixture.exec(container.id, ['/bin/sh', '-c', "grep -E '^(CapEff|CapBnd|Seccomp):' /proc/self/status"]);
    assert.equal(result.stdout, 'CapEff:\t00000000a80425fb\nCapBnd:\t00000000a80425fb\nSeccomp:\t2\n');
  });
});
