/**
 * Containers on disk, under one root (DESIGN.md decision 9):
 *
 *   <root>/containers/<id>/state.json   the record, replaced atomically (temp file, rename)
 *   <root>/containers/<id>/upper, work  the overlay's writable layer
 *   <root>/containers/<id>/merged       where the root is mounted (inside the container's
 *                                       mount namespace only: the host never sees the mount)
 *   <root>/containers/<id>/hosts, resolv.conf, hostname   bound over the container's /etc files
 *   <root>/containers/<id>/exit-status  written by the container's init when it ends
 *   <root>/names/<name>                 the id owning a name, created with O_EXCL, so two
 *                                       containers can never take the same name
 *   <root>/trash/                       removed containers' directories, renamed here in one
 *                                       atomic step and deleted in the background (a crash
 *                                       mid-delete leaves them here, and the next run sweeps)
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, promises as fs, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { errnoCode, HutchError } from '../errors';
import type { NetworkPlan } from './network/types';
import type { ResolvedContainerSpec } from './spec';

export type ContainerId = string & { readonly __brand: 'ContainerId' };

/** creating: set-up under way, or interrupted (then `rm` cleans it up). */
export type ContainerStatus = 'creating' | 'created' | 'running' | 'stopped';

export interface ContainerRecord {
  id: ContainerId;
  name: string;
  createdAt: string;
  status: ContainerStatus;
  spec: ResolvedContainerSpec;
  /** PID 1 of the container on the host, with its start time to tell it from a reused pid. */
  pid: number | null;
  pidStartTime: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  exitCode: number | null;
  network: NetworkPlan | null;
  cgroupPath: string | null;
}

export interface ContainerPaths {
  dir: string;
  state: string;
  upper: string;
  work: string;
  merged: string;
  hosts: string;
  resolvConf: string;
  hostname: string;
  exitStatus: string;
  log: string;
}

export function newContainerId(): ContainerId {
  return randomBytes(32).toString('hex') as ContainerId;
}

/** Start time of a process in clock ticks since boot (field 22 of /proc/<pid>/stat), or null. */
export function processStartTime(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may contain spaces and parentheses: split after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields[19] ?? null;
  } catch {
    return null;
  }
}

export class StateStore {
  readonly root: string;
  private readonly deletions = new Set<Promise<void>>();
  private swept = false;

  constructor(root: string) {
    this.root = root;
  }

  private get containersDir(): string {
    return join(this.root, 'containers');
  }

  private get namesDir(): string {
    return join(this.root, 'names');
  }

  private get trashDir(): string {
    return join(this.root, 'trash');
  }

  paths(id: ContainerId): ContainerPaths {
    const dir = join(this.containersDir, id);
    return {
      dir,
      state: join(dir, 'state.json'),
      upper: join(dir, 'upper'),
      work: join(dir, 'work'),
      merged: join(dir, 'merged'),
      hosts: join(dir, 'hosts'),
      resolvConf: join(dir, 'resolv.conf'),
      hostname: join(dir, 'hostname'),
      exitStatus: join(dir, 'exit-status'),
      log: join(dir, 'container.log'),
    };
  }

  async ensureRoot(): Promise<void> {
    // 0711: other users may traverse to what they are given, never list who has what.
    mkdirSync(this.containersDir, { recursive: true, mode: 0o711 });
    mkdirSync(this.namesDir, { recursive: true, mode: 0o700 });
    if (!this.swept) {
      this.swept = true;
      let leftovers: string[] = [];
      try {
        leftovers = readdirSync(this.trashDir);
      } catch {
        leftovers = [];
      }
      for (const entry of leftovers) this.deleteInBackground(join(this.trashDir, entry));
    }
  }

  /** Trash waiting for a quiet moment: a burst of container starts and removals should not
   * compete with its own deletions for the CPU. */
  private readonly pendingTrash: string[] = [];
  private trashTimer: NodeJS.Timeout | null = null;

  private deleteInBackground(path: string): void {
    this.pendingTrash.push(path);
    if (this.trashTimer) this.trashTimer.refresh();
    // Unref'd: a short-lived process (the CLI) empties its trash with drain() before it exits
    // instead of waiting for the pause; anything a crash leaves is swept at the next start.
    else this.trashTimer = setTimeout(() => this.emptyTrash(), 100).unref();
  }

  private emptyTrash(): void {
    this.trashTimer = null;
    for (const path of this.pendingTrash.splice(0)) {
      const deletion: Promise<void> = fs
        .rm(path, { recursive: true, force: true })
        .catch(() => undefined)
        .finally(() => this.deletions.delete(deletion));
      this.deletions.add(deletion);
    }
  }

