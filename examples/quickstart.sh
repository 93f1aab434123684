#!/usr/bin/env bash
# Hutch quick start: from a fresh clone to a running, isolated container - offline.
#
# It installs what is missing (Debian packages, then `npm ci`), makes a small root filesystem
# from Debian's busybox-static (the built-in image source until OCI images land), and runs a
# container in it with Hutch's defaults: every namespace but user, Docker's capabilities, the
# default seccomp profile, cgroup limits and a private network.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "$(id -u)" != 0 ]; then
  echo "quickstart: run me as root (sudo): Hutch builds containers from namespaces and cgroups" >&2
  exit 1
fi

missing=()
for package in build-essential python3 libseccomp-dev busybox-static iptables iproute2; do
  dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "quickstart: installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
if [ ! -f build/Release/hutch_native.node ] || [ ! -f dist/hutch.js ]; then
  if [ -f /usr/include/node/node.h ]; then export npm_config_nodedir=/usr; fi
  npm ci
fi

rootfs=${HUTCH_EXAMPLE_ROOTFS:-/var/cache/hutch/examples/busybox}
if [ ! -x "$rootfs/bin/busybox" ]; then
  echo "quickstart: making a busybox root filesystem in $rootfs"
  partial="$rootfs.partial.$$"
  mkdir -p "$partial"/{bin,etc,proc,sys,dev,tmp,root,home}
  cp /bin/busybox "$partial/bin/busybox"
  for applet in $(/bin/busybox --list); do
    [ "$applet" = busybox ] || ln -s busybox "$partial/bin/$applet"
  done
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n' > "$partial/etc/passwd"
  printf 'root:x:0:\ntty:x:5:\nnogroup:x:65534:\n' > "$partial/etc/group"
  chmod 1777 "$partial/tmp"
  mkdir -p "$(dirname "$rootfs")"
  rm -rf "$rootfs"
  mv "$partial" "$rootfs"
fi

exec bin/hutch run --rm --hostname quickstart --memory 256m --pids-limit 256 "$rootfs" /bin/sh -c '
  echo "Hello from $(hostname), a Hutch container."
  echo "  I am PID $$; PID 1 is $(cat /proc/1/comm 2>/dev/null || echo hutch-init)."
  echo "  My address: $(ip -4 -o addr show eth0 | sed "s/.*inet \([^ ]*\).*/\1/")"
  echo "  $(grep CapEff /proc/self/status), $(grep "^Seccomp:" /proc/self/status)"
  echo "  Memory limit: $(cat /sys/fs/cgroup/memory/memory.limit_in_bytes 2>/dev/null || cat /sys/fs/cgroup/memory.max) bytes"
  if unshare -u true 2>/dev/null; then echo "  unshare: allowed (unexpected)"; else echo "  unshare: blocked by seccomp, as it should be"; fi
'
