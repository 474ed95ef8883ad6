# The changes KvmPortal makes to a system outside its own files: the service user and groups, the data folder and the
# Raspberry Pi boot configuration. One source for deploy/pi/install.sh (which sources this file) and for the Debian
# package's maintainer scripts (deploy/pi/package.sh copies this file into them, because a package's postrm runs after
# its files are gone). Every path is prefixed with $root: empty for this system, a folder for install.sh --root.
# Needs: root, KVM_MARK_BEGIN (the first line of the block added to config.txt, who added it and how it goes away).
# shellcheck shell=bash

KVM_USER=kvmportal
KVM_ETC=/etc/kvmportal
KVM_DATA=/var/lib/kvmportal
# What was changed and must be undone exactly (groups created, the cmdline.txt token added), one line each.
KVM_STATE=$KVM_ETC/.installed-by-kvmportal
KVM_MARK_END="# <<< KvmPortal"
root=${root:-}

kvm_say() { echo "kvmportal: $*" >&2; }

# --- records ---------------------------------------------------------------------------------------------------------
kvm_record() { # LINE: remembers a change for the undo (once)
  mkdir -p "$root$KVM_ETC"
  grep -qxF "$1" "$root$KVM_STATE" 2>/dev/null || echo "$1" >>"$root$KVM_STATE"
}
kvm_forget() { # KIND: drops the records of that kind (after undoing them)
  [ -f "$root$KVM_STATE" ] || return 0
  sed -i "/^$1 /d" "$root$KVM_STATE"
}
kvm_records() { # KIND: prints the values recorded for KIND
  [ -f "$root$KVM_STATE" ] || return 0
  sed -n "s/^$1 //p" "$root$KVM_STATE"
}

# --- users and groups ------------------------------------------------------------------------------------------------
kvm_getent() { # DB KEY: like getent, but reads the target root's files
  grep -E "^$2:" "$root/etc/$1"
}
kvm_uid() { kvm_getent passwd "$1" | cut -d: -f3; }
kvm_gid() { kvm_getent group "$1" | cut -d: -f3; }

kvm_ensure_group() { # NAME: creates a missing system group and records it, so the undo removes only groups made here
  kvm_getent group "$1" >/dev/null && return 0
  groupadd ${root:+--root "$root"} --system "$1"
  kvm_record "created-group $1"
}

# The unprivileged service user: no password, no shell, home in the data folder, in the device groups.
kvm_create_user() {
  kvm_ensure_group gpio # Raspberry Pi OS has it; plain Debian does not
  kvm_ensure_group "$KVM_USER"
  if ! kvm_getent passwd "$KVM_USER" >/dev/null; then
    useradd ${root:+--root "$root"} --system --gid "$KVM_USER" --groups video,gpio,dialout \
      --home-dir "$KVM_DATA" --no-create-home --shell /usr/sbin/nologin --comment "KvmPortal IP-KVM" "$KVM_USER"
  else
    usermod ${root:+--root "$root"} --append --groups video,gpio,dialout "$KVM_USER"
  fi
}

kvm_remove_user() { # the user, its group and the groups created for it
  if kvm_getent passwd "$KVM_USER" >/dev/null; then userdel ${root:+--root "$root"} "$KVM_USER"; fi
  if kvm_getent group "$KVM_USER" >/dev/null; then groupdel ${root:+--root "$root"} "$KVM_USER"; fi
  local name
  while read -r name; do
    if [ -n "$name" ] && kvm_getent group "$name" >/dev/null; then groupdel ${root:+--root "$root"} "$name"; fi
  done < <(kvm_records created-group)
  kvm_forget created-group
}

# The data folder (database, images, certificate): created once, never emptied here. Data kept from an earlier install
# whose user had another uid (uninstalled without purge, then installed again) is handed to the current user.
kvm_prepare_data_dir() {
  local uid gid
  uid=$(kvm_uid "$KVM_USER")
  gid=$(kvm_gid "$KVM_USER")
  install -d -m 0750 "$root$KVM_DATA"
  if [ "$(stat -c %u:%g "$root$KVM_DATA")" != "$uid:$gid" ]; then
    chown -R --no-dereference "$uid:$gid" "$root$KVM_DATA"
  fi
  chmod 0750 "$root$KVM_DATA"
}

# --- Raspberry Pi boot configuration ---------------------------------------------------------------------------------
kvm_boot_dir() { # prints the firmware's boot folder, or nothing when this is not a Raspberry Pi OS system
  if [ -f "$root/boot/firmware/config.txt" ]; then echo "$root/boot/firmware"
  elif [ -f "$root/boot/config.txt" ]; then echo "$root/boot"
  fi
}

kvm_remove_marked_block() { # FILE: deletes the block KvmPortal added (and only it)
  [ -f "$1" ] || return 0
  sed -i "\|^# >>> KvmPortal|,\|^${KVM_MARK_END}\$|d" "$1"
}

kvm_edit_config_txt() { # FILE: USB device mode and the HDMI capture bridge, in a marked block at the end
  local file=$1
  kvm_remove_marked_block "$file"
  # Keep the file ending in a newline before appending.
  [ ! -s "$file" ] || [ -z "$(tail -c1 "$file")" ] || echo >>"$file"
  cat >>"$file" <<EOF
${KVM_MARK_BEGIN:?}
[all]
# USB device (gadget) mode on the USB-C port: keyboard, mouse and virtual media for the target server.
dtoverlay=dwc2,dr_mode=peripheral
# HDMI to CSI-2 capture bridge (TC358743, for example the Geekworm C779/C790 boards).
dtoverlay=tc358743
$KVM_MARK_END
EOF
}

kvm_edit_cmdline_txt() { # FILE SIZE|none: cmdline.txt is one line without comments, so the token added is recorded
  local file=$1 cma=$2
  [ "$cma" != none ] && [ -f "$file" ] || return 0
  if grep -qE '(^| )cma=' "$file"; then
    kvm_records cmdline-token | grep -qxF "cma=$cma" || kvm_say "$file already sets cma=; left as it is"
    return 0
  fi
  sed -i "1 s/\$/ cma=$cma/" "$file"
  kvm_record "cmdline-token cma=$cma"
}

kvm_undo_cmdline_txt() { # FILE: removes exactly the recorded tokens
  local file=$1 token
  [ -f "$file" ] || return 0
  while read -r token; do
    [ -z "$token" ] || sed -i "1 s/ ${token}\\( \\|\$\\)/\\1/" "$file"
  done < <(kvm_records cmdline-token)
  kvm_forget cmdline-token
}

kvm_boot_config_apply() { # SIZE|none: the CMA pool for the capture bridge
  local boot
  boot=$(kvm_boot_dir)
  if [ -z "$boot" ]; then
    kvm_say "no /boot/firmware/config.txt (not Raspberry Pi OS?): boot configuration skipped"
    return 0
  fi
  kvm_edit_config_txt "$boot/config.txt"
  kvm_edit_cmdline_txt "$boot/cmdline.txt" "$1"
}

kvm_boot_config_undo() {
  local boot
  boot=$(kvm_boot_dir)
  [ -n "$boot" ] || return 0
  kvm_remove_marked_block "$boot/config.txt"
  kvm_undo_cmdline_txt "$boot/cmdline.txt"
}
