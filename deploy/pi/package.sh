#!/usr/bin/env bash
# Builds KvmPortal's Debian packages into dist/:
#   kvmportal_<version>_arm64.deb   Raspberry Pi OS Bookworm 64-bit (Pi profile: USB gadget, TC358743 capture, GPIO ATX)
#   kvmportal_<version>_amd64.deb   Debian 12 on an x86 mini-PC (PC profile: UVC capture dongle, serial HID)
# Install with: sudo apt install ./kvmportal_<version>_arm64.deb (apt fetches the dependencies from Debian).
#
#   package.sh [--arch arm64|amd64] [--version V] [--publish DIR] [--output DIR] [--compression xz|zstd|gzip]
#
#   --arch         build one architecture (default: both)
#   --version      the package version (default: <Version in Directory.Build.props>+<commit count>.g<commit>, so every
#                  commit gets a higher version and apt upgrades; uncommitted changes add .dirty<UTC time>)
#   --publish DIR  use this deploy/pi/publish.sh output instead of publishing (needs --arch)
#   --compression  of the package's data (default xz: the smallest download; zstd builds in seconds)
# The app is published self-contained: Debian and Raspberry Pi OS have no .NET runtime package. Files and modes come
# from deploy/pi/files.sh, the maintainer scripts from deploy/pi/debian/*.sh and deploy/pi/system.sh, the same sources
# deploy/pi/install.sh uses. Needs dpkg-deb and readelf (binutils); not root. Prints each package's path on stdout.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)

arches=(arm64 amd64)
version=
publish=
output=$repo/dist
compression=xz
while [ $# -gt 0 ]; do
  case "$1" in
    --arch) arches=("${2:?--arch needs arm64 or amd64}"); shift ;;
    --version) version=${2:?--version needs a value}; shift ;;
    --publish) publish=${2:?--publish needs a folder}; shift ;;
    --output) output=${2:?--output needs a folder}; shift ;;
    --compression) compression=${2:?--compression needs xz, zstd or gzip}; shift ;;
    -h|--help) sed -n '2,17p' "${BASH_SOURCE[0]}"; exit 0 ;;
    *) echo "package.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
  shift
done
for arch in "${arches[@]}"; do
  case "$arch" in arm64|amd64) ;; *) echo "package.sh: --arch must be arm64 or amd64, not '$arch'" >&2; exit 2 ;; esac
done
if [ -n "$publish" ] && [ "${#arches[@]}" -ne 1 ]; then
  echo "package.sh: --publish needs --arch (a published build is for one architecture)" >&2
  exit 2
fi

readonly APP_DIR=/usr/lib/kvmportal
readonly DOC_DIR=/usr/share/doc/kvmportal
readonly MAINTAINER="KvmPortal maintainers <maintainers@users.noreply.b-seed-713c1f91.example>"

# --- version --------------------------------------------------------------------------------------------------------
package_version() {
  local base count commit
  base=$(sed -nE 's|.*<Version>([^<]+)</Version>.*|\1|p' "$repo/Directory.Build.props" | head -1)
  if ! count=$(git -C "$repo" rev-list --count HEAD 2>/dev/null); then
    echo "package.sh: not a git checkout: pass --version" >&2
    exit 2
  fi
  commit=$(git -C "$repo" rev-parse --short=8 HEAD)
  local v="${base:-0.0.0}+$count.g$commit"
  if ! git -C "$repo" diff --quiet HEAD -- 2>/dev/null; then v="$v.dirty$(date -u +%Y%m%d%H%M%S)"; fi
  echo "$v"
}
[ -n "$version" ] || version=$(package_version)
if ! [[ "$version" =~ ^[0-9][A-Za-z0-9.+~]*$ ]]; then
  echo "package.sh: '$version' is not a Debian version without revision" >&2
  exit 2
fi

