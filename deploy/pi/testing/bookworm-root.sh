#!/usr/bin/env bash
# Test helper: prints the path of a cached tarball of a Debian bookworm root (debootstrap minbase + systemd + udev,
# as on Raspberry Pi OS), building it on first use. Used by KvmPortal.Tests/Deploy to run deploy/pi/install.sh in a chroot.
#   bookworm-root.sh [--arch ARCH] [CACHE_DIR]     default: this machine's architecture, /var/cache/kvmportal-deploy
#                                                   (env KVMPORTAL_DEPLOY_CACHE)
# A foreign ARCH (arm64: a library root for qemu-aarch64-static -L) needs no binfmt handler: debootstrap --foreign
# downloads and unpacks the packages without running anything, and every downloaded package is unpacked with dpkg-deb.
# The Debian mirror is the one apt uses on this machine. Needs root and the debootstrap package.
set -euo pipefail
arch=$(dpkg --print-architecture)
if [ "${1:-}" = --arch ]; then arch=${2:?--arch needs an architecture}; shift 2; fi
cache=${1:-${KVMPORTAL_DEPLOY_CACHE:-/var/cache/kvmportal-deploy}}
include=systemd,udev
[ "$arch" = "$(dpkg --print-architecture)" ] || include=libicu72,libssl3,zlib1g,ca-certificates
tarball=$cache/bookworm-minbase-$arch-${include//,/-}.tar
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
[ "$arch" = "$(dpkg --print-architecture)" ] || foreign=(--foreign)
debootstrap "${foreign[@]}" --arch="$arch" --variant=minbase --include="$include" bookworm "$work/root" "$mirror" >"$work/log" 2>&1 || {
  tail -20 "$work/log" >&2
  exit 1
}
if [ "${#foreign[@]}" -gt 0 ]; then
  for deb in "$work/root/var/cache/apt/archives/"*.deb; do dpkg-deb -x "$deb" "$work/root"; done
fi
rm -rf "$work/root/var/cache/apt/archives/"*.deb
tar -C "$work/root" -cf "$tarball.tmp" .
mv "$tarball.tmp" "$tarball"
echo "$tarball"
