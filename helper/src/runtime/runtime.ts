/**
 * The container runtime: create, start, run, exec, stop, kill, remove, list, inspect.
 *
 * It glues the concerns together - spec resolution (spec.ts), the filesystem plan
 * (filesystem.ts), cgroups (cgroups/), networking (network/), seccomp (seccomp*.ts), state on
 * disk (state.ts) - and drives the native spawn (helper/native/spawn.c) in its two phases:
 * clone, host-side attachment with the child's pid (id maps, veth), then go.
 *
 * Every step that creates something has its undo in the same function's failure path, and
 * every record on disk says how far a container got, so `remove` can finish the job after a
 * crash at any point.
 */
import { chmodSync, chownSync, existsSync, mkdirSync, openSync, promises as fs, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { errnoCode, HutchError } from '../errors';
import { probeCgroupDriver } from './cgroups';
import { joinedV1Controllers } from './cgroups/v1';
import { ensureFavorDynmods } from './cgroups/favordynmods';
import type { CgroupDriver, ContainerCgroup, DeviceRule } from './cgroups/types';
import { filesystemPlan, MS, OP_KIND, overlayOptions, type SetupStep } from './filesystem';
import { loadNativeAddon, packageRoot } from './native-addon';
import { NetworkManager } from './network';
import type { NetworkPlan } from './network/types';
import { compiledSeccompProgram } from './seccomp';
import { CAPABILITY_NUMBERS, defaultSeccompProfile, seccompProfileKey } from './seccomp-profile';
import { stepTimer } from './trace';
import { resolveContainerSpec, signalNumber, type ContainerSpec, type ResolvedContainerSpec } from './spec';
import {
  newContainerId,
  processStartTime,
  StateStore,
  type ContainerId,
  type ContainerPaths,
  type ContainerRecord,
} from './state';

const CLONE = {
  NEWNS: 0x00020000,
  NEWCGROUP: 0x02000000,
  NEWUTS: 0x04000000,
  NEWIPC: 0x08000000,
  NEWUSER: 0x10000000,
  NEWPID: 0x20000000,
  NEWNET: 0x40000000,
} as const;

export const DEFAULT_STATE_ROOT = '/var/lib/hutch';

/** runc's and Docker's device allowlist: the standard nodes, ptys, and mknod (not use) of any. */
export const DEFAULT_DEVICE_RULES: readonly DeviceRule[] = [
  { allow: false, type: 'a', major: '*', minor: '*', access: 'rwm' },
  { allow: true, type: 'c', major: '*', minor: '*', access: 'm' },
  { allow: true, type: 'b', major: '*', minor: '*', access: 'm' },
  ...[[1, 3], [1, 5], [1, 7], [1, 8], [1, 9], [5, 0], [5, 1], [5, 2]].map(([major, minor]) => ({
    allow: true, type: 'c' as const, major: major as number, minor: minor as number, access: 'rwm',
  })),
  { allow: true, type: 'c', major: 136, minor: '*', access: 'rwm' },
];

export interface ExitStatus {
  /** Exit code; 128+n when the process was killed by signal n (as a shell reports it). */
  code: number;
  signal: number | null;
}

/** Where the container's or exec'd process's stdio goes: inherited from this process, /dev/null,
 * the container's log file (detached containers), or explicit fds. */
export type StdioChoice = 'inherit' | 'null' | 'log' | readonly [number, number, number];

export interface StartOptions {
  stdio?: StdioChoice;
  /** Wait for exit in this process (reaping the container's init). Default true. */
  watch?: boolean;
  /** Record the end (state "stopped", cgroup and network freed) when it comes. Default true;
   * run --rm removes the container instead, which frees the same things. */
  finishOnExit?: boolean;
}

export interface StartedProcess {
  pid: number;
  /** Master side of the pty when the process has a terminal, for the caller to relay. */
  ptyMaster: number | null;
  /** Resolves when the process ends; null when not watched from this process. */
  exit: Promise<ExitStatus> | null;
}

export interface RunOptions extends StartOptions {
  /** Remove the container once it has ended. */
  remove?: boolean;
  /** Return once started instead of waiting for the end. */
  detach?: boolean;
  /** Called once the command runs (e.g. to relay its terminal); run waits for it to settle. */
  onStart?: (started: StartedProcess) => Promise<void> | void;
}

export interface ExecOptions {
  tty?: boolean;
  env?: Record<string, string>;
  cwd?: string;
  user?: { uid: number; gid: number; additionalGids?: number[] };
  stdio?: StdioChoice;
}

export interface RuntimeOptions {
  stateRoot?: string;
  /** Cgroup parent name (one directory per hierarchy). Default "hutch". */
  cgroupParent?: string;
}

/** The view of a container callers get. */
export interface ContainerInfo extends ContainerRecord {
  paths: ContainerPaths;
}

interface SpawnResult {
  pid: number;
  pidfd: number;
  handle: unknown;
}

interface NativeSpawnApi {
  spawn(config: Record<string, unknown>): SpawnResult;
  start(handle: unknown): Promise<{ ptyMaster: number | null; traceMs: number[]; nowMs: number; usedChroot: boolean }>;
  abort(handle: unknown): void;
  release(handle: unknown): void;
  watchExit(pidfd: number, callback: (status: { code: number | null; signal: number | null } | null) => void, keepAlive?: boolean): void;
  pidfdOpen(pid: number): number | null;
  pidfdSignal(pidfd: number, signal: number): boolean;
  pidfdExited(pidfd: number): boolean;
  closeFd(fd: number): void;
  sealedMemfd(name: string, data: Buffer, executable?: boolean): number;
  openBindSource(path: string, allowedRoot: string, options: { recursive: boolean; readonly: boolean }): { treeFd: number; isDir: boolean };
  setWindowSize(fd: number, rows: number, columns: number): void;
}

function nativeSpawnApi(): NativeSpawnApi {
  return loadNativeAddon() as unknown as NativeSpawnApi;
}

function ipv4ToNumber(address: string): number {
  const parts = address.split('.').map(Number);
  return (((parts[0] ?? 0) << 24) >>> 0) + ((parts[1] ?? 0) << 16) + ((parts[2] ?? 0) << 8) + (parts[3] ?? 0);
}

/** A process that has ended but is not reaped yet (state Z or X in /proc/<pid>/stat). */
function isZombie(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state === 'Z' || state === 'X';
  } catch {
    return true;
  }
}

