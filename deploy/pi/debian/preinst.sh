#!/bin/bash
# preinst of the kvmportal package (deploy/pi/package.sh builds the real script from this template and
# settings.sh): refuses to install over a KvmPortal that deploy/pi/install.sh put on this system, because that one's
# units in /etc/systemd/system would hide the package's.
set -e
here=$(dirname "${BASH_SOURCE[0]}")
# shellcheck source=deploy/pi/debian/settings.sh
. "$here/settings.sh"
# ---- body (everything above is replaced when the package is built)
kvm_say() { echo "kvmportal: $*" >&2; }

case "$1" in
  install | upgrade)
    if grep -qs 'deploy/pi/install.sh' /etc/systemd/system/kvmportal.service; then
      kvm_say "KvmPortal was installed here by deploy/pi/install.sh. Remove that install first, keeping your data:"
      kvm_say "  save /etc/kvmportal/override.json if you changed it, then run: sudo install.sh --uninstall"
      kvm_say "  (/var/lib/kvmportal stays and the package takes it over), then install the package again."
      exit 1
    fi
    ;;
esac
exit 0
