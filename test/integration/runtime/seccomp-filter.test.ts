/**
 * The compiled default profile, loaded into a real process by the kernel: what a container's
 * process sees. A small C harness loads the program exactly as hutch-init does (no_new_privs,
 * then PR_SET_SECCOMP), probes syscalls and prints what each returned as JSON.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { compiledSeccompProgram } from '../../../helper/src/runtime/seccomp';
import { DEFAULT_CAPABILITIES, defaultSeccompProfile } from '../../../helper/src/runtime/seccomp-profile';

const HARNESS = String.raw`
#define _GNU_SOURCE
#include <errno.h>
#include <linux/filter.h>
#include <linux/sched.h>
#include <linux/seccomp.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

/* Each probe prints "name": 0 on success or the errno name's number on failure. */
static int first = 1;
static void report(const char *name, long rc, int err) {
  printf("%s\"%s\": %d", first ? "" : ", ", name, rc < 0 ? err : 0);
  first = 0;
}
#define PROBE(name, call) do { errno = 0; long rc_ = (long)(call); report(name, rc_, errno); } while (0)

static int child_status(pid_t pid) {
  int status = 0;
  if (pid < 0) return -1;
  if (waitpid(pid, &status, 0) < 0) return -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

static void *thread_main(void *arg) { return arg; }

/* A clone the filter lets through creates a real child: it exits at once, the parent reaps it. */
static long clone_probe(long rc) {
  if (rc == 0) _exit(0);
  if (rc > 0) { waitpid((pid_t)rc, NULL, 0); return 0; }
  return rc;
}

static long seccomp_mode(void) {
  FILE *f = fopen("/proc/self/status", "r");
  char line[256];
  long mode = -1;
  while (f && fgets(line, sizeof line, f))
    if (strncmp(line, "Seccomp:", 8) == 0) mode = strtol(line + 8, NULL, 10);
  if (f) fclose(f);
  return mode;
}

int main(int argc, char **argv) {
  FILE *f = fopen(argv[1], "rb");
  static struct sock_filter filter[BPF_MAXINSNS];
  size_t n = f ? fread(filter, sizeof filter[0], BPF_MAXINSNS, f) : 0;
  if (n == 0) { fprintf(stderr, "cannot read program %s\n", argv[1]); return 2; }
  fclose(f);
  struct sock_fprog prog = { .len = (unsigned short)n, .filter = filter };

  /* Baseline before the filter: ustat is a real syscall, so ENOSYS later comes from the filter. */
  errno = 0;
  long ustat_before = syscall(SYS_ustat, 0, NULL) < 0 ? errno : 0;

  if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) { perror("no_new_privs"); return 2; }
  if (prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog) != 0) { perror("PR_SET_SECCOMP"); return 2; }

  printf("{\"instructions\": %zu, \"seccompMode\": %ld, \"ustatBeforeFilter\": %ld, ", n, seccomp_mode(), ustat_before);
  PROBE("getpid", getpid());
  PROBE("unshareUts", unshare(CLONE_NEWUTS));
  /* Arguments that would fail harmlessly (ENOENT, EINVAL ...) if a probe ever reached the kernel. */
  PROBE("mount", mount("none", "/proc/self/hutch-no-such-dir", "tmpfs", 0, NULL));
  PROBE("setns", setns(0, 0));
  PROBE("keyctl", syscall(SYS_keyctl, 0, 0, 0, 0, 0));
  PROBE("bpf", syscall(SYS_bpf, 0, NULL, 0));
  PROBE("kexecLoad", syscall(SYS_kexec_load, 0, 0, NULL, 0xffffffffUL));
  PROBE("syscall1000", syscall(1000));
  PROBE("ustat", syscall(SYS_ustat, 0, NULL));
  PROBE("personalityNoRandomize", personality(ADDR_NO_RANDOMIZE));
  PROBE("personalityQuery", personality(0xffffffff));
  struct clone_args ca = { .exit_signal = SIGCHLD };
  PROBE("clone3", clone_probe(syscall(SYS_clone3, &ca, sizeof ca)));
  PROBE("cloneNewUser", clone_probe(syscall(SYS_clone, CLONE_NEWUSER | SIGCHLD, 0, 0, 0, 0)));
  PROBE("cloneNewNet", clone_probe(syscall(SYS_clone, CLONE_NEWNET | SIGCHLD, 0, 0, 0, 0)));
  PROBE("socketInet", socket(AF_INET, SOCK_STREAM, 0));
  PROBE("socketAlg", socket(38 /* AF_ALG */, SOCK_SEQPACKET, 0));
  PROBE("socketVsock", socket(40 /* AF_VSOCK */, SOCK_STREAM, 0));

  /* fork is clone without namespace flags. */
  pid_t pid = fork();
  if (pid == 0) _exit(7);
  printf(", \"forkChildExit\": %d", child_status(pid));

  /* A debugger's first step: the child asks to be traced, then stops itself. */
  pid = fork();
  if (pid == 0) {
    if (ptrace(PTRACE_TRACEME, 0, NULL, NULL) != 0) _exit(10 + errno);
    raise(SIGSTOP);
    _exit(0);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  int traced = WIFSTOPPED(status) && WSTOPSIG(status) == SIGSTOP;
  if (traced) ptrace(PTRACE_CONT, pid, NULL, NULL);
  printf(", \"ptraceTracemeStopped\": %d, \"ptraceChildExit\": %d", traced, child_status(pid));

  /* glibc tries clone3 first and must fall back to clone on ENOSYS. */
  pthread_t thread;
  printf(", \"pthreadCreate\": %d", pthread_create(&thread, NULL, thread_main, NULL));
  pthread_join(thread, NULL);
  printf("}\n");
  return 0;
}
`;

const EPERM = 1;
const ENOSYS = 38;

interface ProbeResults {
  instructions: number;
  seccompMode: number;
  ustatBeforeFilter: number;
  [probe: string]: number;
}

function gccAvailable(): boolean {
  try {
    execFileSync('gcc', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const skip = gccAvailable() ? false : 'SKIPPED: gcc is needed to build the seccomp harness';

describe('default seccomp profile under the real kernel', { skip }, () => {
  let dir = '';
  let harness = '';

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'hutch-seccomp-filter-'));
    writeFileSync(join(dir, 'harness.c'), HARNESS);
    harness = join(dir, 'harness');
    execFileSync('gcc', ['-O1', '-pthread', '-o', harness, join(dir, 'harness.c')], { stdio: 'pipe' });
  });

  after(() => {
    if (dir !== '') rmSync(dir, { recursive: true, force: true });
  });

  function runUnder(capabilities: readonly string[], name: string): ProbeResults {
    const programFile = join(dir, `${name}.bpf`);
    writeFileSync(programFile, compiledSeccompProgram(defaultSeccompProfile(capabilities)));
    const output = execFileSync(harness, [programFile], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    return JSON.parse(output) as ProbeResults;
  }

  test('with the default capabilities: blocks namespace, mount and kernel-wide syscalls, keeps debuggers and threads working', () => {
    const r = runUnder(DEFAULT_CAPABILITIES, 'default');
    assert.equal(r.seccompMode, 2, 'Seccomp: 2 (filter) in /proc/self/status');
    assert.ok(r.instructions > 0);

    assert.equal(r.getpid, 0);
    assert.equal(r.unshareUts, EPERM);
    assert.equal(r.mount, EPERM);
    assert.equal(r.setns, EPERM);
    assert.equal(r.keyctl, EPERM);
    assert.equal(r.bpf, EPERM);
    assert.equal(r.kexecLoad, EPERM);
    assert.equal(r.cloneNewUser, EPERM);
    assert.equal(r.cloneNewNet, EPERM);
    assert.equal(r.socketAlg, EPERM);
    assert.equal(r.socketVsock, EPERM);
    assert.equal(r.socketInet, 0);

    assert.equal(r.syscall1000, ENOSYS, 'an unassigned syscall number');
    assert.notEqual(r.ustatBeforeFilter, ENOSYS, 'ustat exists on this kernel');
    assert.equal(r.ustat, ENOSYS, 'a real syscall the profile does not mention');
    assert.equal(r.clone3, ENOSYS, 'clone3 so glibc falls back to clone');

    assert.equal(r.personalityNoRandomize, 0, 'personality(ADDR_NO_RANDOMIZE), as gdb calls it');
    assert.equal(r.personalityQuery, 0);
    assert.equal(r.forkChildExit, 7, 'fork (clone without namespace flags)');
    assert.equal(r.ptraceTracemeStopped, 1, 'PTRACE_TRACEME child stopped under its tracer');
    assert.equal(r.ptraceChildExit, 0);
    assert.equal(r.pthreadCreate, 0, 'pthread_create falls back from clone3 to clone');
  });

  test('with CAP_SYS_ADMIN added: unshare, clone3 and clone with namespace flags reach the kernel', (t) => {
    if (process.getuid?.() !== 0) {
      t.skip('needs root: the kernel itself refuses unshare(CLONE_NEWUTS) to others');
      return;
    }
    const r = runUnder([...DEFAULT_CAPABILITIES, 'CAP_SYS_ADMIN'], 'sys-admin');
    assert.equal(r.seccompMode, 2);
    assert.equal(r.unshareUts, 0);
    assert.equal(r.clone3, 0);
    assert.equal(r.cloneNewNet, 0);
    assert.equal(r.keyctl, EPERM, 'no capability opens the keyring');
    assert.equal(r.pthreadCreate, 0);
  });
});
