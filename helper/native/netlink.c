/* rtnetlink client for container networking (see netlink.h).
 *
 * The container-side functions run in the child that spawn.c clones before exec; that child
 * shares the Node process's memory. So nothing here allocates, uses stdio, or touches global
 * state, and on x86_64/aarch64 even errno is avoided: syscalls are issued directly and return
 * -errno, because errno lives in the parent thread's TLS that a CLONE_VM child still points at.
 * Messages are built in a stack buffer and every request asks for an ACK, so a failure is
 * reported at the step that caused it, with the kernel's extended-ACK text when it gives one. */
#include "netlink.h"

#include <errno.h>
#include <linux/if.h>
#include <linux/if_link.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/veth.h>
#include <stddef.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

/* ---- raw syscalls ------------------------------------------------------------------------ */

#if defined(__x86_64__)
static long raw_syscall6(long n, long a, long b, long c, long d, long e, long f) {
  long ret;
  register long r10 __asm__("r10") = d;
  register long r8 __asm__("r8") = e;
  register long r9 __asm__("r9") = f;
  __asm__ volatile("syscall"
                   : "=a"(ret)
                   : "a"(n), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8), "r"(r9)
                   : "rcx", "r11", "memory");
  return ret;
}
#elif defined(__aarch64__)
static long raw_syscall6(long n, long a, long b, long c, long d, long e, long f) {
  register long x8 __asm__("x8") = n;
  register long x0 __asm__("x0") = a;
  register long x1 __asm__("x1") = b;
  register long x2 __asm__("x2") = c;
  register long x3 __asm__("x3") = d;
  register long x4 __asm__("x4") = e;
  register long x5 __asm__("x5") = f;
  __asm__ volatile("svc 0"
                   : "+r"(x0)
                   : "r"(x8), "r"(x1), "r"(x2), "r"(x3), "r"(x4), "r"(x5)
                   : "memory");
  return x0;
}
#else
/* Other architectures go through libc, which sets errno; acceptable only because spawn.c's
 * child runs while the parent thread is suspended (CLONE_VFORK). */
static long raw_syscall6(long n, long a, long b, long c, long d, long e, long f) {
  long r = syscall(n, a, b, c, d, e, f);
  return r < 0 ? -errno : r;
}
#endif

/* Retries EINTR: a signal arriving mid-request must not turn into a configuration failure. */
static long sys(long n, long a, long b, long c, long d, long e, long f) {
  long r;
  do {
    r = raw_syscall6(n, a, b, c, d, e, f);
  } while (r == -EINTR);
  return r;
}

/* ---- error text without stdio ------------------------------------------------------------ */

struct text {
  char *buf;
  unsigned cap;
  unsigned len;
};

static void text_init(struct text *t, char *buf, unsigned cap) {
  t->buf = buf;
  t->cap = cap;
  t->len = 0;
  if (buf && cap) buf[0] = '\0';
}

static void text_add(struct text *t, const char *s) {
  if (!t->buf || t->cap == 0) return;
  while (*s && t->len + 1 < t->cap) t->buf[t->len++] = *s++;
  t->buf[t->len] = '\0';
}

static void text_add_int(struct text *t, long v) {
  char digits[24];
  unsigned n = 0;
  unsigned long u = v < 0 ? (unsigned long)(-v) : (unsigned long)v;
  if (v < 0) text_add(t, "-");
  do {
    digits[n++] = (char)('0' + u % 10);
    u /= 10;
  } while (u && n < sizeof digits);
  char out[24];
  for (unsigned i = 0; i < n; i++) out[i] = digits[n - 1 - i];
  out[n] = '\0';
  text_add(t, out);
}

/* strerror() may consult locale data and a shared buffer; this table covers what rtnetlink
 * returns for the requests below. */
static const char *errno_text(int e) {
  switch (e) {
    case EPERM: return "operation not permitted (EPERM; needs CAP_NET_ADMIN)";
    case ENOENT: return "no such file or directory (ENOENT)";
    case ESRCH: return "no such process (ESRCH)";
    case ENOMEM: return "out of memory (ENOMEM)";
    case EACCES: return "permission denied (EACCES)";
    case EBUSY: return "device or resource busy (EBUSY)";
    case EEXIST: return "already exists (EEXIST)";
    case ENODEV: return "no such device (ENODEV)";
    case EINVAL: return "invalid argument (EINVAL)";
    case ERANGE: return "value out of range (ERANGE)";
    case ENAMETOOLONG: return "name too long (ENAMETOOLONG)";
    case ENOBUFS: return "no buffer space (ENOBUFS)";
    case EOPNOTSUPP: return "operation not supported (EOPNOTSUPP; kernel lacks the driver?)";
    case EAFNOSUPPORT: return "address family not supported (EAFNOSUPPORT)";
    case EPROTONOSUPPORT: return "protocol not supported (EPROTONOSUPPORT)";
    case EADDRNOTAVAIL: return "address not available (EADDRNOTAVAIL)";
    case ENETUNREACH: return "network unreachable (ENETUNREACH)";
    case ENETDOWN: return "network is down (ENETDOWN)";
    case EMSGSIZE: return "message too long (EMSGSIZE)";
    case EBADMSG: return "malformed netlink reply (EBADMSG)";
    default: return 0;
  }
}

