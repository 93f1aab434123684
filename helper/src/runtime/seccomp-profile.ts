/**
 * Hutch's default seccomp profile, as data. Pure: no addon, no files. Compilation to BPF and
 * its cache live in ./seccomp.ts; the container's init only loads the compiled program.
 *
 * The policy follows Docker's default (moby/profiles `seccomp/default.json`, the profile
 * dev-container images are built and tested against; research/runtimes.md §1.2), with three
 * deliberate differences:
 *  - syscalls the profile does not mention fail with ENOSYS, not EPERM, so libc and runtimes
 *    treat a syscall newer than the profile as "kernel too old" and fall back (glibc does so
 *    for clone3, faccessat2, fchmodat2, statx ...);
 *  - the syscalls it blocks on purpose (mount, unshare, kexec_load, bpf, keyctl ...) are listed
 *    explicitly with EPERM, so they still read as "not permitted";
 *  - personality() is allowed with any argument: gdb, lldb and rr call
 *    personality(ADDR_NO_RANDOMIZE), which Docker's value list refuses; that refusal is why
 *    dev containers end up with `seccomp=unconfined`.
 */
import { createHash } from 'node:crypto';

import { HutchError } from '../errors';

export type SeccompAction =
  | 'SCMP_ACT_ALLOW'
  | 'SCMP_ACT_ERRNO'
  | 'SCMP_ACT_KILL_PROCESS'
  | 'SCMP_ACT_TRAP'
  | 'SCMP_ACT_LOG';

export type SeccompCompareOp =
  | 'SCMP_CMP_EQ'
  | 'SCMP_CMP_NE'
  | 'SCMP_CMP_LT'
  | 'SCMP_CMP_LE'
  | 'SCMP_CMP_GT'
  | 'SCMP_CMP_GE'
  | 'SCMP_CMP_MASKED_EQ';

/** One comparison of syscall argument `index`; for MASKED_EQ, `value` is the mask and `valueTwo` the datum. */
export interface SeccompArg {
  index: number;
  value: number | bigint;
  valueTwo?: number | bigint;
  op: SeccompCompareOp;
}

/** Every syscall in `names` gets `action` when all `args` match. `errnoRet` defaults to EPERM, as in OCI. */
export interface SeccompRule {
  names: string[];
  action: SeccompAction;
  errnoRet?: number;
  args?: SeccompArg[];
}

export interface SeccompProfile {
  defaultAction: SeccompAction;
  defaultErrnoRet: number;
  rules: SeccompRule[];
}

const EPERM = 1;
const ENOSYS = 38;

/** Linux capability numbers (include/uapi/linux/capability.h), CAP_CHOWN (0) to CAP_CHECKPOINT_RESTORE (40). */
export const CAPABILITY_NUMBERS = {
  CAP_CHOWN: 0,
  CAP_DAC_OVERRIDE: 1,
  CAP_DAC_READ_SEARCH: 2,
  CAP_FOWNER: 3,
  CAP_FSETID: 4,
  CAP_KILL: 5,
  CAP_SETGID: 6,
  CAP_SETUID: 7,
  CAP_SETPCAP: 8,
  CAP_LINUX_IMMUTABLE: 9,
  CAP_NET_BIND_SERVICE: 10,
  CAP_NET_BROADCAST: 11,
  CAP_NET_ADMIN: 12,
  CAP_NET_RAW: 13,
  CAP_IPC_LOCK: 14,
  CAP_IPC_OWNER: 15,
  CAP_SYS_MODULE: 16,
  CAP_SYS_RAWIO: 17,
  CAP_SYS_CHROOT: 18,
  CAP_SYS_PTRACE: 19,
  CAP_SYS_PACCT: 20,
  CAP_SYS_ADMIN: 21,
  CAP_SYS_BOOT: 22,
  CAP_SYS_NICE: 23,
  CAP_SYS_RESOURCE: 24,
  CAP_SYS_TIME: 25,
  CAP_SYS_TTY_CONFIG: 26,
  CAP_MKNOD: 27,
  CAP_LEASE: 28,
  CAP_AUDIT_WRITE: 29,
  CAP_AUDIT_CONTROL: 30,
  CAP_SETFCAP: 31,
  CAP_MAC_OVERRIDE: 32,
  CAP_MAC_ADMIN: 33,
  CAP_SYSLOG: 34,
  CAP_WAKE_ALARM: 35,
  CAP_BLOCK_SUSPEND: 36,
  CAP_AUDIT_READ: 37,
  CAP_PERFMON: 38,
  CAP_BPF: 39,
  CAP_CHECKPOINT_RESTORE: 40,
} as const;

