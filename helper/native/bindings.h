// Each native concern registers its own JS functions; addon.cc only wires them together.
#ifndef HUTCH_BINDINGS_H
#define HUTCH_BINDINGS_H
#include <napi.h>

void InitSpawnBindings(Napi::Env env, Napi::Object exports);    // spawn_binding.cc
void InitSeccompBindings(Napi::Env env, Napi::Object exports);  // seccomp_binding.cc
void InitNetlinkBindings(Napi::Env env, Napi::Object exports);  // netlink_binding.cc

#endif
