/*
 * hutch-init: the first program to run inside a container, executed from a sealed memfd so the
 * container never sees a host binary (runc CVE-2019-5736 overwrote the runtime through
 * /proc/self/exe; a sealed memfd cannot be written and is not the helper).
 *
 *   hutch-init [options] -- COMMAND [ARGS...]     container PID 1
 *   hutch-init --exec [options] -- COMMAND ...    relay for `hutch exec` (outside the PID namespace)
 *
 * Options: --uid N --gid N --groups N,N --caps HEX (capability mask) --nnp (no_new_privs)
 *          --cwd DIR --umask OCTAL --tty --status (fd 3 is the exit-status file)
 *          --seccomp (fd 5 holds the program) --timens (fd 6 is a time namespace to join)
 *
 * As PID 1 it applies the container's security settings to itself first (so that nothing in
 * the container is ever more privileged than the user's command, even with CAP_SYS_PTRACE),
 * starts the command, reaps every orphan, forwards signals to the command, and exits with the
 * command's status. Without a command it idles until SIGTERM/SIGINT/SIGHUP: a dev container
 * stays up and work comes in through `hutch exec`.
 */
#include "spawn.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <grp.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080
#endif
#ifndef PR_CAP_AMBIENT
#define PR_CAP_AMBIENT 47
#define PR_CAP_AMBIENT_CLEAR_ALL 4
#endif

struct options {
  int exec_mode;
  int has_uid, has_gid;
  uid_t uid;
  gid_t gid;
  gid_t groups[64];
  int n_groups;
  int has_caps;
  uint64_t caps;
  int nnp;
  const char *cwd;
  int has_umask;
  mode_t umask_value;
  int tty;
  int status;
  int seccomp;
  int timens;
  char **command;
};

static void report(int stage, int err, const char *what, const char *detail) {
  struct hutch_report r;
  memset(&r, 0, sizeof(r));
  r.stage = stage;
  r.error = err;
  snprintf(r.what, sizeof(r.what), "%s%s%s", what, detail ? " " : "", detail ? detail : "");
  ssize_t ignored = write(HUTCH_INIT_FD_REPORT, &r, sizeof(r));
  (void)ignored;
}

static __attribute__((noreturn)) void die(int stage, int err, const char *what, const char *detail) {
  report(stage, err, what, detail);
  _exit(126);
}

static uint64_t parse_number(const char *s, int base, const char *name) {
  char *end = NULL;
  errno = 0;
  unsigned long long v = strtoull(s, &end, base);
  if (errno || !end || *end || end == s) die(HUTCH_STAGE_INIT, EINVAL, "bad value for", name);
  return v;
}

static void parse(int argc, char **argv, struct options *o) {
  memset(o, 0, sizeof(*o));
  int i = 1;
  for (; i < argc; i++) {
    const char *a = argv[i];
    const char *next = i + 1 < argc ? argv[i + 1] : NULL;
    if (!strcmp(a, "--")) {
      i++;
      break;
    } else if (!strcmp(a, "--exec")) o->exec_mode = 1;
    else if (!strcmp(a, "--nnp")) o->nnp = 1;
    else if (!strcmp(a, "--tty")) o->tty = 1;
    else if (!strcmp(a, "--status")) o->status = 1;
    else if (!strcmp(a, "--seccomp")) o->seccomp = 1;
    else if (!strcmp(a, "--timens")) o->timens = 1;
    else if (!next) die(HUTCH_STAGE_INIT, EINVAL, "missing value for", a);
    else if (!strcmp(a, "--uid")) { o->has_uid = 1; o->uid = (uid_t)parse_number(next, 10, a); i++; }
    else if (!strcmp(a, "--gid")) { o->has_gid = 1; o->gid = (gid_t)parse_number(next, 10, a); i++; }
    else if (!strcmp(a, "--caps")) { o->has_caps = 1; o->caps = parse_number(next, 16, a); i++; }
    else if (!strcmp(a, "--cwd")) { o->cwd = next; i++; }
    else if (!strcmp(a, "--umask")) { o->has_umask = 1; o->umask_value = (mode_t)parse_number(next, 8, a); i++; }
    else if (!strcmp(a, "--groups")) {
      char buf[1024];
      snprintf(buf, sizeof(buf), "%s", next);
      for (char *tok = strtok(buf, ","); tok && o->n_groups < 64; tok = strtok(NULL, ","))
        o->groups[o->n_groups++] = (gid_t)parse_number(tok, 10, a);
      i++;
    } else die(HUTCH_STAGE_INIT, EINVAL, "unknown option", a);
  }
  o->command = argv + i;
}

