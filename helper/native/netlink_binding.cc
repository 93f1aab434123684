// JS bindings of the rtnetlink client (netlink.h). Host-side calls only, plus one test hook:
// the container-side calls run for real in spawn.c's cloned child, which JS cannot reach.
#include <arpa/inet.h>
#include <fcntl.h>
#include <sched.h>
#include <string.h>
#include <unistd.h>

#include <cerrno>
#include <string>

#include "bindings.h"
#include "netlink.h"

namespace {

constexpr unsigned kErrLen = 256;

// Throws an Error whose message is the C side's reason, with `code` (errno name, e.g.
// "EEXIST") and `errno` so the TypeScript side can map it onto a HutchError code.
void ThrowErrno(Napi::Env env, int negative_errno, const std::string &reason) {
  int e = -negative_errno;
  Napi::Error error = Napi::Error::New(env, reason.empty() ? strerror(e) : reason);
  const char *name = strerrorname_np(e);
  error.Set("code", Napi::String::New(env, name ? name : "EUNKNOWN"));
  error.Set("errno", Napi::Number::New(env, e));
  error.ThrowAsJavaScriptException();
}

// "<what>: <strerror>" for failures of the binding's own syscalls (netlink.c writes its own).
std::string SyscallReason(const std::string &what, int e) { return what + ": " + strerror(e); }

bool ExpectString(const Napi::CallbackInfo &info, size_t i, const char *what, std::string *out) {
  if (i >= info.Length() || !info[i].IsString()) {
    Napi::TypeError::New(info.Env(), std::string(what) + " must be a string").ThrowAsJavaScriptException();
    return false;
  }
  *out = info[i].As<Napi::String>().Utf8Value();
  if (out->find('\0') != std::string::npos) {
    Napi::TypeError::New(info.Env(), std::string(what) + " must not contain NUL").ThrowAsJavaScriptException();
    return false;
  }
  return true;
}

// A string, or null/undefined meaning "none".
bool ExpectOptionalString(const Napi::CallbackInfo &info, size_t i, const char *what, std::string *out,
                          bool *present) {
  *present = false;
  if (i >= info.Length() || info[i].IsNull() || info[i].IsUndefined()) return true;
  *present = true;
  return ExpectString(info, i, what, out);
}

bool ExpectUint(const Napi::CallbackInfo &info, size_t i, const char *what, uint32_t max, uint32_t *out) {
  if (i < info.Length() && info[i].IsNumber()) {
    double v = info[i].As<Napi::Number>().DoubleValue();
    if (v >= 0 && v <= max && v == static_cast<double>(static_cast<uint32_t>(v))) {
      *out = static_cast<uint32_t>(v);
      return true;
    }
  }
  Napi::TypeError::New(info.Env(), std::string(what) + " must be an integer from 0 to " + std::to_string(max))
      .ThrowAsJavaScriptException();
  return false;
}

bool ParseIpv4(Napi::Env env, const std::string &text, const char *what, uint32_t *out) {
  struct in_addr a;
  if (inet_pton(AF_INET, text.c_str(), &a) != 1) {
    Napi::TypeError::New(env, std::string(what) + " is not an IPv4 address: " + text).ThrowAsJavaScriptException();
    return false;
  }
  *out = a.s_addr;  // already network byte order, as netlink.h expects
  return true;
}

// vethCreate(hostName, peerName, netnsPid, bridge | null, mtu): void
Napi::Value VethCreate(const Napi::CallbackInfo &info) {
  Napi::Env env = info.Env();
  std::string host, peer, bridge;
  bool has_bridge;
  uint32_t pid, mtu;
  if (!ExpectString(info, 0, "hostName", &host) || !ExpectString(info, 1, "peerName", &peer) ||
      !ExpectUint(info, 2, "netnsPid", 0x7fffffff, &pid) ||
      !ExpectOptionalString(info, 3, "bridge", &bridge, &has_bridge) ||
      !ExpectUint(info, 4, "mtu", 65535, &mtu))
    return env.Undefined();
  char err[kErrLen] = "";
  int rc = hutch_nl_veth_create(host.c_str(), peer.c_str(), static_cast<int>(pid),
                                has_bridge ? bridge.c_str() : nullptr, mtu, err, sizeof err);
  if (rc < 0) ThrowErrno(env, rc, err);
  return env.Undefined();
}

// linkDelete(name): void — a missing link is not an error.
Napi::Value LinkDelete(const Napi::CallbackInfo &info) {
  Napi::Env env = info.Env();
  std::string name;
  if (!ExpectString(info, 0, "name", &name)) return env.Undefined();
  char err[kErrLen] = "";
  int rc = hutch_nl_link_delete(name.c_str(), err, sizeof err);
  if (rc < 0) ThrowErrno(env, rc, err);
  return env.Undefined();
}

// configureInNetns(netnsPath, ifname | null, addr, prefix, gateway | null): void
// FOR TESTS ONLY: runs the container-side calls on this (the JS) thread after setns(2) into
// netnsPath, then returns to the original namespace no matter what happened in between.
Napi::Value ConfigureInNetns(const Napi::CallbackInfo &info) {
  Napi::Env env = info.Env();
  std::string path, ifname, addr_text, gateway_text;
  bool has_ifname, has_gateway;
  uint32_t prefix, addr = 0, gateway = 0;
  if (!ExpectString(info, 0, "netnsPath", &path) ||
      !ExpectOptionalString(info, 1, "ifname", &ifname, &has_ifname) ||
      !ExpectString(info, 2, "addr", &addr_text) || !ExpectUint(info, 3, "prefix", 32, &prefix) ||
      !ExpectOptionalString(info, 4, "gateway", &gateway_text, &has_gateway))
    return env.Undefined();
  if (has_ifname && !ParseIpv4(env, addr_text, "addr", &addr)) return env.Undefined();
  if (has_gateway && !gateway_text.empty() && !ParseIpv4(env, gateway_text, "gateway", &gateway))
    return env.Undefined();

  // setns(2) applies to the calling thread only, so this thread's own namespace (not the
  // process's, which may differ) is the one to come back to.
  int original = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
  if (original < 0) {
    int e = errno;
    ThrowErrno(env, -e, SyscallReason("open /proc/thread-self/ns/net", e));
    return env.Undefined();
  }
  int target = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (target < 0) {
    int e = errno;
    close(original);
    ThrowErrno(env, -e, SyscallReason("open network namespace " + path, e));
    return env.Undefined();
  }
  if (setns(target, CLONE_NEWNET) != 0) {
    int e = errno;
    close(target);
    close(original);
    ThrowErrno(env, -e, SyscallReason("enter network namespace " + path, e));
    return env.Undefined();
  }
  close(target);

  char err[kErrLen] = "";
  int rc = hutch_nl_loopback_up(err, sizeof err);
  if (rc == 0 && has_ifname) rc = hutch_nl_configure(ifname.c_str(), addr, prefix, gateway, err, sizeof err);

  if (setns(original, CLONE_NEWNET) != 0) {
    // Carrying on would put every later socket of this process in the test's namespace.
    Napi::Error::Fatal("configureInNetns", "could not return to the original network namespace");
  }
  close(original);
  if (rc < 0) ThrowErrno(env, rc, err);
  return env.Undefined();
}

}  // namespace

void InitNetlinkBindings(Napi::Env env, Napi::Object exports) {
  exports.Set("vethCreate", Napi::Function::New(env, VethCreate, "vethCreate"));
  exports.Set("linkDelete", Napi::Function::New(env, LinkDelete, "linkDelete"));
  exports.Set("configureInNetns", Napi::Function::New(env, ConfigureInNetns, "configureInNetns"));
}
