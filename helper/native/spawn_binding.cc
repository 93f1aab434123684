// JavaScript face of spawn.c: start a container or an exec in two phases.
//
//   const child = native.spawn(config)   // clones; the child joins its cgroup and waits
//   ...write id maps, attach the network, using child.pid...
//   await native.start(child.handle)      // lets it go; resolves when the command runs
//   native.abort(child.handle)            // or: kills and reaps it, freeing everything
//
// A handle owns every byte the child reads (it shares our memory until it executes
// hutch-init), so nothing is freed before the report pipe says the child is past exec.
#include "bindings.h"

extern "C" {
#include "spawn.h"
}

#include <errno.h>
#include <fcntl.h>
#include <linux/mount.h>
#include <linux/openat2.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>
#include <uv.h>

#include <memory>
#include <string>
#include <vector>

#ifndef MFD_EXEC
#define MFD_EXEC 0x0010U
#endif
#ifndef P_PIDFD
#define P_PIDFD 3
#endif

namespace {

std::string ErrnoText(int err) { return std::string(strerror(err)); }

Napi::Error SystemError(Napi::Env env, int err, const std::string& what) {
  Napi::Error e = Napi::Error::New(env, what + ": " + ErrnoText(err));
  e.Set("errno", Napi::Number::New(env, err));
  e.Set("syscall", Napi::String::New(env, what));
  return e;
}

// Everything one child needs, kept at stable addresses until it is past exec.
struct SpawnHandle {
  std::vector<std::string> strings;  // reserved up front: pointers into it must not move
  std::vector<char*> argv, envp;
  std::vector<int> cgroup_fds;
  std::vector<hutch_mount_op> ops;
  std::vector<int> owned_fds;  // closed when the handle is finished
  hutch_spawn_config config{};
  hutch_spawn_child child{};
  int report_read = -1;
  int go_write = -1;
  int pty_parent = -1;
  bool spawned = false;
  bool finished = false;  // start settled (or abort ran): the child no longer uses our memory
  bool reaped = false;

  const char* Keep(const std::string& s) {
    strings.push_back(s);
    return strings.back().c_str();
  }
  void CloseOwned() {
    for (int fd : owned_fds) close(fd);
    owned_fds.clear();
    if (go_write >= 0) close(go_write), go_write = -1;
  }
  ~SpawnHandle() {
    CloseOwned();
    if (report_read >= 0) close(report_read);
    if (pty_parent >= 0) close(pty_parent);
    hutch_spawn_release(&child);
  }
};

bool GetStringArray(Napi::Env env, Napi::Value v, std::vector<std::string>& out, const char* name) {
  if (!v.IsArray()) {
    Napi::TypeError::New(env, std::string(name) + " must be an array of strings").ThrowAsJavaScriptException();
    return false;
  }
  Napi::Array a = v.As<Napi::Array>();
  for (uint32_t i = 0; i < a.Length(); i++) {
    Napi::Value item = a.Get(i);
    if (!item.IsString()) {
      Napi::TypeError::New(env, std::string(name) + " must be an array of strings").ThrowAsJavaScriptException();
      return false;
    }
    std::string s = item.As<Napi::String>().Utf8Value();
    if (s.find('\0') != std::string::npos) {
      Napi::TypeError::New(env, std::string(name) + " contains a NUL byte").ThrowAsJavaScriptException();
      return false;
    }
    out.push_back(s);
  }
  return true;
}

int IntOr(Napi::Object o, const char* key, int fallback) {
  Napi::Value v = o.Get(key);
  return v.IsNumber() ? v.As<Napi::Number>().Int32Value() : fallback;
}
double NumberOr(Napi::Object o, const char* key, double fallback) {
  Napi::Value v = o.Get(key);
  return v.IsNumber() ? v.As<Napi::Number>().DoubleValue() : fallback;
}
bool BoolOr(Napi::Object o, const char* key, bool fallback) {
  Napi::Value v = o.Get(key);
  return v.IsBoolean() ? v.As<Napi::Boolean>().Value() : fallback;
}
bool HasString(Napi::Object o, const char* key) { return o.Get(key).IsString(); }
std::string StringOf(Napi::Object o, const char* key) { return o.Get(key).As<Napi::String>().Utf8Value(); }

Napi::Value Spawn(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!info[0].IsObject()) {
    Napi::TypeError::New(env, "spawn(config) needs an object").ThrowAsJavaScriptException();
    return env.Null();
  }
  Napi::Object js = info[0].As<Napi::Object>();
  auto h = std::make_unique<SpawnHandle>();
  h->strings.reserve(4096);
  hutch_spawn_config& c = h->config;

