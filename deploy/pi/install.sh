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

readonly USER_NAME=kvmportal
readonly APT_PACKAGES=(libturbojpeg0 v4l-utils libgpiod2 libicu72 libssl3 zlib1g ca-certificates)
readonly MARK_BEGIN="# >>> KvmPortal: added by deploy/pi/install.sh, removed by install.sh --uninstall"
readonly MARK_END="# <<< KvmPortal"
readonly OPT=/opt/kvmportal ETC=/etc/kvmportal DATA=/var/lib/kvmportal
readonly UNITS=(kvmportal-gadget.service kvmportal-edid.service kvmportal.service)
readonly UDEV_RULES=/etc/udev/rules.d/70-kvmportal.rules
readonly MODULES_CONF=/etc/modules-load.d/kvmportal.conf
readonly STATE=$ETC/.installed-by-kvmportal

say() { echo "kvmportal: $*" >&2; }
live() { [ -z "$root" ]; }
# Runs a command inside the target root (chroot when --root is given).
in_root() { if live; then "$@"; else chroot "$root" "$@"; fi; }

boot_dir() {
  if [ -d "$root/boot/firmware" ]; then echo "$root/boot/firmware"
  elif [ -f "$root/boot/config.txt" ]; then echo "$root/boot"
  else echo ""; fi
}

# --- boot configuration ------------------------------------------------------------------------------------------
remove_marked_block() { # FILE: deletes our marked block (and only it)
  local file=$1
  [ -f "$file" ] || return 0
  sed -i "\|^${MARK_BEGIN}\$|,\|^${MARK_END}\$|d" "$file"
}

edit_config_txt() {
  local file=$1
  [ -f "$file" ] || : >"$file"
  remove_marked_block "$file"
  # Keep the file ending in a newline before appending.
  [ ! -s "$file" ] || [ -z "$(tail -c1 "$file")" ] || echo >>"$file"
  cat >>"$file" <<EOF
$MARK_BEGIN
[all]
# USB device (gadget) mode on the USB-C port: keyboard, mouse and virtual media for the target server.
dtoverlay=dwc2,dr_mode=peripheral
# HDMI to CSI-2 capture bridge (TC358743, for example the Geekworm C779/C790 boards).
dtoverlay=tc358743
$MARK_END
EOF
}

edit_cmdline_txt() { # cmdline.txt is one line without comments: the token we add is recorded in the state file
  local file=$1
  [ "$cma" != none ] && [ -f "$file" ] || return 0
  if grep -qE '(^| )cma=' "$file"; then
    say "$file already sets cma=; left as it is"
    return 0
  fi
  sed -i "1 s/\$/ cma=$cma/" "$file"
  record "cmdline-token cma=$cma"
}

undo_cmdline_txt() {
  local file=$1 token
  [ -f "$file" ] && [ -f "$root$STATE" ] || return 0
  while read -r kind token; do
    [ "$kind" = cmdline-token ] || continue
    sed -i "1 s/ ${token}\\( \\|\$\\)/\\1/" "$file"
  done <"$root$STATE"
}

# --- users, groups, files ------------------------------------------------------------------------------------------
ensure_group() { # NAME: creates a missing system group and records it, so --uninstall removes only groups we made
  getent_root group "$1" >/dev/null && return 0
  groupadd ${root:+--root "$root"} --system "$1"
  record "created-group $1"
}
record() { # LINE: remembers a change for --uninstall (once)
  mkdir -p "$root$ETC"
  grep -qxF "$1" "$root$STATE" 2>/dev/null || echo "$1" >>"$root$STATE"
}
getent_root() { # DB KEY: like getent, but reads the target root's files
  local db=$1 key=$2
  grep -E "^${key}:" "$root/etc/$db"
}