/* Writes "<what>: <errno text>[: <kernel message>]" and returns -e. */
static int fail(char *err, unsigned errlen, const char *what, int e, const char *kernel_msg) {
  struct text t;
  text_init(&t, err, errlen);
  text_add(&t, what);
  text_add(&t, ": ");
  const char *s = errno_text(e);
  if (s) {
    text_add(&t, s);
  } else {
    text_add(&t, "errno ");
    text_add_int(&t, e);
  }
  if (kernel_msg && *kernel_msg) {
    text_add(&t, ": ");
    text_add(&t, kernel_msg);
  }
  return -e;
}

/* ---- message building -------------------------------------------------------------------- */

/* Large enough for the biggest request here (veth create, ~200 bytes). */
#define REQ_CAP 512
/* Replies are ACKs (capped, so without the request echoed) or one link; a longer link message
 * is truncated by the kernel, which is fine: only its ifinfomsg header is read. */
#define RESP_CAP 1024
#define KERNEL_MSG_CAP 160

struct req {
  union {
    struct nlmsghdr hdr;
    char bytes[REQ_CAP];
  } u;
  int overflow;
};

static void req_init(struct req *r, unsigned short type, unsigned short flags) {
  memset(r, 0, sizeof *r);
  r->u.hdr.nlmsg_len = NLMSG_LENGTH(0);
  r->u.hdr.nlmsg_type = type;
  r->u.hdr.nlmsg_flags = (unsigned short)(NLM_F_REQUEST | NLM_F_ACK | flags);
}

/* Reserves len bytes (zeroed, aligned) at the end of the message. */
static void *req_put(struct req *r, unsigned len) {
  unsigned at = NLMSG_ALIGN(r->u.hdr.nlmsg_len);
  unsigned end = at + NLMSG_ALIGN(len);
  if (end > REQ_CAP) {
    r->overflow = 1;
    return 0;
  }
  r->u.hdr.nlmsg_len = end;
  return r->u.bytes + at;
}

static struct rtattr *attr_put(struct req *r, unsigned short type, const void *data, unsigned len) {
  struct rtattr *a = req_put(r, RTA_LENGTH(len));
  if (!a) return 0;
  a->rta_type = type;
  a->rta_len = (unsigned short)RTA_LENGTH(len);
  if (len) memcpy(RTA_DATA(a), data, len);
  return a;
}

static void attr_u32(struct req *r, unsigned short type, uint32_t v) { attr_put(r, type, &v, sizeof v); }

static void attr_str(struct req *r, unsigned short type, const char *s) {
  attr_put(r, type, s, (unsigned)strlen(s) + 1);
}

/* A nested attribute: open it, add children, then close it to fix its length. */
static struct rtattr *nest_begin(struct req *r, unsigned short type) { return attr_put(r, type, 0, 0); }

static void nest_end(struct req *r, struct rtattr *a) {
  if (a) a->rta_len = (unsigned short)((r->u.bytes + r->u.hdr.nlmsg_len) - (char *)a);
}

/* ---- transport --------------------------------------------------------------------------- */

struct conn {
  int fd;
  uint32_t seq;
};

static int conn_open(struct conn *c, char *err, unsigned errlen) {
  long fd = sys(SYS_socket, AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE, 0, 0, 0);
  if (fd < 0) return fail(err, errlen, "open rtnetlink socket", (int)-fd, 0);
  int one = 1;
  /* CAP_ACK keeps error ACKs small (no echo of our request); EXT_ACK asks the kernel to say
   * *why* in words. Both are optional: older kernels just give the errno. */
  sys(SYS_setsockopt, fd, SOL_NETLINK, NETLINK_CAP_ACK, (long)&one, sizeof one, 0);
  sys(SYS_setsockopt, fd, SOL_NETLINK, NETLINK_EXT_ACK, (long)&one, sizeof one, 0);
  c->fd = (int)fd;
  c->seq = 0;
  return 0;
}

