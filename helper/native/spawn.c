/*
 * The cloned child that builds a container (or enters one) before hutch-init runs.
 *
 * The child shares the Node process's memory (CLONE_VM) while the parent thread goes on, so it
 * must not touch anything the parent owns: no malloc, no stdio, and not even errno (errno lives
 * in the parent thread's TLS, which the child shares). Every system call below goes through
 * sys6(), which returns -errno instead of setting errno.
 */
#include "spawn.h"
#include "netlink.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/sched.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <time.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/sysmacros.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <pthread.h>

#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080
#endif
#ifndef CLONE_PIDFD
#define CLONE_PIDFD 0x00001000
#endif
#ifndef MOVE_MOUNT_F_EMPTY_PATH
#define MOVE_MOUNT_F_EMPTY_PATH 0x00000004
#endif
#ifndef MOVE_MOUNT_T_SYMLINKS
#define MOVE_MOUNT_T_SYMLINKS 0x00000010
#endif
#ifndef TIOCGPTPEER
#define TIOCGPTPEER _IO('T', 0x41)
#endif
#ifndef SYS_pivot_root
#define SYS_pivot_root __NR_pivot_root
#endif

/* A raw system call that reports failure as -errno and never writes errno (see above). */
static long sys6(long n, long a, long b, long c, long d, long e, long f) {
#if defined(__x86_64__)
  register long r10 __asm__("r10") = d;
  register long r8 __asm__("r8") = e;
  register long r9 __asm__("r9") = f;
  long ret;
  __asm__ volatile("syscall"
                   : "=a"(ret)
                   : "a"(n), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8), "r"(r9)
                   : "rcx", "r11", "memory");
  return ret;
#elif defined(__aarch64__)
  register long x8 __asm__("x8") = n;
  register long x0 __asm__("x0") = a;
  register long x1 __asm__("x1") = b;
  register long x2 __asm__("x2") = c;
  register long x3 __asm__("x3") = d;
  register long x4 __asm__("x4") = e;
  register long x5 __asm__("x5") = f;
  __asm__ volatile("svc 0" : "+r"(x0) : "r"(x8), "r"(x1), "r"(x2), "r"(x3), "r"(x4), "r"(x5) : "memory");
  return x0;
#else
#error "hutch: add a raw system call for this architecture"
#endif
}
#define S0(n) sys6(n, 0, 0, 0, 0, 0, 0)
#define S1(n, a) sys6(n, (long)(a), 0, 0, 0, 0, 0)
#define S2(n, a, b) sys6(n, (long)(a), (long)(b), 0, 0, 0, 0)
#define S3(n, a, b, c) sys6(n, (long)(a), (long)(b), (long)(c), 0, 0, 0)
#define S4(n, a, b, c, d) sys6(n, (long)(a), (long)(b), (long)(c), (long)(d), 0, 0)
#define S5(n, a, b, c, d, e) sys6(n, (long)(a), (long)(b), (long)(c), (long)(d), (long)(e), 0)