/* The order matters: capabilities are needed to change them, so the bounding set is dropped
 * and seccomp loaded while we still hold CAP_SETPCAP/CAP_SYS_ADMIN, then the user is switched
 * and the final sets are written. Each call used after seccomp is in the default allowlist. */
static void apply_security(const struct options *o) {
  if (o->has_caps) {
    for (int cap = 0; cap <= 63; cap++) {
      if (o->caps & (1ULL << cap)) continue;
      if (prctl(PR_CAPBSET_READ, cap, 0, 0, 0) < 0) break; /* past the kernel's last cap */
      if (prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) < 0) die(HUTCH_STAGE_INIT, errno, "drop capability from bounding set", NULL);
    }
    if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) < 0 && errno != EINVAL)
      die(HUTCH_STAGE_INIT, errno, "clear ambient capabilities", NULL);
  }
  if (o->nnp && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0) die(HUTCH_STAGE_INIT, errno, "set no_new_privs", NULL);
  if (o->seccomp) {
    static struct sock_filter program[BPF_MAXINSNS];
    size_t have = 0;
    for (;;) {
      /* pread: the memfd is shared by every container using this profile, so no file offset. */
      ssize_t n = pread(HUTCH_INIT_FD_SECCOMP, (char *)program + have, sizeof(program) - have, (off_t)have);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) die(HUTCH_STAGE_INIT, errno, "read seccomp program", NULL);
      if (n == 0) break;
      have += (size_t)n;
      if (have == sizeof(program)) break;
    }
    if (have == 0 || have % sizeof(struct sock_filter)) die(HUTCH_STAGE_INIT, EINVAL, "malformed seccomp program", NULL);
    close(HUTCH_INIT_FD_SECCOMP);
    struct sock_fprog prog = {(unsigned short)(have / sizeof(struct sock_filter)), program};
    if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) < 0) die(HUTCH_STAGE_INIT, errno, "load seccomp filter", NULL);
  }
  if (o->has_gid || o->has_uid) {
    if (setgroups((size_t)o->n_groups, o->groups) < 0) die(HUTCH_STAGE_INIT, errno, "set supplementary groups", NULL);
    gid_t gid = o->has_gid ? o->gid : 0;
    if (setresgid(gid, gid, gid) < 0) die(HUTCH_STAGE_INIT, errno, "switch group", NULL);
    if (o->has_uid && o->uid != 0) {
      /* A non-root user starts with no effective capabilities, as with Docker; the bounding set
       * above caps what a setuid program could regain. */
      if (setresuid(o->uid, o->uid, o->uid) < 0) die(HUTCH_STAGE_INIT, errno, "switch user", NULL);
      return;
    }
  }
  if (o->has_caps) {
    struct __user_cap_header_struct header = {_LINUX_CAPABILITY_VERSION_3, 0};
    struct __user_cap_data_struct data[2];
    memset(data, 0, sizeof(data));
    for (int k = 0; k < 2; k++) {
      uint32_t part = (uint32_t)(o->caps >> (32 * k));
      /* Inheritable stays empty, as in Docker and runc since CVE-2022-24769: with it set,
       * a program with inheritable file capabilities could gain them across exec. */
      data[k].effective = data[k].permitted = part;
    }
    if (syscall(SYS_capset, &header, data) < 0) die(HUTCH_STAGE_INIT, errno, "set capabilities", NULL);
  }
}

static const char *env_value(char **envp, const char *name) {
  size_t n = strlen(name);
  for (; envp && *envp; envp++)
    if (!strncmp(*envp, name, n) && (*envp)[n] == '=') return *envp + n + 1;
  return NULL;
}

/* execvpe with the container's PATH, reporting the most telling error. */
static __attribute__((noreturn)) void run_command(char **command) {
  extern char **environ;
  const char *file = command[0];
  if (strchr(file, '/')) {
    execve(file, command, environ);
    die(HUTCH_STAGE_EXEC, errno, "execute", file);
  }
  const char *path = env_value(environ, "PATH");
  if (!path) path = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
  int best = ENOENT;
  char candidate[4096];
  while (*path) {
    const char *end = strchr(path, ':');
    size_t len = end ? (size_t)(end - path) : strlen(path);
    if (len == 0) snprintf(candidate, sizeof(candidate), "./%s", file);
    else snprintf(candidate, sizeof(candidate), "%.*s/%s", (int)len, path, file);
    execve(candidate, command, environ);
    if (errno != ENOENT && errno != ENOTDIR) best = errno;
    path += len;
    if (*path == ':') path++;
  }
  die(HUTCH_STAGE_EXEC, best, best == ENOENT ? "command not found in PATH:" : "execute", file);
}

