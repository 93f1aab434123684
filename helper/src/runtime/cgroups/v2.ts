/**
 * The cgroup v2 driver: one unified tree, so a container is one directory <root>/<parent>/<name>,
 * whose controllers must first be enabled in cgroup.subtree_control of every ancestor.
 *
 * Devices: v2 has no devices.allow; access is filtered by an eBPF program
 * (BPF_CGROUP_DEVICE) attached to the cgroup. That is not implemented yet. Until it is, the
 * runtime's protection is that every filesystem a container can write to is mounted nodev, so a
 * device node made with mknod inside it cannot be opened; /dev holds only the bind-mounted nodes
 * the runtime chose. Device rules are therefore accepted and ignored here, and reported through
 * ContainerCgroup.unenforced so the runtime can say so. A BPF device filter is future work.
 */
import { promises as fs } from 'node:fs';
import { posix as path } from 'node:path';
import { HutchError } from '../../errors';
import {
  cgroupFileExists,
  killProcesses,
  killUntilEmpty,
  makeCgroupDirectory,
  parseControllerList,
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
  cpuSharesToWeight,
} from './limits';
import type { CgroupDriver, CgroupStats, ContainerCgroup, DeviceRule, ResourceLimits, UnenforcedSetting } from './types';

/** Controllers Hutch enables for its containers, when the kernel offers them. */
export const V2_CONTROLLERS = ['cpuset', 'cpu', 'io', 'memory', 'pids'] as const;
type V2Controller = (typeof V2_CONTROLLERS)[number];

/** The cgroup2 mount, as /proc/self/mountinfo describes it. */
export interface V2Mount {
  readonly mountPoint: string;
  /** Path inside the hierarchy the mount shows; "/" unless a cgroup namespace hides ancestors. */
  readonly mountRoot: string;
}

const DEFAULT_REMOVE_TIMEOUT_MS = 2_000;
const FREEZE_TIMEOUT_MS = 1_000;
const FAILED_CREATE_CLEANUP_MS = 500;

const CONTROLLER_FOR_LIMIT: Readonly<Record<keyof ResourceLimits, V2Controller>> = {
  memoryBytes: 'memory',
  memorySwapBytes: 'memory',
  cpus: 'cpu',
  cpuShares: 'cpu',
  pidsLimit: 'pids',
  cpusetCpus: 'cpuset',
  cpusetMems: 'cpuset',
};

export class CgroupV2Driver implements CgroupDriver {
  readonly version = 2 as const;

  constructor(
    private readonly mount: V2Mount,
    private readonly parentName: string,
  ) {
    assertValidCgroupName(parentName, 'parent cgroup name');
  }

  private get parentDir(): string {
    return path.join(this.mount.mountPoint, this.parentName);
  }

  async create(name: string, limits: ResourceLimits, devices: readonly DeviceRule[]): Promise<ContainerCgroup> {
    assertValidCgroupName(name, 'container cgroup name');
    assertValidLimits(limits);
    devices.forEach(assertValidDeviceRule);

    const enabled = await this.prepareParent();
    for (const [key, controller] of Object.entries(CONTROLLER_FOR_LIMIT) as [keyof ResourceLimits, V2Controller][]) {
      if (limits[key] !== undefined && !enabled.has(controller)) {
        throw new HutchError(
          'unsupported',
          `cannot apply ${key}: the ${controller} controller is not available in ${this.parentDir}`,
          `enable it in cgroup.subtree_control of ${this.mount.mountPoint} and its ancestors (under systemd: Delegate=yes), or drop the limit`,
        );
      }
    }

    const dir = path.join(this.parentDir, name);
    const created = await makeCgroupDirectory(dir);
    try {
      const unenforced = await applyLimits(dir, limits, devices);
      return new V2ContainerCgroup(dir, this.relativePathOf(name), unenforced);
    } catch (error) {
      // A fresh directory holds no tasks yet; one that existed belongs to a running container.
      if (created) await removeCgroupDirectories([dir], FAILED_CREATE_CLEANUP_MS).catch(() => undefined);
      throw error;
    }
  }

  async open(name: string): Promise<ContainerCgroup | null> {
    assertValidCgroupName(name, 'container cgroup name');
    const dir = path.join(this.parentDir, name);
    return (await cgroupFileExists(dir)) ? new V2ContainerCgroup(dir, this.relativePathOf(name), []) : null;
  }

  async list(): Promise<string[]> {
    const entries = await fs.readdir(this.parentDir, { withFileTypes: true }).catch(() => []);
    return entries
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name)
      .sort();
  }

  private relativePathOf(name: string): string {
    return path.join(this.mount.mountRoot, this.parentName, name);
  }

  /**
   * Makes <root>/<parent> and enables Hutch's controllers on the way down; returns the
   * controllers a container under it gets.
   */
  private async prepareParent(): Promise<Set<string>> {
    const root = this.mount.mountPoint;
    const offeredAtRoot = parseControllerList(await readCgroupFile(path.join(root, 'cgroup.controllers')));
    // Failure at the root is not fatal: the host (systemd, a container engine) may already have
    // enabled what we need, or may not let us write there (EBUSY under the no-internal-process
    // rule when the root is itself a container's cgroup). The parent's cgroup.controllers,
    // read next, is the authority on what we actually got.
    await enableControllers(root, V2_CONTROLLERS.filter((controller) => offeredAtRoot.has(controller))).catch(() => undefined);

    await makeCgroupDirectory(this.parentDir);
    const offeredAtParent = parseControllerList(await readCgroupFile(path.join(this.parentDir, 'cgroup.controllers')));
    const enabled = await enableControllers(
      this.parentDir,
      V2_CONTROLLERS.filter((controller) => offeredAtParent.has(controller)),
    );
    return new Set(V2_CONTROLLERS.filter((controller) => enabled.has(controller)));
  }
}