export type Capability = keyof typeof CAPABILITY_NUMBERS;

/** All 41 capabilities, in number order. */
export const ALL_CAPABILITIES: readonly Capability[] = (Object.keys(CAPABILITY_NUMBERS) as Capability[]).sort(
  (a, b) => CAPABILITY_NUMBERS[a] - CAPABILITY_NUMBERS[b],
);

/** Docker's 14 default capabilities (moby `daemon/pkg/oci/caps/defaults.go`). */
export const DEFAULT_CAPABILITIES: readonly Capability[] = [
  'CAP_CHOWN',
  'CAP_DAC_OVERRIDE',
  'CAP_FSETID',
  'CAP_FOWNER',
  'CAP_MKNOD',
  'CAP_NET_RAW',
  'CAP_SETGID',
  'CAP_SETUID',
  'CAP_SETFCAP',
  'CAP_SETPCAP',
  'CAP_NET_BIND_SERVICE',
  'CAP_SYS_CHROOT',
  'CAP_KILL',
  'CAP_AUDIT_WRITE',
];

export function isCapability(name: string): name is Capability {
  return Object.prototype.hasOwnProperty.call(CAPABILITY_NUMBERS, name);
}

/**
 * Docker's unconditional allowlist. Names of other kernels' or architectures' syscalls are
 * harmless: the compiler skips names libseccomp cannot resolve (their callers get ENOSYS).
 * io_uring_* is absent on purpose: Docker dropped it in 2023 (moby 891241e7) after a run of
 * io_uring privilege escalations.
 */
