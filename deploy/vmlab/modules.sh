# shellcheck shell=bash
# KvmPortal VM lab: build the kernel modules Debian's 6.1 kernel leaves out (CONFIG_IRQ_SIM, CONFIG_GPIO_SIM,
# CONFIG_V4L2_MEM2MEM_DEV, CONFIG_VIDEO_VICODEC, CONFIG_VIDEO_VIM2M) out of tree, from Debian's own linux-source-6.1 and
# linux-headers-<KVER> at exactly the lab kernel's Debian version, and install them into the cached kernel tree under
# lib/modules/<KVER>/extra so that modprobe finds them in the guest. Sourced by lib.sh (not executable on its own).
#
# The build is cached next to the kernel ($VMLAB_CACHE/kernel/<KVER>/modules/.ready holds a hash of this recipe): a
# new kernel version or a changed recipe (this file, modules/**/Kbuild) rebuilds. Failures end with
# "vmlab: FAILED [module-build]: ..." and exit code 94: source/headers/image versions that differ, a symbol a module
# needs that the kernel does not export, or a compiler error.

VMLAB_EXTRA_MODULES=(irq_sim gpio-sim v4l2-mem2mem vicodec vim2m)
# Files taken from the linux-source tarball (paths below linux-source-<major>/) and where they go in the build tree.
VMLAB_EXTRA_SOURCES=(
  kernel/irq/irq_sim.c:irq/
  drivers/gpio/gpio-sim.c:gpio/
  drivers/gpio/gpiolib.h:gpio/
  drivers/media/v4l2-core/v4l2-mem2mem.c:media/
  drivers/media/test-drivers/vim2m.c:media/
  drivers/media/test-drivers/vicodec/vicodec-core.c:media/vicodec/
  drivers/media/test-drivers/vicodec/codec-fwht.c:media/vicodec/
  drivers/media/test-drivers/vicodec/codec-fwht.h:media/vicodec/
  drivers/media/test-drivers/vicodec/codec-v4l2-fwht.c:media/vicodec/
  drivers/media/test-drivers/vicodec/codec-v4l2-fwht.h:media/vicodec/
)

# The Debian version of the kernel image itself (e.g. 6.1.192-3), read from the bzImage's uncompressed version string
# ("6.1.0-57-amd64 (debian-kernel@...) #1 SMP PREEMPT_DYNAMIC Debian 6.1.192-3 (date)").
vmlab_image_version() {
  grep -a -o -m 1 "$VMLAB_KVER (debian-kernel[^)]*) #1 [^(]*Debian [^ ]*" "$VMLAB_KROOT/boot/vmlinuz-$VMLAB_KVER" |
    head -n 1 | sed 's/.* Debian //'
}

# vmlab_download_exact DIR PACKAGE VERSION: apt-get download PACKAGE=VERSION into DIR (kept if already there).
vmlab_download_exact() {
  local dir=$1 pkg=$2 ver=$3 deb out
  # Only one version of each package stays in DIR (later steps take "the" PACKAGE_*.deb).
  find "$dir" -maxdepth 1 -name "${pkg}_*.deb" ! -name "${pkg}_${ver//:/%3a}_*.deb" -delete
  deb=$(find "$dir" -maxdepth 1 -name "${pkg}_${ver//:/%3a}_*.deb" | head -n 1)
  [ -n "$deb" ] && return 0
  out=$(cd "$dir" && apt-get download "$pkg=$ver" 2>&1) ||
    vmlab_fail module-build "apt has no $pkg=$ver (the lab kernel $VMLAB_KVER is Debian $VMLAB_KVERSION; headers and source must be the same version): $(printf '%s' "$out" | grep -v unsandboxed | tail -n 1 || true)"
}

