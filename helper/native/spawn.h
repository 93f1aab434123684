/*
 * Creating a container process and entering a running one (DESIGN.md decision 3).
 *
 * Node always runs several threads, and namespace set-up needs a single-threaded caller, so the
 * addon prepares everything in the parent (paths, argv, env, mount operations, detached mount
 * trees, the compiled seccomp program) and then clones a child that shares the parent's memory
 * (CLONE_VM, like posix_spawn) and runs only raw system calls until it executes hutch-init from
 * a sealed memfd. hutch-init (init.c) then applies the process's security settings and starts
 * the user's command, as PID 1 of the container (create) or as a relay that stays outside the
 * container's PID namespace (exec).
 *
 * The parent and every later stage report failures on one pipe with struct hutch_report; the
 * pipe's write end is close-on-exec in the user's command, so end-of-file without a report means
 * the command was executed.
 */
#ifndef HUTCH_SPAWN_H
#define HUTCH_SPAWN_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* One step of the container filesystem set-up, applied in order after pivot_root, with
 * targets resolved inside the new root (so a symlink in the image cannot point a mount at the
 * host: there is no host left to point at). */
enum hutch_op_kind {
  HUTCH_OP_MOUNT = 1,     /* mount(source, target, fstype, flags, data), mkdir -p target */
  HUTCH_OP_BIND_TREE = 2, /* attach tree_fd (made by open_tree in the parent) at target */
  HUTCH_OP_SYMLINK = 3,   /* symlink(source, target) */
  HUTCH_OP_MASK = 4,      /* hide target: /dev/null over a file, read-only empty tmpfs over a dir */
  HUTCH_OP_READONLY = 5,  /* bind target onto itself and remount it read-only */
  HUTCH_OP_MKDIR = 6,     /* mkdir -p target with mode */
  HUTCH_OP_REMOUNT = 7,   /* remount target (a mount point) with flags, e.g. read-only */
};

struct hutch_mount_op {
  int kind;
  const char *target;
  const char *source;
  const char *fstype;
  const char *data;
  unsigned long flags;
  unsigned mode;
  int tree_fd;     /* HUTCH_OP_BIND_TREE */
  int tree_is_dir; /* HUTCH_OP_BIND_TREE: create a directory (else an empty file) at target */
  int optional;    /* a missing target or unsupported filesystem is skipped, not an error */
  int late;        /* applied after the parent's go (needs the cgroup namespace), not before */
  int early;       /* HUTCH_OP_MOUNT only: mounted under root_path before pivot_root (see spawn.c) */
};

/* Stages named in reports, so an error says where it happened. */
enum hutch_stage {
  HUTCH_STAGE_SETUP = 1, /* the cloned child, before exec of hutch-init */
  HUTCH_STAGE_INIT = 2,  /* hutch-init applying security settings */
  HUTCH_STAGE_EXEC = 3,  /* executing the user's command */
};

struct hutch_report {
  int32_t stage;
  int32_t error; /* errno */
  char what[504];
};

enum hutch_spawn_mode {
  HUTCH_SPAWN_CREATE = 1,
  HUTCH_SPAWN_EXEC = 2,
};

/* File descriptor layout that hutch-init receives (see init.c). */
enum {
  HUTCH_INIT_FD_STATUS = 3,  /* create: exit-status file of the container, or absent */
  HUTCH_INIT_FD_REPORT = 4,  /* the report pipe */
  HUTCH_INIT_FD_SECCOMP = 5, /* the compiled seccomp program (sock_filter array), or absent */
  HUTCH_INIT_FD_TIMENS = 6,  /* exec: the container's time namespace to join, or absent */
  HUTCH_INIT_FD_EXEC = 7,    /* the hutch-init memfd itself, close-on-exec */
  HUTCH_INIT_FD_FIRST_FREE = 8,
};

struct hutch_spawn_config {
  int mode;

