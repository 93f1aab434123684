/**
 * The container's filesystem as data: an ordered list of typed set-up steps that the cloned
 * child applies in one loop after pivot_root (spawn.c, apply_op), as bubblewrap does. Pure:
 * everything here can be read and tested without a kernel.
 *
 * What it builds is what Docker gives runc (research/runtimes.md §1.2), with one difference on
 * purpose: /dev and the root are mounted nodev and the standard device nodes are bind mounts of
 * the host's, so a node made with CAP_MKNOD can never be opened - on cgroup v2 hosts too, where
 * a device cgroup would need an eBPF program.
 */

/** Linux mount flags (include/uapi/linux/mount.h). */
export const MS = {
  RDONLY: 1,
  NOSUID: 2,
  NODEV: 4,
  NOEXEC: 8,
  REMOUNT: 32,
  BIND: 4096,
  REC: 16384,
  RELATIME: 1 << 21,
  STRICTATIME: 1 << 24,
} as const;

/** Must match enum hutch_op_kind in helper/native/spawn.h. */
export const OP_KIND = { mount: 1, bindTree: 2, symlink: 3, mask: 4, readonly: 5, mkdir: 6, remount: 7 } as const;

/** late: applied after the container is in its cgroup and cgroup namespace (cgroupfs mounts).
 * early: mounted before pivot_root (proc and sysfs in a user namespace; see spawn.c). */
export type SetupStep =
  | { kind: 'mount'; target: string; fstype: string; source: string; flags: number; data?: string; optional?: boolean; late?: boolean; early?: boolean }
  | { kind: 'bind'; target: string; source: string; readonly: boolean; recursive: boolean; allowedRoot: string }
  | { kind: 'symlink'; target: string; linkTo: string }
  | { kind: 'mask'; target: string }
  | { kind: 'readonly'; target: string }
  | { kind: 'mkdir'; target: string; mode: number }
  | { kind: 'remount'; target: string; flags: number; optional?: boolean; late?: boolean };

/** Docker's masked paths: reading them inside gives nothing. */
export const MASKED_PATHS: readonly string[] = [
  '/proc/acpi',
  '/proc/asound',
  '/proc/interrupts',
  '/proc/kcore',
  '/proc/keys',
  '/proc/latency_stats',
  '/proc/sched_debug',
  '/proc/scsi',
  '/proc/timer_list',
  '/proc/timer_stats',
  '/sys/devices/virtual/powercap',
  '/sys/firmware',
];

/** Docker's read-only paths: writing them inside fails. */
export const READONLY_PATHS: readonly string[] = ['/proc/bus', '/proc/fs', '/proc/irq', '/proc/sys', '/proc/sysrq-trigger'];

/** The device nodes every container gets, bound from the host's /dev. */
export const DEVICE_NODES: readonly string[] = ['null', 'zero', 'full', 'random', 'urandom', 'tty'];

export interface FilesystemPlanInput {
  /** v1: the host's cgroup v1 hierarchies as (directory name, mount options) e.g. ["cpu", "cpu"],
   * ["cpu,cpuacct", "cpu,cpuacct"]; v2: null. */
  cgroupV1Hierarchies: ReadonlyArray<{ name: string; options: string }> | null;
  /** Host paths matching /sys/devices/system/cpu/cpu* /thermal_throttle (masked as Docker does). */
  thermalThrottlePaths: readonly string[];
  userNamespace: boolean;
  /** Host files the container sees at /etc/hosts, /etc/resolv.conf, /etc/hostname. */
  etcFiles: ReadonlyArray<{ target: string; source: string }>;
  mounts: ReadonlyArray<{ source: string; target: string; readonly: boolean }>;
  bindRoots: readonly string[];
}

/** Picks the allowed root a bind source lies in (the longest that contains it). */
export function allowedRootFor(source: string, roots: readonly string[]): string | null {
  let best: string | null = null;
  for (const root of roots) {
    const inside = root === '/' || source === root || source.startsWith(`${root}/`);
    if (inside && (best === null || root.length > best.length)) best = root;
  }
  return best;
}