/* clock_gettime goes through the vDSO: a memory read, no system call, no errno. */
static void trace(const struct hutch_spawn_config *c, int stage) {
  struct timespec ts;
  if (clock_gettime(CLOCK_MONOTONIC, &ts) == 0)
    ((struct hutch_spawn_config *)c)->trace_ns[stage] = (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static size_t str_len(const char *s) {
  size_t n = 0;
  while (s[n]) n++;
  return n;
}

/* Appends src to dst (capacity cap), always NUL-terminated. */
static void str_append(char *dst, size_t cap, const char *src) {
  size_t n = str_len(dst);
  while (*src && n + 1 < cap) dst[n++] = *src++;
  dst[n] = 0;
}

static __attribute__((noreturn)) void child_exit(int code) {
  for (;;) S1(SYS_exit, code);
}

struct child_state {
  const struct hutch_spawn_config *config;
  int report_fd;
};

/* Reports "what: <target>" with err (a positive errno) on the report pipe and exits. */
static __attribute__((noreturn)) void fail(struct child_state *st, int err, const char *what,
                                           const char *target) {
  struct hutch_report report;
  for (size_t i = 0; i < sizeof(report); i++) ((char *)&report)[i] = 0;
  report.stage = HUTCH_STAGE_SETUP;
  report.error = err;
  str_append(report.what, sizeof(report.what), what);
  if (target) {
    str_append(report.what, sizeof(report.what), " ");
    str_append(report.what, sizeof(report.what), target);
  }
  S3(SYS_write, st->report_fd, &report, sizeof(report));
  child_exit(126);
}

#define CHECK(st, expr, what, target)                 \
  do {                                                \
    long r_ = (expr);                                 \
    if (r_ < 0) fail((st), (int)-r_, (what), (target)); \
  } while (0)

/* mkdir -p inside the current root. Components that exist are fine whatever they are; the
 * final mount or open reports a wrong type. */
static long make_dirs(const char *path, unsigned mode) {
  char buf[4096];
  size_t n = str_len(path);
  if (n == 0 || n >= sizeof(buf)) return -ENAMETOOLONG;
  for (size_t i = 0; i <= n; i++) buf[i] = path[i];
  for (size_t i = 1; i <= n; i++) {
    if (buf[i] == '/' || buf[i] == 0) {
      char saved = buf[i];
      buf[i] = 0;
      long r = S3(SYS_mkdirat, AT_FDCWD, buf, mode);
      if (r < 0 && r != -EEXIST) return r;
      buf[i] = saved;
    }
  }
  return 0;
}

static long make_parent_dirs(const char *path) {
  char buf[4096];
  size_t n = str_len(path);
  if (n >= sizeof(buf)) return -ENAMETOOLONG;
  for (size_t i = 0; i <= n; i++) buf[i] = path[i];
  while (n > 0 && buf[n] != '/') n--;
  if (n == 0) return 0;
  buf[n] = 0;
  return make_dirs(buf, 0755);
}

static int is_skippable(const struct hutch_mount_op *op, long r) {
  return op->optional && (r == -ENOENT || r == -ENODEV || r == -ENOTDIR);
}

/* Flags a read-only remount must keep: a bind remount that drops nosuid/nodev/noexec of a
 * mount it inherited them from is refused (and must not be allowed to relax them anyway). */
static unsigned long kept_mount_flags(const char *target) {
  struct statfs sfs;
  if (S2(SYS_statfs, target, &sfs) < 0) return MS_NOSUID | MS_NODEV | MS_NOEXEC;
  return (unsigned long)sfs.f_flags & (MS_NOSUID | MS_NODEV | MS_NOEXEC | MS_NOATIME | MS_NODIRATIME | MS_RELATIME);
}

static void apply_op(struct child_state *st, const struct hutch_mount_op *op) {
  long r;
  struct stat sb;
  switch (op->kind) {
    case HUTCH_OP_MOUNT:
      r = make_dirs(op->target, 0755);
      if (r < 0 && !is_skippable(op, r)) fail(st, (int)-r, "create mount point", op->target);
      r = S5(SYS_mount, op->source, op->target, op->fstype, op->flags, op->data);
      if (r < 0 && !is_skippable(op, r)) fail(st, (int)-r, "mount", op->target);
      return;
    case HUTCH_OP_BIND_TREE:
      if (op->tree_is_dir) {
        r = make_dirs(op->target, 0755);
      } else {
        r = make_parent_dirs(op->target);
        struct stat target_sb;
        /* Follows a symlink (e.g. /etc/resolv.conf -> ../run/...): we are already inside the new
         * root, so it cannot lead out of it. An existing file is left alone: opening it for
         * writing would copy it up into the container's layer for nothing. */
        if (r >= 0 && S4(SYS_newfstatat, AT_FDCWD, op->target, &target_sb, 0) < 0) {
          r = S4(SYS_openat, AT_FDCWD, op->target, O_RDONLY | O_CREAT | O_CLOEXEC | O_NONBLOCK, 0644);
          if (r >= 0) S1(SYS_close, r);
        }
      }
      if (r < 0) fail(st, (int)-r, "create bind mount target", op->target);
      CHECK(st, S5(SYS_move_mount, op->tree_fd, "", AT_FDCWD, op->target, MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_SYMLINKS),
            "bind mount onto", op->target);
      return;
    case HUTCH_OP_SYMLINK:
      r = make_parent_dirs(op->target);
      if (r >= 0) r = S3(SYS_symlinkat, op->source, AT_FDCWD, op->target);
      if (r < 0 && r != -EEXIST) fail(st, (int)-r, "create symlink", op->target);
      return;
    case HUTCH_OP_MASK:
      r = S4(SYS_newfstatat, AT_FDCWD, op->target, &sb, AT_SYMLINK_NOFOLLOW);
      if (r == -ENOENT) return;
      CHECK(st, r, "inspect masked path", op->target);
      if (S_ISDIR(sb.st_mode)) {
        CHECK(st, S5(SYS_mount, "tmpfs", op->target, "tmpfs", MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, "size=0,mode=0555"),
              "mask directory", op->target);
      } else {
        /* Only ever our own /dev/null, made a few steps earlier (runc CVE-2025-31133 came from
         * trusting whatever /dev/null the container had). */
        struct stat null_sb;
        CHECK(st, S4(SYS_newfstatat, AT_FDCWD, "/dev/null", &null_sb, AT_SYMLINK_NOFOLLOW), "inspect", "/dev/null");
        if (!S_ISCHR(null_sb.st_mode) || null_sb.st_rdev != makedev(1, 3)) fail(st, EPERM, "refusing to mask with a fake", "/dev/null");
        CHECK(st, S5(SYS_mount, "/dev/null", op->target, 0, MS_BIND, 0), "mask file", op->target);
      }
      return;
    case HUTCH_OP_READONLY:
      r = S4(SYS_newfstatat, AT_FDCWD, op->target, &sb, AT_SYMLINK_NOFOLLOW);
      if (r == -ENOENT) return;
      CHECK(st, r, "inspect read-only path", op->target);
      CHECK(st, S5(SYS_mount, op->target, op->target, 0, MS_BIND | MS_REC, 0), "bind read-only path", op->target);
      CHECK(st, S5(SYS_mount, 0, op->target, 0, MS_BIND | MS_REMOUNT | MS_RDONLY | kept_mount_flags(op->target), 0),
            "make read-only", op->target);
      return;
    case HUTCH_OP_MKDIR:
      CHECK(st, make_dirs(op->target, op->mode ? op->mode : 0755), "create directory", op->target);
      return;
    case HUTCH_OP_REMOUNT:
      r = S5(SYS_mount, 0, op->target, 0, MS_REMOUNT | op->flags | kept_mount_flags(op->target), op->data);
      if (r < 0 && !is_skippable(op, r)) fail(st, (int)-r, "remount", op->target);
      return;
    default:
      fail(st, EINVAL, "unknown set-up step for", op->target);
  }
}

static void reset_signals(void) {
  /* The child inherited Node's handlers (which must never run here) and Node's ignored SIGPIPE
   * (which would survive exec and surprise the user's programs): everything back to default. */
  struct {
    void *handler;
    unsigned long flags;
    void *restorer;
    uint64_t mask;
  } dfl = {SIG_DFL, 0, 0, 0};
  for (int sig = 1; sig < 65; sig++) {
    if (sig == SIGKILL || sig == SIGSTOP) continue;
    S4(SYS_rt_sigaction, sig, &dfl, 0, 8);
  }
}

static void unblock_signals(void) {
  uint64_t none = 0;
  S4(SYS_rt_sigprocmask, SIG_SETMASK, &none, 0, 8);
}

/* Opens a pty whose pair lives in the container's own devpts instance, keeps the peer as the
 * stdio source and sends the master to the parent. */
static void open_pty(struct child_state *st, int *stdio) {
  const struct hutch_spawn_config *c = st->config;
  long master = S4(SYS_openat, AT_FDCWD, "/dev/pts/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC, 0);
  CHECK(st, master, "open", "/dev/pts/ptmx");
  struct stat sb;
  CHECK(st, S2(SYS_fstat, master, &sb), "inspect", "/dev/pts/ptmx");
  if (!S_ISCHR(sb.st_mode) || major(sb.st_rdev) != 5 || minor(sb.st_rdev) != 2) fail(st, EPERM, "not a pty multiplexer:", "/dev/pts/ptmx");
  int unlock = 0;
  CHECK(st, S3(SYS_ioctl, master, TIOCSPTLCK, &unlock), "unlock pty", 0);
  long peer = S3(SYS_ioctl, master, TIOCGPTPEER, O_RDWR | O_NOCTTY | O_CLOEXEC);
  CHECK(st, peer, "open pty peer", 0);

  char dummy = 'p';
  struct iovec iov = {&dummy, 1};
  union {
    char buf[CMSG_SPACE(sizeof(int))];
    struct cmsghdr align;
  } control;
  for (size_t i = 0; i < sizeof(control); i++) control.buf[i] = 0;
  struct msghdr msg;
  for (size_t i = 0; i < sizeof(msg); i++) ((char *)&msg)[i] = 0;
  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  msg.msg_control = control.buf;
  msg.msg_controllen = sizeof(control.buf);
  struct cmsghdr *cmsg = CMSG_FIRSTHDR(&msg);
  cmsg->cmsg_level = SOL_SOCKET;
  cmsg->cmsg_type = SCM_RIGHTS;
  cmsg->cmsg_len = CMSG_LEN(sizeof(int));
  int master_fd = (int)master;
  for (size_t i = 0; i < sizeof(int); i++) CMSG_DATA(cmsg)[i] = ((char *)&master_fd)[i];
  CHECK(st, S3(SYS_sendmsg, c->pty_sock, &msg, MSG_NOSIGNAL), "send pty to the helper", 0);
  S1(SYS_close, master);
  stdio[0] = stdio[1] = stdio[2] = (int)peer;
}

/* Puts every descriptor hutch-init needs at its fixed number (spawn.h) and closes all others,
 * so nothing of the host reaches the container (runc CVE-2024-21626 was a leaked directory fd). */
static void arrange_fds(struct child_state *st, int *stdio) {
  const struct hutch_spawn_config *c = st->config;
  int null_fd = -1;
  for (int i = 0; i < 3; i++) {
    if (stdio[i] < 0) {
      if (null_fd < 0) {
        long r = S4(SYS_openat, AT_FDCWD, "/dev/null", O_RDWR | O_CLOEXEC, 0);
        CHECK(st, r, "open", "/dev/null");
        null_fd = (int)r;
      }
      stdio[i] = null_fd;
    }
  }
  int sources[HUTCH_INIT_FD_FIRST_FREE];
  for (int i = 0; i < HUTCH_INIT_FD_FIRST_FREE; i++) sources[i] = -1;
  sources[0] = stdio[0];
  sources[1] = stdio[1];
  sources[2] = stdio[2];
  sources[HUTCH_INIT_FD_STATUS] = c->status_fd;
  sources[HUTCH_INIT_FD_REPORT] = st->report_fd;
  sources[HUTCH_INIT_FD_SECCOMP] = c->seccomp_fd;
  sources[HUTCH_INIT_FD_TIMENS] = c->mode == HUTCH_SPAWN_EXEC ? c->timens_fd : -1;
  sources[HUTCH_INIT_FD_EXEC] = c->init_fd;

  int floor = HUTCH_INIT_FD_FIRST_FREE;
  for (int i = 0; i < HUTCH_INIT_FD_FIRST_FREE; i++)
    if (sources[i] >= floor) floor = sources[i] + 1;
  /* First move everything above all sources and targets, then down into place, so no dup
   * overwrites a source that is still needed. */
  int high[HUTCH_INIT_FD_FIRST_FREE];
  for (int i = 0; i < HUTCH_INIT_FD_FIRST_FREE; i++) {
    high[i] = -1;
    if (sources[i] < 0) continue;
    long r = S3(SYS_fcntl, sources[i], F_DUPFD_CLOEXEC, floor);
    CHECK(st, r, "duplicate descriptor", 0);
    high[i] = (int)r;
  }
  for (int i = 0; i < HUTCH_INIT_FD_FIRST_FREE; i++) {
    if (high[i] < 0) {
      S1(SYS_close, i);
      continue;
    }
    int flags = i == HUTCH_INIT_FD_EXEC ? O_CLOEXEC : 0;
    CHECK(st, S3(SYS_dup3, high[i], i, flags), "arrange descriptor", 0);
  }
  st->report_fd = HUTCH_INIT_FD_REPORT;
  CHECK(st, S3(SYS_close_range, HUTCH_INIT_FD_FIRST_FREE, ~0U, 0), "close inherited descriptors", 0);
}

/* Whether "/" is the initramfs: the one mount that pivot_root can never move. */
static int is_initramfs_root(void) {
  struct statfs sfs;
  if (S2(SYS_statfs, "/", &sfs) < 0) return 0;
  return sfs.f_type == 0x858458f6 /* RAMFS_MAGIC */ || sfs.f_type == 0x01021994 /* TMPFS_MAGIC */;
}

static void wait_for_go(struct child_state *st) {
  const struct hutch_spawn_config *c = st->config;
  if (c->go_fd < 0) return;
  char go = 0;
  long r;
  do r = S3(SYS_read, c->go_fd, &go, 1);
  while (r == -EINTR);
  if (r != 1) child_exit(125); /* the parent gave up on us */
  trace(c, 2);
}

/* Phase A: the root filesystem, which needs nothing from the parent (unless ids are mapped). */
static void build_root(struct child_state *st) {
  const struct hutch_spawn_config *c = st->config;
  if (c->user_ns) {
    /* The parent has written our id maps; become root of the new user namespace. */
    CHECK(st, S3(SYS_setresgid, 0, 0, 0), "become gid 0 in the user namespace", 0);
    CHECK(st, S3(SYS_setresuid, 0, 0, 0), "become uid 0 in the user namespace", 0);
    CHECK(st, S2(SYS_setgroups, 0, 0), "clear supplementary groups", 0);
  }

  /* Nothing we mount may propagate back to the host. */
  CHECK(st, S5(SYS_mount, 0, "/", 0, MS_REC | MS_PRIVATE, 0), "make mounts private", 0);
  if (c->overlay_data) {
    CHECK(st, S5(SYS_mount, "overlay", c->root_path, "overlay", c->root_flags, c->overlay_data), "mount overlay root at",
          c->root_path);
  } else {
    CHECK(st, S5(SYS_mount, c->root_path, c->root_path, 0, MS_BIND | MS_REC, 0), "bind root", c->root_path);
    if (c->root_flags)
      CHECK(st, S5(SYS_mount, 0, c->root_path, 0, MS_BIND | MS_REMOUNT | c->root_flags | kept_mount_flags(c->root_path), 0),
            "remount root", c->root_path);
  }
  /* In a user namespace the kernel allows a new proc or sysfs mount only while one that is
   * fully visible exists in the mount namespace (mount_too_revealing): the host's, so these
   * are mounted before the host root goes. The host root is still "/" here, so the target must
   * be a real directory of the image, not a symlink that could lead elsewhere. */
  for (size_t i = 0; i < c->n_ops; i++) {
    const struct hutch_mount_op *op = &c->ops[i];
    if (!op->early) continue;
    char full[4096];
    full[0] = 0;
    str_append(full, sizeof(full), c->root_path);
    str_append(full, sizeof(full), op->target);
    struct stat sb;
    long r = S4(SYS_newfstatat, AT_FDCWD, full, &sb, AT_SYMLINK_NOFOLLOW);
    if (r == -ENOENT) r = S3(SYS_mkdirat, AT_FDCWD, full, 0755);
    else if (r == 0 && !S_ISDIR(sb.st_mode)) fail(st, ENOTDIR, "the image's mount point is not a directory:", op->target);
    CHECK(st, r, "create mount point", op->target);
    CHECK(st, S5(SYS_mount, op->source, full, op->fstype, op->flags, op->data), "mount", op->target);
  }

  CHECK(st, S1(SYS_chdir, c->root_path), "enter root", c->root_path);
  /* pivot_root(".", ".") stacks the old root on top of the new one; detaching it leaves no path
   * back to the host (the trick LXC and runc use, with no put_old directory to clean up). */
  long pivot = S2(SYS_pivot_root, ".", ".");
  if (pivot == -EINVAL && S4(SYS_newfstatat, AT_FDCWD, "/", &(struct stat){0}, 0) == 0 && is_initramfs_root()) {
    /* The host's root is the initramfs (rootfs), which can never be unmounted, so pivot_root
     * refuses. Fall back as runc's --no-pivot does: move our root over "/" and chroot into it.
     * The host tree stays underneath, hidden; weaker than pivot_root, and reported as such. */
    CHECK(st, S5(SYS_mount, ".", "/", 0, MS_MOVE, 0), "move root over /", c->root_path);
    CHECK(st, S1(SYS_chroot, "."), "chroot into", c->root_path);
    ((struct hutch_spawn_config *)c)->used_chroot = 1;
  } else {
    CHECK(st, pivot, "pivot_root into", c->root_path);
    CHECK(st, S2(SYS_umount2, ".", MNT_DETACH), "detach the host root", 0);
  }
  CHECK(st, S1(SYS_chdir, "/"), "enter new root", 0);
  trace(c, 3);

  for (size_t i = 0; i < c->n_ops; i++)
    if (!c->ops[i].late && !c->ops[i].early) apply_op(st, &c->ops[i]);
  trace(c, 4);
}

/* Phase B: after the parent has put us in the cgroup and attached the network. */
static void finish_container(struct child_state *st) {
  const struct hutch_spawn_config *c = st->config;
  /* The cgroup namespace is made after joining the container's cgroup so that the container
   * sees its own cgroup as the root (and its cgroupfs mounts show only its subtree). */
  if (c->new_cgroupns) CHECK(st, S1(SYS_unshare, CLONE_NEWCGROUP), "create cgroup namespace", 0);
  if (c->new_timens) CHECK(st, S1(SYS_unshare, CLONE_NEWTIME), "create time namespace", 0);
  for (size_t i = 0; i < c->n_ops; i++)
    if (c->ops[i].late) apply_op(st, &c->ops[i]);

  if (c->hostname) CHECK(st, S2(SYS_sethostname, c->hostname, str_len(c->hostname)), "set hostname", c->hostname);
  if (c->domainname) CHECK(st, S2(SYS_setdomainname, c->domainname, str_len(c->domainname)), "set domain name", c->domainname);

  char err[200];
  err[0] = 0;
  if (c->net_loopback && hutch_nl_loopback_up(err, sizeof(err)) < 0) fail(st, EIO, "network: ", err);
  if (c->net_ifname &&
      hutch_nl_configure(c->net_ifname, c->net_addr, c->net_prefix, c->net_gateway, err, sizeof(err)) < 0)
    fail(st, EIO, "network: ", err);
  trace(c, 5);
}

static int child_main(void *arg) {
  struct child_state st;
  st.config = (const struct hutch_spawn_config *)arg;
  st.report_fd = st.config->report_fd;
  const struct hutch_spawn_config *c = st.config;

  trace(c, 0);
  reset_signals();
  /* The clone copied the parent's descriptors, its ends of our pipes included: with a copy of
   * the go pipe's write end we would never see end-of-file if the parent died. */
  for (int i = 0; i < 3; i++)
    if (c->parent_fds[i] >= 0) S1(SYS_close, c->parent_fds[i]);
  /* Until hutch-init runs we are the parent's helper: die with it (cleared before exec, where
   * the container must outlive whoever started it). Had it died before this line, the go pipe
   * - whose other copies are now closed - says so with end-of-file. */
  S2(SYS_prctl, PR_SET_PDEATHSIG, SIGKILL);
  /* Join the cgroup first: everything from here on, and every process the container starts,
   * is accounted and limited. Writing "0" means "the writer". */
  for (size_t i = 0; i < c->n_cgroup_fds; i++) CHECK(&st, S3(SYS_write, c->cgroup_fds[i], "0", 1), "join cgroup", 0);
  trace(c, 1);

  if (c->mode == HUTCH_SPAWN_CREATE) {
    /* With a user namespace nothing can be done before the parent maps our ids. */
    if (c->user_ns) wait_for_go(&st);
    build_root(&st);
    if (!c->user_ns) wait_for_go(&st);
    finish_container(&st);
  } else {
    wait_for_go(&st);
    /* One setns through the pidfd joins every namespace atomically (Linux 5.8). The time
     * namespace is left to hutch-init: joining it needs a process whose memory nobody shares. */
    CHECK(&st, S2(SYS_setns, c->target_pidfd, c->setns_flags), "join the container's namespaces", 0);
  }

  int stdio[3] = {c->stdio[0], c->stdio[1], c->stdio[2]};
  if (c->want_pty) open_pty(&st, stdio);
  arrange_fds(&st, stdio);
  S2(SYS_prctl, PR_SET_PDEATHSIG, 0);
  unblock_signals();
  trace(c, 6);
  long r = S5(SYS_execveat, HUTCH_INIT_FD_EXEC, "", c->argv, c->envp, AT_EMPTY_PATH);
  fail(&st, (int)-r, "execute hutch-init", 0);
}

int hutch_spawn(const struct hutch_spawn_config *config, struct hutch_spawn_child *child) {
  size_t stack_size = 256 * 1024;
  void *stack = mmap(NULL, stack_size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
  if (stack == MAP_FAILED) return -errno;

  unsigned long flags = CLONE_VM | CLONE_PIDFD | SIGCHLD;
  if (config->mode == HUTCH_SPAWN_CREATE) flags |= config->clone_flags;

  /* No signal handler of Node's may run on the child's stack before it resets them. */
  sigset_t all, saved;
  sigfillset(&all);
  pthread_sigmask(SIG_SETMASK, &all, &saved);
  int pidfd = -1;
  int pid = clone(child_main, (char *)stack + stack_size, (int)flags, (void *)config, &pidfd);
  int clone_errno = errno;
  pthread_sigmask(SIG_SETMASK, &saved, NULL);
  if (pid < 0) {
    munmap(stack, stack_size);
    return -clone_errno;
  }
  child->pid = pid;
  child->pidfd = pidfd;
  child->stack = stack;
  child->stack_size = stack_size;
  return 0;
}

void hutch_spawn_release(struct hutch_spawn_child *child) {
  if (child->stack) munmap(child->stack, child->stack_size);
  child->stack = NULL;
}