  std::string mode = HasString(js, "mode") ? StringOf(js, "mode") : "";
  c.mode = mode == "exec" ? HUTCH_SPAWN_EXEC : HUTCH_SPAWN_CREATE;

  std::vector<std::string> argv, envp, cgroups;
  if (!GetStringArray(env, js.Get("argv"), argv, "argv") || !GetStringArray(env, js.Get("env"), envp, "env") ||
      !GetStringArray(env, js.Get("cgroupProcs"), cgroups, "cgroupProcs"))
    return env.Null();
  if (argv.size() + envp.size() + 64 > h->strings.capacity()) {
    Napi::RangeError::New(env, "too many arguments or environment entries").ThrowAsJavaScriptException();
    return env.Null();
  }
  for (auto& s : argv) h->argv.push_back(const_cast<char*>(h->Keep(s)));
  h->argv.push_back(nullptr);
  for (auto& s : envp) h->envp.push_back(const_cast<char*>(h->Keep(s)));
  h->envp.push_back(nullptr);
  c.argv = h->argv.data();
  c.envp = h->envp.data();

  for (auto& path : cgroups) {
    int fd = open(path.c_str(), O_WRONLY | O_CLOEXEC);
    if (fd < 0) {
      SystemError(env, errno, "open " + path).ThrowAsJavaScriptException();
      return env.Null();
    }
    h->cgroup_fds.push_back(fd);
    h->owned_fds.push_back(fd);
  }
  c.cgroup_fds = h->cgroup_fds.data();
  c.n_cgroup_fds = h->cgroup_fds.size();

  Napi::Value stdio = js.Get("stdio");
  for (int i = 0; i < 3; i++)
    c.stdio[i] = stdio.IsArray() && stdio.As<Napi::Array>().Get(i).IsNumber()
                     ? stdio.As<Napi::Array>().Get(i).As<Napi::Number>().Int32Value()
                     : -1;
  c.status_fd = IntOr(js, "statusFd", -1);
  c.seccomp_fd = IntOr(js, "seccompFd", -1);
  c.init_fd = IntOr(js, "initFd", -1);
  c.want_pty = BoolOr(js, "pty", false);
  c.pty_sock = -1;
  if (c.init_fd < 0) {
    Napi::TypeError::New(env, "spawn: initFd is required").ThrowAsJavaScriptException();
    return env.Null();
  }

