/**
 * Reading and writing cgroupfs files, making and removing cgroup directories, and killing what a
 * cgroup holds: the effects both drivers share. Every failure becomes a HutchError naming the
 * file, since "EINVAL" alone does not tell a user which of a dozen limits the kernel refused.
 *
 * The I/O is synchronous on purpose: cgroupfs files are in-memory and each call takes
 * microseconds, while a promise-based call is a thread-pool round trip of tens; a container
 * start touches ~70 of them, and that was most of its start time.
 */
import { closeSync, constants, existsSync, mkdirSync, openSync, readdirSync, readFileSync, rmdirSync, writeSync } from 'node:fs';
import { HutchError, errnoCode } from '../../errors';

export function cgroupFileError(action: string, path: string, error: unknown): HutchError {
  const errno = errnoCode(error) ?? (error instanceof Error ? error.message : String(error));
  const message = `cannot ${action} ${path}: ${errno}`;
  switch (errno) {
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return new HutchError('permission-denied', message, 'cgroups need root, or a cgroup v2 subtree delegated to your user', { cause: error });
    case 'ENOENT':
      return new HutchError('unsupported', message, 'the kernel does not provide this cgroup file; its controller is missing or disabled on this host', { cause: error });
    case 'EINVAL':
    case 'ERANGE':
      return new HutchError('invalid-argument', message, 'the kernel refused the value; check it against this host (CPUs online, memory nodes, current usage)', { cause: error });
    case 'EBUSY':
      return new HutchError('invalid-state', message, 'the cgroup is in use; processes inside may already exceed the new value', { cause: error });
    default:
      return new HutchError('system-failure', message, undefined, { cause: error });
  }
}

/**
 * Writes one value with a single write(2): cgroupfs parses each write on its own, and the kernel
 * reports a refused value as the write's errno. No O_CREAT: a missing file means the controller
 * is absent, which must surface as ENOENT rather than as an attempt to create a file.
 */
export async function writeCgroupFile(path: string, value: string): Promise<void> {
  let fd: number | undefined;
  try {
    fd = openSync(path, constants.O_WRONLY | constants.O_TRUNC);
    writeSync(fd, value);
  } catch (error) {
    throw cgroupFileError(`write "${value}" to`, path, error);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

export async function readCgroupFile(path: string): Promise<string> {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw cgroupFileError('read', path, error);
  }
}

/** Reads a file the kernel only has with some configurations; undefined when it is absent. */
export async function readOptionalCgroupFile(path: string): Promise<string | undefined> {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return undefined;
    throw cgroupFileError('read', path, error);
  }
}

export async function cgroupFileExists(path: string): Promise<boolean> {
  return existsSync(path);
}

/** A single-number file such as pids.current; undefined when absent or not a number ("max"). */
export async function readCounter(path: string): Promise<number | undefined> {
  const text = await readOptionalCgroupFile(path);
  if (text === undefined) return undefined;
  const value = Number(text.trim());
  return text.trim() !== '' && Number.isFinite(value) ? value : undefined;
}

/** "key value" lines, as in memory.oom_control, memory.events, cpu.stat and cgroup.events. */
export function parseKeyedCounters(text: string): Map<string, number> {
  const counters = new Map<string, number>();
  for (const line of text.split('\n')) {
    const [key, value] = line.trim().split(/\s+/);
    if (key !== undefined && key !== '' && value !== undefined && /^\d+$/.test(value)) counters.set(key, Number(value));
  }
  return counters;
}

/** Space-separated names, as in cgroup.controllers and cgroup.subtree_control. */
export function parseControllerList(text: string | undefined): Set<string> {
  return new Set((text ?? '').split(/\s+/).filter((word) => word !== ''));
}

/** Child cgroups of a directory, deepest first, so they can be removed in order. */
async function descendantDirectories(path: string): Promise<string[]> {
  let entries: import('node:fs').Dirent[] = [];
  try {
    entries = readdirSync(path, { withFileTypes: true });
  } catch {
    entries = [];
  }
  const descendants: string[] = [];
  for (const entry of entries) {
    if (!entry.isDirectory()) continue;
    const child = `${path}/${entry.name}`;
    descendants.push(...(await descendantDirectories(child)), child);
  }
  return descendants;
}