const ALWAYS_ALLOWED: readonly string[] = [
  'accept', 'accept4', 'access', 'adjtimex', 'alarm', 'bind', 'brk', 'cachestat', 'capget',
  'capset', 'chdir', 'chmod', 'chown', 'chown32', 'clock_adjtime', 'clock_adjtime64',
  'clock_getres', 'clock_getres_time64', 'clock_gettime', 'clock_gettime64', 'clock_nanosleep',
  'clock_nanosleep_time64', 'close', 'close_range', 'connect', 'copy_file_range', 'creat', 'dup',
  'dup2', 'dup3', 'epoll_create', 'epoll_create1', 'epoll_ctl', 'epoll_ctl_old', 'epoll_pwait',
  'epoll_pwait2', 'epoll_wait', 'epoll_wait_old', 'eventfd', 'eventfd2', 'execve', 'execveat',
  'exit', 'exit_group', 'faccessat', 'faccessat2', 'fadvise64', 'fadvise64_64', 'fallocate',
  'fanotify_mark', 'fchdir', 'fchmod', 'fchmodat', 'fchmodat2', 'fchown', 'fchown32', 'fchownat',
  'fcntl', 'fcntl64', 'fdatasync', 'fgetxattr', 'flistxattr', 'flock', 'fork', 'fremovexattr',
  'fsetxattr', 'fstat', 'fstat64', 'fstatat64', 'fstatfs', 'fstatfs64', 'fsync', 'ftruncate',
  'ftruncate64', 'futex', 'futex_requeue', 'futex_time64', 'futex_wait', 'futex_waitv',
  'futex_wake', 'futimesat', 'getcpu', 'getcwd', 'getdents', 'getdents64', 'getegid',
  'getegid32', 'geteuid', 'geteuid32', 'getgid', 'getgid32', 'getgroups', 'getgroups32',
  'getitimer', 'getpeername', 'getpgid', 'getpgrp', 'getpid', 'getppid', 'getpriority',
  'getrandom', 'getresgid', 'getresgid32', 'getresuid', 'getresuid32', 'getrlimit',
  'get_robust_list', 'getrusage', 'getsid', 'getsockname', 'getsockopt', 'get_thread_area',
  'gettid', 'gettimeofday', 'getuid', 'getuid32', 'getxattr', 'getxattrat', 'inotify_add_watch',
  'inotify_init', 'inotify_init1', 'inotify_rm_watch', 'io_cancel', 'ioctl', 'io_destroy',
  'io_getevents', 'io_pgetevents', 'io_pgetevents_time64', 'ioprio_get', 'ioprio_set', 'io_setup',
  'io_submit', 'ipc', 'kill', 'landlock_add_rule', 'landlock_create_ruleset',
  'landlock_restrict_self', 'lchown', 'lchown32', 'lgetxattr', 'link', 'linkat', 'listen',
  'listmount', 'listxattr', 'listxattrat', 'llistxattr', '_llseek', 'lremovexattr', 'lseek',
  'lsetxattr', 'lstat', 'lstat64', 'madvise', 'map_shadow_stack', 'membarrier', 'memfd_create',
  'memfd_secret', 'mincore', 'mkdir', 'mkdirat', 'mknod', 'mknodat', 'mlock', 'mlock2',
  'mlockall', 'mmap', 'mmap2', 'mprotect', 'mq_getsetattr', 'mq_notify', 'mq_open',
  'mq_timedreceive', 'mq_timedreceive_time64', 'mq_timedsend', 'mq_timedsend_time64',
  'mq_unlink', 'mremap', 'mseal', 'msgctl', 'msgget', 'msgrcv', 'msgsnd', 'msync', 'munlock',
  'munlockall', 'munmap', 'name_to_handle_at', 'nanosleep', 'newfstatat', '_newselect', 'open',
  'openat', 'openat2', 'pause', 'pidfd_open', 'pidfd_send_signal', 'pipe', 'pipe2', 'pkey_alloc',
  'pkey_free', 'pkey_mprotect', 'poll', 'ppoll', 'ppoll_time64', 'prctl', 'pread64', 'preadv',
  'preadv2', 'prlimit64', 'process_mrelease', 'pselect6', 'pselect6_time64', 'pwrite64',
  'pwritev', 'pwritev2', 'read', 'readahead', 'readlink', 'readlinkat', 'readv', 'recv',
  'recvfrom', 'recvmmsg', 'recvmmsg_time64', 'recvmsg', 'remap_file_pages', 'removexattr',
  'removexattrat', 'rename', 'renameat', 'renameat2', 'restart_syscall', 'riscv_hwprobe', 'rmdir',
  'rseq', 'rt_sigaction', 'rt_sigpending', 'rt_sigprocmask', 'rt_sigqueueinfo', 'rt_sigreturn',
  'rt_sigsuspend', 'rt_sigtimedwait', 'rt_sigtimedwait_time64', 'rt_tgsigqueueinfo',
  'sched_getaffinity', 'sched_getattr', 'sched_getparam', 'sched_get_priority_max',
  'sched_get_priority_min', 'sched_getscheduler', 'sched_rr_get_interval',
  'sched_rr_get_interval_time64', 'sched_setaffinity', 'sched_setattr', 'sched_setparam',
  'sched_setscheduler', 'sched_yield', 'seccomp', 'select', 'semctl', 'semget', 'semop',
  'semtimedop', 'semtimedop_time64', 'send', 'sendfile', 'sendfile64', 'sendmmsg', 'sendmsg',
  'sendto', 'setfsgid', 'setfsgid32', 'setfsuid', 'setfsuid32', 'setgid', 'setgid32',
  'setgroups', 'setgroups32', 'setitimer', 'setpgid', 'setpriority', 'setregid', 'setregid32',
  'setresgid', 'setresgid32', 'setresuid', 'setresuid32', 'setreuid', 'setreuid32', 'setrlimit',
  'set_robust_list', 'setsid', 'setsockopt', 'set_thread_area', 'set_tid_address', 'setuid',
  'setuid32', 'setxattr', 'setxattrat', 'shmat', 'shmctl', 'shmdt', 'shmget', 'shutdown',
  'sigaltstack', 'signalfd', 'signalfd4', 'sigprocmask', 'sigreturn', 'socketcall', 'socketpair',
  'splice', 'stat', 'stat64', 'statfs', 'statfs64', 'statmount', 'statx', 'symlink', 'symlinkat',
  'sync', 'sync_file_range', 'syncfs', 'sysinfo', 'tee', 'tgkill', 'time', 'timer_create',
  'timer_delete', 'timer_getoverrun', 'timer_gettime', 'timer_gettime64', 'timer_settime',
  'timer_settime64', 'timerfd_create', 'timerfd_gettime', 'timerfd_gettime64', 'timerfd_settime',
  'timerfd_settime64', 'times', 'tkill', 'truncate', 'truncate64', 'ugetrlimit', 'umask', 'uname',
  'unlink', 'unlinkat', 'uretprobe', 'utime', 'utimensat', 'utimensat_time64', 'utimes', 'vfork',
  'vmsplice', 'wait4', 'waitid', 'waitpid', 'write', 'writev',
  // Debuggers. Docker allows these without CAP_SYS_PTRACE on kernels >= 4.8, where a tracer can
  // no longer skip its tracee's seccomp filter; the kernel's own ptrace checks (same uid, Yama)
  // still apply. personality: see the module comment.
  'ptrace', 'process_vm_readv', 'process_vm_writev', 'personality',
  // Architecture-specific, as in Docker's arch-conditional entries.
  'arch_prctl', 'modify_ldt',
  'arm_fadvise64_64', 'arm_sync_file_range', 'sync_file_range2', 'breakpoint', 'cacheflush',
  'set_tls', 'swapcontext', 's390_pci_mmio_read', 's390_pci_mmio_write', 's390_runtime_instr',
  'riscv_flush_icache',
];

