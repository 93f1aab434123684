/**
 * "Nothing left behind", checked against the kernel: what a container may leave on the host if
 * its clean-up is broken - mounts in the host's mount namespace, cgroup directories, host veth
 * ends, iptables rules, processes still in one of its cgroups or stranded outside them (a set-up
 * child whose parent died, an unreaped init) - plus the state root's own records, names, trash
 * and address leases.
 *
 * Other engineers' tests may create containers on this machine at the same time, under the same
 * cgroup parent and bridge. So a snapshot is compared with an earlier one and every new item is
 * attributed: it is ours when it names one of the container ids this test saw being created
 * (ContainerIdWatch) or the test's state root. Items of others are ignored; state root entries
 * are always ours.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmdirSync, rmSync, watch, writeFileSync, type FSWatcher } from 'node:fs';
import { join } from 'node:path';

import { loadNativeAddon } from '../../helper/src/runtime/native-addon';

export interface HostResources {
  /** Lines of /proc/self/mountinfo. */
  mounts: string[];
  /** Directories under <cgroup mount>/<parent>/, as absolute paths. */
  cgroupDirectories: string[];
  /** Host interfaces named hv* (host ends of container veth pairs). */
  veths: string[];
  /** nat and filter rules carrying a "hutch:<id>" comment. */
  iptablesRules: string[];
  /** "<pid> <cgroup line>" of every process in a cgroup under a Hutch parent. */
  processes: string[];
  /**
   * Processes a container set-up may leave outside any cgroup: "<pid> cmdline: ..." of those whose
   * command line names the state root (a `hutch` CLI, or a child it cloned: CLONE_VM children
   * show their parent's command line), and "<pid> child of this test ..." of this process's own
   * children in another PID namespace (container inits and set-up children of an in-process
   * Runtime, zombies included).
   */
  strayProcesses: string[];
  /** Entries of <stateRoot>/containers, names and trash, and leases in network/ipam.json. */
  stateEntries: string[];
}

const CGROUP_ROOT = '/sys/fs/cgroup';

function readLines(path: string): string[] {
  try {
    return readFileSync(path, 'utf8').split('\n').filter((line) => line !== '');
  } catch {
    return [];
  }
}

function listDirectory(path: string): string[] {
  try {
    return readdirSync(path);
  } catch {
    return [];
  }
}

/** Every <mount>/<parent> directory: one per v1 hierarchy, or the v2 root's. */
function cgroupParentDirectories(parents: readonly string[]): string[] {
  const dirs: string[] = [];
  for (const parent of parents) {
    dirs.push(join(CGROUP_ROOT, parent));
    for (const hierarchy of listDirectory(CGROUP_ROOT)) dirs.push(join(CGROUP_ROOT, hierarchy, parent));
  }
  return dirs.filter((dir) => existsSync(join(dir, 'cgroup.procs')));
}

/** Field 4 (ppid) of /proc/<pid>/stat, after the parenthesised command name. */
function parentPid(pid: string): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return null;
  }
}

function strayProcesses(stateRoot: string): string[] {
  const found: string[] = [];
  for (const pid of listDirectory('/proc')) {
    if (!/^[0-9]+$/.test(pid) || Number(pid) === process.pid) continue;
    let cmdline = '';
    try {
      cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
    } catch {
      continue;
    }
    if (cmdline.includes(stateRoot)) {
      found.push(`${pid} cmdline: ${cmdline.slice(0, 300)}`);
    } else if (parentPid(pid) === process.pid) {
      const nspid = readLines(`/proc/${pid}/status`).find((line) => line.startsWith('NSpid:')) ?? '';
      const namespaced = nspid.split(/\s+/).length > 2;
      // A zombie has no status NSpid line to read any more than a name: count it too.
      if (namespaced || nspid === '') found.push(`${pid} child of this test in another PID namespace (${cmdline.slice(0, 80) || 'zombie'})`);
    }
  }
  return found;
}