  if (c.mode == HUTCH_SPAWN_CREATE) {
    c.clone_flags = (unsigned long)NumberOr(js, "cloneFlags", 0);
    c.new_cgroupns = BoolOr(js, "newCgroupNamespace", false);
    c.new_timens = BoolOr(js, "newTimeNamespace", false);
    c.user_ns = BoolOr(js, "userNamespace", false);
    if (!HasString(js, "rootPath")) {
      Napi::TypeError::New(env, "spawn: rootPath is required").ThrowAsJavaScriptException();
      return env.Null();
    }
    c.root_path = h->Keep(StringOf(js, "rootPath"));
    c.overlay_data = HasString(js, "overlayData") ? h->Keep(StringOf(js, "overlayData")) : nullptr;
    c.root_flags = (unsigned long)NumberOr(js, "rootFlags", 0);
    c.hostname = HasString(js, "hostname") ? h->Keep(StringOf(js, "hostname")) : nullptr;
    c.domainname = HasString(js, "domainname") ? h->Keep(StringOf(js, "domainname")) : nullptr;
    Napi::Value net = js.Get("network");
    if (net.IsObject()) {
      Napi::Object n = net.As<Napi::Object>();
      c.net_loopback = BoolOr(n, "loopback", false);
      if (HasString(n, "interface")) {
        c.net_ifname = h->Keep(StringOf(n, "interface"));
        c.net_addr = htonl((uint32_t)NumberOr(n, "address", 0));
        c.net_prefix = (unsigned)IntOr(n, "prefixLength", 0);
        c.net_gateway = htonl((uint32_t)NumberOr(n, "gateway", 0));
      }
    }
    Napi::Value opsValue = js.Get("ops");
    if (opsValue.IsArray()) {
      Napi::Array ops = opsValue.As<Napi::Array>();
      h->ops.resize(ops.Length());
      for (uint32_t i = 0; i < ops.Length(); i++) {
        Napi::Object o = ops.Get(i).As<Napi::Object>();
        hutch_mount_op& op = h->ops[i];
        memset(&op, 0, sizeof(op));
        op.kind = IntOr(o, "kind", 0);
        if (!HasString(o, "target")) {
          Napi::TypeError::New(env, "spawn: every op needs a target").ThrowAsJavaScriptException();
          return env.Null();
        }
        op.target = h->Keep(StringOf(o, "target"));
        op.source = HasString(o, "source") ? h->Keep(StringOf(o, "source")) : nullptr;
        op.fstype = HasString(o, "fstype") ? h->Keep(StringOf(o, "fstype")) : nullptr;
        op.data = HasString(o, "data") ? h->Keep(StringOf(o, "data")) : nullptr;
        op.flags = (unsigned long)NumberOr(o, "flags", 0);
        op.mode = (unsigned)IntOr(o, "mode", 0);
        op.tree_fd = IntOr(o, "treeFd", -1);
        op.tree_is_dir = BoolOr(o, "treeIsDir", false);
        op.optional = BoolOr(o, "optional", false);
        op.late = BoolOr(o, "late", false);
        op.early = BoolOr(o, "early", false);
      }
    }
    c.ops = h->ops.data();
    c.n_ops = h->ops.size();
  } else {
    c.target_pidfd = IntOr(js, "targetPidfd", -1);
    c.setns_flags = (unsigned long)NumberOr(js, "setnsFlags", 0);
    c.timens_fd = IntOr(js, "timeNamespaceFd", -1);
  }

  int report[2], go[2];
  if (pipe2(report, O_CLOEXEC) < 0) {
    SystemError(env, errno, "pipe").ThrowAsJavaScriptException();
    return env.Null();
  }
  h->report_read = report[0];
  h->owned_fds.push_back(report[1]);
  c.report_fd = report[1];
  if (pipe2(go, O_CLOEXEC) < 0) {
    SystemError(env, errno, "pipe").ThrowAsJavaScriptException();
    return env.Null();
  }
  h->owned_fds.push_back(go[0]);
  h->go_write = go[1];
  c.go_fd = go[0];
  if (c.want_pty) {
    int sv[2];
    if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0) {
      SystemError(env, errno, "socketpair").ThrowAsJavaScriptException();
      return env.Null();
    }
    h->pty_parent = sv[0];
    h->owned_fds.push_back(sv[1]);
    c.pty_sock = sv[1];
  }

  c.parent_fds[0] = h->go_write;
  c.parent_fds[1] = h->report_read;
  c.parent_fds[2] = h->pty_parent;
  int r = hutch_spawn(&c, &h->child);
  if (r < 0) {
    SystemError(env, -r, "clone").ThrowAsJavaScriptException();
    return env.Null();
  }
  h->spawned = true;
  // The child has its own copies now; ours must go or the report pipe never reaches EOF.
  // (go_write stays: it is how we let the child continue.)
  for (int fd : h->owned_fds) close(fd);
  h->owned_fds.clear();

  Napi::Object result = Napi::Object::New(env);
  result.Set("pid", h->child.pid);
  result.Set("pidfd", h->child.pidfd);
  SpawnHandle* raw = h.release();
  result.Set("handle", Napi::External<SpawnHandle>::New(env, raw));
  return result;
}

SpawnHandle* HandleArg(const Napi::CallbackInfo& info) {
  if (!info[0].IsExternal()) {
    Napi::TypeError::New(info.Env(), "expected a spawn handle").ThrowAsJavaScriptException();
    return nullptr;
  }
  SpawnHandle* h = info[0].As<Napi::External<SpawnHandle>>().Data();
  if (h->finished) {
    Napi::Error::New(info.Env(), "spawn handle already finished").ThrowAsJavaScriptException();
    return nullptr;
  }
  return h;
}