/**
 * Syscalls a capability makes useful, allowed only when the container holds it (Docker's
 * `includes.caps` entries) and refused with EPERM otherwise. clone and clone3 have their own
 * rules below when CAP_SYS_ADMIN is missing.
 */
const CAPABILITY_GATED: ReadonlyArray<{ capability: Capability; names: readonly string[] }> = [
  { capability: 'CAP_DAC_READ_SEARCH', names: ['open_by_handle_at'] },
  {
    capability: 'CAP_SYS_ADMIN',
    names: [
      'bpf', 'clone', 'clone3', 'fanotify_init', 'fsconfig', 'fsmount', 'fsopen', 'fspick',
      'lookup_dcookie', 'lsm_get_self_attr', 'lsm_list_modules', 'lsm_set_self_attr', 'mount',
      'mount_setattr', 'move_mount', 'open_tree', 'perf_event_open', 'quotactl', 'quotactl_fd',
      'setdomainname', 'sethostname', 'setns', 'syslog', 'umount', 'umount2', 'unshare',
    ],
  },
  { capability: 'CAP_SYS_BOOT', names: ['reboot'] },
  { capability: 'CAP_SYS_CHROOT', names: ['chroot'] },
  { capability: 'CAP_SYS_MODULE', names: ['delete_module', 'init_module', 'finit_module'] },
  { capability: 'CAP_SYS_PACCT', names: ['acct'] },
  { capability: 'CAP_SYS_PTRACE', names: ['kcmp', 'pidfd_getfd', 'process_madvise'] },
  { capability: 'CAP_SYS_RAWIO', names: ['iopl', 'ioperm'] },
  { capability: 'CAP_SYS_TIME', names: ['settimeofday', 'stime', 'clock_settime', 'clock_settime64'] },
  { capability: 'CAP_SYS_TTY_CONFIG', names: ['vhangup'] },
  { capability: 'CAP_SYS_NICE', names: ['get_mempolicy', 'mbind', 'set_mempolicy', 'set_mempolicy_home_node'] },
  { capability: 'CAP_SYSLOG', names: ['syslog'] },
  { capability: 'CAP_BPF', names: ['bpf'] },
  { capability: 'CAP_PERFMON', names: ['perf_event_open'] },
];

/**
 * Refused with EPERM whatever the capabilities, as Docker refuses them (by its default action):
 * kexec replaces the host kernel; the keyring is not namespaced; userfaultfd and io_uring have
 * been the vehicle of repeated kernel exploits; pivot_root and swap belong to the host;
 * the rest are obsolete interfaces with old bugs.
 */
const ALWAYS_BLOCKED: readonly string[] = [
  'kexec_load', 'kexec_file_load', 'keyctl', 'add_key', 'request_key', 'userfaultfd',
  'io_uring_setup', 'io_uring_enter', 'io_uring_register', 'pivot_root', 'swapon', 'swapoff',
  'move_pages', 'migrate_pages', 'uselib', '_sysctl', 'nfsservctl', 'vm86', 'vm86old',
  'create_module', 'get_kernel_syms', 'query_module',
];