/**
 * PIDs in a cgroup and every cgroup below it. cgroup.procs lists only a cgroup's own members, and
 * a container that runs its own cgroup manager (systemd, a nested runtime) makes child cgroups.
 */
export async function readProcsTree(directory: string): Promise<number[]> {
  const pids: number[] = [];
  for (const dir of [directory, ...(await descendantDirectories(directory))]) {
    const text = await readOptionalCgroupFile(`${dir}/cgroup.procs`);
    for (const line of (text ?? '').split('\n')) {
      if (line.trim() !== '') pids.push(Number(line));
    }
  }
  return pids;
}

/** Makes one cgroup directory; false when it already existed (so failure cleanup leaves it). */
export async function makeCgroupDirectory(path: string): Promise<boolean> {
  try {
    mkdirSync(path);
    return true;
  } catch (error) {
    if (errnoCode(error) === 'EEXIST') return false;
    throw cgroupFileError('create cgroup', path, error);
  }
}

export function delay(milliseconds: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, milliseconds));
}

/** rmdir(2) of one cgroup directory: true when it is gone (or was), false while the kernel says EBUSY. */
async function removeCgroupDirectory(path: string): Promise<boolean> {
  try {
    rmdirSync(path);
    return true;
  } catch (error) {
    const errno = errnoCode(error);
    if (errno === 'ENOENT') return true;
    if (errno === 'EBUSY') return false;
    throw cgroupFileError('remove cgroup', path, error);
  }
}

/**
 * Removes each cgroup directory and any child cgroups a nested manager made inside it (a cgroup
 * with children is EBUSY forever). Right after its last task is killed the kernel may still be
 * tearing the task down, so EBUSY is retried with short delays until timeoutMs; a directory that
 * is already gone is not an error.
 */
export async function removeCgroupDirectories(paths: readonly string[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let pending = [...paths];
  for (let attempt = 0; ; attempt++) {
    const busy: string[] = [];
    for (const path of pending) {
      let removable = true;
      for (const child of await descendantDirectories(path)) removable = (await removeCgroupDirectory(child)) && removable;
      if (!removable || !(await removeCgroupDirectory(path))) busy.push(path);
    }
    if (busy.length === 0) return;
    if (Date.now() >= deadline) {
      throw new HutchError('invalid-state', `cannot remove cgroup ${busy[0]}: still busy after ${timeoutMs} ms`, 'processes are still inside it; kill them first (killAll)');
    }
    pending = busy;
    await delay(Math.min(10 * 2 ** attempt, 100));
  }
}

/** Sends SIGKILL once to each pid, ignoring ones already gone. */
export function killProcesses(pids: readonly number[]): void {
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch (error) {
      // The task exited between reading cgroup.procs and the kill.
      if (errnoCode(error) !== 'ESRCH') throw new HutchError('system-failure', `cannot kill pid ${pid}: ${errnoCode(error) ?? String(error)}`, undefined, { cause: error });
    }
  }
}

/**
 * SIGKILLs what listPids returns until it returns nothing. Repeating covers tasks forked between
 * the read and the kill; the drivers freeze first where they can, so this loop is the fallback
 * against a fork bomb, not the defence.
 */
export async function killUntilEmpty(listPids: () => Promise<number[]>, cgroupLabel: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const pids = await listPids();
    if (pids.length === 0) return;
    if (Date.now() >= deadline) {
      throw new HutchError(
        'runtime-failure',
        `processes ${pids.slice(0, 10).join(', ')} in cgroup ${cgroupLabel} survived SIGKILL for ${timeoutMs} ms`,
        'they may be stuck in uninterruptible I/O (state D in /proc/<pid>/stat); retry once it completes',
      );
    }
    killProcesses(pids);
    await delay(10);
  }
}

/** Polls until predicate holds; false when timeoutMs passes first. */
export async function waitUntil(predicate: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await predicate()) return true;
    if (Date.now() >= deadline) return false;
    await delay(5);
  }
}
