/**
 * The cgroup v1 driver. Each v1 controller (or co-mounted group, such as cpu,cpuacct on most
 * distributions) is its own tree, so a container gets one directory per hierarchy:
 * <mount>/<parent>/<name>, and a process joins by writing its pid into every one of them.
 */
import { promises as fs } from 'node:fs';
import { posix as path } from 'node:path';
import { HutchError } from '../../errors';
import {
  cgroupFileExists,
  killProcesses,
  killUntilEmpty,
  makeCgroupDirectory,
  parseKeyedCounters,
  readCgroupFile,
  readCounter,
  readOptionalCgroupFile,
  readProcsTree,
  removeCgroupDirectories,
  waitUntil,
  writeCgroupFile,
} from './control-files';
import {
  CFS_PERIOD_MICROSECONDS,
  assertValidCgroupName,
  assertValidDeviceRule,
  assertValidLimits,
  cpuQuotaMicroseconds,
  deviceRuleLine,
} from './limits';
import type { CgroupDriver, CgroupStats, ContainerCgroup, DeviceRule, ResourceLimits, UnenforcedSetting } from './types';

/** The v1 controllers Hutch uses; memory and pids are required (see ./index.ts), the rest optional. */
export const V1_CONTROLLERS = ['memory', 'pids', 'cpu', 'cpuacct', 'cpuset', 'devices', 'freezer'] as const;
export type V1Controller = (typeof V1_CONTROLLERS)[number];

/** One mounted v1 hierarchy, as /proc/self/mountinfo describes it. */
export interface V1Hierarchy {
  /** Controllers bound to it, e.g. ["cpu", "cpuacct"] when co-mounted. */
  readonly controllers: readonly V1Controller[];
  readonly mountPoint: string;
  /** Path inside the hierarchy the mount shows; "/" unless a cgroup namespace or bind mount hides ancestors. */
  readonly mountRoot: string;
}

const DEFAULT_REMOVE_TIMEOUT_MS = 2_000;
const FREEZE_TIMEOUT_MS = 1_000;
const FAILED_CREATE_CLEANUP_MS = 500;

/** Which controller a limit needs, so a missing hierarchy fails before anything is made. */
const CONTROLLER_FOR_LIMIT: Readonly<Record<keyof ResourceLimits, V1Controller>> = {
  memoryBytes: 'memory',
  memorySwapBytes: 'memory',
  cpus: 'cpu',
  cpuShares: 'cpu',
  pidsLimit: 'pids',
  cpusetCpus: 'cpuset',
  cpusetMems: 'cpuset',
};

/**
 * The hierarchies a container joins: memory and pids always (accounting, OOM inside, fork
 * bombs), cpuacct for CPU usage, devices for the device allowlist; cpu and cpuset only when a
 * limit needs them. Every v1 hierarchy joined costs a directory made, a task move and a
 * directory removed per container, and freezer buys nothing here: killing a container's init
 * makes the kernel end its whole PID namespace at once, forks included. Processes stay in the
 * helper's cgroup of the hierarchies they do not join, as on v2 with controllers disabled.
 */
export function joinedV1Controllers(limits: ResourceLimits): Set<string> {
  return controllersNeeded(limits);
}

function controllersNeeded(limits: ResourceLimits): Set<V1Controller> {
  const needed = new Set<V1Controller>(['memory', 'pids', 'cpuacct', 'devices']);
  if (limits.cpus !== undefined || limits.cpuShares !== undefined) needed.add('cpu');
  if (limits.cpusetCpus !== undefined || limits.cpusetMems !== undefined) needed.add('cpuset');
  return needed;
}

export class CgroupV1Driver implements CgroupDriver {
  readonly version = 1 as const;
  private readonly hierarchyOf: ReadonlyMap<V1Controller, V1Hierarchy>;
  /** Distinct hierarchies: co-mounted controllers share one directory. */
  private readonly hierarchies: readonly V1Hierarchy[];