// Lets the child go, then waits (off the main thread) until the command runs or a stage
// reports failure.
class StartWorker : public Napi::AsyncWorker {
 public:
  StartWorker(Napi::Env env, SpawnHandle* h) : Napi::AsyncWorker(env), h_(h), deferred_(Napi::Promise::Deferred::New(env)) {}
  Napi::Promise Promise() { return deferred_.Promise(); }

  void Execute() override {
    char go = 'g';
    if (write(h_->go_write, &go, 1) != 1) {
      sys_errno_ = errno;
      return;
    }
    close(h_->go_write);
    h_->go_write = -1;
    size_t have = 0;
    while (have < sizeof(report_)) {
      ssize_t n = read(h_->report_read, (char*)&report_ + have, sizeof(report_) - have);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;
      have += (size_t)n;
    }
    got_report_ = have == sizeof(report_);
    if (got_report_) {
      // Drain to EOF so that the child is certainly done with our memory before we free it.
      char sink[sizeof(hutch_report)];
      while (read(h_->report_read, sink, sizeof(sink)) > 0) {}
    }
    if (h_->pty_parent >= 0 && !got_report_) {
      char dummy;
      struct iovec iov = {&dummy, 1};
      union {
        char buf[CMSG_SPACE(sizeof(int))];
        struct cmsghdr align;
      } control;
      struct msghdr msg{};
      msg.msg_iov = &iov;
      msg.msg_iovlen = 1;
      msg.msg_control = control.buf;
      msg.msg_controllen = sizeof(control.buf);
      ssize_t n = recvmsg(h_->pty_parent, &msg, MSG_CMSG_CLOEXEC | MSG_DONTWAIT);
      struct cmsghdr* cmsg = n > 0 ? CMSG_FIRSTHDR(&msg) : nullptr;
      if (cmsg && cmsg->cmsg_type == SCM_RIGHTS) memcpy(&pty_master_, CMSG_DATA(cmsg), sizeof(int));
    }
  }

  void OnOK() override {
    Napi::Env env = Env();
    h_->finished = true;
    hutch_spawn_release(&h_->child);
    if (sys_errno_) {
      deferred_.Reject(SystemError(env, sys_errno_, "start").Value());
      return;
    }
    if (got_report_) {
      report_.what[sizeof(report_.what) - 1] = 0;
      Napi::Error e = Napi::Error::New(env, std::string(report_.what) + ": " + ErrnoText(report_.error));
      e.Set("errno", Napi::Number::New(env, report_.error));
      e.Set("stage", Napi::Number::New(env, report_.stage));
      e.Set("what", Napi::String::New(env, report_.what));
      deferred_.Reject(e.Value());
      return;
    }
    Napi::Object result = Napi::Object::New(env);
    result.Set("ptyMaster", pty_master_ >= 0 ? Napi::Value(Napi::Number::New(env, pty_master_)) : env.Null());
    Napi::Array trace = Napi::Array::New(env, 8);
    for (uint32_t i = 0; i < 8; i++) trace.Set(i, Napi::Number::New(env, (double)h_->config.trace_ns[i] / 1e6));
    result.Set("traceMs", trace);
    result.Set("usedChroot", Napi::Boolean::New(env, h_->config.used_chroot != 0));
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    result.Set("nowMs", Napi::Number::New(env, (double)now.tv_sec * 1e3 + (double)now.tv_nsec / 1e6));
    deferred_.Resolve(result);
  }

 private:
  SpawnHandle* h_;
  Napi::Promise::Deferred deferred_;
  hutch_report report_{};
  bool got_report_ = false;
  int sys_errno_ = 0;
  int pty_master_ = -1;
};

Napi::Value Start(const Napi::CallbackInfo& info) {
  SpawnHandle* h = HandleArg(info);
  if (!h) return info.Env().Null();
  auto* worker = new StartWorker(info.Env(), h);
  Napi::Promise p = worker->Promise();
  worker->Queue();
  return p;
}

