{
  "targets": [
    {
      "target_name": "hutch_native",
      "sources": [
        "helper/native/addon.cc",
        "helper/native/spawn_binding.cc",
        "helper/native/seccomp_binding.cc",
        "helper/native/netlink_binding.cc",
        "helper/native/spawn.c",
        "helper/native/seccomp.c",
        "helper/native/netlink.c"
      ],
      "include_dirs": ["<!(node -p \"require('node-addon-api').include_dir\")"],
      "defines": ["NAPI_VERSION=8", "NODE_ADDON_API_DISABLE_CPP_EXCEPTIONS", "_GNU_SOURCE"],
      "cflags": ["-Wall", "-Wextra", "-Wno-unused-parameter", "-fno-strict-aliasing"],
      "cflags_cc": ["-std=c++17", "-Wall", "-Wno-unused-parameter"],
      "libraries": ["-lseccomp"]
    },
    {
      "target_name": "hutch-init",
      "type": "executable",
      "sources": ["helper/native/init.c"],
      "defines": ["_GNU_SOURCE"],
      "cflags": ["-Os", "-Wall", "-Wextra", "-Wno-unused-parameter"],
      "ldflags": ["-static"]
    }
  ]
}
