/* Seccomp profile -> classic BPF, with libseccomp. The helper calls this once per distinct
 * profile and caches the bytes (helper/src/runtime/seccomp.ts); hutch-init only loads them, so
 * no container start pays for libseccomp's rule-tree compilation. */
#include "seccomp.h"

#include <errno.h>
/* libseccomp's header; the angle brackets matter, our own header has the same file name. */
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

/* libseccomp compares at most this many syscall arguments (the kernel passes six). */
#define HUTCH_SECCOMP_MAX_ARGS 6

static int parse_action(const char *name, int errno_ret, uint32_t *out) {
  if (name == NULL) return -1;
  if (strcmp(name, "SCMP_ACT_ALLOW") == 0) *out = SCMP_ACT_ALLOW;
  else if (strcmp(name, "SCMP_ACT_ERRNO") == 0) {
    /* The kernel keeps only the low 16 bits of SECCOMP_RET_DATA as the errno. */
    if (errno_ret < 0 || errno_ret > 0xffff) return -1;
    *out = SCMP_ACT_ERRNO((uint32_t)errno_ret);
  } else if (strcmp(name, "SCMP_ACT_KILL_PROCESS") == 0) *out = SCMP_ACT_KILL_PROCESS;
  else if (strcmp(name, "SCMP_ACT_TRAP") == 0) *out = SCMP_ACT_TRAP;
  else if (strcmp(name, "SCMP_ACT_LOG") == 0) *out = SCMP_ACT_LOG;
  else return -1;
  return 0;
}

static int parse_op(const char *name, enum scmp_compare *out) {
  static const struct { const char *name; enum scmp_compare op; } ops[] = {
    {"SCMP_CMP_EQ", SCMP_CMP_EQ}, {"SCMP_CMP_NE", SCMP_CMP_NE}, {"SCMP_CMP_LT", SCMP_CMP_LT},
    {"SCMP_CMP_LE", SCMP_CMP_LE}, {"SCMP_CMP_GT", SCMP_CMP_GT}, {"SCMP_CMP_GE", SCMP_CMP_GE},
    {"SCMP_CMP_MASKED_EQ", SCMP_CMP_MASKED_EQ},
  };
  if (name == NULL) return -1;
  for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++) {
    if (strcmp(name, ops[i].name) == 0) {
      *out = ops[i].op;
      return 0;
    }
  }
  return -1;
}

/* libseccomp has no export-to-memory in 2.5, so the program goes through a memfd. */
static int export_program(scmp_filter_ctx ctx, unsigned char **out, size_t *out_len, char *err,
                          size_t errlen) {
  int fd = memfd_create("hutch-seccomp-bpf", MFD_CLOEXEC);
  if (fd < 0) {
    snprintf(err, errlen, "memfd_create: %s", strerror(errno));
    return -1;
  }
  int rc = seccomp_export_bpf(ctx, fd);
  if (rc < 0) {
    snprintf(err, errlen, "seccomp_export_bpf: %s", strerror(-rc));
    close(fd);
    return -1;
  }
  struct stat st;
  if (fstat(fd, &st) < 0) {
    snprintf(err, errlen, "fstat(memfd): %s", strerror(errno));
    close(fd);
    return -1;
  }
  size_t len = (size_t)st.st_size;
  /* struct sock_filter is 8 bytes; anything else means a truncated or foreign export. */
  if (len == 0 || len % 8 != 0) {
    snprintf(err, errlen, "seccomp_export_bpf produced %zu bytes, not a whole BPF program", len);
    close(fd);
    return -1;
  }
  unsigned char *buf = malloc(len);
  if (buf == NULL) {
    snprintf(err, errlen, "out of memory for a %zu-byte BPF program", len);
    close(fd);
    return -1;
  }
  size_t done = 0;
  while (done < len) {
    ssize_t n = pread(fd, buf + done, len - done, (off_t)done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      snprintf(err, errlen, "reading the BPF program back: %s", n < 0 ? strerror(errno) : "short read");
      free(buf);
      close(fd);
      return -1;
    }
    done += (size_t)n;
  }
  close(fd);
  *out = buf;
  *out_len = len;
  return 0;
}