// Kills a child that has not been started (or failed), reaps it, and frees its handle.
Napi::Value Abort(const Napi::CallbackInfo& info) {
  if (!info[0].IsExternal()) return info.Env().Undefined();
  SpawnHandle* h = info[0].As<Napi::External<SpawnHandle>>().Data();
  // Also after a start that reported failure: the child (or its init) may still be exiting,
  // and until it is reaped it is a zombie of ours.
  if (h->spawned && h->child.pidfd >= 0 && !h->reaped) {
    if (h->go_write >= 0) close(h->go_write), h->go_write = -1;
    syscall(SYS_pidfd_send_signal, h->child.pidfd, SIGKILL, nullptr, 0);
    siginfo_t si;
    // Its stack is ours: it must be gone before the memory is.
    while (waitid((idtype_t)P_PIDFD, (id_t)h->child.pidfd, &si, WEXITED) < 0 && errno == EINTR) {}
    h->reaped = true;
  }
  h->finished = true;
  return info.Env().Undefined();
}

// Frees a handle's memory (after start settled or abort). Separate from abort/start so that a
// handle is never freed while a worker still uses it.
Napi::Value Release(const Napi::CallbackInfo& info) {
  if (!info[0].IsExternal()) return info.Env().Undefined();
  SpawnHandle* h = info[0].As<Napi::External<SpawnHandle>>().Data();
  if (!h->finished) {
    Napi::Error::New(info.Env(), "release before start or abort").ThrowAsJavaScriptException();
    return info.Env().Undefined();
  }
  delete h;
  return info.Env().Undefined();
}

// --- exit watching ---------------------------------------------------------------------

struct ExitWatch {
  uv_poll_t poll;
  int pidfd;
  Napi::FunctionReference callback;
};

void OnPollClosed(uv_handle_t* handle) { delete static_cast<ExitWatch*>(handle->data); }

void OnPidfdReadable(uv_poll_t* poll, int status, int events) {
  ExitWatch* w = static_cast<ExitWatch*>(poll->data);
  Napi::Env env = w->callback.Env();
  Napi::HandleScope scope(env);
  siginfo_t si;
  memset(&si, 0, sizeof(si));
  int r;
  do r = waitid((idtype_t)P_PIDFD, (id_t)w->pidfd, &si, WEXITED | WNOHANG);
  while (r < 0 && errno == EINTR);
  if (r == 0 && si.si_pid == 0) return;  // spurious: still running
  uv_poll_stop(poll);
  Napi::Value result = env.Null();
  if (r == 0) {
    Napi::Object o = Napi::Object::New(env);
    if (si.si_code == CLD_EXITED) {
      o.Set("code", si.si_status);
      o.Set("signal", env.Null());
    } else {
      o.Set("code", env.Null());
      o.Set("signal", si.si_status);
    }
    result = o;
  }
  Napi::FunctionReference cb = std::move(w->callback);
  uv_close(reinterpret_cast<uv_handle_t*>(poll), OnPollClosed);
  cb.Call({result});
}

// watchExit(pidfd, callback, keepAlive = true): calls back once with {code, signal} when the process ends (and
// reaps it if it is our child), or with null if it ended but is not our child.
Napi::Value WatchExit(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!info[0].IsNumber() || !info[1].IsFunction()) {
    Napi::TypeError::New(env, "watchExit(pidfd, callback)").ThrowAsJavaScriptException();
    return env.Null();
  }
  uv_loop_t* loop = nullptr;
  napi_get_uv_event_loop(env, &loop);
  auto* w = new ExitWatch();
  w->pidfd = info[0].As<Napi::Number>().Int32Value();
  w->callback = Napi::Persistent(info[1].As<Napi::Function>());
  w->poll.data = w;
  int r = uv_poll_init(loop, &w->poll, w->pidfd);
  if (r == 0) r = uv_poll_start(&w->poll, UV_READABLE, OnPidfdReadable);
  // keepAlive false: reap and report if the process ends while we run, but do not keep the
  // event loop (a CLI that started a detached container) alive for it.
  if (r == 0 && info.Length() > 2 && !info[2].ToBoolean().Value()) uv_unref(reinterpret_cast<uv_handle_t*>(&w->poll));
  if (r != 0) {
    delete w;
    Napi::Error::New(env, std::string("watchExit: ") + uv_strerror(r)).ThrowAsJavaScriptException();
    return env.Null();
  }
  return env.Undefined();
}

// --- small system calls -----------------------------------------------------------------