create_user() {
  ensure_group gpio          # Raspberry Pi OS has it; plain Debian does not
  ensure_group "$USER_NAME"
  if ! getent_root passwd "$USER_NAME" >/dev/null; then
    useradd ${root:+--root "$root"} --system --gid "$USER_NAME" --groups video,gpio,dialout \
      --home-dir "$DATA" --no-create-home --shell /usr/sbin/nologin --comment "KvmPortal IP-KVM" "$USER_NAME"
  else
    usermod ${root:+--root "$root"} --append --groups video,gpio,dialout "$USER_NAME"
  fi
}

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
  install -d -m 0755 -o root -g root "$root$ETC"
  # The override file is the administrator's: written once, never overwritten by an upgrade (a new default goes beside it).
  local override=$root$ETC/override.json
  if [ -e "$override" ]; then
    write_override >"$override.dist"
    say "kept your $ETC/override.json; the current defaults are in $ETC/override.json.dist"
  else
    write_override >"$override"
  fi
  # Numeric ids: with --root the names exist only in the target's /etc/group.
  local gid f
  gid=$(gid_of "$USER_NAME")
  for f in "$override" "$override.dist"; do
    [ -e "$f" ] || continue
    chown "0:$gid" "$f"
    chmod 0640 "$f"
  done
  write_edid >"$root$ETC/tc358743-edid.hex"
  chmod 0644 "$root$ETC/tc358743-edid.hex"
  install -d -m 0750 "$root$DATA"
  # Recursive: after an uninstall without --purge and a reinstall, the user may have a new uid.
  chown -R "$(uid_of "$USER_NAME"):$(gid_of "$USER_NAME")" "$root$DATA"
  chmod 0750 "$root$DATA"
}
uid_of() { getent_root passwd "$1" | cut -d: -f3; }
gid_of() { getent_root group "$1" | cut -d: -f3; }

# shellcheck source=deploy/pi/files.sh
. "$here/files.sh"

write_system_files() {
  install -d -m 0755 "$root/etc/systemd/system" "$root/etc/udev/rules.d" "$root/etc/modules-load.d"
  write_gadget_unit >"$root/etc/systemd/system/kvmportal-gadget.service"
  write_edid_unit >"$root/etc/systemd/system/kvmportal-edid.service"
  write_main_unit >"$root/etc/systemd/system/kvmportal.service"
  write_udev_rules >"$root$UDEV_RULES"
  printf '%s\n' "# KvmPortal: USB device controller and configfs gadget framework (deploy/pi/install.sh)" dwc2 libcomposite \
    >"$root$MODULES_CONF"
  chmod 0644 "$root/etc/systemd/system/"kvmportal*.service "$root$UDEV_RULES" "$root$MODULES_CONF"
}

systemctl_root() { if live; then systemctl "$@"; else systemctl --root="$root" "$@"; fi; }

# --- install / uninstall -------------------------------------------------------------------------------------------
do_install() {
  if [ "$apt" = 1 ]; then
    say "installing apt packages: ${APT_PACKAGES[*]}"
    if ! in_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${APT_PACKAGES[@]}" >&2; then
      in_root apt-get update -q >&2
      in_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${APT_PACKAGES[@]}" >&2
    fi
  fi
  record "installed"
  create_user
  if live && systemctl is-active --quiet kvmportal.service; then systemctl stop kvmportal.service; fi
  install_app
  write_config
  write_system_files
  local boot
  boot=$(boot_dir)
  if [ -n "$boot" ]; then
    edit_config_txt "$boot/config.txt"
    edit_cmdline_txt "$boot/cmdline.txt"
  else
    say "no /boot/firmware (not Raspberry Pi OS?): boot configuration skipped"
  fi
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
    say "open https://$(hostname).local/ ; the first admin password is in $DATA/initial-admin-password"
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
  local boot
  boot=$(boot_dir)
  if [ -n "$boot" ]; then
    remove_marked_block "$boot/config.txt"
    undo_cmdline_txt "$boot/cmdline.txt"
  fi
  if getent_root passwd "$USER_NAME" >/dev/null; then userdel ${root:+--root "$root"} "$USER_NAME"; fi
  if getent_root group "$USER_NAME" >/dev/null; then groupdel ${root:+--root "$root"} "$USER_NAME"; fi
  local kind name
  if [ -f "$root$STATE" ]; then
    while read -r kind name; do
      if [ "$kind" = created-group ] && getent_root group "$name" >/dev/null; then groupdel ${root:+--root "$root"} "$name"; fi
    done <"$root$STATE"
  fi
  rm -rf "$root$OPT" "$root$OPT.new" "$root$OPT.old" "$root$ETC"
  if [ "$purge" = 1 ]; then
    rm -rf "$root$DATA"
  else
    say "kept $DATA (images, database, certificate); a reinstall takes it over, --purge deletes it"
  fi
  if live; then systemctl daemon-reload; udevadm control --reload || true; fi
  say "uninstalled${root:+ from $root}. apt packages stay installed (other software may use them)."
}

if [ "$mode" = uninstall ]; then do_uninstall; else do_install; fi
