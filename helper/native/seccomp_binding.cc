// JS bindings for seccomp.c: compileSeccomp(profile) -> Buffer of struct sock_filter, and
// seccompLibraryVersion() -> "2.5.4". The profile's shape is SeccompProfile in
// helper/src/runtime/seccomp-profile.ts; this file only converts it, the policy lives there.
#include <climits>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "bindings.h"
#include "seccomp.h"

namespace {

// Owns the strings of one rule while the C structs point into them.
struct RuleStorage {
  std::vector<std::string> names;
  std::string action;
  // OCI runtime-spec (config-linux.md, "seccomp"): an errnoRet left out means EPERM. Never 0,
  // which would make a "denied" syscall report success without running.
  int errno_ret = 1;
  std::vector<std::string> ops;
  std::vector<hutch_seccomp_arg> args;  // op pointers are filled in once storage is stable
  std::vector<const char *> name_ptrs;
};

// Every converter returns false with a JS exception pending; the caller returns at once
// (C++ exceptions are disabled, NODE_ADDON_API_DISABLE_CPP_EXCEPTIONS).
bool Fail(Napi::Env env, const std::string &message) {
  Napi::TypeError::New(env, "compileSeccomp: " + message).ThrowAsJavaScriptException();
  return false;
}

bool GetString(Napi::Env env, Napi::Value value, const std::string &where, std::string *out) {
  if (!value.IsString()) return Fail(env, where + " must be a string");
  *out = value.As<Napi::String>().Utf8Value();
  return true;
}

bool GetInt(Napi::Env env, Napi::Value value, const std::string &where, int *out) {
  if (!value.IsNumber()) return Fail(env, where + " must be a number");
  double d = value.As<Napi::Number>().DoubleValue();
  if (!(d >= INT_MIN && d <= INT_MAX) || d != std::trunc(d))
    return Fail(env, where + " must be an integer");
  *out = static_cast<int>(d);
  return true;
}

// Argument values are uint64 in the kernel ABI; JS gives them as numbers (exact up to 2^53) or
// BigInts (the full range, e.g. a mask with the top bit set).
bool GetU64(Napi::Env env, Napi::Value value, const std::string &where, uint64_t *out) {
  if (value.IsBigInt()) {
    bool lossless = false;
    uint64_t v = value.As<Napi::BigInt>().Uint64Value(&lossless);
    if (!lossless) return Fail(env, where + " does not fit in 64 unsigned bits");
    *out = v;
    return true;
  }
  if (value.IsNumber()) {
    double d = value.As<Napi::Number>().DoubleValue();
    if (!(d >= 0) || d > 9007199254740991.0 || d != static_cast<double>(static_cast<uint64_t>(d)))
      return Fail(env, where + " must be a non-negative integer (use a BigInt above 2^53)");
    *out = static_cast<uint64_t>(d);
    return true;
  }
  return Fail(env, where + " must be a number or a BigInt");
}

bool ConvertRule(Napi::Env env, Napi::Value value, size_t index, RuleStorage *rule) {
  const std::string where = "rules[" + std::to_string(index) + "]";
  if (!value.IsObject()) return Fail(env, where + " must be an object");
  Napi::Object obj = value.As<Napi::Object>();

  Napi::Value names = obj.Get("names");
  if (env.IsExceptionPending()) return false;
  if (!names.IsArray()) return Fail(env, where + ".names must be an array");
  Napi::Array names_array = names.As<Napi::Array>();
  for (uint32_t i = 0; i < names_array.Length(); i++) {
    std::string name;
    Napi::Value item = names_array.Get(i);
    if (env.IsExceptionPending()) return false;
    if (!GetString(env, item, where + ".names[" + std::to_string(i) + "]", &name)) return false;
    rule->names.push_back(std::move(name));
  }

  Napi::Value action = obj.Get("action");
  if (env.IsExceptionPending()) return false;
  if (!GetString(env, action, where + ".action", &rule->action)) return false;

  Napi::Value errno_ret = obj.Get("errnoRet");
  if (env.IsExceptionPending()) return false;
  if (!errno_ret.IsUndefined() && !GetInt(env, errno_ret, where + ".errnoRet", &rule->errno_ret))
    return false;

  Napi::Value args = obj.Get("args");
  if (env.IsExceptionPending()) return false;
  if (args.IsUndefined()) return true;
  if (!args.IsArray()) return Fail(env, where + ".args must be an array");
  Napi::Array args_array = args.As<Napi::Array>();
  for (uint32_t i = 0; i < args_array.Length(); i++) {
    const std::string arg_where = where + ".args[" + std::to_string(i) + "]";
    Napi::Value item = args_array.Get(i);
    if (env.IsExceptionPending()) return false;
    if (!item.IsObject()) return Fail(env, arg_where + " must be an object");
    Napi::Object arg_obj = item.As<Napi::Object>();
    Napi::Value arg_index = arg_obj.Get("index");
    Napi::Value arg_value = arg_obj.Get("value");
    Napi::Value arg_value_two = arg_obj.Get("valueTwo");
    Napi::Value arg_op = arg_obj.Get("op");
    if (env.IsExceptionPending()) return false;

    hutch_seccomp_arg arg{};
    int arg_index_int = 0;
    if (!GetInt(env, arg_index, arg_where + ".index", &arg_index_int)) return false;
    if (arg_index_int < 0) return Fail(env, arg_where + ".index must not be negative");
    arg.index = static_cast<unsigned>(arg_index_int);
    if (!GetU64(env, arg_value, arg_where + ".value", &arg.value)) return false;
    if (!arg_value_two.IsUndefined() &&
        !GetU64(env, arg_value_two, arg_where + ".valueTwo", &arg.value_two))
      return false;
    std::string op;
    if (!GetString(env, arg_op, arg_where + ".op", &op)) return false;
    rule->ops.push_back(std::move(op));
    rule->args.push_back(arg);
  }
  return true;
}

Napi::Value CompileSeccomp(const Napi::CallbackInfo &info) {
  Napi::Env env = info.Env();
  if (info.Length() < 1 || !info[0].IsObject()) {
    Fail(env, "expected a SeccompProfile object");
    return env.Null();
  }
  Napi::Object profile = info[0].As<Napi::Object>();

  std::string default_action;
  int default_errno = 1;  // EPERM when left out, as for errnoRet
  Napi::Value default_action_value = profile.Get("defaultAction");
  Napi::Value default_errno_value = profile.Get("defaultErrnoRet");
  Napi::Value rules_value = profile.Get("rules");
  if (env.IsExceptionPending()) return env.Null();
  if (!GetString(env, default_action_value, "defaultAction", &default_action)) return env.Null();
  if (!default_errno_value.IsUndefined() &&
      !GetInt(env, default_errno_value, "defaultErrnoRet", &default_errno))
    return env.Null();
  if (!rules_value.IsArray()) {
    Fail(env, "rules must be an array");
    return env.Null();
  }

  Napi::Array rules_array = rules_value.As<Napi::Array>();
  std::vector<RuleStorage> storage(rules_array.Length());
  for (uint32_t i = 0; i < rules_array.Length(); i++) {
    Napi::Value item = rules_array.Get(i);
    if (env.IsExceptionPending()) return env.Null();
    if (!ConvertRule(env, item, i, &storage[i])) return env.Null();
  }

  // Pointers are taken only now: storage no longer grows, so the strings stay where they are.
  std::vector<hutch_seccomp_rule> rules(storage.size());
  for (size_t i = 0; i < storage.size(); i++) {
    RuleStorage &s = storage[i];
    for (const std::string &name : s.names) s.name_ptrs.push_back(name.c_str());
    for (size_t a = 0; a < s.args.size(); a++) s.args[a].op = s.ops[a].c_str();
    rules[i].names = s.name_ptrs.data();
    rules[i].n_names = s.name_ptrs.size();
    rules[i].action = s.action.c_str();
    rules[i].errno_ret = s.errno_ret;
    rules[i].args = s.args.data();
    rules[i].n_args = s.args.size();
  }
  hutch_seccomp_profile c_profile{default_action.c_str(), default_errno, rules.data(), rules.size()};

  unsigned char *program = nullptr;
  size_t program_len = 0;
  char err[512] = {0};
  if (hutch_seccomp_compile(&c_profile, &program, &program_len, err, sizeof err) < 0) {
    Napi::Error::New(env, std::string("seccomp compile failed: ") + err).ThrowAsJavaScriptException();
    return env.Null();
  }
  Napi::Buffer<unsigned char> result = Napi::Buffer<unsigned char>::Copy(env, program, program_len);
  free(program);
  if (env.IsExceptionPending()) return env.Null();
  return result;
}

Napi::Value SeccompLibraryVersion(const Napi::CallbackInfo &info) {
  char version[32] = {0};
  hutch_seccomp_library_version(version, sizeof version);
  return Napi::String::New(info.Env(), version);
}

}  // namespace

void InitSeccompBindings(Napi::Env env, Napi::Object exports) {
  exports.Set("compileSeccomp", Napi::Function::New(env, CompileSeccomp, "compileSeccomp"));
  exports.Set("seccompLibraryVersion",
              Napi::Function::New(env, SeccompLibraryVersion, "seccompLibraryVersion"));
}