/** CLONE_NEWNS | CLONE_NEWCGROUP | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNET. */
const CLONE_NAMESPACE_FLAGS = [
  0x00020000, 0x02000000, 0x04000000, 0x08000000, 0x10000000, 0x20000000, 0x40000000,
] as const;
const CLONE_NAMESPACE_MASK = CLONE_NAMESPACE_FLAGS.reduce((mask, flag) => mask | flag, 0); // 0x7E020000

const AF_ALG = 38;
const AF_VSOCK = 40;

/**
 * The default profile for a container holding `capabilities` (the final set, after capAdd and
 * capDrop). Deterministic: the same capabilities give the same profile and the same cache key.
 */
export function defaultSeccompProfile(capabilities: readonly string[]): SeccompProfile {
  const granted = new Set<Capability>();
  for (const name of capabilities) {
    if (!isCapability(name)) {
      throw new HutchError(
        'invalid-argument',
        `unknown capability ${JSON.stringify(name)}`,
        'use kernel names such as CAP_SYS_PTRACE (see capabilities(7))',
      );
    }
    granted.add(name);
  }
  const hasSysAdmin = granted.has('CAP_SYS_ADMIN');

  const allowed = new Set(ALWAYS_ALLOWED);
  const gated = new Set<string>();
  for (const group of CAPABILITY_GATED) {
    for (const name of group.names) {
      if (granted.has(group.capability)) allowed.add(name);
      else gated.add(name);
    }
  }
  // A syscall gated by two capabilities (syslog, bpf, perf_event_open) is allowed by either.
  // clone/clone3 without CAP_SYS_ADMIN get the argument rules below instead of a flat EPERM.
  const blocked = [...new Set([...ALWAYS_BLOCKED, ...gated])]
    .filter((name) => !allowed.has(name) && name !== 'clone' && name !== 'clone3')
    .sort();

  const rules: SeccompRule[] = [{ names: [...allowed].sort(), action: 'SCMP_ACT_ALLOW' }];

  // Docker allows every address family but AF_ALG (kernel crypto API, a recurring source of
  // kernel bugs) and AF_VSOCK (talks to the hypervisor, outside the container's network).
  rules.push(
    { names: ['socket'], action: 'SCMP_ACT_ALLOW', args: [{ index: 0, value: AF_ALG, op: 'SCMP_CMP_LT' }] },
    { names: ['socket'], action: 'SCMP_ACT_ALLOW', args: [{ index: 0, value: AF_ALG + 1, op: 'SCMP_CMP_EQ' }] },
    { names: ['socket'], action: 'SCMP_ACT_ALLOW', args: [{ index: 0, value: AF_VSOCK, op: 'SCMP_CMP_GT' }] },
    { names: ['socket'], action: 'SCMP_ACT_ERRNO', errnoRet: EPERM, args: [{ index: 0, value: AF_ALG, op: 'SCMP_CMP_EQ' }] },
    { names: ['socket'], action: 'SCMP_ACT_ERRNO', errnoRet: EPERM, args: [{ index: 0, value: AF_VSOCK, op: 'SCMP_CMP_EQ' }] },
  );

  if (!hasSysAdmin) {
    // fork and pthread_create use clone without namespace flags; creating namespaces needs
    // CAP_SYS_ADMIN in Docker's model. One EPERM rule per flag because seccomp can test
    // "(flags & mask) == value" but not "(flags & mask) != 0".
    rules.push({
      names: ['clone'],
      action: 'SCMP_ACT_ALLOW',
      args: [{ index: 0, value: CLONE_NAMESPACE_MASK, valueTwo: 0, op: 'SCMP_CMP_MASKED_EQ' }],
    });
    for (const flag of CLONE_NAMESPACE_FLAGS) {
      rules.push({
        names: ['clone'],
        action: 'SCMP_ACT_ERRNO',
        errnoRet: EPERM,
        args: [{ index: 0, value: flag, valueTwo: flag, op: 'SCMP_CMP_MASKED_EQ' }],
      });
    }
    // clone3 passes its flags in memory, out of seccomp's reach; ENOSYS makes glibc (>= 2.34)
    // fall back to clone, where the flags are checked above. Equal to the default action, kept
    // for the reader and for runc, which gets the same profile through toOciSeccomp.
    rules.push({ names: ['clone3'], action: 'SCMP_ACT_ERRNO', errnoRet: ENOSYS });
  }

  rules.push({ names: blocked, action: 'SCMP_ACT_ERRNO', errnoRet: EPERM });

  return { defaultAction: 'SCMP_ACT_ERRNO', defaultErrnoRet: ENOSYS, rules };
}

