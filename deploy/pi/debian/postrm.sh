#!/bin/bash
# postrm of the kvmportal package (deploy/pi/package.sh builds the real script from this template, settings.sh and
# ../system.sh). remove: the boot configuration goes back to what it was; the data folder, the configuration and the
# service user stay. purge: the data folder (database, images, certificate), the configuration and the user go too.
set -e
here=$(dirname "${BASH_SOURCE[0]}")
# shellcheck source=deploy/pi/debian/settings.sh
. "$here/settings.sh"
# shellcheck source=deploy/pi/system.sh
. "$here/../system.sh"
# ---- body (everything above is replaced when the package is built)

case "$1" in
  remove)
    [ "$KVM_PROFILE" != pi ] || kvm_boot_config_undo
    if command -v deb-systemd-helper >/dev/null; then deb-systemd-helper mask "${KVM_UNITS[@]}" >/dev/null || true; fi
    kvm_say "kept $KVM_DATA (database, images, certificate) and $KVM_ETC; apt purge kvmportal deletes them"
    ;;
  purge)
    [ "$KVM_PROFILE" != pi ] || kvm_boot_config_undo
    rm -rf "$KVM_DATA"
    kvm_remove_user
    rm -f "$KVM_STATE" "$KVM_ETC"/override.json.dpkg-* "$KVM_ETC"/override.json.ucf-*
    rmdir "$KVM_ETC" 2>/dev/null || true
    if command -v deb-systemd-helper >/dev/null; then
      deb-systemd-helper purge "${KVM_UNITS[@]}" >/dev/null || true
      deb-systemd-helper unmask "${KVM_UNITS[@]}" >/dev/null || true
    fi
    ;;
esac
if [ -d /run/systemd/system ]; then systemctl --system daemon-reload >/dev/null || true; fi
exit 0
