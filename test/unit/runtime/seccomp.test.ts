import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';

import { HutchError } from '../../../helper/src/errors';
import { compiledSeccompProgram, seccompCacheFile } from '../../../helper/src/runtime/seccomp';
import {
  ALL_CAPABILITIES,
  CAPABILITY_NUMBERS,
  DEFAULT_CAPABILITIES,
  defaultSeccompProfile,
  seccompProfileKey,
  toOciSeccomp,
  type SeccompProfile,
  type SeccompRule,
} from '../../../helper/src/runtime/seccomp-profile';

const EPERM = 1;
const ENOSYS = 38;

/** The rules that name syscall, in profile order. */
function rulesFor(profile: SeccompProfile, syscall: string): SeccompRule[] {
  return profile.rules.filter((rule) => rule.names.includes(syscall));
}

/** What an unconditional rule does to syscall: 'allow', an errno, or 'default' when no rule names it. */
function outcome(profile: SeccompProfile, syscall: string): 'allow' | number | 'default' {
  const rules = rulesFor(profile, syscall).filter((rule) => rule.args === undefined || rule.args.length === 0);
  assert.ok(rules.length <= 1, `${syscall} has ${rules.length} unconditional rules`);
  const rule = rules[0];
  if (rule === undefined) return 'default';
  return rule.action === 'SCMP_ACT_ALLOW' ? 'allow' : rule.errnoRet ?? EPERM;
}

describe('capability tables', () => {
  test('ALL_CAPABILITIES lists the 41 kernel capabilities in number order', () => {
    assert.equal(ALL_CAPABILITIES.length, 41);
    assert.deepEqual(ALL_CAPABILITIES.map((name) => CAPABILITY_NUMBERS[name]), [...Array(41).keys()]);
    assert.equal(CAPABILITY_NUMBERS.CAP_SYS_ADMIN, 21);
    assert.equal(CAPABILITY_NUMBERS.CAP_CHECKPOINT_RESTORE, 40);
  });

  test("DEFAULT_CAPABILITIES are Docker's 14", () => {
    assert.deepEqual([...DEFAULT_CAPABILITIES].sort(), [
      'CAP_AUDIT_WRITE', 'CAP_CHOWN', 'CAP_DAC_OVERRIDE', 'CAP_FOWNER', 'CAP_FSETID', 'CAP_KILL',
      'CAP_MKNOD', 'CAP_NET_BIND_SERVICE', 'CAP_NET_RAW', 'CAP_SETFCAP', 'CAP_SETGID',
      'CAP_SETPCAP', 'CAP_SETUID', 'CAP_SYS_CHROOT',
    ]);
  });
});