static void conn_close(struct conn *c) {
  if (c->fd >= 0) sys(SYS_close, c->fd, 0, 0, 0, 0, 0);
  c->fd = -1;
}

/* Copies the NLMSGERR_ATTR_MSG string of an extended ACK, if present, into out. */
static void ack_message(const struct nlmsghdr *h, unsigned avail, char *out, unsigned outcap) {
  out[0] = '\0';
  if (!(h->nlmsg_flags & NLM_F_ACK_TLVS)) return;
  const struct nlmsgerr *e = NLMSG_DATA(h);
  unsigned off = NLMSG_HDRLEN + sizeof(struct nlmsgerr);
  if (!(h->nlmsg_flags & NLM_F_CAPPED)) off += NLMSG_ALIGN(e->msg.nlmsg_len) - NLMSG_HDRLEN;
  off = NLMSG_ALIGN(off);
  while (off + sizeof(struct nlattr) <= avail) {
    const struct nlattr *a = (const struct nlattr *)((const char *)h + off);
    if (a->nla_len < sizeof(struct nlattr) || off + a->nla_len > avail) return;
    if ((a->nla_type & NLA_TYPE_MASK) == NLMSGERR_ATTR_MSG) {
      const char *s = (const char *)a + NLA_HDRLEN;
      unsigned n = a->nla_len - NLA_HDRLEN, i = 0;
      while (i < n && i + 1 < outcap && s[i]) {
        out[i] = s[i];
        i++;
      }
      out[i] = '\0';
      return;
    }
    off += NLA_ALIGN(a->nla_len);
  }
}

/* Sends r and reads until its ACK. If ifindex is non-NULL, the ifi_index of a RTM_NEWLINK
 * reply to this request is stored there. Returns 0 or -errno (reason in err, prefixed by what). */
static int transact(struct conn *c, struct req *r, int *ifindex, const char *what, char *err,
                    unsigned errlen) {
  if (r->overflow) return fail(err, errlen, what, EMSGSIZE, "request does not fit the buffer");
  r->u.hdr.nlmsg_seq = ++c->seq;
  struct sockaddr_nl kernel;
  memset(&kernel, 0, sizeof kernel);
  kernel.nl_family = AF_NETLINK;
  long n = sys(SYS_sendto, c->fd, (long)r->u.bytes, r->u.hdr.nlmsg_len, 0, (long)&kernel,
               sizeof kernel);
  if (n < 0) return fail(err, errlen, what, (int)-n, "sending the request");

  union {
    struct nlmsghdr hdr;
    char bytes[RESP_CAP];
  } resp;
  for (;;) {
    n = sys(SYS_recvfrom, c->fd, (long)resp.bytes, sizeof resp.bytes, 0, 0, 0);
    if (n < 0) return fail(err, errlen, what, (int)-n, "reading the reply");
    unsigned avail = (unsigned)n, off = 0;
    while (off + NLMSG_HDRLEN <= avail) {
      const struct nlmsghdr *h = (const struct nlmsghdr *)(resp.bytes + off);
      if (h->nlmsg_len < NLMSG_HDRLEN) return fail(err, errlen, what, EBADMSG, 0);
      /* A truncated datagram ends early; only what arrived is parsed. */
      unsigned len = h->nlmsg_len <= avail - off ? h->nlmsg_len : avail - off;
      if (h->nlmsg_seq == c->seq) {
        if (h->nlmsg_type == NLMSG_ERROR) {
          if (len < NLMSG_LENGTH(sizeof(int))) return fail(err, errlen, what, EBADMSG, 0);
          const struct nlmsgerr *e = NLMSG_DATA(h);
          if (e->error == 0) return 0;
          char kmsg[KERNEL_MSG_CAP];
          ack_message(h, len, kmsg, sizeof kmsg);
          return fail(err, errlen, what, -e->error, kmsg);
        }
        if (h->nlmsg_type == RTM_NEWLINK && ifindex &&
            len >= NLMSG_LENGTH(sizeof(struct ifinfomsg))) {
          const struct ifinfomsg *ifi = NLMSG_DATA(h);
          *ifindex = ifi->ifi_index;
        }
      }
      off += NLMSG_ALIGN(h->nlmsg_len);
    }
  }
}

/* ---- requests ---------------------------------------------------------------------------- */

static uint32_t to_network_order(uint32_t v) {
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  return __builtin_bswap32(v);
#else
  return v;
#endif
}

static int valid_ifname(const char *name) {
  size_t n = name ? strlen(name) : 0;
  return n > 0 && n < IFNAMSIZ;
}