function uint64Text(value: number | bigint): string {
  return typeof value === 'bigint' || Number.isInteger(value) ? BigInt(value).toString() : String(value);
}

/**
 * A stable cache key: sha256 of a canonical JSON form in which 5 and 5n are the same value,
 * left-out errnoRet/valueTwo equal their defaults, and property order does not matter.
 */
export function seccompProfileKey(profile: SeccompProfile): string {
  const canonical = {
    format: 'hutch-seccomp-profile/1',
    defaultAction: profile.defaultAction,
    defaultErrnoRet: profile.defaultAction === 'SCMP_ACT_ERRNO' ? profile.defaultErrnoRet : null,
    rules: profile.rules.map((rule) => ({
      names: rule.names,
      action: rule.action,
      errnoRet: rule.action === 'SCMP_ACT_ERRNO' ? rule.errnoRet ?? EPERM : null,
      args: (rule.args ?? []).map((arg) => ({
        index: arg.index,
        value: uint64Text(arg.value),
        valueTwo: uint64Text(arg.valueTwo ?? 0),
        op: arg.op,
      })),
    })),
  };
  return createHash('sha256').update(JSON.stringify(canonical)).digest('hex');
}

/** linux.seccomp of an OCI runtime-spec config.json (config-linux.md, "Seccomp"). */
export interface OciSeccomp {
  defaultAction: SeccompAction;
  defaultErrnoRet?: number;
  architectures: string[];
  syscalls: OciSeccompSyscall[];
}

export interface OciSeccompSyscall {
  names: string[];
  action: SeccompAction;
  errnoRet?: number;
  args?: Array<{ index: number; value: number; valueTwo: number; op: SeccompCompareOp }>;
}

/** The architectures seccomp.c filters for each host, so runc enforces the same set. */
const OCI_ARCHITECTURES: Partial<Record<NodeJS.Architecture, readonly string[]>> = {
  x64: ['SCMP_ARCH_X86_64', 'SCMP_ARCH_X86', 'SCMP_ARCH_X32'],
  arm64: ['SCMP_ARCH_AARCH64'],
};

function jsonNumber(value: number | bigint, where: string): number {
  if (typeof value === 'number') return value;
  if (value <= BigInt(Number.MAX_SAFE_INTEGER)) return Number(value);
  throw new HutchError(
    'unsupported',
    `seccomp ${where} ${value} is above 2^53 and cannot be written as a JSON number`,
    'no profile Hutch generates needs such a value; check the rule that sets it',
  );
}

/**
 * The same profile in OCI form, for runc (the benchmark runs both runtimes under one policy).
 * errnoRet is written only for SCMP_ACT_ERRNO, where the spec allows it.
 */
export function toOciSeccomp(profile: SeccompProfile, arch: NodeJS.Architecture = process.arch): OciSeccomp {
  const architectures = OCI_ARCHITECTURES[arch];
  if (architectures === undefined) {
    throw new HutchError('unsupported', `no seccomp architecture list for ${arch}`, 'Hutch supports x64 and arm64 hosts');
  }
  const oci: OciSeccomp = {
    defaultAction: profile.defaultAction,
    architectures: [...architectures],
    syscalls: profile.rules.map((rule, index) => {
      const syscall: OciSeccompSyscall = { names: [...rule.names], action: rule.action };
      if (rule.action === 'SCMP_ACT_ERRNO') syscall.errnoRet = rule.errnoRet ?? EPERM;
      if (rule.args !== undefined && rule.args.length > 0) {
        syscall.args = rule.args.map((arg) => ({
          index: arg.index,
          value: jsonNumber(arg.value, `rules[${index}] value`),
          valueTwo: jsonNumber(arg.valueTwo ?? 0, `rules[${index}] valueTwo`),
          op: arg.op,
        }));
      }
      return syscall;
    }),
  };
  if (profile.defaultAction === 'SCMP_ACT_ERRNO') oci.defaultErrnoRet = profile.defaultErrnoRet;
  return oci;
}
