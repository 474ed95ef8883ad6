# shellcheck shell=bash
# KvmPortal VM lab: shared functions, sourced by vmlab.sh and run-kernel-tests.sh (not executable on its own).
#
# Failure kinds and the exit codes the harness uses for them (the guest's own exit code is passed through when the
# guest command itself fails):
#   module-build     94  the out-of-tree modules (modules.sh) could not be built: source/headers/image versions differ,
#                        a symbol is missing, or the compiler failed
#   setup            95  packages, apt, kernel download or initramfs build failed on the build machine
#   kernel-no-boot   96  the kernel never reached the initramfs, or the initramfs could not mount the shared root
#   module-missing   97  a requested module is not in the kernel package, or failed to load in the guest
#   timeout          98  the guest command did not finish within the hard time limit
#   guest-crashed    99  the guest stopped after starting the command but printed no exit code
#   guest-failed     the guest command's own non-zero exit code (1 if it was one of the codes above)

VMLAB_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
VMLAB_REPO=$(cd "$VMLAB_DIR/../.." && pwd)
VMLAB_CACHE=${VMLAB_CACHE:-$VMLAB_REPO/.vmlab-cache}
# gcc-12 make xz-utils libelf1: building the out-of-tree modules (modules.sh) with Debian's kernel headers.
VMLAB_PACKAGES=(qemu-system-x86 kmod busybox-static cpio xorriso gcc-12 make xz-utils libelf1)
# Modules the initramfs loads to mount the shared root (dependencies are resolved from modules.dep).
VMLAB_INITRAMFS_MODULES=(virtio_pci 9pnet_virtio 9p overlay)

vmlab_log() { printf 'vmlab: %s\n' "$*" >&2; }

# vmlab_fail KIND MESSAGE...: print a one-line failure naming its kind, then exit with the kind's code.
vmlab_fail() {
  local kind=$1 code
  shift
  case $kind in
    module-build) code=94 ;;
    setup) code=95 ;;
    kernel-no-boot) code=96 ;;
    module-missing) code=97 ;;
    timeout) code=98 ;;
    guest-crashed) code=99 ;;
    *) code=1 ;;
  esac
  printf 'vmlab: FAILED [%s]: %s\n' "$kind" "$*" >&2
  exit "$code"
}

# Milliseconds since the epoch (for phase timings printed to the user).
vmlab_now_ms() { date +%s%3N; }
# vmlab_secs MS: "12.3s".
vmlab_secs() { awk -v ms="$1" 'BEGIN { printf "%.1fs", ms / 1000 }'; }

vmlab_pkg_installed() {
  [ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" = "install ok installed" ]
}

# Install whatever of VMLAB_PACKAGES is missing (only possible as root; otherwise say what to install).
vmlab_ensure_packages() {
  local missing=() p
  for p in "${VMLAB_PACKAGES[@]}"; do
    vmlab_pkg_installed "$p" || missing+=("$p")
  done
  [ "${#missing[@]}" -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    vmlab_fail setup "missing packages: ${missing[*]} (run as root, or: sudo apt-get install -y ${missing[*]})"
  fi
  vmlab_log "installing ${missing[*]}"
  if ! DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}" >/dev/null 2>&1; then
    apt-get update -qq >/dev/null 2>&1 || vmlab_fail setup "apt-get update failed"
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}" >&2 ||
      vmlab_fail setup "apt-get install ${missing[*]} failed"
  fi
}

# Newest linux-image-6.1.0-N-amd64 that apt knows about, as a kernel version string (6.1.0-N-amd64).
vmlab_newest_kernel_in_apt() {
  apt-cache search --names-only '^linux-image-6\.1\.0-[0-9]+-amd64$' 2>/dev/null |
    awk '{print $1}' | sed 's/^linux-image-//' | sort -V | tail -n 1
}