static int bad_name(char *err, unsigned errlen, const char *name) {
  struct text t;
  text_init(&t, err, errlen);
  text_add(&t, "interface name \"");
  text_add(&t, name ? name : "");
  text_add(&t, "\" must be 1 to 15 characters");
  return -EINVAL;
}

/* "<verb> <name>" as the step label for errors. */
static const char *label(char *buf, unsigned cap, const char *verb, const char *name) {
  struct text t;
  text_init(&t, buf, cap);
  text_add(&t, verb);
  text_add(&t, " ");
  text_add(&t, name);
  return buf;
}

static int get_ifindex(struct conn *c, const char *name, int *ifindex, char *err, unsigned errlen) {
  struct req r;
  req_init(&r, RTM_GETLINK, 0);
  struct ifinfomsg *ifi = req_put(&r, sizeof *ifi);
  ifi->ifi_family = AF_UNSPEC;
  attr_str(&r, IFLA_IFNAME, name);
  /* Stats make link messages large; we only need the index. */
  attr_u32(&r, IFLA_EXT_MASK, RTEXT_FILTER_SKIP_STATS);
  *ifindex = 0;
  char what[48];
  int rc = transact(c, &r, ifindex, label(what, sizeof what, "look up interface", name), err, errlen);
  if (rc == 0 && *ifindex <= 0) return fail(err, errlen, what, ENODEV, 0);
  return rc;
}

/* Sets a link up by name, optionally enslaving it to master (ifindex, 0 = leave as is). */
static int set_link_up(struct conn *c, const char *name, int master, char *err, unsigned errlen) {
  struct req r;
  req_init(&r, RTM_NEWLINK, 0);
  struct ifinfomsg *ifi = req_put(&r, sizeof *ifi);
  ifi->ifi_family = AF_UNSPEC;
  ifi->ifi_flags = IFF_UP;
  ifi->ifi_change = IFF_UP;
  /* ifi_index 0 + IFLA_IFNAME: the kernel resolves the name itself (rtnl_setlink). */
  attr_str(&r, IFLA_IFNAME, name);
  if (master > 0) attr_u32(&r, IFLA_MASTER, (uint32_t)master);
  char what[48];
  return transact(c, &r, 0, label(what, sizeof what, master > 0 ? "attach and set up" : "set up", name),
                  err, errlen);
}

static int delete_link(struct conn *c, const char *name, char *err, unsigned errlen) {
  struct req r;
  req_init(&r, RTM_DELLINK, 0);
  struct ifinfomsg *ifi = req_put(&r, sizeof *ifi);
  ifi->ifi_family = AF_UNSPEC;
  attr_str(&r, IFLA_IFNAME, name);
  char what[48];
  int rc = transact(c, &r, 0, label(what, sizeof what, "delete interface", name), err, errlen);
  if (rc == -ENODEV) {
    if (err && errlen) err[0] = '\0';
    return 0;
  }
  return rc;
}

int hutch_nl_veth_create(const char *host_name, const char *peer_name, int netns_pid,
                         const char *bridge, unsigned mtu, char *err, unsigned errlen) {
  if (!valid_ifname(host_name)) return bad_name(err, errlen, host_name);
  if (!valid_ifname(peer_name)) return bad_name(err, errlen, peer_name);
  if (bridge && !valid_ifname(bridge)) return bad_name(err, errlen, bridge);
  if (netns_pid <= 0) return fail(err, errlen, "create veth", EINVAL, "netns pid must be positive");

  struct conn c;
  int rc = conn_open(&c, err, errlen);
  if (rc < 0) return rc;

  /* Look the bridge up first: failing here leaves nothing to undo. */
  int master = 0;
  if (bridge) {
    rc = get_ifindex(&c, bridge, &master, err, errlen);
    if (rc < 0) goto out;
  }

  struct req r;
  req_init(&r, RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL);
  struct ifinfomsg *ifi = req_put(&r, sizeof *ifi);
  ifi->ifi_family = AF_UNSPEC;
  attr_str(&r, IFLA_IFNAME, host_name);
  if (mtu) attr_u32(&r, IFLA_MTU, mtu);
  struct rtattr *linkinfo = nest_begin(&r, IFLA_LINKINFO);
  attr_str(&r, IFLA_INFO_KIND, "veth");
  struct rtattr *data = nest_begin(&r, IFLA_INFO_DATA);
  struct rtattr *peer = nest_begin(&r, VETH_INFO_PEER);
  /* The peer's attributes are an ifinfomsg followed by IFLA_*, as in a top-level NEWLINK.
   * IFLA_NET_NS_PID creates it directly inside the container's namespace, so it is never
   * visible (or name-clashing) on the host. */
  struct ifinfomsg *peer_ifi = req_put(&r, sizeof *peer_ifi);
  if (peer_ifi) peer_ifi->ifi_family = AF_UNSPEC;
  attr_str(&r, IFLA_IFNAME, peer_name);
  attr_u32(&r, IFLA_NET_NS_PID, (uint32_t)netns_pid);
  if (mtu) attr_u32(&r, IFLA_MTU, mtu);
  nest_end(&r, peer);
  nest_end(&r, data);
  nest_end(&r, linkinfo);

  char what[48];
  rc = transact(&c, &r, 0, label(what, sizeof what, "create veth", host_name), err, errlen);
  if (rc < 0) goto out;

  rc = set_link_up(&c, host_name, master, err, errlen);
  if (rc < 0) {
    /* Do not leave a half-configured pair behind; deleting one end removes both. The first
     * error is the one worth reporting, so the cleanup's own message is discarded. */
    char ignored[8];
    delete_link(&c, host_name, ignored, sizeof ignored);
  }
out:
  conn_close(&c);
  return rc;
}

