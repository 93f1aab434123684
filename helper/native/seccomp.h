/* Seccomp profile compilation (libseccomp). Runs once per distinct profile in the helper,
 * never at container start: the result is a classic BPF program handed to hutch-init. */
#ifndef HUTCH_SECCOMP_H
#define HUTCH_SECCOMP_H
#include <stddef.h>
#include <stdint.h>
#ifdef __cplusplus
extern "C" {
#endif

/* One argument comparison, as in the OCI seccomp schema. op is one of
 * "SCMP_CMP_EQ", "SCMP_CMP_NE", "SCMP_CMP_LT", "SCMP_CMP_LE", "SCMP_CMP_GT", "SCMP_CMP_GE",
 * "SCMP_CMP_MASKED_EQ". */
struct hutch_seccomp_arg {
  unsigned index;
  uint64_t value;
  uint64_t value_two;
  const char *op;
};

/* One rule: every syscall in names gets action (with errno_ret for SCMP_ACT_ERRNO) when all
 * args match (args combine with AND, as in libseccomp). Unknown syscall names on this
 * architecture are skipped, not errors (profiles list syscalls of many kernels). */
struct hutch_seccomp_rule {
  const char *const *names;
  size_t n_names;
  const char *action; /* "SCMP_ACT_ALLOW", "SCMP_ACT_ERRNO", "SCMP_ACT_KILL_PROCESS", "SCMP_ACT_TRAP", "SCMP_ACT_LOG" */
  int errno_ret;
  const struct hutch_seccomp_arg *args;
  size_t n_args;
};

struct hutch_seccomp_profile {
  const char *default_action; /* usually "SCMP_ACT_ERRNO" */
  int default_errno;          /* ENOSYS (38) for Hutch's default profile */
  const struct hutch_seccomp_rule *rules;
  size_t n_rules;
};

/* Compiles profile for the native architecture. On success returns 0 and sets *out to a
 * malloc'd array of struct sock_filter (8 bytes each) and *out_len to its length in bytes;
 * the caller frees it. On failure returns -1 and writes a one-line reason into err. */
int hutch_seccomp_compile(const struct hutch_seccomp_profile *profile, unsigned char **out,
                          size_t *out_len, char *err, size_t errlen);

/* The libseccomp version loaded at run time ("2.5.4"). Which syscall names it knows decides
 * the compiled program, so on-disk caches of programs are keyed by it. */
void hutch_seccomp_library_version(char *buf, size_t len);

#ifdef __cplusplus
}
#endif
#endif