  constructor(
    hierarchies: readonly V1Hierarchy[],
    private readonly parentName: string,
  ) {
    assertValidCgroupName(parentName, 'parent cgroup name');
    const hierarchyOf = new Map<V1Controller, V1Hierarchy>();
    for (const hierarchy of hierarchies) {
      for (const controller of hierarchy.controllers) if (!hierarchyOf.has(controller)) hierarchyOf.set(controller, hierarchy);
    }
    this.hierarchyOf = hierarchyOf;
    this.hierarchies = [...new Set(hierarchyOf.values())];
  }

  async create(name: string, limits: ResourceLimits, devices: readonly DeviceRule[]): Promise<ContainerCgroup> {
    assertValidCgroupName(name, 'container cgroup name');
    assertValidLimits(limits);
    devices.forEach(assertValidDeviceRule);
    for (const [key, controller] of Object.entries(CONTROLLER_FOR_LIMIT) as [keyof ResourceLimits, V1Controller][]) {
      if (limits[key] !== undefined && !this.hierarchyOf.has(controller)) {
        throw new HutchError(
          'unsupported',
          `cannot apply ${key}: no cgroup v1 ${controller} hierarchy is mounted`,
          `mount it (mount -t cgroup -o ${controller} cgroup /sys/fs/cgroup/${controller}) or drop the limit`,
        );
      }
    }

    const needed = controllersNeeded(limits);
    const hierarchies = this.hierarchies.filter((h) => h.controllers.some((c) => needed.has(c)));
    const created: string[] = [];
    try {
      for (const hierarchy of hierarchies) {
        const parentDir = await this.prepareParent(hierarchy);
        const dir = path.join(parentDir, name);
        if (await makeCgroupDirectory(dir)) created.push(dir);
      }
      const directories = new Map([...this.directoriesOf(name)].filter(([controller]) => hierarchies.some((h) => h.controllers.includes(controller))));
      const unenforced = await applyLimits(directories, limits, devices);
      return new V1ContainerCgroup(directories, this.relativePathOf(name), unenforced);
    } catch (error) {
      // Fresh directories hold no tasks yet, so they can always go; ones that already existed
      // belong to a container that is running and are left alone.
      await removeCgroupDirectories(created, FAILED_CREATE_CLEANUP_MS).catch(() => undefined);
      throw error;
    }
  }

  async open(name: string): Promise<ContainerCgroup | null> {
    assertValidCgroupName(name, 'container cgroup name');
    const existing = new Map<V1Controller, string>();
    for (const [controller, dir] of this.directoriesOf(name)) {
      if (await cgroupFileExists(dir)) existing.set(controller, dir);
    }
    return existing.size === 0 ? null : new V1ContainerCgroup(existing, this.relativePathOf(name), []);
  }

  async list(): Promise<string[]> {
    const names = new Set<string>();
    for (const hierarchy of this.hierarchies) {
      const entries = await fs.readdir(path.join(hierarchy.mountPoint, this.parentName), { withFileTypes: true }).catch(() => []);
      for (const entry of entries) if (entry.isDirectory()) names.add(entry.name);
    }
    return [...names].sort();
  }

  private directoriesOf(name: string): Map<V1Controller, string> {
    const directories = new Map<V1Controller, string>();
    for (const [controller, hierarchy] of this.hierarchyOf) {
      directories.set(controller, path.join(hierarchy.mountPoint, this.parentName, name));
    }
    return directories;
  }

  /** As /proc/<pid>/cgroup shows it for the memory hierarchy (hierarchies normally agree). */
  private relativePathOf(name: string): string {
    const memory = this.hierarchyOf.get('memory') ?? this.hierarchies[0];
    return path.join(memory?.mountRoot ?? '/', this.parentName, name);
  }

  /** Makes <mount>/<parent> on first use. */
  private async prepareParent(hierarchy: V1Hierarchy): Promise<string> {
    const parentDir = path.join(hierarchy.mountPoint, this.parentName);
    await makeCgroupDirectory(parentDir);
    if (hierarchy.controllers.includes('cpuset')) await inheritCpuset(parentDir, hierarchy.mountPoint, {});
    return parentDir;
  }
}

