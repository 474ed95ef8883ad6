#!/bin/bash
# postinst of the kvmportal package (deploy/pi/package.sh builds the real script from this template, settings.sh and
# ../system.sh): the service user, the data folder, the owner of the override file, the Raspberry Pi boot configuration,
# then the units are enabled (deb-systemd-helper remembers an administrator's "disable" across upgrades) and started.
set -e
here=$(dirname "${BASH_SOURCE[0]}")
# shellcheck source=deploy/pi/debian/settings.sh
. "$here/settings.sh"
# shellcheck source=deploy/pi/system.sh
. "$here/../system.sh"
# ---- body (everything above is replaced when the package is built)

case "$1" in
  configure | abort-upgrade | abort-deconfigure | abort-remove) ;;
  *) exit 0 ;;
esac

kvm_create_user
kvm_prepare_data_dir
# The override file is a conffile: dpkg keeps the administrator's version on upgrades. It may hold a certificate key
# path or other local settings, so only root and the service read it.
chown "root:$KVM_USER" "$KVM_ETC/override.json"
chmod 0640 "$KVM_ETC/override.json"
if [ "$KVM_PROFILE" = pi ]; then
  # KVMPORTAL_CMA=256M (or none) in the environment of apt changes the contiguous memory for the capture bridge.
  kvm_boot_config_apply "${KVMPORTAL_CMA:-128M}"
fi

for unit in "${KVM_UNITS[@]}"; do
  deb-systemd-helper unmask "$unit" >/dev/null || true
  if deb-systemd-helper --quiet was-enabled "$unit"; then
    deb-systemd-helper enable "$unit" >/dev/null || true
  else
    deb-systemd-helper update-state "$unit" >/dev/null || true
  fi
done

if [ -S /run/udev/control ]; then
  udevadm control --reload || true
  udevadm trigger --subsystem-match=video4linux --subsystem-match=gpio --subsystem-match=tty --subsystem-match=hidg || true
fi

if [ -d /run/systemd/system ]; then
  systemctl --system daemon-reload >/dev/null || true
  if [ "$KVM_PROFILE" = pi ] && [ -z "$2" ] && [ -z "$(ls -A /sys/class/udc 2>/dev/null)" ]; then
    kvm_say "reboot once to apply the boot configuration (USB device mode, HDMI capture); the services start at boot."
  fi
  deb-systemd-invoke start "${KVM_UNITS[@]}" >/dev/null || true
fi
if [ -z "$2" ]; then
  kvm_say "open https://$(hostname).local/ and log in as admin with the password in $KVM_DATA/initial-admin-password"
  kvm_say "(written at the first start; you choose a new one at the first login). Settings: $KVM_ETC/override.json"
fi
exit 0