static int add_rule(scmp_filter_ctx ctx, const struct hutch_seccomp_rule *rule, size_t rule_index,
                    uint32_t default_action, char *err, size_t errlen) {
  uint32_t action;
  if (parse_action(rule->action, rule->errno_ret, &action) < 0) {
    snprintf(err, errlen, "rule %zu: unknown action %s (errno %d)", rule_index,
             rule->action ? rule->action : "(null)", rule->errno_ret);
    return -1;
  }
  /* libseccomp refuses a rule whose action is the filter's default (EACCES); such a rule changes
   * nothing, and profiles keep them for readability (clone3 -> ENOSYS under an ENOSYS default),
   * so skip it the way runc does. */
  if (action == default_action) return 0;

  if (rule->n_args > HUTCH_SECCOMP_MAX_ARGS) {
    snprintf(err, errlen, "rule %zu: %zu argument comparisons, at most %d", rule_index,
             rule->n_args, HUTCH_SECCOMP_MAX_ARGS);
    return -1;
  }
  struct scmp_arg_cmp cmps[HUTCH_SECCOMP_MAX_ARGS];
  for (size_t i = 0; i < rule->n_args; i++) {
    const struct hutch_seccomp_arg *arg = &rule->args[i];
    enum scmp_compare op;
    if (arg->index >= HUTCH_SECCOMP_MAX_ARGS) {
      snprintf(err, errlen, "rule %zu: argument index %u, syscalls have 6 (0-5)", rule_index,
               arg->index);
      return -1;
    }
    if (parse_op(arg->op, &op) < 0) {
      snprintf(err, errlen, "rule %zu: unknown comparison %s", rule_index,
               arg->op ? arg->op : "(null)");
      return -1;
    }
    /* For MASKED_EQ, as in the OCI schema, value is the mask and value_two the datum. */
    cmps[i] = (struct scmp_arg_cmp){.arg = arg->index, .op = op, .datum_a = arg->value,
                                    .datum_b = arg->value_two};
  }

  for (size_t n = 0; n < rule->n_names; n++) {
    const char *name = rule->names[n];
    int nr = seccomp_syscall_resolve_name(name);
    /* Profiles name syscalls of every kernel and architecture; one this libseccomp does not
     * know cannot be filtered by number, so it falls to the default action (ENOSYS for Hutch,
     * which is what libc expects from a kernel that lacks it). */
    if (nr == __NR_SCMP_ERROR) continue;
    int rc = seccomp_rule_add_array(ctx, action, nr, (unsigned)rule->n_args, cmps);
    if (rc < 0) {
      snprintf(err, errlen, "rule %zu (%s, syscall %s): %s", rule_index, rule->action, name,
               strerror(-rc));
      return -1;
    }
  }
  return 0;
}

int hutch_seccomp_compile(const struct hutch_seccomp_profile *profile, unsigned char **out,
                          size_t *out_len, char *err, size_t errlen) {
  *out = NULL;
  *out_len = 0;
  uint32_t default_action;
  if (parse_action(profile->default_action, profile->default_errno, &default_action) < 0) {
    snprintf(err, errlen, "unknown default action %s (errno %d)",
             profile->default_action ? profile->default_action : "(null)",
             profile->default_errno);
    return -1;
  }
  scmp_filter_ctx ctx = seccomp_init(default_action);
  if (ctx == NULL) {
    snprintf(err, errlen, "seccomp_init failed (is libseccomp too old for this action?)");
    return -1;
  }

  int rc;
  /* hutch-init sets no_new_privs itself when the container asks for it; the filter must not
   * force it, or setuid binaries (sudo in dev images) would stop working. */
  if ((rc = seccomp_attr_set(ctx, SCMP_FLTATR_CTL_NNP, 0)) < 0) {
    snprintf(err, errlen, "seccomp_attr_set(CTL_NNP): %s", strerror(-rc));
    goto fail;
  }
  /* A binary tree keeps the per-syscall cost logarithmic in a ~370-entry allowlist. It is an
   * optimisation only: older libseccomp without it still produces a correct (linear) filter. */
  (void)seccomp_attr_set(ctx, SCMP_FLTATR_CTL_OPTIMIZE, 2);

  /* Like Docker's archMap: on x86_64 also filter i386 (int 0x80) and x32 syscalls, so 32-bit
   * binaries in the container get the same policy instead of being killed as a bad arch. */
  if (seccomp_arch_native() == SCMP_ARCH_X86_64) {
    if ((rc = seccomp_arch_add(ctx, SCMP_ARCH_X86)) < 0 && rc != -EEXIST) {
      snprintf(err, errlen, "seccomp_arch_add(x86): %s", strerror(-rc));
      goto fail;
    }
    if ((rc = seccomp_arch_add(ctx, SCMP_ARCH_X32)) < 0 && rc != -EEXIST) {
      snprintf(err, errlen, "seccomp_arch_add(x32): %s", strerror(-rc));
      goto fail;
    }
  }

  for (size_t i = 0; i < profile->n_rules; i++) {
    if (add_rule(ctx, &profile->rules[i], i, default_action, err, errlen) < 0) goto fail;
  }
  if (export_program(ctx, out, out_len, err, errlen) < 0) goto fail;
  seccomp_release(ctx);
  return 0;

fail:
  seccomp_release(ctx);
  return -1;
}

void hutch_seccomp_library_version(char *buf, size_t len) {
  const struct scmp_version *v = seccomp_version();
  snprintf(buf, len, "%u.%u.%u", v->major, v->minor, v->micro);
}
