/**
 * What a caller asks for (ContainerSpec) and the complete, validated value the runtime works
 * from (ResolvedContainerSpec). Resolution is pure and happens once, before anything runs, so
 * the effectful code never has to guess a default (STYLE.md, Lima's habit).
 */
import { isAbsolute, normalize } from 'node:path';

import { HutchError } from '../errors';
import type { ResourceLimits } from './cgroups/types';
import type { NetworkMode, PublishedPort } from './network/types';
import { ALL_CAPABILITIES, DEFAULT_CAPABILITIES, isCapability, type Capability } from './seccomp-profile';

export interface BindMountSpec {
  /** Absolute host path. */
  source: string;
  /** Absolute path inside the container. */
  target: string;
  readonly?: boolean;
}

export interface IdMapping {
  containerId: number;
  hostId: number;
  size: number;
}

export interface UserSpec {
  uid: number;
  gid: number;
  additionalGids?: number[];
}

export interface ContainerSpec {
  name?: string;
  /** Host directory holding the root filesystem; never written (it is the overlay's lower layer). */
  rootfs: string;
  /** The command; empty or absent: the container idles (its init waits) until stopped. */
  command?: string[];
  env?: Record<string, string>;
  cwd?: string;
  user?: UserSpec;
  hostname?: string;
  tty?: boolean;
  readonlyRootfs?: boolean;
  mounts?: BindMountSpec[];
  /** Host trees bind sources must stay inside (after resolving symlinks). Default: ["/"]. */
  bindRoots?: string[];
  capAdd?: string[];
  capDrop?: string[];
  /** "default" (Hutch's profile) or "unconfined". */
  seccomp?: 'default' | 'unconfined';
  noNewPrivileges?: boolean;
  network?: NetworkMode;
  ports?: PublishedPort[];
  resources?: ResourceLimits;
  /** Run in a user namespace with these maps (both required together). */
  userNamespace?: { uidMap: IdMapping[]; gidMap: IdMapping[] };
  /** Signal `stop` sends first. */
  stopSignal?: string;
}

export interface ResolvedContainerSpec {
  name: string;
  rootfs: string;
  command: string[];
  env: Record<string, string>;
  cwd: string;
  user: Required<UserSpec>;
  hostname: string;
  tty: boolean;
  readonlyRootfs: boolean;
  mounts: Required<BindMountSpec>[];
  bindRoots: string[];
  capabilities: Capability[];
  seccomp: 'default' | 'unconfined';
  noNewPrivileges: boolean;
  network: NetworkMode;
  ports: PublishedPort[];
  resources: ResourceLimits;
  userNamespace: { uidMap: IdMapping[]; gidMap: IdMapping[] } | null;
  stopSignal: string;
}

export const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** Docker's default pids limit is none; a dev container that fork-bombs should not take the
 * host down, so Hutch sets a generous one unless the caller gives another. */
export const DEFAULT_PIDS_LIMIT = 4096;

