# Settings of the kvmportal package's maintainer scripts. deploy/pi/package.sh writes the real values in place of this
# file when it builds a package; the defaults here only let the templates be run and checked on their own.
# shellcheck shell=bash
# shellcheck disable=SC2034 # used by the scripts that include this file
KVM_PROFILE=${KVM_PROFILE:-pi}
KVM_UNITS=(kvmportal-gadget.service kvmportal-edid.service kvmportal.service)
KVM_MARK_BEGIN="# >>> KvmPortal: added by the kvmportal package, removed when the package is removed"