static pid_t start_command(const struct options *o, int apply_in_child) {
  pid_t pid = fork();
  if (pid < 0) die(HUTCH_STAGE_INIT, errno, "start the command", NULL);
  if (pid > 0) return pid;

  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, NULL);
  if (apply_in_child) apply_security(o);
  /* Close-on-exec is not enough before chdir: a working directory of /proc/self/fd/N would
   * resolve through a still-open descriptor (runc CVE-2024-21626). Only the report pipe stays,
   * and it is not a directory. */
  for (int fd = HUTCH_INIT_FD_STATUS; fd < HUTCH_INIT_FD_FIRST_FREE; fd++)
    if (fd != HUTCH_INIT_FD_REPORT) close(fd);
  if (setsid() < 0) die(HUTCH_STAGE_EXEC, errno, "start a session", NULL);
  if (o->tty && ioctl(0, TIOCSCTTY, 0) < 0) die(HUTCH_STAGE_EXEC, errno, "take the terminal", NULL);
  if (o->has_umask) umask(o->umask_value);
  if (o->cwd && chdir(o->cwd) < 0) die(HUTCH_STAGE_EXEC, errno, "enter working directory", o->cwd);
  run_command(o->command);
}

static int status_to_code(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return 255;
}

static void write_status(const struct options *o, int status) {
  if (!o->status) return;
  char line[64];
  int n;
  if (WIFSIGNALED(status)) n = snprintf(line, sizeof(line), "signal %d\n", WTERMSIG(status));
  else n = snprintf(line, sizeof(line), "exit %d\n", status_to_code(status));
  /* No fsync: this record matters while the host runs (a later `hutch ps` reads it); waiting
   * for the disk would only delay the container's end. */
  ssize_t ignored = pwrite(HUTCH_INIT_FD_STATUS, line, (size_t)n, 0);
  (void)ignored;
}

int main(int argc, char **argv) {
  struct options o;
  parse(argc, argv, &o);

  /* Until exec, nothing else may inherit our descriptors. */
  for (int fd = HUTCH_INIT_FD_STATUS; fd < HUTCH_INIT_FD_FIRST_FREE; fd++) fcntl(fd, F_SETFD, FD_CLOEXEC);

  if (o.timens) {
    if (setns(HUTCH_INIT_FD_TIMENS, CLONE_NEWTIME) < 0) die(HUTCH_STAGE_INIT, errno, "join the container's time namespace", NULL);
    close(HUTCH_INIT_FD_TIMENS);
  }
  /* Not dumpable: processes in the container may not ptrace us or read /proc/1/fd. */
  prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
  /* Executed from a memfd, our name would be "memfd:hutch-ini"; `ps` should say what we are. */
  prctl(PR_SET_NAME, "hutch-init", 0, 0, 0);

  sigset_t all;
  sigfillset(&all);
  sigprocmask(SIG_SETMASK, &all, NULL);

  if (!o.exec_mode) {
    chdir("/");
    apply_security(&o);
  }
  pid_t child = 0;
  if (o.command[0]) child = start_command(&o, o.exec_mode);
  /* Our copies of the report pipe and the seccomp program go; the command's report pipe is
   * close-on-exec, so the helper sees end-of-file exactly when the command is running. */
  close(HUTCH_INIT_FD_REPORT);
  close(HUTCH_INIT_FD_SECCOMP);

  for (;;) {
    siginfo_t info;
    int sig = sigwaitinfo(&all, &info);
    if (sig < 0) continue;
    if (sig == SIGCHLD) {
      int status;
      pid_t pid;
      while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
        if (pid == child) {
          write_status(&o, status);
          return status_to_code(status);
        }
      }
      continue;
    }
    if (child > 0) {
      kill(child, sig);
    } else if (sig == SIGTERM || sig == SIGINT || sig == SIGHUP) {
      write_status(&o, 0);
      return 0;
    }
  }
}
