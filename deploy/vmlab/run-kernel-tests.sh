#!/usr/bin/env bash
# KvmPortal VM lab: build the test project on this machine, boot the VM lab once, load the USB gadget, USB host and
# V4L2 test modules, and run every kernel test inside the guest with `dotnet KvmPortal.Tests.dll --kernel`.
# Usage: run-kernel-tests.sh [--filter TEXT] [--no-build]     (other arguments are passed on to the kernel runner)
# Exit code: the guest runner's (0 = all kernel tests passed), or a vmlab failure code (see lib.sh).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
start=$SECONDS

build=1 runner_args=()
for a in "$@"; do
  if [ "$a" = --no-build ]; then build=0; else runner_args+=("$a"); fi
done

if [ "$build" = 1 ]; then
  echo "vmlab: building KvmPortal.Tests" >&2
  dotnet build "$repo/KvmPortal.Tests" -c Debug -nologo -v quiet -clp:NoSummary >&2
fi
dll=$repo/KvmPortal.Tests/bin/Debug/net10.0/KvmPortal.Tests.dll
[ -f "$dll" ] || { echo "vmlab: FAILED [setup]: $dll was not built" >&2; exit 95; }
build_s=$((SECONDS - start))

# HOME=/root and TMPDIR=/tmp/vmlab (tmpfs overlay) are set by guest-prelude.sh.
# Gadget side (dummy UDC + composite functions), host side (HID, evdev, mass storage, CD-ROM), capture (vivid), and the
# out-of-tree modules built by modules.sh: simulated GPIO chips (gpio-sim) and a V4L2 memory-to-memory codec (vicodec),
# and the UVC gadget function with the host's uvcvideo driver (a USB HDMI dongle; dummy_hcd is rebuilt with isochronous
# transfers by modules.sh), and the ACM serial gadget with the host's cdc_acm driver (a USB serial adapter).
modules="dummy_hcd libcomposite usb_f_hid usb_f_mass_storage usbhid hid_generic evdev usb-storage sr_mod isofs vivid gpio-sim vicodec usb_f_uvc uvcvideo usb_f_acm cdc_acm"
rc=0
"$here/vmlab.sh" --modules "$modules" --configfs --cwd "$repo" --timeout "${VMLAB_TIMEOUT:-900}" \
  --env KVMPORTAL_VMLAB=1 \
  --env DOTNET_CLI_TELEMETRY_OPTOUT=1 --env DOTNET_NOLOGO=1 --env DOTNET_gcServer=0 \
  -- dotnet "$dll" --kernel "${runner_args[@]}" || rc=$?
echo "vmlab: kernel tests finished with exit code $rc; build ${build_s}s, total time $((SECONDS - start))s" >&2
exit "$rc"