/**
 * Enables controllers for a cgroup's children; returns what is enabled afterwards. One refused
 * controller fails the whole write (e.g. cpu while a realtime task sits in the cgroup), so on
 * failure each is retried alone and whatever the kernel accepts is kept.
 */
async function enableControllers(dir: string, controllers: readonly string[]): Promise<Set<string>> {
  const file = path.join(dir, 'cgroup.subtree_control');
  const enabled = parseControllerList(await readOptionalCgroupFile(file));
  const missing = controllers.filter((controller) => !enabled.has(controller));
  if (missing.length === 0) return enabled;
  try {
    await writeCgroupFile(file, missing.map((controller) => `+${controller}`).join(' '));
    for (const controller of missing) enabled.add(controller);
  } catch {
    for (const controller of missing) {
      const accepted = await writeCgroupFile(file, `+${controller}`).then(
        () => true,
        () => false,
      );
      if (accepted) enabled.add(controller);
    }
  }
  return enabled;
}

async function applyLimits(dir: string, limits: ResourceLimits, devices: readonly DeviceRule[]): Promise<UnenforcedSetting[]> {
  const unenforced: UnenforcedSetting[] = [];
  const write = (file: string, value: string | number): Promise<void> => writeCgroupFile(path.join(dir, file), String(value));

  // Unlike v1, an empty v2 cpuset means "the parent's", so nothing needs copying.
  if (limits.cpusetCpus !== undefined) await write('cpuset.cpus', limits.cpusetCpus);
  if (limits.cpusetMems !== undefined) await write('cpuset.mems', limits.cpusetMems);

  if (limits.memoryBytes !== undefined) await write('memory.max', limits.memoryBytes);
  if (limits.memoryBytes !== undefined && limits.memorySwapBytes !== undefined) {
    // v2 limits swap on its own, where Docker's value (and v1 memsw) is memory + swap.
    if (await cgroupFileExists(path.join(dir, 'memory.swap.max'))) {
      await write('memory.swap.max', limits.memorySwapBytes - limits.memoryBytes);
    } else {
      unenforced.push({ setting: 'memorySwapBytes', reason: 'this kernel has no memory.swap.max (swap accounting is off)' });
    }
  }

  if (limits.pidsLimit !== undefined) await write('pids.max', limits.pidsLimit);
  if (limits.cpus !== undefined) await write('cpu.max', `${cpuQuotaMicroseconds(limits.cpus)} ${CFS_PERIOD_MICROSECONDS}`);
  if (limits.cpuShares !== undefined) await write('cpu.weight', cpuSharesToWeight(limits.cpuShares));

  // See the header: no BPF device filter yet; even an empty list (deny everything) is unenforced.
  unenforced.push({
    setting: 'devices',
    reason: `cgroup v2 device filtering (eBPF) is not implemented; ${devices.length} device rule(s) not enforced, container filesystems are mounted nodev instead`,
  });
  return unenforced;
}

class V2ContainerCgroup implements ContainerCgroup {
  readonly procsFiles: readonly string[];

  constructor(
    private readonly dir: string,
    readonly relativePath: string,
    readonly unenforced: readonly UnenforcedSetting[],
  ) {
    this.procsFiles = [path.join(dir, 'cgroup.procs')];
  }

  async pids(): Promise<number[]> {
    return (await readProcsTree(this.dir)).sort((a, b) => a - b);
  }

  async stats(): Promise<CgroupStats> {
    const cpuStat = await readOptionalCgroupFile(path.join(this.dir, 'cpu.stat'));
    const usageMicroseconds = cpuStat === undefined ? undefined : parseKeyedCounters(cpuStat).get('usage_usec');
    const memoryEvents = await readOptionalCgroupFile(path.join(this.dir, 'memory.events'));
    return {
      memoryCurrentBytes: await readCounter(path.join(this.dir, 'memory.current')),
      pidsCurrent: await readCounter(path.join(this.dir, 'pids.current')),
      cpuUsageNanoseconds: usageMicroseconds === undefined ? undefined : usageMicroseconds * 1000,
      oomKills: memoryEvents === undefined ? undefined : parseKeyedCounters(memoryEvents).get('oom_kill'),
    };
  }

  async killAll(): Promise<void> {
    const killFile = path.join(this.dir, 'cgroup.kill');
    if (await cgroupFileExists(killFile)) {
      // Linux 5.14+: the kernel kills the whole subtree atomically, forks included.
      await writeCgroupFile(killFile, '1');
    } else if (await cgroupFileExists(path.join(this.dir, 'cgroup.freeze'))) {
      // Linux 5.2-5.13: freeze so nothing can fork between reading the pids and killing them.
      const freezeFile = path.join(this.dir, 'cgroup.freeze');
      await writeCgroupFile(freezeFile, '1');
      try {
        await waitUntil(async () => parseKeyedCounters(await readCgroupFile(path.join(this.dir, 'cgroup.events'))).get('frozen') === 1, FREEZE_TIMEOUT_MS);
        killProcesses(await this.pids());
      } finally {
        await writeCgroupFile(freezeFile, '0');
      }
    }
    await killUntilEmpty(() => this.pids(), this.relativePath);
  }

  async remove(timeoutMs = DEFAULT_REMOVE_TIMEOUT_MS): Promise<void> {
    await removeCgroupDirectories([this.dir], timeoutMs);
  }
}