# vmlab_kbuild_version MAJOR VERSION: linux-kbuild-MAJOR at VERSION if apt has it, else the newest one built from the same
# upstream release (the archive keeps only the newest kbuild; its tools - fixdep, modpost, objtool - depend on the upstream
# release, while the module ABI comes from the headers and the source, which must match exactly).
vmlab_kbuild_version() {
  local major=$1 ver=$2 found
  # (|| true: the callers run under set -e -o pipefail, and grep fails when nothing matches)
  found=$(apt-cache madison "linux-kbuild-$major" 2>/dev/null | awk -F' *[|] *' '{print $2}' | grep -Fx "$ver" | head -n 1) || true
  [ -n "$found" ] || found=$(apt-cache madison "linux-kbuild-$major" 2>/dev/null | awk -F' *[|] *' '{print $2}' |
    grep "^${ver%%-*}-" | sort -V | tail -n 1) || true
  printf '%s\n' "${found:-$ver}"
}

# vmlab_deb_version DIR PACKAGE: the Version field of the downloaded PACKAGE .deb in DIR.
vmlab_deb_version() {
  dpkg-deb -f "$(find "$1" -maxdepth 1 -name "${2}_*.deb" | head -n 1)" Version
}

# What decides the built modules: the Kbuild files, the module and source lists and the irq_sim edit. Comments and
# download logic in this file do not, so that branches which only differ there share one cached build.
VMLAB_IRQ_SIM_EDIT='s/handle_simple_irq(irq_to_desc(irqnum));/generic_handle_irq(irqnum);/'
vmlab_modules_recipe() {
  {
    printf '%s\n' "${VMLAB_EXTRA_MODULES[@]}" "${VMLAB_EXTRA_SOURCES[@]}" "$VMLAB_IRQ_SIM_EDIT" 'MODULE_LICENSE("GPL")'
    (cd "$VMLAB_DIR" && find modules -type f -name Kbuild | sort | xargs cat)
  } | sha256sum | cut -c 1-16
}

vmlab_modules_installed() {
  local m
  for m in "${VMLAB_EXTRA_MODULES[@]}"; do
    [ -f "$VMLAB_KROOT/lib/modules/$VMLAB_KVER/extra/$m.ko" ] || return 1
  done
}