Napi::Value PidfdOpen(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  int pid = info[0].As<Napi::Number>().Int32Value();
  int fd = (int)syscall(SYS_pidfd_open, pid, 0);
  if (fd < 0) {
    if (errno == ESRCH) return env.Null();
    SystemError(env, errno, "pidfd_open").ThrowAsJavaScriptException();
    return env.Null();
  }
  fcntl(fd, F_SETFD, FD_CLOEXEC);
  return Napi::Number::New(env, fd);
}

Napi::Value PidfdSignal(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  int fd = info[0].As<Napi::Number>().Int32Value();
  int sig = info[1].As<Napi::Number>().Int32Value();
  if (syscall(SYS_pidfd_send_signal, fd, sig, nullptr, 0) < 0) {
    if (errno == ESRCH) return Napi::Boolean::New(env, false);
    SystemError(env, errno, "pidfd_send_signal").ThrowAsJavaScriptException();
    return env.Null();
  }
  return Napi::Boolean::New(env, true);
}

// Whether the process behind a pidfd has ended (without reaping it).
Napi::Value PidfdExited(const Napi::CallbackInfo& info) {
  int fd = info[0].As<Napi::Number>().Int32Value();
  struct pollfd p = {fd, POLLIN, 0};
  int r = poll(&p, 1, 0);
  return Napi::Boolean::New(info.Env(), r > 0 && (p.revents & (POLLIN | POLLHUP)));
}

Napi::Value CloseFd(const Napi::CallbackInfo& info) {
  close(info[0].As<Napi::Number>().Int32Value());
  return info.Env().Undefined();
}

// A sealed, executable memfd holding the bytes of a file (hutch-init) or a buffer (a seccomp
// program): nobody, including a container that reaches it through /proc, can change it.
Napi::Value SealedMemfd(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  std::string name = info[0].As<Napi::String>().Utf8Value();
  Napi::Buffer<char> data = info[1].As<Napi::Buffer<char>>();
  bool executable = info.Length() > 2 && info[2].ToBoolean().Value();
  unsigned flags = MFD_CLOEXEC | MFD_ALLOW_SEALING;
  int fd = memfd_create(name.c_str(), flags | (executable ? MFD_EXEC : 0));
  if (fd < 0 && errno == EINVAL) fd = memfd_create(name.c_str(), flags);  // before Linux 6.3
  if (fd < 0) {
    SystemError(env, errno, "memfd_create").ThrowAsJavaScriptException();
    return env.Null();
  }
  size_t off = 0;
  while (off < data.Length()) {
    ssize_t n = write(fd, data.Data() + off, data.Length() - off);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      int e = errno;
      close(fd);
      SystemError(env, e, "write memfd").ThrowAsJavaScriptException();
      return env.Null();
    }
    off += (size_t)n;
  }
  if (!executable) fchmod(fd, 0400);
  if (fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE | F_SEAL_SEAL) < 0) {
    int e = errno;
    close(fd);
    SystemError(env, e, "seal memfd").ThrowAsJavaScriptException();
    return env.Null();
  }
  return Napi::Number::New(env, fd);
}