int hutch_nl_link_delete(const char *name, char *err, unsigned errlen) {
  if (!valid_ifname(name)) return bad_name(err, errlen, name);
  struct conn c;
  int rc = conn_open(&c, err, errlen);
  if (rc < 0) return rc;
  rc = delete_link(&c, name, err, errlen);
  conn_close(&c);
  return rc;
}

int hutch_nl_loopback_up(char *err, unsigned errlen) {
  struct conn c;
  int rc = conn_open(&c, err, errlen);
  if (rc < 0) return rc;
  rc = set_link_up(&c, "lo", 0, err, errlen);
  conn_close(&c);
  return rc;
}

int hutch_nl_configure(const char *ifname, uint32_t addr, unsigned prefix, uint32_t gateway,
                       char *err, unsigned errlen) {
  if (!valid_ifname(ifname)) return bad_name(err, errlen, ifname);
  if (prefix > 32) return fail(err, errlen, "configure address", EINVAL, "prefix length above 32");

  struct conn c;
  int rc = conn_open(&c, err, errlen);
  if (rc < 0) return rc;

  int index = 0;
  rc = get_ifindex(&c, ifname, &index, err, errlen);
  if (rc < 0) goto out;

  {
    struct req r;
    /* REPLACE rather than EXCL: configuring twice (a retried start) is not an error. */
    req_init(&r, RTM_NEWADDR, NLM_F_CREATE | NLM_F_REPLACE);
    struct ifaddrmsg *ifa = req_put(&r, sizeof *ifa);
    ifa->ifa_family = AF_INET;
    ifa->ifa_prefixlen = (unsigned char)prefix;
    ifa->ifa_scope = RT_SCOPE_UNIVERSE;
    ifa->ifa_index = (unsigned)index;
    attr_put(&r, IFA_LOCAL, &addr, sizeof addr);
    attr_put(&r, IFA_ADDRESS, &addr, sizeof addr);
    if (prefix < 31) {
      /* What `ip addr add ... brd +` computes; without it broadcasts on the subnet fail. */
      uint32_t host_mask = prefix == 0 ? 0xffffffffu : (0xffffffffu >> prefix);
      uint32_t brd = addr | to_network_order(host_mask);
      attr_put(&r, IFA_BROADCAST, &brd, sizeof brd);
    }
    char what[48];
    rc = transact(&c, &r, 0, label(what, sizeof what, "add address to", ifname), err, errlen);
    if (rc < 0) goto out;
  }

  /* The link must be up before the default route: the kernel rejects a gateway it cannot
   * reach through a down interface. */
  rc = set_link_up(&c, ifname, 0, err, errlen);
  if (rc < 0 || gateway == 0) goto out;

  {
    struct req r;
    req_init(&r, RTM_NEWROUTE, NLM_F_CREATE | NLM_F_REPLACE);
    struct rtmsg *rtm = req_put(&r, sizeof *rtm);
    rtm->rtm_family = AF_INET;
    rtm->rtm_dst_len = 0;
    rtm->rtm_table = RT_TABLE_MAIN;
    rtm->rtm_protocol = RTPROT_BOOT;
    rtm->rtm_scope = RT_SCOPE_UNIVERSE;
    rtm->rtm_type = RTN_UNICAST;
    attr_put(&r, RTA_GATEWAY, &gateway, sizeof gateway);
    attr_u32(&r, RTA_OIF, (uint32_t)index);
    char what[48];
    rc = transact(&c, &r, 0, label(what, sizeof what, "add default route via", ifname), err, errlen);
  }
out:
  conn_close(&c);
  return rc;
}
