/* Minimal rtnetlink client: just what a container's private network needs. Every function
 * uses raw syscalls on a stack buffer, allocates nothing and touches no global state, so the
 * container-side calls are safe in the cloned child before exec (see spawn.c). */
#ifndef HUTCH_NETLINK_H
#define HUTCH_NETLINK_H
#include <stdint.h>
#ifdef __cplusplus
extern "C" {
#endif

/* Host side. Creates a veth pair: host_name stays in the caller's namespace and is enslaved to
 * bridge (if bridge is non-NULL) and set up; the peer is created directly inside the network
 * namespace of pid `netns_pid`, named peer_name (e.g. "eth0"). mtu 0 means default.
 * Returns 0, or -errno with a reason in err. */
int hutch_nl_veth_create(const char *host_name, const char *peer_name, int netns_pid,
                         const char *bridge, unsigned mtu, char *err, unsigned errlen);

/* Deletes a link by name in the caller's namespace (ENODEV is not an error). */
int hutch_nl_link_delete(const char *name, char *err, unsigned errlen);

/* Container side (run inside the new netns): bring "lo" up. */
int hutch_nl_loopback_up(char *err, unsigned errlen);

/* Container side: give ifname the IPv4 address addr/prefix (network byte order), set it up,
 * and add a default route via gateway (network byte order; 0 = no default route). */
int hutch_nl_configure(const char *ifname, uint32_t addr, unsigned prefix, uint32_t gateway,
                       char *err, unsigned errlen);

#ifdef __cplusplus
}
#endif
#endif