export function filesystemPlan(input: FilesystemPlanInput): SetupStep[] {
  const steps: SetupStep[] = [];
  const hardened = MS.NOSUID | MS.NODEV | MS.NOEXEC;

  const early = input.userNamespace;
  steps.push({ kind: 'mount', target: '/proc', fstype: 'proc', source: 'proc', flags: hardened, early });

  steps.push({ kind: 'mount', target: '/dev', fstype: 'tmpfs', source: 'tmpfs', flags: MS.NOSUID | MS.NODEV | MS.STRICTATIME, data: 'mode=755,size=65536k' });
  for (const node of DEVICE_NODES) {
    steps.push({ kind: 'bind', target: `/dev/${node}`, source: `/dev/${node}`, readonly: false, recursive: false, allowedRoot: '/dev' });
  }
  // gid=5 is "tty" in every distribution's base files; inside a user namespace it may not be
  // mapped, and devpts refuses an unmapped gid.
  const ptsData = input.userNamespace ? 'newinstance,ptmxmode=0666,mode=0620' : 'newinstance,ptmxmode=0666,mode=0620,gid=5';
  steps.push({ kind: 'mount', target: '/dev/pts', fstype: 'devpts', source: 'devpts', flags: MS.NOSUID | MS.NOEXEC, data: ptsData });
  steps.push({ kind: 'symlink', target: '/dev/ptmx', linkTo: 'pts/ptmx' });
  steps.push({ kind: 'mount', target: '/dev/shm', fstype: 'tmpfs', source: 'shm', flags: hardened, data: 'mode=1777,size=65536k' });
  steps.push({ kind: 'mount', target: '/dev/mqueue', fstype: 'mqueue', source: 'mqueue', flags: hardened });
  steps.push({ kind: 'symlink', target: '/dev/fd', linkTo: '/proc/self/fd' });
  steps.push({ kind: 'symlink', target: '/dev/stdin', linkTo: '/proc/self/fd/0' });
  steps.push({ kind: 'symlink', target: '/dev/stdout', linkTo: '/proc/self/fd/1' });
  steps.push({ kind: 'symlink', target: '/dev/stderr', linkTo: '/proc/self/fd/2' });
  steps.push({ kind: 'symlink', target: '/dev/core', linkTo: '/proc/kcore' });

  steps.push({ kind: 'mount', target: '/sys', fstype: 'sysfs', source: 'sysfs', flags: hardened | MS.RDONLY, early });
  if (input.cgroupV1Hierarchies) {
    steps.push({ kind: 'mount', target: '/sys/fs/cgroup', fstype: 'tmpfs', source: 'tmpfs', flags: hardened, data: 'mode=755', late: true });
    for (const h of input.cgroupV1Hierarchies) {
      steps.push({
        kind: 'mount',
        target: `/sys/fs/cgroup/${h.name}`,
        fstype: 'cgroup',
        source: 'cgroup',
        flags: hardened | MS.RDONLY,
        data: h.options,
        optional: true,
        late: true,
      });
    }
    steps.push({ kind: 'remount', target: '/sys/fs/cgroup', flags: MS.RDONLY, late: true });
  } else {
    steps.push({ kind: 'mount', target: '/sys/fs/cgroup', fstype: 'cgroup2', source: 'cgroup2', flags: hardened | MS.RDONLY, optional: true, late: true });
  }

  for (const file of input.etcFiles) {
    steps.push({ kind: 'bind', target: file.target, source: file.source, readonly: false, recursive: false, allowedRoot: '/' });
  }
  for (const m of input.mounts) {
    const root = allowedRootFor(m.source, input.bindRoots);
    // resolveContainerSpec and the runtime check this first; an unmatched source here is a bug.
    if (root === null) throw new Error(`bind source ${m.source} outside every allowed tree`);
    steps.push({ kind: 'bind', target: m.target, source: m.source, readonly: m.readonly, recursive: true, allowedRoot: root });
  }

  for (const path of [...MASKED_PATHS, ...input.thermalThrottlePaths]) steps.push({ kind: 'mask', target: path });
  for (const path of READONLY_PATHS) steps.push({ kind: 'readonly', target: path });
  return steps;
}

/** overlayfs option values escape ',' ':' and '\' with a backslash. */
export function overlayPath(path: string): string {
  return path.replace(/([\\,:])/g, '\\$1');
}

export function overlayOptions(lower: readonly string[], upper: string, work: string): string {
  return `lowerdir=${lower.map(overlayPath).join(':')},upperdir=${overlayPath(upper)},workdir=${overlayPath(work)}`;
}