# --- dependencies -----------------------------------------------------------------------------------------------------
# Every library an ELF file in the app links against must map to a Debian package here: a new one fails the build
# instead of failing on the Pi.
package_of_soname() {
  case "$1" in
    libc.so.6|libm.so.6|libdl.so.2|libpthread.so.0|librt.so.1|ld-linux-aarch64.so.1|ld-linux-x86-64.so.2) echo libc6 ;;
    libstdc++.so.6) echo libstdc++6 ;;
    libgcc_s.so.1) echo libgcc-s1 ;;
    libz.so.1) echo zlib1g ;;
    *) return 1 ;;
  esac
}

depends_of() { # APP_FOLDER PROFILE: the Depends line
  local app=$1 profile=$2 f soname pkg glibc=0
  local -A linked=()
  while IFS= read -r -d '' f; do
    readelf -h "$f" >/dev/null 2>&1 || continue
    while read -r soname; do
      [ -n "$soname" ] || continue
      # Inside the app folder (the runtime's own libraries): nothing to depend on.
      [ ! -e "$app/$soname" ] || continue
      if ! pkg=$(package_of_soname "$soname"); then
        echo "package.sh: ${f#"$app"/} needs $soname, which package_of_soname does not know" >&2
        exit 1
      fi
      linked[$pkg]=1
    done < <(readelf -d "$f" | sed -nE 's/.*\(NEEDED\).*\[(.*)\]/\1/p')
    local v
    for v in $(readelf -V "$f" | grep -oE 'GLIBC_2\.[0-9]+' | sed 's/GLIBC_2\.//'); do if ((v > glibc)); then glibc=$v; fi; done
  done < <(find "$app" -type f \( -name '*.so' -o -name KvmPortal -o -name createdump \) -print0)
  local deps=("libc6 (>= 2.$glibc)")
  for pkg in $(printf '%s\n' "${!linked[@]}" | sort); do [ "$pkg" = libc6 ] || deps+=("$pkg"); done
  # Loaded at run time by name (dlopen), so no ELF file lists them: ICU (globalization), OpenSSL 3 (TLS),
  # libturbojpeg.so.0 (JPEG encoding of the captured picture), libgpiod.so.2 (System.Device.Gpio's libgpiod v1 driver).
  deps+=(libicu72 libssl3 libturbojpeg0)
  # The maintainer scripts: useradd/groupadd (deb-systemd-helper's init-system-helpers is essential).
  deps+=(passwd)
  # The common-password list the password policy checks against (/usr/share/john/password.lst).
  deps+=(john-data)
  # The Pi's EDID unit runs v4l2-ctl; ATX buttons and LEDs are on the Pi's GPIO header.
  [ "$profile" != pi ] || deps+=(libgpiod2 v4l-utils)
  local joined
  printf -v joined '%s, ' "${deps[@]}"
  echo "${joined%, }"
}

recommends_of() { # PROFILE
  if [ "$1" = pi ]; then echo "tesseract-ocr"; else echo "tesseract-ocr, v4l-utils, libgpiod2"; fi
}