// openBindSource(path, allowedRoot, {recursive, readonly}) -> {treeFd, isDir}
// Resolves path beneath allowedRoot without following anything out of it (RESOLVE_BENEATH
// refuses "..", absolute symlinks and magic links that would leave it), then clones the mount
// tree there into a detached mount the container's set-up attaches. The child never resolves
// a host path itself, so nothing can be swapped between the check and the mount.
Napi::Value OpenBindSource(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  std::string path = info[0].As<Napi::String>().Utf8Value();
  std::string root = info[1].As<Napi::String>().Utf8Value();
  Napi::Object opts = info[2].IsObject() ? info[2].As<Napi::Object>() : Napi::Object::New(env);
  bool recursive = BoolOr(opts, "recursive", true);
  bool readonly = BoolOr(opts, "readonly", false);
  if (path.empty() || path[0] != '/' || root.empty() || root[0] != '/') {
    Napi::TypeError::New(env, "openBindSource: absolute paths required").ThrowAsJavaScriptException();
    return env.Null();
  }
  std::string rel;
  if (root == "/") rel = path.substr(1);
  else if (path == root) rel = "";
  else if (path.compare(0, root.size(), root) == 0 && path[root.size()] == '/') rel = path.substr(root.size() + 1);
  else {
    Napi::Error e = Napi::Error::New(env, "not beneath the allowed tree");
    e.Set("errno", Napi::Number::New(env, EXDEV));
    e.ThrowAsJavaScriptException();
    return env.Null();
  }
  if (rel.empty()) rel = ".";
  int rootfd = open(root.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC);
  if (rootfd < 0) {
    SystemError(env, errno, "open " + root).ThrowAsJavaScriptException();
    return env.Null();
  }
  struct open_how how;
  memset(&how, 0, sizeof(how));
  how.flags = O_PATH | O_CLOEXEC;
  how.resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS;
  int fd = (int)syscall(SYS_openat2, rootfd, rel.c_str(), &how, sizeof(how));
  int e = errno;
  close(rootfd);
  if (fd < 0) {
    SystemError(env, e, "resolve " + path).ThrowAsJavaScriptException();
    return env.Null();
  }
  struct stat sb;
  fstat(fd, &sb);
  unsigned tree_flags = OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | AT_EMPTY_PATH | (recursive ? AT_RECURSIVE : 0);
  int tree = (int)syscall(SYS_open_tree, fd, "", tree_flags);
  e = errno;
  close(fd);
  if (tree < 0) {
    SystemError(env, e, "open_tree " + path).ThrowAsJavaScriptException();
    return env.Null();
  }
  if (readonly) {
    struct mount_attr attr;
    memset(&attr, 0, sizeof(attr));
    attr.attr_set = MOUNT_ATTR_RDONLY;
    if (syscall(SYS_mount_setattr, tree, "", AT_EMPTY_PATH | (recursive ? AT_RECURSIVE : 0), &attr, sizeof(attr)) < 0) {
      e = errno;
      close(tree);
      SystemError(env, e, "make read-only " + path).ThrowAsJavaScriptException();
      return env.Null();
    }
  }
  Napi::Object result = Napi::Object::New(env);
  result.Set("treeFd", tree);
  result.Set("isDir", S_ISDIR(sb.st_mode));
  return result;
}

// tryLock(fd, exclusive): flock(2) without blocking the event loop; false when another open
// file description holds a conflicting lock (the caller retries after a delay).
Napi::Value TryLock(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  int fd = info[0].As<Napi::Number>().Int32Value();
  bool exclusive = info[1].ToBoolean().Value();
  if (flock(fd, (exclusive ? LOCK_EX : LOCK_SH) | LOCK_NB) == 0) return Napi::Boolean::New(env, true);
  if (errno == EWOULDBLOCK || errno == EINTR) return Napi::Boolean::New(env, false);
  SystemError(env, errno, "flock").ThrowAsJavaScriptException();
  return env.Null();
}

Napi::Value SetWindowSize(const Napi::CallbackInfo& info) {
  int fd = info[0].As<Napi::Number>().Int32Value();
  struct winsize ws{};
  ws.ws_row = (unsigned short)info[1].As<Napi::Number>().Uint32Value();
  ws.ws_col = (unsigned short)info[2].As<Napi::Number>().Uint32Value();
  if (ioctl(fd, TIOCSWINSZ, &ws) < 0) {
    SystemError(info.Env(), errno, "TIOCSWINSZ").ThrowAsJavaScriptException();
  }
  return info.Env().Undefined();
}

}  // namespace

void InitSpawnBindings(Napi::Env env, Napi::Object exports) {
  exports.Set("spawn", Napi::Function::New(env, Spawn));
  exports.Set("start", Napi::Function::New(env, Start));
  exports.Set("abort", Napi::Function::New(env, Abort));
  exports.Set("release", Napi::Function::New(env, Release));
  exports.Set("watchExit", Napi::Function::New(env, WatchExit));
  exports.Set("pidfdOpen", Napi::Function::New(env, PidfdOpen));
  exports.Set("pidfdSignal", Napi::Function::New(env, PidfdSignal));
  exports.Set("pidfdExited", Napi::Function::New(env, PidfdExited));
  exports.Set("closeFd", Napi::Function::New(env, CloseFd));
  exports.Set("sealedMemfd", Napi::Function::New(env, SealedMemfd));
  exports.Set("openBindSource", Napi::Function::New(env, OpenBindSource));
  exports.Set("setWindowSize", Napi::Function::New(env, SetWindowSize));
  exports.Set("tryLock", Napi::Function::New(env, TryLock));
}
