#!/bin/bash
# prerm of the kvmportal package (deploy/pi/package.sh builds the real script from this template and
# settings.sh). The web service stops before its files are replaced or removed (.NET loads assemblies lazily, so a
# running old process must not meet new files); the gadget stays up during an upgrade so the target keeps its keyboard.
set -e
here=$(dirname "${BASH_SOURCE[0]}")
# shellcheck source=deploy/pi/debian/settings.sh
. "$here/settings.sh"
# ---- body (everything above is replaced when the package is built)

if [ -d /run/systemd/system ]; then
  case "$1" in
    upgrade) deb-systemd-invoke stop kvmportal.service >/dev/null || true ;;
    remove | deconfigure) deb-systemd-invoke stop "${KVM_UNITS[@]}" >/dev/null || true ;;
  esac
fi
exit 0