describe('defaultSeccompProfile', () => {
  const profile = defaultSeccompProfile(DEFAULT_CAPABILITIES);

  test('answers syscalls it does not mention with ENOSYS so libc falls back', () => {
    assert.equal(profile.defaultAction, 'SCMP_ACT_ERRNO');
    assert.equal(profile.defaultErrnoRet, ENOSYS);
    assert.equal(outcome(profile, 'ustat'), 'default');
  });

  test('blocks what Docker blocks with EPERM under the default capabilities', () => {
    for (const syscall of [
      'mount', 'umount2', 'unshare', 'setns', 'pivot_root', 'kexec_load', 'kexec_file_load', 'bpf',
      'keyctl', 'add_key', 'request_key', 'userfaultfd', 'perf_event_open', 'io_uring_setup',
      'syslog', 'sethostname', 'init_module', 'reboot', 'open_by_handle_at', 'kcmp',
    ]) {
      assert.equal(outcome(profile, syscall), EPERM, syscall);
    }
  });

  test('allows ptrace, process_vm_readv and personality so debuggers work without extra capabilities', () => {
    for (const syscall of ['ptrace', 'process_vm_readv', 'process_vm_writev', 'personality']) {
      assert.equal(outcome(profile, syscall), 'allow', syscall);
    }
    assert.ok(rulesFor(profile, 'personality').every((rule) => rule.args === undefined), 'personality takes any persona');
  });

  test('allows chroot because CAP_SYS_CHROOT is a default capability', () => {
    assert.equal(outcome(profile, 'chroot'), 'allow');
    assert.equal(outcome(defaultSeccompProfile([]), 'chroot'), EPERM);
  });

  test('allows clone only without namespace flags, and answers clone3 with ENOSYS', () => {
    const clone = rulesFor(profile, 'clone');
    const allow = clone.filter((rule) => rule.action === 'SCMP_ACT_ALLOW');
    assert.deepEqual(allow.map((rule) => rule.args), [
      [{ index: 0, value: 0x7e020000, valueTwo: 0, op: 'SCMP_CMP_MASKED_EQ' }],
    ]);
    const denied = clone.filter((rule) => rule.action === 'SCMP_ACT_ERRNO');
    assert.equal(denied.length, 7, 'one EPERM rule per namespace flag');
    assert.ok(denied.every((rule) => rule.errnoRet === EPERM));
    assert.deepEqual(rulesFor(profile, 'clone3'), [{ names: ['clone3'], action: 'SCMP_ACT_ERRNO', errnoRet: ENOSYS }]);
  });

  test('allows socket except AF_ALG and AF_VSOCK', () => {
    const socket = rulesFor(profile, 'socket');
    const errno = socket.filter((rule) => rule.action === 'SCMP_ACT_ERRNO').map((rule) => rule.args?.[0]?.value);
    assert.deepEqual(errno, [38, 40]);
    assert.equal(socket.filter((rule) => rule.action === 'SCMP_ACT_ALLOW').length, 3);
  });

  test('CAP_SYS_ADMIN enables mount, unshare, setns, and clone/clone3 with any flags', () => {
    const admin = defaultSeccompProfile([...DEFAULT_CAPABILITIES, 'CAP_SYS_ADMIN']);
    for (const syscall of ['mount', 'umount2', 'unshare', 'setns', 'clone', 'clone3', 'bpf', 'sethostname']) {
      assert.equal(outcome(admin, syscall), 'allow', syscall);
    }
    assert.equal(rulesFor(admin, 'clone').length, 1);
    assert.equal(outcome(admin, 'kexec_load'), EPERM, 'no capability enables kexec');
  });

  test('each capability-gated group opens only with its capability', () => {
    const cases: Array<[string, string]> = [
      ['CAP_SYS_PTRACE', 'kcmp'], ['CAP_SYS_MODULE', 'finit_module'], ['CAP_SYS_TIME', 'clock_settime'],
      ['CAP_SYS_BOOT', 'reboot'], ['CAP_SYS_NICE', 'mbind'], ['CAP_SYS_PACCT', 'acct'],
      ['CAP_SYS_RAWIO', 'iopl'], ['CAP_SYSLOG', 'syslog'], ['CAP_BPF', 'bpf'], ['CAP_PERFMON', 'perf_event_open'],
      ['CAP_DAC_READ_SEARCH', 'open_by_handle_at'], ['CAP_SYS_TTY_CONFIG', 'vhangup'],
    ];
    for (const [capability, syscall] of cases) {
      assert.equal(outcome(profile, syscall), EPERM, `${syscall} without ${capability}`);
      assert.equal(outcome(defaultSeccompProfile([capability]), syscall), 'allow', `${syscall} with ${capability}`);
    }
  });

  test('never names a syscall in two unconditional rules (libseccomp would reject the conflict)', () => {
    for (const caps of [DEFAULT_CAPABILITIES, ALL_CAPABILITIES, []]) {
      const seen = new Set<string>();
      for (const rule of defaultSeccompProfile(caps).rules) {
        if (rule.args !== undefined) continue;
        for (const name of rule.names) {
          assert.ok(!seen.has(name), `${name} appears twice`);
          seen.add(name);
        }
      }
    }
  });

  test('rejects an unknown capability with a HutchError naming it', () => {
    assert.throws(
      () => defaultSeccompProfile(['SYS_PTRACE']),
      (error: unknown) => error instanceof HutchError && error.code === 'invalid-argument' && error.message.includes('SYS_PTRACE'),
    );
  });
});

describe('seccompProfileKey', () => {
  test('is stable for equal profiles and differs when capabilities differ', () => {
    const a = seccompProfileKey(defaultSeccompProfile(DEFAULT_CAPABILITIES));
    assert.match(a, /^[0-9a-f]{64}$/);
    assert.equal(seccompProfileKey(defaultSeccompProfile([...DEFAULT_CAPABILITIES].reverse())), a);
    assert.notEqual(seccompProfileKey(defaultSeccompProfile([...DEFAULT_CAPABILITIES, 'CAP_SYS_PTRACE'])), a);
  });

  test('treats a number and the equal BigInt as the same value', () => {
    const withArg = (value: number | bigint): SeccompProfile => ({
      defaultAction: 'SCMP_ACT_ERRNO',
      defaultErrnoRet: ENOSYS,
      rules: [{ names: ['socket'], action: 'SCMP_ACT_ALLOW', args: [{ index: 0, value, op: 'SCMP_CMP_EQ' }] }],
    });
    assert.equal(seccompProfileKey(withArg(2)), seccompProfileKey(withArg(2n)));
  });
});