/**
 * A new v1 cpuset cgroup starts with empty cpuset.cpus and cpuset.mems and refuses tasks (ENOSPC)
 * until both are set. Rather than turning on cgroup.clone_children (a flag that changes how every
 * later child of the parent behaves), copy the parent's values explicitly, unless the limits name
 * their own or the cgroup already has some (re-opening a running container).
 */
async function inheritCpuset(dir: string, parentDir: string, limits: ResourceLimits): Promise<void> {
  for (const [file, requested] of [
    ['cpuset.cpus', limits.cpusetCpus],
    ['cpuset.mems', limits.cpusetMems],
  ] as const) {
    const current = (await readCgroupFile(path.join(dir, file))).trim();
    const value = requested ?? (current === '' ? (await readCgroupFile(path.join(parentDir, file))).trim() : undefined);
    if (value !== undefined) await writeCgroupFile(path.join(dir, file), value);
  }
}

async function applyLimits(
  directories: ReadonlyMap<V1Controller, string>,
  limits: ResourceLimits,
  devices: readonly DeviceRule[],
): Promise<UnenforcedSetting[]> {
  const unenforced: UnenforcedSetting[] = [];

  const cpusetDir = directories.get('cpuset');
  if (cpusetDir !== undefined) await inheritCpuset(cpusetDir, path.dirname(cpusetDir), limits);

  const memoryDir = directories.get('memory');
  if (memoryDir !== undefined) {
    // With oom_kill_disable=1 a task over the limit sleeps forever instead of being killed;
    // Hutch wants the kernel to kill inside the container so the container stays usable.
    await writeCgroupFile(path.join(memoryDir, 'memory.oom_control'), '0');
    if (limits.memoryBytes !== undefined) await applyMemoryLimits(memoryDir, limits.memoryBytes, limits.memorySwapBytes, unenforced);
  }

  const pidsDir = directories.get('pids');
  if (pidsDir !== undefined && limits.pidsLimit !== undefined) {
    await writeCgroupFile(path.join(pidsDir, 'pids.max'), String(limits.pidsLimit));
  }

  const cpuDir = directories.get('cpu');
  if (cpuDir !== undefined) {
    if (limits.cpus !== undefined) {
      await writeCgroupFile(path.join(cpuDir, 'cpu.cfs_period_us'), String(CFS_PERIOD_MICROSECONDS));
      await writeCgroupFile(path.join(cpuDir, 'cpu.cfs_quota_us'), String(cpuQuotaMicroseconds(limits.cpus)));
    }
    if (limits.cpuShares !== undefined) await writeCgroupFile(path.join(cpuDir, 'cpu.shares'), String(limits.cpuShares));
  }

  const devicesDir = directories.get('devices');
  if (devicesDir === undefined) {
    unenforced.push({ setting: 'devices', reason: 'no cgroup v1 devices hierarchy is mounted, so device access is not restricted' });
  } else {
    // The rule list is complete: start from "nothing allowed" so a device the list does not name
    // cannot be opened even if a node for it appears in the container.
    await writeCgroupFile(path.join(devicesDir, 'devices.deny'), 'a');
    for (const rule of devices) {
      await writeCgroupFile(path.join(devicesDir, rule.allow ? 'devices.allow' : 'devices.deny'), deviceRuleLine(rule));
    }
  }
  return unenforced;
}