  /** Resolves when every deletion asked for so far has finished. */
  async drain(): Promise<void> {
    if (this.trashTimer) {
      clearTimeout(this.trashTimer);
      this.emptyTrash();
    }
    while (this.deletions.size > 0) await Promise.all([...this.deletions]);
  }

  /** Claims a name for id; throws already-exists when another container holds it. */
  async reserveName(name: string, id: ContainerId): Promise<void> {
    const file = join(this.namesDir, name);
    try {
      writeFileSync(file, id, { flag: 'wx', mode: 0o600 });
    } catch (error) {
      if (errnoCode(error) !== 'EEXIST') throw error;
      let owner = '';
      try {
        owner = readFileSync(file, 'utf8');
      } catch {
        // removed meanwhile: the message just lacks the id
      }
      throw new HutchError(
        'already-exists',
        `a container named "${name}" already exists (${owner.slice(0, 12) || 'unknown id'})`,
        `remove it with \`hutch rm ${name}\` or choose another --name`,
      );
    }
  }

  async releaseName(name: string, id: ContainerId): Promise<void> {
    const file = join(this.namesDir, name);
    let owner: string | null = null;
    try {
      owner = readFileSync(file, 'utf8');
    } catch {
      owner = null;
    }
    if (owner === id) rmSync(file, { force: true });
  }

  async write(record: ContainerRecord): Promise<void> {
    const { dir, state } = this.paths(record.id);
    const temp = join(dir, `.state.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
    // rename() makes the replacement atomic: a reader (or a crash of this process) sees the old
    // record or the new one, never a mix. No fsync: after a power loss the kernel state it
    // describes (processes, cgroups, mounts) is gone too, and ext4 flushes renamed-over data.
    writeFileSync(temp, `${JSON.stringify(record)}\n`, { flag: 'wx', mode: 0o600 });
    try {
      renameSync(temp, state);
    } catch (error) {
      rmSync(temp, { force: true });
      throw error;
    }
  }

  async read(id: ContainerId): Promise<ContainerRecord | null> {
    try {
      return JSON.parse(readFileSync(this.paths(id).state, 'utf8')) as ContainerRecord;
    } catch (error) {
      if (errnoCode(error) === 'ENOENT' || error instanceof SyntaxError) return null;
      throw error;
    }
  }

  /** Ids of every container directory, including ones whose creation was interrupted. */
  async ids(): Promise<ContainerId[]> {
    try {
      return readdirSync(this.containersDir).filter((n) => /^[0-9a-f]{64}$/.test(n)) as ContainerId[];
    } catch (error) {
      if (errnoCode(error) === 'ENOENT') return [];
      throw error;
    }
  }

  /** Finds a container by name, full id or unique id prefix. */
  async resolve(ref: string): Promise<ContainerId> {
    if (typeof ref !== 'string' || ref.length === 0 || ref.includes('/') || ref.includes('\0')) {
      throw new HutchError('invalid-argument', `"${String(ref)}" is not a container name or id`);
    }
    let byName: string | null = null;
    try {
      byName = readFileSync(join(this.namesDir, ref), 'utf8');
    } catch {
      byName = null;
    }
    if (byName && /^[0-9a-f]{64}$/.test(byName)) return byName as ContainerId;
    const ids = await this.ids();
    // A creation interrupted before its name was claimed is still found by the name it asked for.
    const named = [];
    for (const id of ids) if ((await this.read(id))?.name === ref) named.push(id);
    if (named.length === 1 && named[0] !== undefined) return named[0];
    const matches = ids.filter((id) => id.startsWith(ref));
    if (matches.length === 1 && matches[0] !== undefined) return matches[0];
    if (matches.length > 1) {
      throw new HutchError('invalid-argument', `"${ref}" matches ${matches.length} containers`, 'give more characters of the id, or the name');
    }
    throw new HutchError('not-found', `no container named or with id "${ref}"`, 'list containers with `hutch ps -a`');
  }

  /** Removes a container's directory: gone from containers/ at once, deleted in the background. */
  async removeDir(id: ContainerId): Promise<void> {
    const dir = this.paths(id).dir;
    const trashed = join(this.trashDir, `${id}.${randomBytes(4).toString('hex')}`);
    try {
      mkdirSync(this.trashDir, { recursive: true, mode: 0o700 });
      renameSync(dir, trashed);
    } catch (error) {
      if (errnoCode(error) === 'ENOENT') return;
      rmSync(dir, { recursive: true, force: true });
      return;
    }
    this.deleteInBackground(trashed);
  }
}