  /* Both modes. */
  int stdio[3];             /* fds for 0, 1, 2; -1 = /dev/null inside */
  int want_pty;             /* open a pty inside the container and send its master on pty_sock */
  int pty_sock;             /* AF_UNIX socket for SCM_RIGHTS, or -1 */
  const int *cgroup_fds;    /* cgroup.procs files to write "0" into, opened by the parent */
  size_t n_cgroup_fds;
  int status_fd;            /* becomes fd 3, or -1 */
  int seccomp_fd;           /* becomes fd 5, or -1 */
  int init_fd;              /* the sealed hutch-init memfd */
  int report_fd;            /* write end of the report pipe */
  int go_fd;                /* read end of the "go" pipe: the child waits for one byte; -1 = no wait */
  int parent_fds[3];        /* the parent's own pipe/socket ends (go write, report read, pty):
                               the child closes its copies first, or a parent that dies before
                               "go" would leave it waiting forever */
  char *const *argv;        /* hutch-init's argv (its options, then the user's command) */
  char *const *envp;        /* the user's environment */

  /* Create. */
  unsigned long clone_flags; /* CLONE_NEW* namespaces to create at clone */
  int new_cgroupns;          /* unshare(CLONE_NEWCGROUP) after joining the cgroup */
  int new_timens;            /* unshare(CLONE_NEWTIME): takes effect at exec of hutch-init */
  int user_ns;               /* a user namespace: become uid/gid 0 in it after the parent maps ids */
  const char *root_path;     /* host directory that becomes / */
  const char *overlay_data;  /* overlay options for root_path, or NULL to bind root_path */
  unsigned long root_flags;  /* extra flags for the root mount (MS_NODEV, MS_RDONLY) */
  const struct hutch_mount_op *ops;
  size_t n_ops;
  const char *hostname;      /* NULL = leave */
  const char *domainname;    /* NULL = leave */
  int net_loopback;          /* bring lo up (own netns) */
  const char *net_ifname;    /* configure this interface (private network), or NULL */
  uint32_t net_addr;         /* network byte order */
  unsigned net_prefix;
  uint32_t net_gateway;

  /* Exec. */
  int target_pidfd;          /* pidfd of the container's PID 1 */
  unsigned long setns_flags; /* namespaces to join through target_pidfd (not time: see init.c) */
  int timens_fd;             /* becomes fd 6 for hutch-init to join, or -1 */

  /* Filled by the child (it shares our memory): CLOCK_MONOTONIC at each stage, for
   * HUTCH_TRACE. 0 = entered, 1 = joined cgroup, 2 = released by parent, 3 = new root,
   * 4 = mounts done, 5 = network done, 6 = about to exec hutch-init. */
  uint64_t trace_ns[8];
  /* Set by the child when pivot_root was impossible (the host root is an initramfs) and it fell
   * back to MS_MOVE + chroot, which the runtime reports as weaker isolation. */
  int used_chroot;
};

struct hutch_spawn_child {
  int pid;
  int pidfd;
  void *stack;
  size_t stack_size;
};

/* Clones the child described by config. In exec mode, and in create mode with a user
 * namespace, the child joins the cgroups and waits for one byte on go_fd before anything else
 * (the parent writes id maps). Otherwise a create child builds the root filesystem at once,
 * while the parent creates the cgroup, moves the child into it and attaches the network, and
 * waits for go only before the steps that need those (cgroup namespace, late mounts, network
 * configuration, exec). Returns 0 and
 * fills child; or -errno. The config and everything it points to must stay alive until the
 * report pipe reaches end-of-file or the child has exited. */
int hutch_spawn(const struct hutch_spawn_config *config, struct hutch_spawn_child *child);

/* Releases the child's stack once it can no longer run on it (after exec or exit). */
void hutch_spawn_release(struct hutch_spawn_child *child);

#ifdef __cplusplus
}
#endif
#endif
