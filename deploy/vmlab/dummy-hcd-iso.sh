# shellcheck shell=bash
# KvmPortal VM lab: dummy_hcd with isochronous transfers, for the UVC gadget fixture (sourced by lib.sh).
#
# Debian's dummy_hcd fails every isochronous urb (-EINVAL, "the emulation does not include isochronous transfers"), and
# the UVC gadget function (usb_f_uvc) streams only over an isochronous endpoint, so without this no video frame would
# ever reach uvcvideo. dummy-hcd-iso.patch adds a minimal emulation (one gadget request per packet); everything else in
# the module is Debian's. The module is built from linux-source-6.1 and linux-headers-<KVER> at exactly the lab
# kernel's package version, installed as lib/modules/<KVER>/updates/dummy_hcd.ko in the cached kernel tree (depmod
# prefers updates/ over kernel/) and rebuilt when the kernel or the patch changes.

vmlab_dummy_hcd_iso() {
  local kdir=$VMLAB_CACHE/kernel/$VMLAB_KVER moddir=$VMLAB_KROOT/lib/modules/$VMLAB_KVER patch=$VMLAB_DIR/dummy-hcd-iso.patch
  local stamp want lock deb version have p missing=() build start
  stamp=$moddir/updates/dummy_hcd.ko.patch-sha256
  want=$(sha256sum "$patch" | cut -d' ' -f1)
  [ "$(cat "$stamp" 2>/dev/null)" = "$want" ] && return 0
  exec {lock}>"$kdir/.lock"
  flock "$lock"
  if [ "$(cat "$stamp" 2>/dev/null)" = "$want" ]; then exec {lock}>&-; return 0; fi
  start=$(vmlab_now_ms)
  deb=$(find "$kdir" -maxdepth 1 -name "linux-image-${VMLAB_KVER}_*.deb" | head -n 1)
  [ -n "$deb" ] || vmlab_fail setup "dummy_hcd: no linux-image-$VMLAB_KVER package in $kdir to take the version from"
  version=$(dpkg-deb -f "$deb" Version)
  for p in "linux-headers-$VMLAB_KVER" linux-source-6.1 gcc make patch xz-utils; do
    if [ "$p" = linux-source-6.1 ]; then
      [ "$(dpkg-query -W -f='${Version}' "$p" 2>/dev/null)" = "$version" ] || missing+=("$p=$version")
    else
      vmlab_pkg_installed "$p" || missing+=("$p")
    fi
  done
  if [ "${#missing[@]}" -gt 0 ]; then
    [ "$(id -u)" -eq 0 ] || vmlab_fail setup "dummy_hcd: missing packages: ${missing[*]} (run as root)"
    vmlab_log "dummy_hcd: installing ${missing[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}" >/dev/null 2>&1 ||
      { apt-get update -qq >/dev/null 2>&1; DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}" >&2; } ||
      vmlab_fail setup "dummy_hcd: apt-get install ${missing[*]} failed (the lab kernel is $version)"
  fi
  for p in linux-source-6.1 "linux-headers-$VMLAB_KVER"; do
    have=$(dpkg-query -W -f='${Version}' "$p" 2>/dev/null)
    [ "$have" = "$version" ] || vmlab_fail setup "dummy_hcd: $p is $have but the lab kernel linux-image-$VMLAB_KVER is $version"
  done
  build=$(mktemp -d)
  tar -xJf /usr/src/linux-source-6.1.tar.xz -C "$build" --strip-components=1 linux-source-6.1/drivers/usb/gadget/udc/dummy_hcd.c ||
    vmlab_fail setup "dummy_hcd: cannot extract dummy_hcd.c from /usr/src/linux-source-6.1.tar.xz"
  patch -s -d "$build" -p1 <"$patch" || vmlab_fail setup "dummy_hcd: $patch does not apply to linux-source-6.1 $version"
  printf 'obj-m += dummy_hcd.o\n' >"$build/drivers/usb/gadget/udc/Kbuild"
  make -s -C "/usr/src/linux-headers-$VMLAB_KVER" M="$build/drivers/usb/gadget/udc" modules >"$build/make.log" 2>&1 ||
    { cat "$build/make.log" >&2; vmlab_fail setup "dummy_hcd: module build failed"; }
  install -D -m 0644 "$build/drivers/usb/gadget/udc/dummy_hcd.ko" "$moddir/updates/dummy_hcd.ko"
  rm -rf "$build"
  depmod -b "$VMLAB_KROOT" "$VMLAB_KVER" || vmlab_fail setup "depmod failed for $VMLAB_KVER"
  printf '%s\n' "$want" >"$stamp"
  exec {lock}>&-
  vmlab_log "dummy_hcd with isochronous emulation built for $VMLAB_KVER in $(awk -v ms=$(($(vmlab_now_ms) - start)) 'BEGIN { printf "%.1fs", ms / 1000 }')"
}