# --- one package ------------------------------------------------------------------------------------------------------
build_one() { # ARCH
  local arch=$1 rid profile
  case "$arch" in
    arm64) rid=linux-arm64 profile=pi ;;
    amd64) rid=linux-x64 profile=pc ;;
  esac
  local stage
  stage=$(mktemp -d)
  stages+=("$stage")

  local app=$stage$APP_DIR
  mkdir -p "$app"
  if [ -n "$publish" ]; then
    cp -a "$publish/." "$app/"
    rm -f "$app/.complete"
  else
    "$here/publish.sh" "$rid" --output "$stage/publish" >/dev/null
    cp -a "$stage/publish/." "$app/"
    rm -rf "$stage/publish"
  fi
  [ -x "$app/KvmPortal" ] || { echo "package.sh: no KvmPortal in the published build" >&2; exit 1; }
  # CoreCLR's LTTng tracing provider links liblttng-ust.so.0, which bookworm does not have (it has .so.1); the runtime
  # skips the provider when it is absent, so it is left out rather than shipped unloadable.
  rm -f "$app/libcoreclrtraceptprovider.so"
  # Strip what still has a symbol table (SQLite's library; the .NET runtime's files come stripped), with the binutils
  # of the package's architecture.
  local strip=strip f
  [ "$arch" != arm64 ] || [ "$(uname -m)" = aarch64 ] || strip=aarch64-linux-gnu-strip
  command -v "$strip" >/dev/null || { echo "package.sh: $strip is missing (apt install binutils-aarch64-linux-gnu)" >&2; exit 1; }
  while IFS= read -r -d '' f; do
    # (Tests on readelf's output are done on the whole of it: grep -q under pipefail would fail on SIGPIPE.)
    if [[ "$(readelf -S "$f" 2>/dev/null)" == *" .symtab "* ]]; then
      "$strip" --remove-section=.comment --remove-section=.note --strip-unneeded "$f"
    fi
  done < <(find "$app" -type f -name '*.so' -print0)
  # Executables (an ELF file with a program interpreter) 0755, everything else 0644.
  find "$app" -type d -exec chmod 0755 {} +
  find "$app" -type f -exec chmod 0644 {} +
  while IFS= read -r -d '' f; do
    if [[ "$(readelf -l "$f" 2>/dev/null)" == *"program interpreter"* ]]; then chmod 0755 "$f"; fi
  done < <(find "$app" -type f ! -name '*.dll' ! -name '*.json' ! -name '*.js' -print0)

  # The system files, from the same generators as install.sh (files.sh reads KVM_PROFILE when a function runs).
  KVM_PROFILE=$profile
  local units
  read -r -a units <<<"$(kvm_units)"
  install -d -m 0755 "$stage/lib/systemd/system" "$stage/lib/udev/rules.d" "$stage/etc/kvmportal" "$stage$DOC_DIR"
  write_main_unit >"$stage/lib/systemd/system/kvmportal.service"
  write_udev_rules >"$stage/lib/udev/rules.d/70-kvmportal.rules"
  write_override >"$stage/etc/kvmportal/override.json"
  local conffiles=(/etc/kvmportal/override.json)
  if [ "$profile" = pi ]; then
    write_gadget_unit >"$stage/lib/systemd/system/kvmportal-gadget.service"
    write_edid_unit >"$stage/lib/systemd/system/kvmportal-edid.service"
    install -d -m 0755 "$stage/usr/lib/modules-load.d"
    write_modules_load >"$stage/usr/lib/modules-load.d/kvmportal.conf"
    write_edid >"$stage/etc/kvmportal/tc358743-edid.hex"
    conffiles+=(/etc/kvmportal/tc358743-edid.hex)
  fi

  # Documentation: the guides, the copyright file and a changelog naming the commit.
  install -m 0644 "$repo"/docs/*.md "$stage$DOC_DIR/"
  install -m 0644 "$here/debian/copyright" "$stage$DOC_DIR/copyright"
  local commit date
  commit=$(git -C "$repo" rev-parse --short=8 HEAD 2>/dev/null || true)
  date=$(git -C "$repo" log -1 --format=%aD 2>/dev/null || date -R)
  {
    echo "kvmportal ($version) bookworm; urgency=medium"
    echo
    echo "  * Built from ${commit:+commit }${commit:-a source tree without git}."
    echo
    echo " -- $MAINTAINER  $date"
  } | gzip -9n >"$stage$DOC_DIR/changelog.gz"
  # Lintian's reports that are accepted, each with its reason (docs/install.md, "The Debian package").
  install -d -m 0755 "$stage/usr/share/lintian/overrides"
  install -m 0644 "$here/debian/lintian-overrides" "$stage/usr/share/lintian/overrides/kvmportal"
  find "$stage/lib" "$stage/etc" "$stage/usr/share" -type d -exec chmod 0755 {} +
  find "$stage/lib" "$stage/etc" "$stage/usr/share" -type f -exec chmod 0644 {} +
  [ ! -d "$stage/usr/lib/modules-load.d" ] || chmod 0644 "$stage/usr/lib/modules-load.d/kvmportal.conf"

  # Control area.
  install -d -m 0755 "$stage/DEBIAN"
  local name
  for name in preinst postinst prerm postrm; do
    maintainer_script "$name" "$profile" "${units[@]}" >"$stage/DEBIAN/$name"
    chmod 0755 "$stage/DEBIAN/$name"
  done
  printf '%s\n' "${conffiles[@]}" >"$stage/DEBIAN/conffiles"
  (cd "$stage" && find . -path ./DEBIAN -prune -o -type f -printf '%P\0' | LC_ALL=C sort -z | xargs -0 md5sum) >"$stage/DEBIAN/md5sums"
  local size depends
  size=$(du -sk --exclude=DEBIAN "$stage" | cut -f1)
  depends=$(depends_of "$app" "$profile")
  cat >"$stage/DEBIAN/control" <<EOF
Package: kvmportal
Version: $version
Architecture: $arch
Maintainer: $MAINTAINER
Installed-Size: $size
Depends: $depends
Recommends: $(recommends_of "$profile")
Section: admin
Priority: optional
Description: IP-KVM: a server's screen, keyboard, mouse, media and power in a browser
 KvmPortal runs on a Raspberry Pi 4 (or a small PC) next to a server and lets
 an administrator reach that server from a web browser as if sitting in front
 of it, before any operating system is up: it captures the server's HDMI
 output, acts as its USB keyboard and mouse, presents a virtual CD-ROM or
 flash drive, and presses its power and reset buttons.
 .
 Multi-user logins with roles, two-factor authentication and an audit trail;
 a PiKVM-compatible REST API, Redfish and Prometheus metrics. The web service
 runs as the unprivileged user kvmportal over HTTPS with a generated
 certificate. This package contains a self-contained .NET runtime.
EOF
  chmod 0644 "$stage/DEBIAN/control" "$stage/DEBIAN/conffiles" "$stage/DEBIAN/md5sums"

  mkdir -p "$output"
  local deb=$output/kvmportal_${version}_$arch.deb
  dpkg-deb --root-owner-group -Z"$compression" --build "$stage" "$deb" >/dev/null
  echo "$deb"
}

# A maintainer script: the template's body after its settings, with deploy/pi/system.sh included (a postrm runs after
# the package's files are gone, so nothing can be sourced from them).
maintainer_script() { # NAME PROFILE UNIT...
  local name=$1 profile=$2
  shift 2
  local template=$here/debian/$name.sh
  echo '#!/bin/bash'
  echo "# $name of the kvmportal package, generated by deploy/pi/package.sh from deploy/pi/debian/$name.sh,"
  echo "# deploy/pi/debian/settings.sh and deploy/pi/system.sh (included whole: not every script uses every setting"
  echo "# or function)."
  echo "# shellcheck disable=SC2034,SC2317"
  sed -n '/^# ---- body/q; /^set -e$/p' "$template"
  sed -e "s|^KVM_PROFILE=.*|KVM_PROFILE=$profile|" -e "s|^KVM_UNITS=.*|KVM_UNITS=($*)|" "$here/debian/settings.sh" | grep -v '^# shellcheck'
  # Only the scripts that need it (preinst and prerm do not) include system.sh.
  # shellcheck disable=SC2016 # the literal line of the template
  if grep -qxF '. "$here/../system.sh"' "$template"; then grep -v '^# shellcheck shell=' "$here/system.sh"; fi
  sed -n '/^# ---- body/,$p' "$template" | tail -n +2
}

KVM_APP_DIR=$APP_DIR KVM_DOC=$DOC_DIR/install.md KVM_BY="the kvmportal package"
# shellcheck source=deploy/pi/files.sh
. "$here/files.sh"
stages=()
trap 'rm -rf "${stages[@]}"' EXIT
for arch in "${arches[@]}"; do
  build_one "$arch"
done
