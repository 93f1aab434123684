/**
 * One test file's containers, run through the Runtime API in this process against the real
 * kernel: a private temp state root, a busybox rootfs, output captured in temp files (the
 * stdio: [stdin, out, err] form of run() and exec()), every wait bounded, and a dispose() that
 * removes whatever the tests left and asserts the host holds nothing of theirs (host-leftovers.ts).
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { Runtime, type ExecOptions, type ExitStatus, type RunOptions } from '../../helper/src/runtime/runtime';
import type { ContainerSpec } from '../../helper/src/runtime/spec';
import { busyboxRootfs } from './busybox-rootfs';
import { ContainerIdWatch, leftovers, reclaimLeftovers, snapshotHostResources, type HostResources } from './host-leftovers';

/** Long enough for a loaded 2-core machine, short enough that a hang fails the test quickly. */
export const DEFAULT_WAIT_MS = 15_000;

export async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Polls until check() returns a value other than undefined, or fails after timeoutMs. */
export async function eventually<T>(check: () => T | undefined | Promise<T | undefined>, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export interface CapturedRun {
  id: string;
  exitCode: number | null;
  stdout: string;
  stderr: string;
}

export interface CapturedExec {
  status: ExitStatus;
  stdout: string;
  stderr: string;
}

/** A pair of temp files a process writes its stdout and stderr to, and /dev/null as stdin. */
class OutputCapture {
  readonly fds: [number, number, number];
  private readonly outPath: string;
  private readonly errPath: string;
  private closed = false;

  constructor(dir: string) {
    const tag = randomBytes(4).toString('hex');
    this.outPath = join(dir, `${tag}.out`);
    this.errPath = join(dir, `${tag}.err`);
    this.fds = [openSync('/dev/null', 'r'), openSync(this.outPath, 'w'), openSync(this.errPath, 'w')];
  }

  read(): { stdout: string; stderr: string } {
    return { stdout: readFileSync(this.outPath, 'utf8'), stderr: readFileSync(this.errPath, 'utf8') };
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const fd of this.fds) closeSync(fd);
  }
}

export class ContainerFixture {
  readonly runtime: Runtime;
  readonly stateRoot: string;
  readonly rootfs: string;
  /** Where captured output and other per-test files go (not the state root, which must end empty). */
  readonly scratch: string;
  private readonly ids: ContainerIdWatch;
  private readonly before: HostResources;
  private readonly captures: OutputCapture[] = [];
  private readonly pending: Array<Promise<unknown>> = [];
  /** Ends of the containers this fixture started and watches (so reaps) in this process. */
  private readonly containerExits = new Map<string, Promise<ExitStatus>>();

  private constructor(label: string, rootfs: string) {
    this.stateRoot = mkdtempSync(join(tmpdir(), `hutch-${label}-state-`));
    this.scratch = mkdtempSync(join(tmpdir(), `hutch-${label}-scratch-`));
    this.rootfs = rootfs;
    this.ids = new ContainerIdWatch(this.stateRoot);
    this.before = snapshotHostResources(this.stateRoot);
    this.runtime = new Runtime({ stateRoot: this.stateRoot });
  }

  static async create(label: string): Promise<ContainerFixture> {
    return new ContainerFixture(label, await busyboxRootfs());
  }

  /** A name no other test (or test run) uses. */
  uniqueName(prefix: string): string {
    return `${prefix}-${randomBytes(4).toString('hex')}`;
  }

  spec(overrides: Partial<ContainerSpec> = {}): ContainerSpec {
    return { rootfs: this.rootfs, network: 'none', ...overrides };
  }

  /** Runs a container to its end and removes it; returns what it printed. */
  async run(spec: Partial<ContainerSpec>, options: Omit<RunOptions, 'stdio'> = {}): Promise<CapturedRun> {
    const capture = this.capture();
    try {
      const result = await withTimeout(this.runtime.run(this.spec(spec), { ...options, stdio: capture.fds, remove: true }), DEFAULT_WAIT_MS, 'run');
      capture.close();
      return { id: result.id, exitCode: result.exitCode, ...capture.read() };
    } finally {
      capture.close();
    }
  }

  /** Runs `sh -c script` in a container of its own; see run(). */
  async shell(script: string, spec: Partial<ContainerSpec> = {}): Promise<CapturedRun> {
    return this.run({ ...spec, command: ['/bin/sh', '-c', script] });
  }