const NAME_PATTERN = /^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,127}$/;
const HOSTNAME_PATTERN = /^[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(\.[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$/;
const ENV_NAME_PATTERN = /^[^=\0]+$/;

export const SIGNALS: Readonly<Record<string, number>> = {
  SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGKILL: 9, SIGUSR1: 10, SIGUSR2: 12, SIGTERM: 15,
  SIGCONT: 18, SIGSTOP: 19, SIGWINCH: 28, SIGPWR: 30,
};

export function signalNumber(name: string): number {
  const upper = name.toUpperCase();
  const full = upper.startsWith('SIG') ? upper : `SIG${upper}`;
  const byName = SIGNALS[full];
  if (byName !== undefined) return byName;
  if (/^[0-9]+$/.test(name) && Number(name) > 0 && Number(name) < 65) return Number(name);
  throw new HutchError('invalid-argument', `unknown signal "${name}"`, `use one of ${Object.keys(SIGNALS).join(', ')} or a number`);
}

function invalid(message: string, hint?: string): HutchError {
  return new HutchError('invalid-argument', message, hint);
}

function absolutePath(value: string, what: string): string {
  if (typeof value !== 'string' || value.length === 0 || value.includes('\0')) throw invalid(`${what} must be a non-empty path`);
  if (!isAbsolute(value)) throw invalid(`${what} "${value}" must be an absolute path`);
  const normal = normalize(value);
  return normal.length > 1 && normal.endsWith('/') ? normal.slice(0, -1) : normal;
}

function capabilityName(raw: string): Capability | 'ALL' {
  const upper = raw.trim().toUpperCase();
  if (upper === 'ALL') return 'ALL';
  const full = upper.startsWith('CAP_') ? upper : `CAP_${upper}`;
  if (!isCapability(full)) throw invalid(`unknown capability "${raw}"`, 'names look like CAP_SYS_PTRACE or SYS_PTRACE');
  return full;
}

/**
 * Docker's rule (moby's TweakCapabilities): with capAdd ALL, every capability but the dropped
 * ones; with capDrop ALL, only the added ones; otherwise the defaults, minus drops, plus adds.
 */
export function resolveCapabilities(capAdd: readonly string[] = [], capDrop: readonly string[] = []): Capability[] {
  const drops = capDrop.map(capabilityName);
  const adds = capAdd.map(capabilityName);
  let set: Set<Capability>;
  if (adds.includes('ALL')) {
    set = new Set(ALL_CAPABILITIES);
    for (const d of drops) if (d !== 'ALL') set.delete(d);
  } else if (drops.includes('ALL')) {
    set = new Set(adds.filter((a): a is Capability => a !== 'ALL'));
  } else {
    set = new Set(DEFAULT_CAPABILITIES);
    for (const d of drops) if (d !== 'ALL') set.delete(d);
    for (const a of adds) if (a !== 'ALL') set.add(a);
  }
  return [...set].sort();
}

function validatePorts(ports: readonly PublishedPort[]): PublishedPort[] {
  const seen = new Set<string>();
  return ports.map((p) => {
    for (const [key, value] of [['hostPort', p.hostPort], ['containerPort', p.containerPort]] as const) {
      if (!Number.isInteger(value) || value < 1 || value > 65535) throw invalid(`port ${key} ${String(value)} is not between 1 and 65535`);
    }
    if (p.protocol !== 'tcp' && p.protocol !== 'udp') throw invalid(`port protocol "${String(p.protocol)}" must be tcp or udp`);
    const key = `${p.hostIp ?? '127.0.0.1'}:${p.hostPort}/${p.protocol}`;
    if (seen.has(key)) throw invalid(`host port ${key} is published twice`);
    seen.add(key);
    return { hostPort: p.hostPort, containerPort: p.containerPort, protocol: p.protocol, hostIp: p.hostIp ?? '127.0.0.1' };
  });
}

function validateIdMaps(maps: readonly IdMapping[], what: string): IdMapping[] {
  if (!Array.isArray(maps) || maps.length === 0 || maps.length > 340) throw invalid(`${what} needs 1 to 340 ranges`);
  return maps.map((m) => {
    for (const v of [m.containerId, m.hostId, m.size]) {
      if (!Number.isInteger(v) || v < 0 || v > 0xffffffff) throw invalid(`${what} has a bad range ${JSON.stringify(m)}`);
    }
    if (m.size === 0) throw invalid(`${what} has an empty range`);
    return { containerId: m.containerId, hostId: m.hostId, size: m.size };
  });
}

function validateLimits(limits: ResourceLimits): ResourceLimits {
  const positive = (v: number | undefined, what: string, min = 1): void => {
    if (v !== undefined && (!Number.isFinite(v) || v < min)) throw invalid(`${what} must be at least ${min}`);
  };
  const whole = (v: number | undefined, what: string): void => {
    if (v !== undefined && !Number.isInteger(v)) throw invalid(`${what} must be a whole number`);
  };
  positive(limits.memoryBytes, 'memory limit', 4 * 1024 * 1024);
  positive(limits.memorySwapBytes, 'memory+swap limit', 4 * 1024 * 1024);
  positive(limits.cpus, 'cpus', 0.01);
  positive(limits.cpuShares, 'cpu shares', 2);
  positive(limits.pidsLimit, 'pids limit', 1);
  whole(limits.memoryBytes, 'memory limit');
  whole(limits.memorySwapBytes, 'memory+swap limit');
  whole(limits.cpuShares, 'cpu shares');
  whole(limits.pidsLimit, 'pids limit');
  if (limits.cpuShares !== undefined && limits.cpuShares > 262144) throw invalid('cpu shares must be at most 262144');
  if (limits.memorySwapBytes !== undefined) {
    if (limits.memoryBytes === undefined) throw invalid('a memory+swap limit needs a memory limit too', 'give --memory as well');
    if (limits.memorySwapBytes < limits.memoryBytes) throw invalid('the memory+swap limit must be at least the memory limit');
  }
  for (const [v, what] of [[limits.cpusetCpus, 'cpuset cpus'], [limits.cpusetMems, 'cpuset mems']] as const) {
    if (v !== undefined && !/^[0-9]+(-[0-9]+)?(,[0-9]+(-[0-9]+)?)*$/.test(v)) throw invalid(`${what} "${v}" is not a list like 0-2,4`);
  }
  return { ...limits, pidsLimit: limits.pidsLimit ?? DEFAULT_PIDS_LIMIT };
}

/** Resolves a spec for the container with this id. Throws HutchError('invalid-argument') naming the field at fault. */
export function resolveContainerSpec(spec: ContainerSpec, id: string): ResolvedContainerSpec {
  if (typeof spec !== 'object' || spec === null) throw invalid('container spec must be an object');
  const name = spec.name ?? `hutch-${id.slice(0, 12)}`;
  if (!NAME_PATTERN.test(name)) throw invalid(`container name "${name}" is not valid`, 'use letters, digits, "_", "." and "-", starting with a letter or digit');
  const rootfs = absolutePath(spec.rootfs, 'rootfs');
  const command = spec.command ?? [];
  if (!Array.isArray(command) || command.some((a) => typeof a !== 'string' || a.includes('\0'))) throw invalid('command must be a list of strings');
  if (command.length > 0 && command[0] === '') throw invalid('command must not start with an empty string');
  const hostname = spec.hostname ?? id.slice(0, 12);
  if (!HOSTNAME_PATTERN.test(hostname) || hostname.length > 64) throw invalid(`hostname "${hostname}" is not a valid host name`);
  const env: Record<string, string> = { PATH: DEFAULT_PATH, HOSTNAME: hostname, HOME: spec.user && spec.user.uid !== 0 ? '/' : '/root' };
  if (spec.tty) env.TERM = 'xterm';
  for (const [k, v] of Object.entries(spec.env ?? {})) {
    if (!ENV_NAME_PATTERN.test(k) || typeof v !== 'string' || v.includes('\0')) throw invalid(`environment variable "${k}" is not valid`);
    env[k] = v;
  }
  const cwd = spec.cwd === undefined ? '/' : absolutePath(spec.cwd, 'working directory');
  const user = {
    uid: spec.user?.uid ?? 0,
    gid: spec.user?.gid ?? 0,
    additionalGids: spec.user?.additionalGids ?? [],
  };
  for (const v of [user.uid, user.gid, ...user.additionalGids]) {
    if (!Number.isInteger(v) || v < 0 || v > 0xfffffffe) throw invalid(`user or group id ${String(v)} is not valid`);
  }
  const bindRoots = (spec.bindRoots ?? ['/']).map((r) => absolutePath(r, 'bind root'));
  const mounts = (spec.mounts ?? []).map((m) => {
    const target = absolutePath(m.target, 'mount target');
    if (target === '/') throw invalid('a bind mount cannot replace the container root');
    return { source: absolutePath(m.source, 'mount source'), target, readonly: m.readonly ?? false };
  });
  const network = spec.network ?? 'private';
  if (!['host', 'none', 'private'].includes(network)) throw invalid(`network "${String(network)}" must be private, none or host`);
  const ports = validatePorts(spec.ports ?? []);
  if (ports.length > 0 && network !== 'private') throw invalid(`ports can only be published on the private network, not "${network}"`);
  const seccomp = spec.seccomp ?? 'default';
  if (seccomp !== 'default' && seccomp !== 'unconfined') throw invalid(`seccomp "${String(seccomp)}" must be default or unconfined`);
  const userNamespace = spec.userNamespace
    ? { uidMap: validateIdMaps(spec.userNamespace.uidMap, 'uid map'), gidMap: validateIdMaps(spec.userNamespace.gidMap, 'gid map') }
    : null;
  const stopSignal = spec.stopSignal ?? 'SIGTERM';
  signalNumber(stopSignal);
  return {
    name,
    rootfs,
    command,
    env,
    cwd,
    user,
    hostname,
    tty: spec.tty ?? false,
    readonlyRootfs: spec.readonlyRootfs ?? false,
    mounts,
    bindRoots,
    capabilities: resolveCapabilities(spec.capAdd, spec.capDrop),
    seccomp,
    noNewPrivileges: spec.noNewPrivileges ?? false,
    network,
    ports,
    resources: validateLimits(spec.resources ?? {}),
    userNamespace,
    stopSignal,
  };
}
