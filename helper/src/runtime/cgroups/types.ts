/**
 * One interface over cgroup v1 and v2 (DESIGN.md decision 4). A driver is picked by probing the
 * host (see ./index.ts); the rest of the runtime only sees CgroupDriver and ContainerCgroup.
 */

/** Resource limits of a container, all optional; absent means "no limit". */
export interface ResourceLimits {
  /** Hard memory limit in bytes (v1 memory.limit_in_bytes, v2 memory.max). */
  memoryBytes?: number;
  /** Memory + swap limit in bytes (v1 memory.memsw.limit_in_bytes, v2 memory.swap.max = this - memory). */
  memorySwapBytes?: number;
  /** CPU bandwidth in CPUs, e.g. 1.5 (quota/period: v1 cpu.cfs_quota_us, v2 cpu.max). */
  cpus?: number;
  /** Relative CPU weight in Docker's "shares" scale 2..262144 (v1 cpu.shares, v2 cpu.weight converted). */
  cpuShares?: number;
  /** Maximum number of tasks (v1/v2 pids.max). */
  pidsLimit?: number;
  /** CPUs allowed, cpuset list syntax, e.g. "0-1" (cpuset.cpus). */
  cpusetCpus?: string;
  /** Memory nodes allowed, e.g. "0" (cpuset.mems). */
  cpusetMems?: string;
}

/** A device rule in the style of the OCI spec / v1 devices.allow: type c|b|a, major/minor or '*'. */
export interface DeviceRule {
  allow: boolean;
  type: 'a' | 'c' | 'b';
  major: number | '*';
  minor: number | '*';
  access: string; // subset of "rwm"
}

export interface CgroupStats {
  memoryCurrentBytes?: number;
  pidsCurrent?: number;
  cpuUsageNanoseconds?: number;
  /** Number of OOM kills inside this cgroup since creation, when the kernel reports it. */
  oomKills?: number;
}

/**
 * A requested setting the host kernel cannot enforce, so the runtime can tell the user instead of
 * silently running the container with less isolation than configured.
 */
export interface UnenforcedSetting {
  setting: 'devices' | 'memorySwapBytes';
  /** One line for the user, naming what is missing. */
  reason: string;
}

/** A container's cgroup (one directory per hierarchy on v1, one directory on v2). */
export interface ContainerCgroup {
  /** Settings create() accepted but could not enforce on this host (empty for open()). */
  readonly unenforced: readonly UnenforcedSetting[];
  /** Absolute paths of `cgroup.procs` files a new process writes "0" into to join. */
  readonly procsFiles: readonly string[];
  /** Path of the cgroup as seen by /proc/<pid>/cgroup, e.g. "/hutch/abc123". */
  readonly relativePath: string;
  /** PIDs currently in the cgroup (any hierarchy). */
  pids(): Promise<number[]>;
  stats(): Promise<CgroupStats>;
  /** Sends SIGKILL to every process in the cgroup (v2 cgroup.kill where present, else by pid). */
  killAll(): Promise<void>;
  /** Removes the cgroup directories; retries while the kernel finishes tearing tasks down
   * (bounded by timeoutMs). Missing directories are not an error. */
  remove(timeoutMs?: number): Promise<void>;
}

export interface CgroupDriver {
  readonly version: 1 | 2;
  /** Creates (or re-opens, if it exists) the cgroup for a container under Hutch's parent
   * cgroup and applies limits and the device rules. Throws HutchError on failure, leaving
   * nothing behind. */
  create(name: string, limits: ResourceLimits, devices: readonly DeviceRule[]): Promise<ContainerCgroup>;
  /** Re-opens an existing container cgroup without changing it (null if absent). */
  open(name: string): Promise<ContainerCgroup | null>;
  /** Names of container cgroups that exist under Hutch's parent. */
  list(): Promise<string[]>;
}