async function applyMemoryLimits(dir: string, memoryBytes: number, memorySwapBytes: number | undefined, unenforced: UnenforcedSetting[]): Promise<void> {
  const limitFile = path.join(dir, 'memory.limit_in_bytes');
  const memswFile = path.join(dir, 'memory.memsw.limit_in_bytes');
  const hasMemsw = await cgroupFileExists(memswFile);
  if (memorySwapBytes !== undefined && !hasMemsw) {
    unenforced.push({
      setting: 'memorySwapBytes',
      reason: 'this kernel has no memory.memsw.limit_in_bytes (swap accounting is off; boot with swapaccount=1)',
    });
  }
  if (memorySwapBytes === undefined || !hasMemsw) {
    await writeCgroupFile(limitFile, String(memoryBytes));
    return;
  }
  // The kernel keeps memsw >= limit_in_bytes at every step (EINVAL otherwise), so when the
  // memory+swap limit grows past its current value it has to be raised first.
  const currentMemsw = await readCounter(memswFile);
  if (currentMemsw !== undefined && memorySwapBytes > currentMemsw) {
    await writeCgroupFile(memswFile, String(memorySwapBytes));
    await writeCgroupFile(limitFile, String(memoryBytes));
  } else {
    await writeCgroupFile(limitFile, String(memoryBytes));
    await writeCgroupFile(memswFile, String(memorySwapBytes));
  }
}

class V1ContainerCgroup implements ContainerCgroup {
  readonly procsFiles: readonly string[];
  private readonly distinctDirectories: readonly string[];

  constructor(
    private readonly directories: ReadonlyMap<V1Controller, string>,
    readonly relativePath: string,
    readonly unenforced: readonly UnenforcedSetting[],
  ) {
    this.distinctDirectories = [...new Set(directories.values())];
    this.procsFiles = this.distinctDirectories.map((dir) => path.join(dir, 'cgroup.procs'));
  }

  async pids(): Promise<number[]> {
    const pids = new Set<number>();
    for (const dir of this.distinctDirectories) for (const pid of await readProcsTree(dir)) pids.add(pid);
    return [...pids].sort((a, b) => a - b);
  }

  async stats(): Promise<CgroupStats> {
    const memoryDir = this.directories.get('memory');
    const pidsDir = this.directories.get('pids');
    const cpuacctDir = this.directories.get('cpuacct');
    const stats: CgroupStats = {};
    if (memoryDir !== undefined) {
      stats.memoryCurrentBytes = await readCounter(path.join(memoryDir, 'memory.usage_in_bytes'));
      // oom_kill in memory.oom_control (Linux 4.13+) counts kills. memory.failcnt is not a
      // substitute: it counts every time usage touched the limit, mostly followed by successful
      // reclaim, and would report OOMs that never happened; so older kernels report none.
      const oomControl = await readOptionalCgroupFile(path.join(memoryDir, 'memory.oom_control'));
      stats.oomKills = oomControl === undefined ? undefined : parseKeyedCounters(oomControl).get('oom_kill');
    }
    if (pidsDir !== undefined) stats.pidsCurrent = await readCounter(path.join(pidsDir, 'pids.current'));
    if (cpuacctDir !== undefined) stats.cpuUsageNanoseconds = await readCounter(path.join(cpuacctDir, 'cpuacct.usage'));
    return stats;
  }

  async killAll(): Promise<void> {
    // The common case (the container's init has ended and the kernel has reaped its PID
    // namespace) needs no freezing: one read says so.
    if ((await this.pids()).length === 0) return;
    const freezerDir = this.directories.get('freezer');
    const stateFile = freezerDir === undefined ? undefined : path.join(freezerDir, 'freezer.state');
    if (stateFile !== undefined && (await cgroupFileExists(stateFile))) {
      // Killing by pid races with fork: a fork bomb makes children faster than we read and kill
      // them. Frozen tasks cannot fork, so freeze, SIGKILL everything seen, then thaw and let
      // the signals land. A task in uninterruptible sleep can hold the state at FREEZING; kill
      // anyway and let the loop below finish the job.
      await writeCgroupFile(stateFile, 'FROZEN');
      try {
        await waitUntil(async () => (await readCgroupFile(stateFile)).trim() === 'FROZEN', FREEZE_TIMEOUT_MS);
        killProcesses(await this.pids());
      } finally {
        await writeCgroupFile(stateFile, 'THAWED');
      }
    }
    await killUntilEmpty(() => this.pids(), this.relativePath);
  }

  async remove(timeoutMs = DEFAULT_REMOVE_TIMEOUT_MS): Promise<void> {
    await removeCgroupDirectories(this.distinctDirectories, timeoutMs);
  }
}