function hutchRules(): string[] {
  const rules: string[] = [];
  for (const table of ['nat', 'filter']) {
    try {
      const text = execFileSync('iptables', ['-w', '-t', table, '-S'], { encoding: 'utf8', timeout: 10_000 });
      rules.push(...text.split('\n').filter((line) => /--comment "?hutch:/.test(line)).map((line) => `${table}: ${line}`));
    } catch {
      // no iptables here: nothing can have been left in it either
    }
  }
  return rules;
}

function leases(stateRoot: string): string[] {
  try {
    const file = JSON.parse(readFileSync(join(stateRoot, 'network', 'ipam.json'), 'utf8')) as { leases?: Record<string, unknown> };
    return Object.keys(file.leases ?? {}).map((id) => `lease ${id}`);
  } catch {
    return [];
  }
}

export function snapshotHostResources(stateRoot: string, cgroupParents: readonly string[] = ['hutch']): HostResources {
  const parentDirs = cgroupParentDirectories(cgroupParents);
  const cgroupDirectories = parentDirs.flatMap((dir) =>
    listDirectory(dir)
      .map((name) => join(dir, name))
      .filter((path) => existsSync(join(path, 'cgroup.procs'))),
  );
  const processes: string[] = [];
  const parentPattern = new RegExp(`:/(${cgroupParents.map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})/`);
  for (const pid of listDirectory('/proc')) {
    if (!/^[0-9]+$/.test(pid)) continue;
    for (const line of readLines(`/proc/${pid}/cgroup`)) {
      if (parentPattern.test(line)) processes.push(`${pid} ${line}`);
    }
  }
  let veths: string[] = [];
  try {
    veths = execFileSync('ip', ['-o', 'link', 'show'], { encoding: 'utf8', timeout: 10_000 })
      .split('\n')
      .map((line) => /^[0-9]+: ([^:@ ]+)/.exec(line)?.[1] ?? '')
      .filter((name) => name.startsWith('hv'));
  } catch {
    veths = [];
  }
  return {
    mounts: readLines('/proc/self/mountinfo'),
    cgroupDirectories,
    veths,
    iptablesRules: hutchRules(),
    processes,
    strayProcesses: strayProcesses(stateRoot),
    stateEntries: [
      ...listDirectory(join(stateRoot, 'containers')).map((name) => `containers/${name}`),
      ...listDirectory(join(stateRoot, 'names')).map((name) => `names/${name}`),
      ...listDirectory(join(stateRoot, 'trash')).map((name) => `trash/${name}`),
      ...leases(stateRoot),
    ],
  };
}

/**
 * New items of `after` that belong to this test: naming one of its container ids (or, for a
 * veth, "hv" + the id's first 10 characters) or its state root. Empty means nothing was left.
 */
export function leftovers(before: HostResources, after: HostResources, owner: { stateRoot: string; ids: Iterable<string> }): string[] {
  const ids = [...owner.ids];
  const ours = (item: string): boolean => item.includes(owner.stateRoot) || ids.some((id) => item.includes(id));
  const added = (key: keyof HostResources): string[] => {
    const old = new Set(before[key]);
    return after[key].filter((item) => !old.has(item));
  };
  const found: string[] = [];
  for (const line of added('mounts')) if (ours(line)) found.push(`mount: ${line}`);
  for (const dir of added('cgroupDirectories')) if (ours(dir)) found.push(`cgroup: ${dir}`);
  for (const rule of added('iptablesRules')) if (ours(rule)) found.push(`iptables ${rule}`);
  for (const process of added('processes')) if (ours(process)) found.push(`process: ${process}`);
  // Named by the state root, or children of this very process: ours either way.
  for (const process of added('strayProcesses')) found.push(`process: ${process}`);
  for (const veth of added('veths')) if (ids.some((id) => veth === `hv${id.slice(0, 10)}`)) found.push(`veth: ${veth}`);
  // The state root is the test's own: everything in it is a leftover, old or new.
  for (const entry of after.stateEntries) found.push(`state root: ${entry}`);
  return found;
}

/**
 * Takes away what leftovers() found, so that a test that failed because of them still leaves
 * the host clean: processes of the test's containers are killed (by pid), cgroup directories
 * removed, veths and iptables rules deleted, mounts detached, and the state root's records,
 * names and leases deleted. Best effort: returns what could not be undone.
 */
export async function reclaimLeftovers(found: readonly string[], stateRoot: string): Promise<string[]> {
  const failed: string[] = [];
  const attempt = (item: string, undo: () => void): void => {
    try {
      undo();
    } catch (error) {
      failed.push(`${item}: ${(error as Error).message}`);
    }
  };
  const pids = new Set(found.filter((i) => i.startsWith('process: ')).map((i) => Number(i.split(' ')[1])));
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ESRCH') failed.push(`process ${pid}: ${(error as Error).message}`);
    }
    // Our own child stays a zombie until it is waited for (Node waits only for its own spawns).
    if (parentPid(String(pid)) === process.pid) await reapChild(pid).catch((error: unknown) => failed.push(`reap ${pid}: ${(error as Error).message}`));
  }
  for (const item of found.filter((i) => i.startsWith('cgroup: '))) {
    const dir = item.slice('cgroup: '.length);
    let lastError: unknown;
    // A killed task leaves its cgroup a moment after the signal.
    for (let tries = 0; tries < 50 && existsSync(dir); tries++) {
      try {
        rmdirSync(dir);
      } catch (error) {
        lastError = error;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    }
    if (existsSync(dir)) failed.push(`${item}: ${(lastError as Error | undefined)?.message ?? 'still there'}`);
  }
  for (const item of found.filter((i) => i.startsWith('veth: '))) {
    attempt(item, () => execFileSync('ip', ['link', 'delete', 'dev', item.slice('veth: '.length)], { stdio: 'ignore' }));
  }
  for (const item of found.filter((i) => i.startsWith('iptables '))) {
    const m = /^iptables (nat|filter): -A (.*)$/.exec(item);
    if (!m || m[1] === undefined || m[2] === undefined) continue;
    const rule = m[2].split(/\s+/).map((word) => word.replace(/^"|"$/g, ''));
    attempt(item, () => execFileSync('iptables', ['-w', '-t', m[1] as string, '-D', ...rule], { stdio: 'ignore' }));
  }
  for (const item of found.filter((i) => i.startsWith('mount: '))) {
    const mountPoint = item.slice('mount: '.length).split(' ')[4];
    if (mountPoint) attempt(item, () => execFileSync('umount', ['-l', mountPoint], { stdio: 'ignore' }));
  }
  for (const item of found.filter((i) => i.startsWith('state root: '))) {
    const entry = item.slice('state root: '.length);
    if (entry.startsWith('lease ')) {
      const file = join(stateRoot, 'network', 'ipam.json');
      attempt(item, () => {
        const ipam = JSON.parse(readFileSync(file, 'utf8')) as { leases: Record<string, unknown> };
        delete ipam.leases[entry.slice('lease '.length)];
        writeFileSync(file, JSON.stringify(ipam));
      });
    } else {
      attempt(item, () => rmSync(join(stateRoot, entry), { recursive: true, force: true }));
    }
  }
  return failed;
}

export function isZombie(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return false;
  }
}