# Build (or reuse) the extra modules for $VMLAB_KVER and index them with depmod. Sets VMLAB_MODULES_BUILD_S.
vmlab_build_modules() {
  local dir=$VMLAB_CACHE/kernel/$VMLAB_KVER mdir recipe lock t0 t1 t2 t3 t4 major abi ver kbuild pkg v src hdr b f spec log rc
  mdir=$dir/modules
  recipe=$(vmlab_modules_recipe)
  VMLAB_MODULES_BUILD_S=0
  if [ "$(head -n 1 "$mdir/.ready" 2>/dev/null)" = "$recipe" ] && vmlab_modules_installed; then
    vmlab_log "out-of-tree modules for $VMLAB_KVER: cached ($(sed -n 2p "$mdir/.ready"))"
    return 0
  fi
  exec {lock}>"$dir/.lock"
  flock "$lock"
  if [ "$(head -n 1 "$mdir/.ready" 2>/dev/null)" = "$recipe" ] && vmlab_modules_installed; then exec {lock}>&-; return 0; fi
  t0=$(vmlab_now_ms)
  major=${VMLAB_KVER%%.0-*}          # 6.1
  abi=${VMLAB_KVER%-amd64}           # 6.1.0-57
  VMLAB_KVERSION=$(vmlab_image_version) || true
  [ -n "$VMLAB_KVERSION" ] || vmlab_fail module-build "no 'Debian <version>' string in boot/vmlinuz-$VMLAB_KVER"
  ver=$VMLAB_KVERSION
  vmlab_log "building out-of-tree modules (${VMLAB_EXTRA_MODULES[*]}) for $VMLAB_KVER (Debian $ver)"
  rm -rf "$mdir/headers" "$mdir/build" "$mdir/src"
  mkdir -p "$mdir/debs" "$mdir/headers" "$mdir/build" "$mdir/src" || vmlab_fail setup "cannot create $mdir"

  # 1. The exact versions: headers and their common part at the image's version, the source too (unless
  #    VMLAB_SOURCE_VERSION pins another one, only useful to see the mismatch check fail); kbuild from the same upstream.
  for pkg in "linux-headers-$VMLAB_KVER" "linux-headers-$abi-common"; do
    vmlab_download_exact "$mdir/debs" "$pkg" "$ver"
  done
  kbuild=$(vmlab_kbuild_version "$major" "$ver")
  [ "$kbuild" = "$ver" ] || vmlab_log "linux-kbuild-$major $ver is no longer in the archive; using $kbuild (same upstream ${ver%%-*})"
  vmlab_download_exact "$mdir/debs" "linux-kbuild-$major" "$kbuild"
  vmlab_download_exact "$mdir/debs" "linux-source-$major" "${VMLAB_SOURCE_VERSION:-$ver}"
  for pkg in "linux-headers-$VMLAB_KVER" "linux-headers-$abi-common" "linux-source-$major"; do
    v=$(vmlab_deb_version "$mdir/debs" "$pkg")
    [ "$v" = "$ver" ] || vmlab_fail module-build "version mismatch: $pkg is $v but the lab kernel $VMLAB_KVER is Debian $ver" \
      "(install or pin matching versions; VMLAB_SOURCE_VERSION=${VMLAB_SOURCE_VERSION:-unset})"
  done
  v=$(vmlab_deb_version "$mdir/debs" "linux-kbuild-$major")
  [ "${v%%-*}" = "${ver%%-*}" ] ||
    vmlab_fail module-build "version mismatch: linux-kbuild-$major is $v, not built from upstream ${ver%%-*} like the lab kernel $VMLAB_KVER"
  t1=$(vmlab_now_ms)

  # 2. Unpack the headers (their Makefile includes the common part by absolute path: point it at the unpacked copy)
  #    and only the needed files of the 139 MB source tarball (streamed, never written whole).
  for pkg in "linux-headers-$VMLAB_KVER" "linux-headers-$abi-common" "linux-kbuild-$major"; do
    dpkg -x "$(find "$mdir/debs" -maxdepth 1 -name "${pkg}_*.deb" | head -n 1)" "$mdir/headers" ||
      vmlab_fail setup "dpkg -x $pkg failed"
  done
  hdr=$mdir/headers/usr/src/linux-headers-$VMLAB_KVER
  sed -i "s|^include /usr/src/|include $mdir/headers/usr/src/|" "$hdr/Makefile"
  grep -q "^#define UTS_RELEASE \"$VMLAB_KVER\"" "$hdr/include/generated/utsrelease.h" ||
    vmlab_fail module-build "linux-headers-$VMLAB_KVER is not for kernel release $VMLAB_KVER ($(cat "$hdr/include/generated/utsrelease.h"))"
  grep -q "Debian $ver\"" "$hdr/include/generated/package.h" ||
    vmlab_fail module-build "version mismatch: linux-headers-$VMLAB_KVER says $(sed -n 's/.*"\(.*\)".*/\1/p' "$hdr/include/generated/package.h"), the image says Debian $ver"
  src=linux-source-$major
  local members=("$src/Makefile")
  for spec in "${VMLAB_EXTRA_SOURCES[@]}"; do members+=("$src/${spec%%:*}"); done
  dpkg-deb --fsys-tarfile "$(find "$mdir/debs" -maxdepth 1 -name "linux-source-${major}_*.deb" | head -n 1)" |
    tar -xO "./usr/src/$src.tar.xz" | xz -dc -T0 | tar -x -C "$mdir/src" "${members[@]}" ||
    vmlab_fail module-build "extracting ${members[*]} from linux-source-$major failed (files moved upstream?)"
  v=$(awk -F' *= *' '$1 == "VERSION" {a=$2} $1 == "PATCHLEVEL" {b=$2} $1 == "SUBLEVEL" {c=$2} END {print a "." b "." c}' "$mdir/src/$src/Makefile")
  [ "$v" = "${ver%%-*}" ] || vmlab_fail module-build "version mismatch: linux-source-$major contains Linux $v, the lab kernel is ${ver%%-*}"
  t2=$(vmlab_now_ms)

  # 3. Build tree: our Kbuild files plus the sources; irq_sim.c edited to load as a module: irq_to_desc() is not
  #    exported to modules, generic_handle_irq() is and runs the same handler (handle_simple_irq via the descriptor).
  b=$mdir/build
  cp -r "$VMLAB_DIR/modules/." "$b/"
  for spec in "${VMLAB_EXTRA_SOURCES[@]}"; do cp "$mdir/src/$src/${spec%%:*}" "$b/${spec#*:}"; done
  f=$b/irq/irq_sim.c
  sed -i "$VMLAB_IRQ_SIM_EDIT" "$f"
  if ! grep -q 'generic_handle_irq(irqnum);' "$f" || grep -q 'irq_to_desc' "$f"; then
    vmlab_fail module-build "irq_sim.c of linux-source-$major $ver no longer has the line 'handle_simple_irq(irq_to_desc(irqnum));' that modules.sh replaces"
  fi
  grep -q '^MODULE_LICENSE' "$f" || printf '\nMODULE_LICENSE("GPL");\n' >>"$f"
  log=$mdir/build.log
  rc=0
  make -C "$hdr" M="$b" -j "$(nproc)" modules >"$log" 2>&1 || rc=$?
  if [ "$rc" -ne 0 ]; then
    if grep -q 'modpost: ".*" .* undefined!' "$log"; then
      vmlab_fail module-build "symbol missing: $(grep -o 'modpost: ".*" .* undefined!' "$log" | sed 's/^modpost: //' | sed "s|$b/||" | paste -sd ';' -)" \
        "(not exported by $VMLAB_KVER; build log $log)"
    fi
    tail -n 15 "$log" >&2
    vmlab_fail module-build "make modules failed for $VMLAB_KVER (build log $log)"
  fi
  t3=$(vmlab_now_ms)

  # 4. Install and index. Debian's boot/System.map is a placeholder, so depmod checks the extra modules' symbols and
  #    their modversions CRCs against the headers' Module.symvers (already proven to be the image's Debian version).
  local extra=$VMLAB_KROOT/lib/modules/$VMLAB_KVER/extra out bad
  # Swap the folder in whole: another run sharing the cache may be booting with this tree.
  rm -rf "$extra.new" "$extra.old"
  mkdir -p "$extra.new"
  find "$b" -name '*.ko' -exec cp {} "$extra.new/" \;
  [ ! -d "$extra" ] || mv "$extra" "$extra.old"
  mv "$extra.new" "$extra"
  rm -rf "$extra.old"
  out=$(depmod -b "$VMLAB_KROOT" -e -E "$hdr/Module.symvers" "$VMLAB_KVER" 2>&1) ||
    vmlab_fail module-build "depmod failed for $VMLAB_KVER: $(head -n 5 <<<"$out")"
  bad=$(grep -E '/extra/.*(needs unknown symbol|disagrees about version of symbol)' <<<"$out" | sed "s|$extra/||" | head -n 5 | paste -sd ';' -) || true
  [ -z "$bad" ] || vmlab_fail module-build "symbol missing in $VMLAB_KVER: $bad"
  vmlab_modules_installed || vmlab_fail module-build "the build did not produce every module (${VMLAB_EXTRA_MODULES[*]}; build log $log)"

  # The source .deb (139 MB) and the unpacked headers are not needed again unless the recipe changes.
  rm -rf "$mdir/headers" "$mdir/debs/linux-source-"*.deb
  t4=$(vmlab_now_ms)
  VMLAB_MODULES_BUILD_S=$(vmlab_secs $((t4 - t0)))
  VMLAB_MODULES_BUILD_S=${VMLAB_MODULES_BUILD_S%s}
  local detail
  detail="built in ${VMLAB_MODULES_BUILD_S}s (download $(vmlab_secs $((t1 - t0))), unpack $(vmlab_secs $((t2 - t1))),"
  detail+=" compile $(vmlab_secs $((t3 - t2))), install+depmod $(vmlab_secs $((t4 - t3))))"
  printf '%s\n%s\n' "$recipe" "$detail" >"$mdir/.ready"
  vmlab_log "out-of-tree modules for $VMLAB_KVER $detail"
  exec {lock}>&-
}