/** The host id that container id maps to, or null when unmapped. */
function hostIdFor(containerId: number, map: ReadonlyArray<{ containerId: number; hostId: number; size: number }>): number | null {
  for (const range of map) {
    if (containerId >= range.containerId && containerId < range.containerId + range.size) return range.hostId + (containerId - range.containerId);
  }
  return null;
}

function capabilityMask(names: readonly string[]): string {
  let mask = 0n;
  for (const name of names) mask |= 1n << BigInt(CAPABILITY_NUMBERS[name as keyof typeof CAPABILITY_NUMBERS]);
  return mask.toString(16);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Test hook for crash-safety tests: HUTCH_FAULT_PAUSE=<step> stops set-up at that step so a
 * test can kill the process there, as a crash or a closed terminal would. */
async function faultPoint(step: string): Promise<void> {
  if (process.env.HUTCH_FAULT_PAUSE !== step) return;
  process.stderr.write(`hutch: paused at ${step}\n`);
  await new Promise<never>(() => setInterval(() => undefined, 1 << 30));
}

function systemMessage(error: unknown): { errno: string | undefined; message: string } {
  const errno = (error as { errno?: number }).errno;
  const name = typeof errno === 'number' ? Object.entries(require('node:os').constants.errno as Record<string, number>).find(([, v]) => v === errno)?.[0] : undefined;
  return { errno: name ?? errnoCode(error), message: error instanceof Error ? error.message : String(error) };
}

export class Runtime {
  readonly store: StateStore;
  private readonly cgroupParent: string;
  private cgroupDriverPromise: Promise<CgroupDriver> | null = null;
  private readonly network: NetworkManager;
  private initFd: number | null = null;
  private readonly seccompFds = new Map<string, number>();
  private readonly seccompFdsByCaps = new Map<string, number>();
  private hostFacts: { cgroupV1: Array<{ name: string; options: string }> | null; thermal: string[]; timeNamespace: boolean } | null = null;
  /** Exit of containers and execs started (and reaped) by this process. */
  private readonly exits = new Map<number, Promise<ExitStatus>>();
  /** Cgroups of containers this process started, so their end needs no lookup. */
  private readonly cgroupObjects = new Map<ContainerId, ContainerCgroup>();
  private warnedChroot = false;

  constructor(options: RuntimeOptions = {}) {
    this.store = new StateStore(options.stateRoot ?? DEFAULT_STATE_ROOT);
    this.cgroupParent = options.cgroupParent ?? 'hutch';
    this.network = new NetworkManager();
  }

  // --- shared resources, made once per process -------------------------------------------

  private cgroups(): Promise<CgroupDriver> {
    if (!this.cgroupDriverPromise) {
      ensureFavorDynmods();
      this.cgroupDriverPromise = probeCgroupDriver({ parentName: this.cgroupParent });
    }
    return this.cgroupDriverPromise;
  }

  private initMemfd(): number {
    if (this.initFd === null) {
      const path = join(packageRoot(), 'build', 'Release', 'hutch-init');
      let bytes: Buffer;
      try {
        bytes = readFileSync(path);
      } catch {
        throw new HutchError('system-failure', `hutch-init is missing at ${path}`, 'build it with `npm run install`');
      }
      this.initFd = nativeSpawnApi().sealedMemfd('hutch-init', bytes, true);
    }
    return this.initFd;
  }

  private seccompMemfd(spec: ResolvedContainerSpec): number | null {
    if (spec.seccomp === 'unconfined') return null;
    // The default profile depends only on the capability set: key the memfd by that, so a start
    // neither rebuilds the profile nor hashes it.
    const capsKey = spec.capabilities.join(',');
    const known = this.seccompFdsByCaps.get(capsKey);
    if (known !== undefined) return known;
    const profile = defaultSeccompProfile(spec.capabilities);
    const key = seccompProfileKey(profile);
    let fd = this.seccompFds.get(key);
    if (fd === undefined) {
      // Compiled once per profile and kept on disk (root-only), so no container start - not even
      // the first in a new process - waits for libseccomp.
      const program = compiledSeccompProgram(profile, { cacheDir: join(this.store.root, 'cache', 'seccomp') });
      fd = nativeSpawnApi().sealedMemfd('hutch-seccomp', program, false);
      this.seccompFds.set(key, fd);
    }
    this.seccompFdsByCaps.set(capsKey, fd);
    return fd;
  }

  private facts(): NonNullable<Runtime['hostFacts']> {
    if (this.hostFacts) return this.hostFacts;
    const mountinfo = readFileSync('/proc/self/mountinfo', 'utf8').split('\n');
    let cgroupV1: Array<{ name: string; options: string }> | null = [];
    let unifiedAtRoot = false;
    for (const line of mountinfo) {
      const sep = line.indexOf(' - ');
      if (sep < 0) continue;
      const left = line.slice(0, sep).split(' ');
      const right = line.slice(sep + 3).split(' ');
      const mountPoint = left[4] ?? '';
      if (right[0] === 'cgroup2' && mountPoint === '/sys/fs/cgroup') unifiedAtRoot = true;
      if (right[0] !== 'cgroup' || !mountPoint.startsWith('/sys/fs/cgroup/')) continue;
      const name = mountPoint.slice('/sys/fs/cgroup/'.length);
      const options = (right[2] ?? '').split(',').filter((o) => o !== 'rw' && o !== 'ro' && !o.startsWith('release_agent') && o !== 'clone_children');
      if (name && !name.includes('/')) cgroupV1.push({ name, options: options.join(',') });
    }
    if (unifiedAtRoot) cgroupV1 = null;
    const thermal: string[] = [];
    try {
      for (const cpu of readdirSync('/sys/devices/system/cpu')) {
        if (/^cpu[0-9]+$/.test(cpu) && existsSync(`/sys/devices/system/cpu/${cpu}/thermal_throttle`)) {
          thermal.push(`/sys/devices/system/cpu/${cpu}/thermal_throttle`);
        }
      }
    } catch {
      // no sysfs cpu directory: nothing to mask
    }
    this.hostFacts = { cgroupV1, thermal, timeNamespace: existsSync('/proc/self/ns/time') };
    return this.hostFacts;
  }

  // --- create ------------------------------------------------------------------------------

  async create(input: ContainerSpec): Promise<ContainerInfo> {
    return this.createRecord(input, true);
  }

  /** markCreated false (run): the record stays "creating" until start records "running" -
   * one atomic write fewer; an interruption in between is cleaned up by `remove` either way. */
  private async createRecord(input: ContainerSpec, markCreated: boolean): Promise<ContainerInfo> {
    const id = newContainerId();
    const spec = resolveContainerSpec(input, id);
    await this.checkRootfs(spec.rootfs);
    this.checkBindSources(spec);
    await this.store.ensureRoot();
    const paths = this.store.paths(id);
    const record: ContainerRecord = {
      id,
      name: spec.name,
      createdAt: new Date().toISOString(),
      status: 'creating',
      spec,
      pid: null,
      pidStartTime: null,
      startedAt: null,
      finishedAt: null,
      exitCode: null,
      network: null,
      cgroupPath: null,
    };
    mkdirSync(paths.dir, { mode: 0o700 });
    try {
      await this.store.write(record);
      await faultPoint('create');
      await this.store.reserveName(spec.name, id);
    } catch (error) {
      await this.store.removeDir(id);
      throw error;
    }
    try {
      for (const dir of [paths.upper, paths.work, paths.merged]) mkdirSync(dir, { mode: 0o755 });
      if (spec.userNamespace) {
        // overlayfs checks access to its upper and work directories as the mounter: the
        // container's root, which is an unprivileged uid on the host.
        const hostRoot = hostIdFor(0, spec.userNamespace.uidMap);
        const hostRootGroup = hostIdFor(0, spec.userNamespace.gidMap);
        if (hostRoot === null || hostRootGroup === null) {
          throw new HutchError('invalid-argument', 'a user namespace needs uid 0 and gid 0 mapped', 'map a range starting at container id 0');
        }
        for (const dir of [paths.upper, paths.work, paths.merged]) chownSync(dir, hostRoot, hostRootGroup);
        // ...who must also be able to reach them (traverse only: nothing here is listable).
        chmodSync(paths.dir, 0o711);
      }
      if (markCreated) {
        record.status = 'created';
        await this.store.write(record);
      }
    } catch (error) {
      await this.store.releaseName(spec.name, id);
      await this.store.removeDir(id);
      throw error;
    }
    return { ...record, paths };
  }

  private async checkRootfs(rootfs: string): Promise<void> {
    let st;
    try {
      st = statSync(rootfs);
    } catch (error) {
      if (errnoCode(error) === 'ENOENT') {
        throw new HutchError('not-found', `rootfs ${rootfs} does not exist`, 'give the directory that holds the root filesystem (with bin/, etc/ ...)');
      }
      throw new HutchError('invalid-argument', `rootfs ${rootfs} cannot be read: ${(error as Error).message}`);
    }
    if (!st.isDirectory()) throw new HutchError('invalid-argument', `rootfs ${rootfs} is not a directory`, 'give the directory that holds the root filesystem, not a file or archive');
  }

  /** Opens every bind source the way start will (and closes it again), so a bad one is
   * reported before anything is created. */
  private checkBindSources(spec: ResolvedContainerSpec): void {
    const native = nativeSpawnApi();
    for (const m of spec.mounts) {
      const tree = this.openBind(native, { kind: 'bind', target: m.target, source: m.source, readonly: m.readonly, recursive: true, allowedRoot: '' }, spec);
      native.closeFd(tree.treeFd);
    }
  }

  private openBind(native: NativeSpawnApi, step: Extract<SetupStep, { kind: 'bind' }>, spec: ResolvedContainerSpec): { treeFd: number; isDir: boolean } {
    let root = step.allowedRoot;
    if (!root) {
      root = '';
      for (const r of spec.bindRoots) {
        if ((r === '/' || step.source === r || step.source.startsWith(`${r}/`)) && r.length > root.length) root = r;
      }
      if (!root) {
        throw new HutchError('permission-denied', `bind source ${step.source} is outside the allowed trees (${spec.bindRoots.join(', ')})`, 'bind something inside an allowed tree');
      }
    }
    try {
      return native.openBindSource(step.source, root, { recursive: step.recursive, readonly: step.readonly });
    } catch (error) {
      const { errno, message } = systemMessage(error);
      if (errno === 'ENOENT') throw new HutchError('not-found', `bind source ${step.source} does not exist`, 'create it first or fix the path');
      if (errno === 'EXDEV' || errno === 'ELOOP') {
        throw new HutchError(
          'permission-denied',
          `bind source ${step.source} resolves outside the allowed tree ${root} (a symlink or ".." leads out of it)`,
          'bind the real location, if it is inside an allowed tree',
        );
      }
      throw new HutchError('runtime-failure', `cannot bind ${step.source}: ${message}`);
    }
  }

  // --- start -------------------------------------------------------------------------------

  async start(ref: string, options: StartOptions = {}): Promise<StartedProcess> {
    const id = await this.store.resolve(ref);
    const record = await this.reconciled(id);
    if (record.status === 'running') throw new HutchError('invalid-state', `container ${record.name} is already running`);
    if (record.status === 'creating') throw new HutchError('invalid-state', `container ${record.name} was not fully created`, `remove it with \`hutch rm ${record.name}\``);
    return this.startRecord(record, options);
  }

  private async startRecord(record: ContainerRecord, options: StartOptions): Promise<StartedProcess> {
    const native = nativeSpawnApi();
    const spec = record.spec;
    const paths = this.store.paths(record.id);
    const facts = this.facts();
    const driver = await this.cgroups();
    const openedFds: number[] = [];
    const timer = stepTimer(`start ${record.id.slice(0, 12)}`);
    let cgroup: ContainerCgroup | null = null;
    let network: NetworkPlan | null = null;
    let child: SpawnResult | null = null;
    const undo = async (): Promise<void> => {
      if (child) {
        native.abort(child.handle);
        native.release(child.handle);
        native.closeFd(child.pidfd);
      }
      for (const fd of openedFds) native.closeFd(fd);
      if (network) await this.network.release(record.id, network).catch(() => undefined);
      if (cgroup) await cgroup.remove().catch(() => undefined);
      record.status = record.startedAt ? 'stopped' : 'created';
      record.pid = null;
      record.pidStartTime = null;
      record.network = null;
      await this.store.write(record).catch(() => undefined);
    };
    try {
      network = await this.network.plan(record.id, spec.network, spec.ports, spec.hostname);
      record.network = network;
      timer.mark('network-plan');
      await this.writeEtcFiles(paths, spec, network);

      const steps = filesystemPlan({
        // Only the hierarchies the container is placed in: its cgroup namespace makes those show
        // its own subtree, while any other would show the host's tree from our cgroup down.
        // (A user namespace may mount cgroup2 but not v1 hierarchies: it gets an empty tmpfs.)
        cgroupV1Hierarchies: facts.cgroupV1
          ? spec.userNamespace
            ? []
            : facts.cgroupV1.filter((h) => h.options.split(',').some((o) => joinedV1Controllers(spec.resources).has(o)))
          : null,
        thermalThrottlePaths: facts.thermal,
        userNamespace: spec.userNamespace !== null,
        etcFiles: [
          { target: '/etc/hosts', source: paths.hosts },
          { target: '/etc/resolv.conf', source: paths.resolvConf },
          { target: '/etc/hostname', source: paths.hostname },
        ],
        mounts: spec.mounts,
        bindRoots: spec.bindRoots,
      });
      const ops = steps.map((step) => this.nativeOp(native, step, spec, openedFds));
      timer.mark('prepare');

      const statusFd = openSync(paths.exitStatus, 'w', 0o600);
      openedFds.push(statusFd);
      const stdio = this.stdioFds(options.stdio ?? 'inherit', paths, openedFds);
      const seccompFd = this.seccompMemfd(spec);

      let cloneFlags = CLONE.NEWNS | CLONE.NEWPID | CLONE.NEWUTS | CLONE.NEWIPC;
      if (spec.network !== 'host') cloneFlags |= CLONE.NEWNET;
      if (spec.userNamespace) cloneFlags |= CLONE.NEWUSER;
      const netConfig =
        network.mode === 'private'
          ? {
              loopback: true,
              interface: network.containerInterface ?? 'eth0',
              address: ipv4ToNumber(network.address ?? '0.0.0.0'),
              prefixLength: network.prefixLength ?? 16,
              gateway: ipv4ToNumber(network.gateway ?? '0.0.0.0'),
            }
          : { loopback: network.mode === 'none' };

      timer.mark('clone-args');
      child = native.spawn({
        mode: 'create',
        argv: this.initArgv(spec, { exec: false, status: true, seccomp: seccompFd !== null, tty: spec.tty, timens: false, cwd: spec.cwd, user: spec.user, command: spec.command }),
        env: Object.entries(spec.env).map(([k, v]) => `${k}=${v}`),
        // The parent moves the child into its cgroup (below), while the child builds its root.
        cgroupProcs: [],
        stdio,
        pty: spec.tty,
        statusFd,
        seccompFd: seccompFd ?? -1,
        initFd: this.initMemfd(),
        cloneFlags,
        newCgroupNamespace: true,
        newTimeNamespace: facts.timeNamespace,
        userNamespace: spec.userNamespace !== null,
        rootPath: paths.merged,
        overlayData: overlayOptions([spec.rootfs], paths.upper, paths.work),
        rootFlags: MS.NODEV | (spec.readonlyRootfs ? MS.RDONLY : 0),
        ops,
        hostname: spec.hostname,
        network: netConfig,
      });
      timer.mark('clone');
      await faultPoint('spawn');

      cgroup = await driver.create(record.id, spec.resources, DEFAULT_DEVICE_RULES);
      record.cgroupPath = cgroup.relativePath;
      this.cgroupObjects.set(record.id, cgroup);
      // Everything the container ever runs descends from this process, and it runs nothing of
      // the user's until it is released below, after this move.
      for (const procs of cgroup.procsFiles) writeFileSync(procs, String(child.pid));
      timer.mark('cgroup');
      await faultPoint('cgroup');

      if (spec.userNamespace) await this.writeIdMaps(child.pid, spec.userNamespace);
      await this.network.attach(record.id, network, child.pid);
      timer.mark('attach');

      // "running" is recorded while the child builds the container (a failure rewrites it in
      // undo). Should we die before that, the record says "creating" and `remove` finds every
      // process of the container through its cgroup.
      const starting = native.start(child.handle);
      record.pid = child.pid;
      record.pidStartTime = processStartTime(child.pid);
      record.status = 'running';
      record.startedAt = new Date().toISOString();
      record.finishedAt = null;
      record.exitCode = null;
      await this.store.write(record);
      let started: Awaited<ReturnType<NativeSpawnApi['start']>>;
      try {
        started = await starting;
      } catch (error) {
        record.startedAt = null;
        throw this.startError(error, spec);
      }
      timer.mark('setup-and-exec');
      if (started.usedChroot && !this.warnedChroot) {
        this.warnedChroot = true;
        process.stderr.write('hutch: warning: the host root is an initramfs, so pivot_root is impossible; containers use MS_MOVE+chroot (weaker isolation)\n');
      }
      const t = started.traceMs;
      const span = (a: number, b: number): string => ((t[b] ?? 0) > 0 && (t[a] ?? 0) > 0 ? ((t[b] as number) - (t[a] as number)).toFixed(2) : '?');
      timer.mark(`[child: root=${span(1, 3)} mounts=${span(3, 4)} waited-for-go=${span(4, 2)} late-mounts-and-net=${span(2, 5)} fds=${span(5, 6)} init-and-command=${(started.nowMs - (t[6] ?? 0)).toFixed(2)}]`);
      native.release(child.handle);
      const pidfd = child.pidfd;
      const pid = child.pid;
      child = null;
      for (const fd of openedFds) native.closeFd(fd);
      openedFds.length = 0;
      timer.mark('close-fds');
      timer.done();

      // Always watched, so that a container this process started is reaped here and never
      // lingers as our zombie; with watch false the watch does not keep the process alive.
      const keepAlive = options.watch !== false;
      let exit: Promise<ExitStatus> | null = null;
      {
        const startedAt = process.hrtime.bigint();
        exit = this.watch(pidfd, pid, keepAlive).then(async (status) => {
          const end = stepTimer(`end ${record.id.slice(0, 12)}`);
          end.mark(`ran ${(Number(process.hrtime.bigint() - startedAt) / 1e6).toFixed(2)}ms, finish`);
          if (options.finishOnExit !== false) await this.finish(record.id, status).catch(() => undefined);
          end.mark('finished');
          end.done();
          return status;
        });
        this.exits.set(pid, exit);
      }
      return { pid, ptyMaster: started.ptyMaster, exit: keepAlive ? exit : null };
    } catch (error) {
      await undo();
      throw error;
    }
  }

  private startError(error: unknown, spec: ResolvedContainerSpec): HutchError {
    const e = error as { stage?: number; what?: string; errno?: number; message?: string };
    const { errno } = systemMessage(error);
    if (e.stage === 3) {
      const command = spec.command[0] ?? '';
      if (errno === 'ENOENT') {
        const where = command.includes('/') ? 'no such file' : 'not on PATH';
        return new HutchError('not-found', `command not found in the container: ${command} (${where})`, `check that ${command} exists in the root filesystem${command.includes('/') ? '' : ' and that its directory is on PATH'}`);
      }
      return new HutchError('runtime-failure', `cannot run ${command} in the container: ${e.message ?? ''}`);
    }
    return new HutchError('runtime-failure', `container set-up failed: ${e.message ?? String(error)}`);
  }

  private nativeOp(native: NativeSpawnApi, step: SetupStep, spec: ResolvedContainerSpec, openedFds: number[]): Record<string, unknown> {
    switch (step.kind) {
      case 'mount':
        return { kind: OP_KIND.mount, target: step.target, source: step.source, fstype: step.fstype, flags: step.flags, data: step.data, optional: step.optional ?? false, late: step.late ?? false, early: step.early ?? false };
      case 'bind': {
        const tree = this.openBind(native, step, spec);
        openedFds.push(tree.treeFd);
        return { kind: OP_KIND.bindTree, target: step.target, treeFd: tree.treeFd, treeIsDir: tree.isDir };
      }
      case 'symlink':
        return { kind: OP_KIND.symlink, target: step.target, source: step.linkTo };
      case 'mask':
        return { kind: OP_KIND.mask, target: step.target };
      case 'readonly':
        return { kind: OP_KIND.readonly, target: step.target };
      case 'mkdir':
        return { kind: OP_KIND.mkdir, target: step.target, mode: step.mode };
      case 'remount':
        return { kind: OP_KIND.remount, target: step.target, flags: step.flags, optional: step.optional ?? false, late: step.late ?? false };
    }
  }

  private initArgv(
    spec: ResolvedContainerSpec,
    o: { exec: boolean; status: boolean; seccomp: boolean; tty: boolean; timens: boolean; cwd: string; user: { uid: number; gid: number; additionalGids: number[] }; command: string[] },
  ): string[] {
    const argv = ['hutch-init'];
    if (o.exec) argv.push('--exec');
    if (o.status) argv.push('--status');
    if (o.seccomp) argv.push('--seccomp');
    if (o.tty) argv.push('--tty');
    if (o.timens) argv.push('--timens');
    if (spec.noNewPrivileges) argv.push('--nnp');
    argv.push('--caps', capabilityMask(spec.capabilities));
    argv.push('--uid', String(o.user.uid), '--gid', String(o.user.gid));
    if (o.user.additionalGids.length > 0) argv.push('--groups', o.user.additionalGids.join(','));
    argv.push('--cwd', o.cwd, '--');
    argv.push(...o.command);
    return argv;
  }

  private stdioFds(choice: StdioChoice, paths: ContainerPaths, openedFds: number[]): number[] {
    if (choice === 'inherit') return [0, 1, 2];
    if (choice === 'null') return [-1, -1, -1];
    if (choice === 'log') {
      const fd = openSync(paths.log, 'a', 0o600);
      openedFds.push(fd);
      return [-1, fd, fd];
    }
    return [...choice];
  }

  private async writeEtcFiles(paths: ContainerPaths, spec: ResolvedContainerSpec, network: NetworkPlan): Promise<void> {
    writeFileSync(paths.hosts, network.hosts, { mode: 0o644 });
    writeFileSync(paths.resolvConf, network.resolvConf, { mode: 0o644 });
    writeFileSync(paths.hostname, `${spec.hostname}\n`, { mode: 0o644 });
  }

  private async writeIdMaps(pid: number, maps: NonNullable<ResolvedContainerSpec['userNamespace']>): Promise<void> {
    const text = (m: typeof maps.uidMap): string => m.map((r) => `${r.containerId} ${r.hostId} ${r.size}`).join('\n') + '\n';
    try {
      await fs.writeFile(`/proc/${pid}/uid_map`, text(maps.uidMap));
      await fs.writeFile(`/proc/${pid}/gid_map`, text(maps.gidMap));
    } catch (error) {
      throw new HutchError('invalid-argument', `the kernel refused the user namespace id maps: ${(error as Error).message}`, 'ranges must not overlap and must fit in 32 bits');
    }
  }

  private watch(pidfd: number, pid: number, keepAlive = true): Promise<ExitStatus> {
    const native = nativeSpawnApi();
    return new Promise((resolve) => {
      native.watchExit(pidfd, (status) => {
        native.closeFd(pidfd);
        this.exits.delete(pid);
        if (status === null) resolve({ code: 255, signal: null });
        else if (status.signal !== null) resolve({ code: 128 + status.signal, signal: status.signal });
        else resolve({ code: status.code ?? 255, signal: null });
      }, keepAlive);
    });
  }

  /** Records the end of a container and frees what only a running container needs. */
  private async finish(id: ContainerId, status: ExitStatus | null): Promise<void> {
    const timer = stepTimer(`finish ${id.slice(0, 12)}`);
    const record = await this.store.read(id);
    if (!record) return;
    const known = this.cgroupObjects.get(id);
    this.cgroupObjects.delete(id);
    const cgroup = known ?? (await (await this.cgroups()).open(id));
    timer.mark('open');
    if (cgroup) {
      // When we reaped the container's init ourselves (status known), the kernel had already
      // ended every process of its PID namespace: an init's exit waits for that. Otherwise
      // (found ended later) something may linger in the cgroup.
      if (status === null) await cgroup.killAll().catch(() => undefined);
      timer.mark('kill');
      await cgroup.remove().catch(() => undefined);
      timer.mark('cgroup-remove');
    }
    if (record.network) await this.network.release(id, record.network, { containerGone: true }).catch(() => undefined);
    timer.mark('network-release');
    record.status = record.startedAt ? 'stopped' : 'created';
    record.exitCode = status ? status.code : this.exitCodeFromFile(id);
    record.finishedAt = new Date().toISOString();
    record.pid = null;
    record.pidStartTime = null;
    record.network = null;
    record.cgroupPath = null;
    await this.store.write(record);
    timer.done();
  }

  private exitCodeFromFile(id: ContainerId): number | null {
    try {
      const text = readFileSync(this.store.paths(id).exitStatus, 'utf8').trim();
      const m = /^(exit|signal) ([0-9]+)$/.exec(text);
      if (!m || m[2] === undefined) return null;
      return m[1] === 'signal' ? 128 + Number(m[2]) : Number(m[2]);
    } catch {
      return null;
    }
  }

  private isAlive(record: ContainerRecord): boolean {
    return record.pid !== null && record.pidStartTime !== null && processStartTime(record.pid) === record.pidStartTime && !isZombie(record.pid);
  }

  /** Reads a record and brings it up to date with the kernel: a container whose init has
   * ended while nobody watched is marked stopped and its cgroup and network are freed. */
  private async reconciled(id: ContainerId): Promise<ContainerRecord> {
    const record = await this.store.read(id);
    if (!record) throw new HutchError('not-found', `container ${id.slice(0, 12)} has no readable state`, `remove it with \`hutch rm ${id.slice(0, 12)}\``);
    if (record.status === 'running' && !this.isAlive(record) && !this.exits.has(record.pid ?? -1)) {
      await this.finish(id, null);
      return (await this.store.read(id)) ?? record;
    }
    return record;
  }

  // --- run, exec ---------------------------------------------------------------------------

  /** create + start; waits for the end unless detach; removes afterwards when asked. */
  async run(spec: ContainerSpec, options: RunOptions = {}): Promise<{ id: ContainerId; name: string; exitCode: number | null; process: StartedProcess }> {
    const timer = stepTimer('run');
    const created = await this.createRecord(spec, false);
    timer.mark('create');
    let started: StartedProcess;
    try {
      started = await this.startRecord((await this.store.read(created.id)) as ContainerRecord, {
        stdio: options.stdio,
        watch: options.watch ?? !options.detach,
        finishOnExit: !(options.remove && !options.detach),
      });
    } catch (error) {
      // A container that never started is of no use to anyone: leave nothing behind.
      await this.remove(created.id, { force: true }).catch(() => undefined);
      throw error;
    }
    timer.mark('start');
    if (options.detach) return { id: created.id, name: created.name, exitCode: null, process: started };
    const attached = options.onStart ? Promise.resolve().then(() => options.onStart?.(started)) : Promise.resolve();
    // A caller that cannot attach (e.g. its terminal failed) must not leave the container
    // running unattended: end it, then clean up as usual.
    const attachFailure = attached.then(
      () => null,
      (error: unknown) => {
        this.signalInit({ ...created, pid: started.pid, pidStartTime: processStartTime(started.pid) } as ContainerRecord, 9);
        return error;
      },
    );
    const status = started.exit ? await started.exit : null;
    const failure = await attachFailure;
    timer.mark('wait-and-finish');
    if (options.remove) await this.removeEnded(created.id);
    timer.mark('remove');
    timer.done();
    if (failure !== null) throw failure;
    return { id: created.id, name: created.name, exitCode: status ? status.code : null, process: started };
  }

  async exec(ref: string, command: string[], options: ExecOptions = {}): Promise<StartedProcess> {
    if (!Array.isArray(command) || command.length === 0 || command.some((a) => typeof a !== 'string' || a.includes('\0'))) {
      throw new HutchError('invalid-argument', 'exec needs a command (a list of strings)');
    }
    const id = await this.store.resolve(ref);
    const record = await this.reconciled(id);
    if (record.status !== 'running' || record.pid === null) {
      throw new HutchError('invalid-state', `container ${record.name} is not running`, `start it with \`hutch start ${record.name}\``);
    }
    const native = nativeSpawnApi();
    const spec = record.spec;
    const openedFds: number[] = [];
    const targetPidfd = native.pidfdOpen(record.pid);
    if (targetPidfd === null || processStartTime(record.pid) !== record.pidStartTime) {
      if (targetPidfd !== null) native.closeFd(targetPidfd);
      throw new HutchError('invalid-state', `container ${record.name} has just stopped`);
    }
    openedFds.push(targetPidfd);
    let child: SpawnResult | null = null;
    try {
      const driver = await this.cgroups();
      const cgroup = await driver.open(id);
      if (!cgroup) throw new HutchError('invalid-state', `container ${record.name} has no cgroup; it may be stopping`);
      const facts = this.facts();
      let setnsFlags = CLONE.NEWNS | CLONE.NEWPID | CLONE.NEWUTS | CLONE.NEWIPC | CLONE.NEWCGROUP;
      if (spec.network !== 'host') setnsFlags |= CLONE.NEWNET;
      if (spec.userNamespace) setnsFlags |= CLONE.NEWUSER;
      let timensFd = -1;
      if (facts.timeNamespace) {
        timensFd = openSync(`/proc/${record.pid}/ns/time`, 'r');
        openedFds.push(timensFd);
      }
      const seccompFd = this.seccompMemfd(spec);
      const env = { ...spec.env, ...(options.tty ? { TERM: 'xterm' } : {}), ...(options.env ?? {}) };
      const user = options.user ? { uid: options.user.uid, gid: options.user.gid, additionalGids: options.user.additionalGids ?? [] } : spec.user;
      const stdio = this.stdioFds(options.stdio ?? 'inherit', this.store.paths(id), openedFds);
      child = native.spawn({
        mode: 'exec',
        argv: this.initArgv(spec, { exec: true, status: false, seccomp: seccompFd !== null, tty: options.tty ?? false, timens: timensFd >= 0, cwd: options.cwd ?? spec.cwd, user, command }),
        env: Object.entries(env).map(([k, v]) => `${k}=${v}`),
        cgroupProcs: [...cgroup.procsFiles],
        stdio,
        pty: options.tty ?? false,
        seccompFd: seccompFd ?? -1,
        initFd: this.initMemfd(),
        targetPidfd,
        setnsFlags,
        timeNamespaceFd: timensFd,
      });
      let started: Awaited<ReturnType<NativeSpawnApi['start']>>;
      try {
        started = await native.start(child.handle);
      } catch (error) {
        throw this.startError(error, { ...spec, command });
      }
      native.release(child.handle);
      const { pid, pidfd } = child;
      child = null;
      const exit = this.watch(pidfd, pid);
      this.exits.set(pid, exit);
      return { pid, ptyMaster: started.ptyMaster, exit };
    } catch (error) {
      if (child) {
        native.abort(child.handle);
        native.release(child.handle);
        native.closeFd(child.pidfd);
      }
      throw error;
    } finally {
      for (const fd of openedFds) native.closeFd(fd);
    }
  }

  // --- stop, kill, remove ------------------------------------------------------------------

  async kill(ref: string, signal = 'SIGKILL'): Promise<void> {
    const id = await this.store.resolve(ref);
    const record = await this.reconciled(id);
    const number = signalNumber(signal);
    if (record.status !== 'running') throw new HutchError('invalid-state', `container ${record.name} is not running`);
    if (!this.signalInit(record, number)) throw new HutchError('invalid-state', `container ${record.name} has just stopped`);
    if (number === 9) this.recordKilled(id);
  }

  /** SIGKILL gives the init no chance to write its exit status: write what it would have. */
  private recordKilled(id: ContainerId): void {
    const file = this.store.paths(id).exitStatus;
    try {
      if (readFileSync(file, 'utf8').trim() === '') writeFileSync(file, 'signal 9\n');
    } catch {
      // no status file: the container never started
    }
  }

  private signalInit(record: ContainerRecord, signal: number): boolean {
    if (record.pid === null) return false;
    const native = nativeSpawnApi();
    const pidfd = native.pidfdOpen(record.pid);
    if (pidfd === null) return false;
    try {
      // Checked after opening the pidfd: from here on the pid cannot be reused under us.
      if (processStartTime(record.pid) !== record.pidStartTime) return false;
      return native.pidfdSignal(pidfd, signal);
    } finally {
      native.closeFd(pidfd);
    }
  }

  private async waitForEnd(record: ContainerRecord, timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    const watched = record.pid !== null ? this.exits.get(record.pid) : undefined;
    if (watched) {
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(false), timeoutMs);
      });
      try {
        return await Promise.race([watched.then(() => true), timedOut]);
      } finally {
        clearTimeout(timer);
      }
    }
    while (Date.now() < deadline) {
      if (!this.isAlive(record)) return true;
      await sleep(10);
    }
    return !this.isAlive(record);
  }

  /** Sends the stop signal, waits up to timeoutMs, then kills. */
  async stop(ref: string, options: { timeoutMs?: number; signal?: string } = {}): Promise<ContainerInfo> {
    const id = await this.store.resolve(ref);
    const record = await this.reconciled(id);
    if (record.status === 'running') {
      const signal = signalNumber(options.signal ?? record.spec.stopSignal);
      this.signalInit(record, signal);
      if (!(await this.waitForEnd(record, options.timeoutMs ?? 10_000))) {
        if (this.signalInit(record, 9)) this.recordKilled(id);
        if (!(await this.waitForEnd(record, 10_000))) {
          throw new HutchError('system-failure', `container ${record.name} did not end after SIGKILL`, 'a process may be stuck in the kernel (D state); try again');
        }
      }
      const watched = record.pid !== null ? this.exits.get(record.pid) : undefined;
      if (watched) await watched;
      if ((await this.store.read(id))?.status === 'running') await this.finish(id, null);
    }
    return this.inspect(id);
  }

  /** Removes a container and everything it owns; with force, stops it first. Works on
   * containers whose creation was interrupted at any point. */
  async remove(ref: string, options: { force?: boolean } = {}): Promise<void> {
    const id = await this.store.resolve(ref);
    const record = await this.store.read(id);
    if (record) {
      if (record.status === 'running' && this.isAlive(record)) {
        if (!options.force) throw new HutchError('invalid-state', `container ${record.name} is running`, `stop it first, or use \`hutch rm --force ${record.name}\``);
        await this.stop(id, { timeoutMs: 0, signal: 'SIGKILL' });
      } else if (record.status === 'creating' && this.isAlive(record)) {
        this.signalInit(record, 9);
        await this.waitForEnd(record, 10_000);
      }
      const current = (await this.store.read(id)) ?? record;
      // A container that ended cleanly has already given back its cgroup and network (finish);
      // an interrupted one may hold either, whatever its record got to say.
      if (current.status === 'creating' || current.cgroupPath !== null || current.network !== null) {
        const driver = await this.cgroups();
        const cgroup = await driver.open(id);
        if (cgroup) {
          await cgroup.killAll();
          await cgroup.remove(5_000);
        }
        // Rules for published ports are only added after the plan is recorded, so the spec's
        // mode and ports say what may need undoing when the record has no plan.
        const plan = current.network ?? { mode: current.spec.network, ports: current.spec.ports, hosts: '', resolvConf: '' };
        // Every process of the container is gone by now (killed above, or never started).
        await this.network.release(id, plan, { containerGone: cgroup === null || (await cgroup.pids()).length === 0 }).catch((error: unknown) => {
          throw new HutchError('system-failure', `cannot release the network of ${record.name}: ${(error as Error).message}`);
        });
      }
      await this.store.releaseName(record.name, id);
    }
    await this.store.removeDir(id);
  }

  /** Removes a container whose init this process has just reaped: what finish would free,
   * then the name and the directory, without recording a "stopped" state first. */
  private async removeEnded(id: ContainerId): Promise<void> {
    const record = await this.store.read(id);
    if (!record) return;
    const cgroup = this.cgroupObjects.get(id) ?? (await (await this.cgroups()).open(id));
    this.cgroupObjects.delete(id);
    if (cgroup) await cgroup.remove(5_000);
    if (record.network) await this.network.release(id, record.network, { containerGone: true });
    await this.store.releaseName(record.name, id);
    await this.store.removeDir(id);
  }

  // --- queries -----------------------------------------------------------------------------

  async inspect(ref: string): Promise<ContainerInfo> {
    const id = await this.store.resolve(ref);
    const record = await this.reconciled(id);
    return { ...record, paths: this.store.paths(id) };
  }

  /** Every container, interrupted creations included (status "creating"). */
  async list(): Promise<ContainerInfo[]> {
    const result: ContainerInfo[] = [];
    for (const id of await this.store.ids()) {
      const record = await this.store.read(id);
      if (!record) continue;
      const current = record.status === 'running' ? await this.reconciled(id) : record;
      result.push({ ...current, paths: this.store.paths(id) });
    }
    return result.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  /** Waits for a running container to end (polling when another process started it). */
  async wait(ref: string): Promise<number | null> {
    const id = await this.store.resolve(ref);
    const record = await this.reconciled(id);
    if (record.status === 'running') {
      while (!(await this.waitForEnd(record, 60_000))) {
        // keep waiting: containers may run for days
      }
      const after = await this.reconciled(id);
      return after.exitCode;
    }
    return record.exitCode;
  }

  /** Waits for background work (deleting removed containers' files) to finish. */
  async drain(): Promise<void> {
    await this.store.drain();
  }

  /** Closes the descriptors this Runtime keeps (init and seccomp memfds). */
  close(): void {
    const native = nativeSpawnApi();
    if (this.initFd !== null) native.closeFd(this.initFd);
    this.initFd = null;
    for (const fd of this.seccompFds.values()) native.closeFd(fd);
    this.seccompFds.clear();
    this.seccompFdsByCaps.clear();
  }
}
