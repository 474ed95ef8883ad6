#!/usr/bin/env bash
# Test helper: prints the path of a cached tarball of a Debian bookworm root (debootstrap minbase + systemd + udev,
# as on Raspberry Pi OS), building it on first use. Used by KvmPortal.Tests/Deploy to run deploy/pi/install.sh and to
# install the Debian package in a chroot.
#   bookworm-root.sh [--arch ARCH [--full]] [CACHE_DIR]   default: this machine's architecture, /var/cache/kvmportal-deploy
#                                                          (env KVMPORTAL_DEPLOY_CACHE)
# A foreign ARCH (arm64) without --full is a library root for qemu-aarch64-static -L: debootstrap --foreign downloads and
# unpacks the packages without running anything, and every downloaded package is unpacked with dpkg-deb. With --full it
# is a real installed system: debootstrap's second stage runs inside it under qemu-user (deploy/pi/testing/chroot-run.sh,
# private namespaces, nothing registered on the host), then apt-get update. A full root has the package lists of the day
# it was built. The Debian mirror is the one apt uses on this machine. Needs root and the debootstrap package.
set -euo pipefail
arch=$(dpkg --print-architecture)
full=0
if [ "${1:-}" = --arch ]; then arch=${2:?--arch needs an architecture}; shift 2; fi
if [ "${1:-}" = --full ]; then full=1; shift; fi
cache=${1:-${KVMPORTAL_DEPLOY_CACHE:-/var/cache/kvmportal-deploy}}
native=0
[ "$arch" != "$(dpkg --print-architecture)" ] || native=1
include=systemd,udev
[ "$native" = 1 ] || [ "$full" = 1 ] || include=libicu72,libssl3,zlib1g,ca-certificates
suffix=
[ "$native" = 1 ] || [ "$full" = 0 ] || suffix=-full
tarball=$cache/bookworm-minbase-$arch-${include//,/-}$suffix.tar
mkdir -p "$cache"
exec 9>"$cache/.lock"
flock 9
if [ -s "$tarball" ]; then
  echo "$tarball"
  exit 0
fi

mirror=$(sed -nE 's/^URIs: *(http[^ ]*debian)\/?$/\1/p' /etc/apt/sources.list.d/*.sources 2>/dev/null | head -1)
if [ -z "$mirror" ]; then
  mirror=$(sed -nE 's/^deb +(\[[^]]*\] +)?(http[^ ]*debian)\/? +bookworm .*/\2/p' /etc/apt/sources.list 2>/dev/null | head -1)
fi
mirror=${mirror:-http://deb.debian.org/debian}

work=$(mktemp -d "$cache/build.XXXXXX")
trap 'rm -rf "$work"' EXIT
echo "kvmportal: debootstrap bookworm $arch from $mirror (once; cached in $tarball)" >&2
foreign=()
[ "$native" = 1 ] || foreign=(--foreign)
debootstrap "${foreign[@]}" --arch="$arch" --variant=minbase --include="$include" bookworm "$work/root" "$mirror" >"$work/log" 2>&1 || {
  tail -20 "$work/log" >&2
  exit 1
}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
if [ "$native" = 0 ] && [ "$full" = 1 ]; then
  # debootstrap checks that it may create device nodes unless it runs in a container; chroot-run.sh binds /dev.
  "$here/chroot-run.sh" "$work/root" env container=lxc /debootstrap/debootstrap --second-stage >"$work/log" 2>&1 || {
    tail -20 "$work/log" >&2
    exit 1
  }
elif [ "$native" = 0 ]; then
  for deb in "$work/root/var/cache/apt/archives/"*.deb; do dpkg-deb -x "$deb" "$work/root"; done
fi
if [ "$full" = 1 ] || [ "$native" = 1 ]; then
  "$here/chroot-run.sh" "$work/root" apt-get update -q -o Acquire::Languages=none >"$work/log" 2>&1 || {
    tail -20 "$work/log" >&2
    exit 1
  }
fi
rm -rf "$work/root/var/cache/apt/archives/"*.deb
tar -C "$work/root" -cf "$tarball.tmp" .
mv "$tarball.tmp" "$tarball"
echo "$tarball"
