#!/usr/bin/env bash
# KvmPortal installer for Raspberry Pi OS Bookworm 64-bit (run as root). Everything it changes is listed in docs/install.md.
#
#   install.sh [--from DIR] [--root DIR] [--no-apt] [--cma SIZE|none]   install or upgrade
#   install.sh --uninstall [--purge] [--root DIR]                       remove (the data folder stays unless --purge)
#
#   --from DIR   the published build (deploy/pi/publish.sh output); default: ./app beside this script, else
#                artifacts/publish/linux-arm64 of the repository this script is in
#   --root DIR   install into a staging root or chroot (DIR/etc, DIR/opt, ...): nothing is started, stopped or reloaded,
#                users are created in DIR's /etc/passwd, apt runs inside DIR (chroot), units are enabled with systemctl --root
#   --no-apt     do not install apt packages
#   --cma SIZE   contiguous memory for the capture bridge, added to cmdline.txt as cma=SIZE unless a cma= is there (default 128M)
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=
from=
apt=1
cma=128M
mode=install
purge=0
while [ $# -gt 0 ]; do
  case "$1" in
    --from) from=${2:?--from needs a folder}; shift ;;
    --root) root=${2:?--root needs a folder}; shift ;;
    --no-apt) apt=0 ;;
    --cma) cma=${2:?--cma needs a size such as 128M, or none}; shift ;;
    --uninstall) mode=uninstall ;;
    --purge) purge=1 ;;
    -h|--help) sed -n '2,15p' "${BASH_SOURCE[0]}"; exit 0 ;;
    *) echo "install.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
  shift
done

if [ "$(id -u)" -ne 0 ]; then
  echo "install.sh: run as root (sudo $0 $*)" >&2
  exit 1
fi
if [ -n "$root" ]; then
  root=$(cd "$root" && pwd)
  [ "$root" != / ] || root=
fi

readonly APT_PACKAGES=(libturbojpeg0 libgpiod2 v4l-utils libicu72 libssl3 zlib1g ca-certificates)
readonly OPT=/opt/kvmportal
readonly UDEV_RULES=/etc/udev/rules.d/70-kvmportal.rules
readonly MODULES_CONF=/etc/modules-load.d/kvmportal.conf
KVM_MARK_BEGIN="# >>> KvmPortal: added by deploy/pi/install.sh, removed by install.sh --uninstall"

# shellcheck source=deploy/pi/system.sh
. "$here/system.sh"
KVM_APP_DIR=$OPT KVM_PROFILE=pi KVM_BY=deploy/pi/install.sh
# shellcheck source=deploy/pi/files.sh
. "$here/files.sh"
read -r -a UNITS <<<"$(kvm_units)"
say() { kvm_say "$@"; }
live() { [ -z "$root" ]; }
# Runs a command inside the target root (chroot when --root is given; the caller's TMPDIR may not exist inside it).
in_root() { if live; then "$@"; else TMPDIR=/tmp chroot "$root" "$@"; fi; }
# shellcheck disable=SC2016 # ${Status} is dpkg-query's field, not a shell variable
kvm_installed_as_package() { [ "$(in_root dpkg-query -W -f '${Status}' kvmportal 2>/dev/null)" = "install ok installed" ]; }
systemctl_root() { if live; then systemctl "$@"; else systemctl --root="$root" "$@"; fi; }