/** Waits for (reaps) a child of this process through a pidfd, with the runtime's native calls. */
export async function reapChild(pid: number): Promise<void> {
  const native = loadNativeAddon() as unknown as {
    pidfdOpen(pid: number): number | null;
    watchExit(pidfd: number, callback: () => void): void;
    closeFd(fd: number): void;
  };
  const pidfd = native.pidfdOpen(pid);
  if (pidfd === null) return;
  await new Promise<void>((resolve, reject) => {
    // On timeout the watch (and its pidfd) stays: closing an fd a poll still watches is unsafe.
    const timer = setTimeout(() => reject(new Error('still running 5 s after SIGKILL')), 5_000);
    native.watchExit(pidfd, () => {
      clearTimeout(timer);
      native.closeFd(pidfd);
      resolve();
    });
  });
}

/**
 * Records the id of every container created under a state root, including ones whose creation
 * failed and was undone: create() makes <stateRoot>/containers/<id> before anything else, and
 * inotify reports that even if the directory is gone a moment later.
 */
export class ContainerIdWatch {
  readonly ids = new Set<string>();
  private readonly watcher: FSWatcher;

  constructor(stateRoot: string) {
    const containers = join(stateRoot, 'containers');
    // The modes the runtime gives them (state.ts, ensureRoot); made here so the watch starts now.
    mkdirSync(containers, { recursive: true, mode: 0o711 });
    mkdirSync(join(stateRoot, 'names'), { recursive: true, mode: 0o700 });
    this.watcher = watch(containers, (_event, name) => {
      if (typeof name === 'string' && /^[0-9a-f]{64}$/.test(name)) this.ids.add(name);
    });
  }

  /** Lets inotify events already queued reach the callback, then returns the ids seen. */
  async settled(): Promise<Set<string>> {
    await new Promise((resolve) => setTimeout(resolve, 50));
    return this.ids;
  }

  close(): void {
    this.watcher.close();
  }
}