  /**
   * Starts a container whose init idles (no command) and is watched by this process, so it is
   * reaped here when it ends. Returns its id and host pid.
   */
  async startIdle(spec: Partial<ContainerSpec> = {}): Promise<{ id: string; pid: number }> {
    const capture = this.capture();
    const result = await withTimeout(
      this.runtime.run(this.spec({ ...spec, command: [] }), { detach: true, watch: true, stdio: capture.fds }),
      DEFAULT_WAIT_MS,
      'start an idle container',
    );
    capture.close();
    if (result.process.exit) {
      this.pending.push(result.process.exit);
      this.containerExits.set(result.id, result.process.exit);
    }
    return { id: result.id, pid: result.process.pid };
  }

  /** Runs a command in a running container and waits for it; returns what it printed. */
  async exec(ref: string, command: string[], options: Omit<ExecOptions, 'stdio'> = {}): Promise<CapturedExec> {
    const capture = this.capture();
    try {
      const started = await withTimeout(this.runtime.exec(ref, command, { ...options, stdio: capture.fds }), DEFAULT_WAIT_MS, 'exec');
      capture.close();
      assert.ok(started.exit, 'exec returns the exit of the process it started');
      const status = await withTimeout(started.exit, DEFAULT_WAIT_MS, `exec ${command.join(' ')}`);
      return { status, ...capture.read() };
    } finally {
      capture.close();
    }
  }

  /** Starts a command in a running container without waiting for it (its output is discarded). */
  async execDetached(ref: string, command: string[]): Promise<{ pid: number; exit: Promise<ExitStatus> }> {
    const capture = this.capture();
    const started = await withTimeout(this.runtime.exec(ref, command, { stdio: capture.fds }), DEFAULT_WAIT_MS, 'exec');
    capture.close();
    assert.ok(started.exit, 'exec returns the exit of the process it started');
    this.pending.push(started.exit);
    return { pid: started.pid, exit: started.exit };
  }

  /**
   * Removes a container this test made (a no-op when it is already gone). One this fixture
   * watches is killed and its end awaited first: remove({force}) would stop it, and stop()
   * leaves a grace-period timer behind that keeps this process alive for 10 s (see the
   * robustness tests), which would slow every test file down.
   */
  async remove(id: string): Promise<void> {
    const record = await this.runtime.store.read(id as never);
    if (record === null) return;
    const exit = this.containerExits.get(id);
    if (exit && record.status === 'running') {
      await this.runtime.kill(id, 'SIGKILL').catch(() => undefined);
      await withTimeout(exit, DEFAULT_WAIT_MS, `container ${id.slice(0, 12)} to end after SIGKILL`);
    }
    await withTimeout(this.runtime.remove(id, { force: true }), DEFAULT_WAIT_MS, `remove ${id.slice(0, 12)}`);
  }

  /** The things this fixture's containers left on the host; empty when clean-up worked. */
  async leftovers(): Promise<string[]> {
    const ids = await this.ids.settled();
    return leftovers(this.before, snapshotHostResources(this.stateRoot), { stateRoot: this.stateRoot, ids });
  }

  /**
   * Asserts that no container of this fixture left anything on the host. What was left is
   * reclaimed first (reclaimLeftovers), so one failure does not spill into the next test.
   */
  async assertNothingLeft(what: string): Promise<void> {
    await this.runtime.drain();
    const found = await this.leftovers();
    const unreclaimed = await reclaimLeftovers(found, this.stateRoot);
    assert.deepEqual(found, [], `${what} left nothing behind`);
    assert.deepEqual(unreclaimed, []);
  }

  /** Removes every container still there, checks nothing is left, deletes the temp folders. */
  async dispose(): Promise<void> {
    const problems: string[] = [];
    try {
      for (const id of await this.runtime.store.ids()) {
        await this.remove(id).catch((error: unknown) => problems.push(`remove ${id.slice(0, 12)}: ${(error as Error).message}`));
      }
      await withTimeout(Promise.allSettled(this.pending), DEFAULT_WAIT_MS, 'processes started by the tests to be reaped').catch((error: unknown) =>
        problems.push((error as Error).message),
      );
      await this.runtime.drain();
      const found = await this.leftovers();
      problems.push(...found, ...(await reclaimLeftovers(found, this.stateRoot)));
    } finally {
      for (const capture of this.captures) capture.close();
      this.ids.close();
      this.runtime.close();
      rmSync(this.stateRoot, { recursive: true, force: true });
      rmSync(this.scratch, { recursive: true, force: true });
    }
    assert.deepEqual(problems, [], 'the tests left nothing behind');
  }

  private capture(): OutputCapture {
    const capture = new OutputCapture(this.scratch);
    this.captures.push(capture);
    return capture;
  }
}