install_app() {
  [ -n "$from" ] || { if [ -d "$here/app" ]; then from=$here/app; else from=$here/../../artifacts/publish/linux-arm64; fi; }
  if [ ! -x "$from/KvmPortal" ] || [ ! -f "$from/KvmPortal.dll" ]; then
    say "no published build in '$from' (run deploy/pi/publish.sh first, or pass --from DIR)"
    exit 1
  fi
  # Install into a fresh folder beside the old one, then swap, so an upgrade never leaves a half-copied app.
  local target=$root$OPT
  rm -rf "$target.new"
  mkdir -p "$target.new"
  cp -a "$from/." "$target.new/"
  chown -R root:root "$target.new"
  chmod -R u=rwX,go=rX "$target.new"
  chmod 0755 "$target.new/KvmPortal"
  rm -rf "$target.old"
  [ ! -e "$target" ] || mv "$target" "$target.old"
  mv "$target.new" "$target"
  rm -rf "$target.old"
  # The documentation travels with the app (the units' Documentation= points at it).
  local docs
  for docs in "$here/docs" "$here/../../docs"; do
    if [ -d "$docs" ]; then
      install -d -m 0755 "$target/docs"
      install -m 0644 "$docs"/*.md "$target/docs/"
      break
    fi
  done
}

write_config() {
  install -d -m 0755 -o root -g root "$root$KVM_ETC"
  # The override file is the administrator's: written once, never overwritten by an upgrade (a new default goes beside it).
  local override=$root$KVM_ETC/override.json
  if [ -e "$override" ]; then
    write_override >"$override.dist"
    say "kept your $KVM_ETC/override.json; the current defaults are in $KVM_ETC/override.json.dist"
  else
    write_override >"$override"
  fi
  # Numeric ids: with --root the names exist only in the target's /etc/group.
  local gid f
  gid=$(kvm_gid "$KVM_USER")
  for f in "$override" "$override.dist"; do
    [ -e "$f" ] || continue
    chown "0:$gid" "$f"
    chmod 0640 "$f"
  done
  write_edid >"$root$KVM_ETC/tc358743-edid.hex"
  chmod 0644 "$root$KVM_ETC/tc358743-edid.hex"
  kvm_prepare_data_dir
}

write_system_files() {
  install -d -m 0755 "$root/etc/systemd/system" "$root/etc/udev/rules.d" "$root/etc/modules-load.d"
  write_gadget_unit >"$root/etc/systemd/system/kvmportal-gadget.service"
  write_edid_unit >"$root/etc/systemd/system/kvmportal-edid.service"
  write_main_unit >"$root/etc/systemd/system/kvmportal.service"
  write_udev_rules >"$root$UDEV_RULES"
  write_modules_load >"$root$MODULES_CONF"
  chmod 0644 "$root/etc/systemd/system/"kvmportal*.service "$root$UDEV_RULES" "$root$MODULES_CONF"
}

# --- install / uninstall -------------------------------------------------------------------------------------------
do_install() {
  if [ "$apt" = 1 ]; then
    say "installing apt packages: ${APT_PACKAGES[*]}"
    if ! in_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${APT_PACKAGES[@]}" >&2; then
      in_root apt-get update -q >&2
      in_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${APT_PACKAGES[@]}" >&2
    fi
  fi
  if kvm_installed_as_package; then
    say "KvmPortal is installed as a Debian package here: upgrade it with apt (sudo apt install ./kvmportal_<version>_arm64.deb)"
    exit 1
  fi
  kvm_record installed
  kvm_create_user
  if live && systemctl is-active --quiet kvmportal.service; then systemctl stop kvmportal.service; fi
  install_app
  write_config
  write_system_files
  kvm_boot_config_apply "$cma"
  systemctl_root enable "${UNITS[@]}" >&2
  if live; then
    systemctl daemon-reload
    if udevadm control --reload; then
      udevadm trigger --subsystem-match=video4linux --subsystem-match=gpio --subsystem-match=tty --subsystem-match=hidg || true
    fi
    say "installed $("$OPT/KvmPortal" --version 2>/dev/null || echo KvmPortal)."
    if [ -z "$(ls -A /sys/class/udc 2>/dev/null)" ]; then
      say "no USB device controller yet: reboot once to apply the boot configuration (dwc2, tc358743); the services start at boot."
    else
      systemctl restart kvmportal-gadget.service kvmportal-edid.service kvmportal.service || true
    fi
    say "open https://$(hostname).local/ ; the first admin password is in $KVM_DATA/initial-admin-password"
  else
    say "installed into $root (nothing started)."
  fi
}

do_uninstall() {
  if live; then
    systemctl disable --now "${UNITS[@]}" >&2 2>/dev/null || true
  else
    systemctl_root disable "${UNITS[@]}" >&2 2>/dev/null || true
  fi
  local unit
  for unit in "${UNITS[@]}"; do rm -f "$root/etc/systemd/system/$unit"; done
  rm -f "$root$UDEV_RULES" "$root$MODULES_CONF"
  kvm_boot_config_undo
  kvm_remove_user
  rm -rf "$root$OPT" "$root$OPT.new" "$root$OPT.old" "$root$KVM_ETC"
  if [ "$purge" = 1 ]; then
    rm -rf "$root$KVM_DATA"
  else
    say "kept $KVM_DATA (images, database, certificate); a reinstall takes it over, --purge deletes it"
  fi
  if live; then systemctl daemon-reload; udevadm control --reload || true; fi
  say "uninstalled${root:+ from $root}. apt packages stay installed (other software may use them)."
}

if [ "$mode" = uninstall ]; then do_uninstall; else do_install; fi