describe('compiledSeccompProgram', () => {
  const cacheDir = mkdtempSync(join(tmpdir(), 'hutch-seccomp-test-'));
  after(() => rmSync(cacheDir, { recursive: true, force: true }));

  test('compiles the default profile to a non-empty BPF program of whole 8-byte instructions', () => {
    const program = compiledSeccompProgram(defaultSeccompProfile(DEFAULT_CAPABILITIES));
    assert.ok(program.length > 0);
    assert.equal(program.length % 8, 0);
  });

  test('returns the same Buffer for an equal profile', () => {
    const first = compiledSeccompProgram(defaultSeccompProfile(ALL_CAPABILITIES));
    const second = compiledSeccompProgram(defaultSeccompProfile([...ALL_CAPABILITIES]));
    assert.equal(first, second);
  });

  test('uses a whole program found in the cache directory instead of compiling', () => {
    const profile = defaultSeccompProfile(['CAP_SYS_NICE']);
    const planted = Buffer.alloc(16, 0xab);
    writeFileSync(seccompCacheFile(cacheDir, profile), planted);
    assert.deepEqual(compiledSeccompProgram(profile, { cacheDir }), planted);
    rmSync(seccompCacheFile(cacheDir, profile));
  });

  test('writes the program to the cache directory, leaving no temp file', () => {
    const profile = defaultSeccompProfile(['CAP_SYS_PACCT']);
    const program = compiledSeccompProgram(profile, { cacheDir });
    assert.deepEqual(readdirSync(cacheDir), [basename(seccompCacheFile(cacheDir, profile))], 'no temp file left');
    assert.deepEqual(readFileSync(seccompCacheFile(cacheDir, profile)), program);
  });

  test('ignores a torn cache file and replaces it', () => {
    const profile = defaultSeccompProfile(['CAP_SYS_BOOT']);
    const file = seccompCacheFile(cacheDir, profile);
    writeFileSync(file, Buffer.alloc(13));
    const program = compiledSeccompProgram(profile, { cacheDir });
    assert.equal(program.length % 8, 0);
    assert.deepEqual(readFileSync(file), program);
  });

  test('reports a profile libseccomp refuses as an invalid-argument HutchError', () => {
    const bad: SeccompProfile = {
      defaultAction: 'SCMP_ACT_ERRNO',
      defaultErrnoRet: ENOSYS,
      rules: [{ names: ['read'], action: 'SCMP_ACT_ALLOW', args: [{ index: 7, value: 0, op: 'SCMP_CMP_EQ' }] }],
    };
    assert.throws(
      () => compiledSeccompProgram(bad),
      (error: unknown) => error instanceof HutchError && error.code === 'invalid-argument' && /index 7/.test(error.message),
    );
  });
});

describe('toOciSeccomp', () => {
  test('writes the OCI linux.seccomp form with x86 sub-architectures and errnoRet only on ERRNO rules', () => {
    const profile = defaultSeccompProfile(DEFAULT_CAPABILITIES);
    const oci = toOciSeccomp(profile, 'x64');
    assert.equal(oci.defaultAction, 'SCMP_ACT_ERRNO');
    assert.equal(oci.defaultErrnoRet, ENOSYS);
    assert.deepEqual(oci.architectures, ['SCMP_ARCH_X86_64', 'SCMP_ARCH_X86', 'SCMP_ARCH_X32']);
    assert.equal(oci.syscalls.length, profile.rules.length);
    for (const syscall of oci.syscalls) {
      assert.equal('errnoRet' in syscall, syscall.action === 'SCMP_ACT_ERRNO');
    }
    const cloneAllow = oci.syscalls.find((s) => s.names.includes('clone') && s.action === 'SCMP_ACT_ALLOW');
    assert.deepEqual(cloneAllow?.args, [{ index: 0, value: 0x7e020000, valueTwo: 0, op: 'SCMP_CMP_MASKED_EQ' }]);
    // Must survive JSON (no BigInt) since the benchmark writes it into runc's config.json.
    assert.deepEqual(JSON.parse(JSON.stringify(oci)), oci);
  });
});
