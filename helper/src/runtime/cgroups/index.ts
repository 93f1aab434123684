/**
 * Picks the cgroup driver for this host (DESIGN.md decision 4): v2 when a cgroup2 mount at the
 * root offers the memory and pids controllers, else v1 when v1 hierarchies for them are mounted.
 * Hybrid hosts have both: a cgroup2 mount at <root>/unified with no controllers (systemd's
 * process tracking only) next to the v1 hierarchies, which is why "cgroup2 is mounted" alone
 * is not the test.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { HutchError } from '../../errors';
import { parseControllerList, readOptionalCgroupFile } from './control-files';
import { type MountinfoEntry, parseMountinfo } from './mountinfo';
import type { CgroupDriver } from './types';
import { CgroupV1Driver, V1_CONTROLLERS, type V1Controller, type V1Hierarchy } from './v1';
import { CgroupV2Driver } from './v2';

export type {
  CgroupDriver,
  CgroupStats,
  ContainerCgroup,
  DeviceRule,
  ResourceLimits,
  UnenforcedSetting,
} from './types';
export { cpuSharesToWeight } from './limits';

export interface CgroupProbeOptions {
  /** Hutch's parent cgroup under the root (each v1 hierarchy's root). Default "hutch". */
  parentName?: string;
  /** Default /proc/self/mountinfo. */
  mountinfoPath?: string;
  /** Where cgroup filesystems are mounted. Default /sys/fs/cgroup. */
  root?: string;
}

/** Controllers without which Hutch cannot bound a container at all. */
const REQUIRED_CONTROLLERS = ['memory', 'pids'] as const;

const probes = new Map<string, Promise<CgroupDriver>>();

export async function probeCgroupDriver(options: CgroupProbeOptions = {}): Promise<CgroupDriver> {
  const parentName = options.parentName ?? 'hutch';
  const mountinfoPath = options.mountinfoPath ?? '/proc/self/mountinfo';
  const root = path.resolve(options.root ?? '/sys/fs/cgroup');
  const key = JSON.stringify([parentName, mountinfoPath, root]);
  let probe = probes.get(key);
  if (probe === undefined) {
    probe = probeUncached(parentName, mountinfoPath, root);
    probes.set(key, probe);
    // A failed probe is not remembered: the admin may fix the host and retry in the same process.
    probe.catch(() => probes.delete(key));
  }
  return probe;
}

async function probeUncached(parentName: string, mountinfoPath: string, root: string): Promise<CgroupDriver> {
  let mountinfo: string;
  try {
    mountinfo = await fs.readFile(mountinfoPath, 'utf8');
  } catch (error) {
    throw new HutchError('system-failure', `cannot read ${mountinfoPath} to find cgroup mounts`, 'is /proc mounted?', { cause: error });
  }
  const mounts = parseMountinfo(mountinfo);

  // The last mount at a path is the one visible there (later mounts stack on earlier ones).
  const unified = mounts.filter((mount) => mount.fsType === 'cgroup2' && mount.mountPoint === root).at(-1);
  const unifiedControllers = parseControllerList(
    unified === undefined ? undefined : await readOptionalCgroupFile(path.join(root, 'cgroup.controllers')),
  );
  if (unified !== undefined && REQUIRED_CONTROLLERS.every((controller) => unifiedControllers.has(controller))) {
    return new CgroupV2Driver({ mountPoint: root, mountRoot: unified.root }, parentName);
  }

  const hierarchies = v1Hierarchies(mounts, root);
  const bound = new Set(hierarchies.flatMap((hierarchy) => hierarchy.controllers));
  if (REQUIRED_CONTROLLERS.every((controller) => bound.has(controller))) {
    return new CgroupV1Driver(hierarchies, parentName);
  }

  const found = [
    unified === undefined ? `no cgroup2 mount at ${root}` : `cgroup2 at ${root} offers: ${[...unifiedControllers].join(' ') || 'no controllers'}`,
    `v1 controllers mounted: ${[...bound].join(' ') || 'none'}`,
  ].join('; ');
  throw new HutchError(
    'unsupported',
    `no cgroup hierarchy with the memory and pids controllers under ${root} (${found})`,
    'Hutch needs cgroup v2 with memory and pids available at the root (boot with systemd.unified_cgroup_hierarchy=1) or cgroup v1 memory and pids hierarchies',
  );
}

/**
 * v1 hierarchies under root that carry a controller Hutch uses, one per controller: the first
 * mount of a hierarchy wins, since bind mounts of the same hierarchy show the same cgroups.
 * Named hierarchies (name=systemd) carry no controller and are skipped.
 */
function v1Hierarchies(mounts: readonly MountinfoEntry[], root: string): V1Hierarchy[] {
  const hierarchies: V1Hierarchy[] = [];
  const claimed = new Set<V1Controller>();
  for (const mount of mounts) {
    if (mount.fsType !== 'cgroup') continue;
    if (mount.mountPoint !== root && !mount.mountPoint.startsWith(`${root}/`)) continue;
    const controllers = V1_CONTROLLERS.filter((controller) => mount.superOptions.includes(controller) && !claimed.has(controller));
    if (controllers.length === 0) continue;
    for (const controller of controllers) claimed.add(controller);
    hierarchies.push({ controllers, mountPoint: mount.mountPoint, mountRoot: mount.root });
  }
  return hierarchies;
}
