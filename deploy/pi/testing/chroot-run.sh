#!/usr/bin/env bash
# Test helper: runs COMMAND inside ROOT (a Debian root of this machine's or another architecture) as in a chroot, without
# changing anything on the host: a private user namespace (identity-mapped, so file owners and useradd work as usual),
# its own mount and pid namespaces (ROOT/proc, ROOT/dev and ROOT/sys are mounted inside and vanish with the namespace; every
# process started inside dies with COMMAND), and for a foreign root its own binfmt_misc instance (Linux >= 6.7) in which
# Debian's qemu-<arch>-static is registered with the F flag, so arm64 programs inside ROOT, dpkg's maintainer scripts
# included, run under qemu-user. The host's network is shared (apt inside ROOT reaches the mirror).
#   chroot-run.sh [--user NAME] ROOT COMMAND [ARG...]     --user: run COMMAND as that user of ROOT (with its groups)
# Needs root and the qemu-user-static package for a foreign root.
set -euo pipefail

if [ "${1:-}" = --inside ]; then
  # Inside the namespaces, once the parent has written the uid/gid maps.
  fifo=$2 root=$3 user=$4 groups=$5
  shift 5
  read -r _ <"$fifo"
  machine=$(od -An -tx1 -j18 -N2 "$root/bin/true" | tr -d ' \n')
  case "$machine" in
    b700) qemu=aarch64 magic='\x7f\x45\x4c\x46\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x00\xb7\x00' ;;
    3e00) qemu= ;;
    *) echo "chroot-run.sh: unknown ELF machine $machine in $root/bin/true" >&2; exit 2 ;;
  esac
  if [ -n "$qemu" ] && [ "$(uname -m)" != "$qemu" ]; then
    mask='\xff\xff\xff\xff\xff\xff\xff\x00\xff\xff\xff\xff\xff\xff\xff\xff\xfe\xff\xff\xff'
    mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc || {
      echo "chroot-run.sh: cannot mount a private binfmt_misc (needs Linux 6.7 or later)" >&2
      exit 2
    }
    echo ":qemu-$qemu:M::$magic:$mask:/usr/bin/qemu-$qemu-static:F" >/proc/sys/fs/binfmt_misc/register
  fi
  mount -t proc proc "$root/proc"
  mount --rbind /dev "$root/dev"
  mount --rbind /sys "$root/sys"
  mount -t tmpfs tmpfs "$root/run"
  # A TMPDIR of this machine (deploy/test.sh gives each run its own) does not exist inside ROOT.
  export TMPDIR=/tmp
  if [ -n "$user" ]; then exec chroot --userspec="$user" --groups="$groups" "$root" "$@"; fi
  exec chroot "$root" "$@"
fi

user='' groups=''
if [ "${1:-}" = --user ]; then user=${2:?--user needs a name}; shift 2; fi
root=$(cd "${1:?usage: chroot-run.sh [--user NAME] ROOT COMMAND...}" && pwd)
shift
[ $# -gt 0 ] || { echo "chroot-run.sh: no command" >&2; exit 2; }
if [ -n "$user" ]; then
  # chroot --userspec wants numeric ids or names it can resolve; resolve them in ROOT's files.
  uid=$(awk -F: -v u="$user" '$1 == u { print $3 }' "$root/etc/passwd")
  gid=$(awk -F: -v u="$user" '$1 == u { print $4 }' "$root/etc/passwd")
  groups=$(awk -F: -v u="$user" -v g="$gid" '$3 == g || ("," $4 ",") ~ ("," u ",") { printf "%s%s", sep, $3; sep = "," }' "$root/etc/group")
  [ -n "$uid" ] || { echo "chroot-run.sh: no user $user in $root/etc/passwd" >&2; exit 2; }
  user="$uid:$gid"
fi

fifo=$(mktemp -u)
mkfifo -m 0600 "$fifo"
trap 'rm -f "$fifo"' EXIT
unshare --user --mount --pid --fork --propagation private -- bash "${BASH_SOURCE[0]}" --inside "$fifo" "$root" "$user" "$groups" "$@" &
pid=$!
# unshare creates the user namespace right after it starts: wait for it, then map every id to itself.
for _ in $(seq 1 500); do
  [ "$(readlink "/proc/$pid/ns/user" 2>/dev/null)" != "$(readlink /proc/self/ns/user)" ] && break
  sleep 0.01
done
echo '0 0 4294967295' >"/proc/$pid/uid_map"
echo '0 0 4294967295' >"/proc/$pid/gid_map"
echo go >"$fifo"
wait "$pid"