# Newest kernel already unpacked in the cache (used when apt knows none, e.g. offline).
vmlab_newest_kernel_in_cache() {
  local d
  for d in "$VMLAB_CACHE"/kernel/*/.ready; do
    [ -e "$d" ] && basename "$(dirname "$d")"
  done | sort -V | tail -n 1
}

# Sets VMLAB_KVER: $VMLAB_KVER if given, else the newest 6.1.0-N-amd64 in apt (after apt-get update if apt knows none).
vmlab_pick_kernel() {
  if [ -n "${VMLAB_KVER:-}" ]; then return 0; fi
  VMLAB_KVER=$(vmlab_newest_kernel_in_apt)
  if [ -z "$VMLAB_KVER" ] && [ "$(id -u)" -eq 0 ]; then
    vmlab_log "apt knows no linux-image-6.1.0-*-amd64; running apt-get update"
    apt-get update -qq >/dev/null 2>&1 || true
    VMLAB_KVER=$(vmlab_newest_kernel_in_apt)
  fi
  [ -n "$VMLAB_KVER" ] || VMLAB_KVER=$(vmlab_newest_kernel_in_cache)
  [ -n "$VMLAB_KVER" ] || vmlab_fail setup "no linux-image-6.1.0-*-amd64 package found by apt-cache (run apt-get update)"
}

# Download and unpack the kernel package into $VMLAB_CACHE/kernel/$VMLAB_KVER/{root,.ready}; index its modules.
vmlab_fetch_kernel() {
  local dir=$VMLAB_CACHE/kernel/$VMLAB_KVER deb lock
  VMLAB_KROOT=$dir/root
  [ -e "$dir/.ready" ] && return 0
  mkdir -p "$dir" || vmlab_fail setup "cannot create $dir"
  # Two runs sharing a cache must not unpack into the same folder at once.
  exec {lock}>"$dir/.lock"
  flock "$lock"
  if [ -e "$dir/.ready" ]; then exec {lock}>&-; return 0; fi
  deb=$(find "$dir" -maxdepth 1 -name "linux-image-${VMLAB_KVER}_*.deb" | head -n 1)
  if [ -z "$deb" ]; then
    vmlab_log "downloading linux-image-$VMLAB_KVER"
    (cd "$dir" && apt-get download "linux-image-$VMLAB_KVER" 2>&1 | grep -v -e '^W: Download is performed unsandboxed' >&2) || true
    deb=$(find "$dir" -maxdepth 1 -name "linux-image-${VMLAB_KVER}_*.deb" | head -n 1)
    [ -n "$deb" ] || vmlab_fail setup "apt-get download linux-image-$VMLAB_KVER failed"
  fi
  rm -rf "$VMLAB_KROOT"
  dpkg -x "$deb" "$VMLAB_KROOT" || vmlab_fail setup "dpkg -x $deb failed"
  [ -f "$VMLAB_KROOT/boot/vmlinuz-$VMLAB_KVER" ] || vmlab_fail setup "no boot/vmlinuz-$VMLAB_KVER in $deb"
  depmod -b "$VMLAB_KROOT" "$VMLAB_KVER" || vmlab_fail setup "depmod failed for $VMLAB_KVER"
  touch "$dir/.ready"
  exec {lock}>&-
}

# Print the module files (in load order) needed for the given modules; nothing for built-in ones.
# Fails with module-missing naming the module that the kernel package does not have.
vmlab_module_files() {
  local m out
  for m in "$@"; do
    out=$(modprobe -d "$VMLAB_KROOT" -S "$VMLAB_KVER" --show-depends "$m" 2>&1) ||
      vmlab_fail module-missing "module '$m' is not in linux-image-$VMLAB_KVER ($out)"
    printf '%s\n' "$out" | awk '$1 == "insmod" {print $2}'
  done | awk '!seen[$0]++'
}

# Check on the build machine that every module the guest will modprobe exists in this kernel.
vmlab_check_modules() {
  local m
  for m in "$@"; do
    modprobe -d "$VMLAB_KROOT" -S "$VMLAB_KVER" --show-depends "$m" >/dev/null 2>&1 ||
      vmlab_fail module-missing "module '$m' is not in linux-image-$VMLAB_KVER"
  done
}

# Build VMLAB_INITRD ($VMLAB_CACHE/kernel/$VMLAB_KVER/initrd-PID.gz, removed by the caller after the run): busybox,
# the root-mount modules and init (initramfs-init.sh). It takes well under a second, so every run builds its own.
vmlab_build_initramfs() {
  local dir=$VMLAB_CACHE/kernel/$VMLAB_KVER ir f name
  vmlab_check_modules "${VMLAB_INITRAMFS_MODULES[@]}"
  ir=$dir/initramfs-$$
  VMLAB_INITRD=$dir/initrd-$$.gz
  rm -rf "$ir"
  mkdir -p "$ir"/{bin,mods,proc,sys,dev,host,rw,newroot} || vmlab_fail setup "cannot create $ir"
  cp /bin/busybox "$ir/bin/busybox" || vmlab_fail setup "busybox not found (package busybox-static)"
  case $(ldd /bin/busybox 2>&1 || true) in
    *'not a dynamic'*) ;;
    *) vmlab_fail setup "/bin/busybox is not static (install busybox-static)" ;;
  esac
  cp "$VMLAB_DIR/initramfs-init.sh" "$ir/init" && chmod 0755 "$ir/init"
  : >"$ir/mods/order"
  while IFS= read -r f; do
    name=$(basename "$f")
    case $name in
      *.ko) cp "$f" "$ir/mods/$name" ;;
      *.ko.xz) xz -dc "$f" >"$ir/mods/${name%.xz}"; name=${name%.xz} ;;
      *.ko.zst) zstd -qdc "$f" >"$ir/mods/${name%.zst}"; name=${name%.zst} ;;
      *) vmlab_fail setup "unexpected module file $f" ;;
    esac
    printf '%s\n' "$name" >>"$ir/mods/order"
  done < <(vmlab_module_files "${VMLAB_INITRAMFS_MODULES[@]}")
  (cd "$ir" && find . | cpio -o -H newc --quiet | gzip -1) >"$VMLAB_INITRD" || vmlab_fail setup "cpio of the initramfs failed"
  rm -rf "$ir"
}

# shellcheck source-path=SCRIPTDIR source=modules.sh
source "$VMLAB_DIR/modules.sh"
