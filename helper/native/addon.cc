// The hutch_native addon: the helper's only native code (DESIGN.md, "helper/").
#include "bindings.h"

static Napi::Object Init(Napi::Env env, Napi::Object exports) {
  InitSpawnBindings(env, exports);
  InitSeccompBindings(env, exports);
  InitNetlinkBindings(env, exports);
  return exports;
}

NODE_API_MODULE(hutch_native, Init)
