#!/usr/bin/env bash
# Prints the path of the VM lab's kernel image (vmlinuz), downloading and unpacking the Debian kernel package into the
# lab's cache first when needed (the same cache and lock as vmlab.sh). Used by tests that boot that kernel in a QEMU of
# their own (the serial console's QEMU test boots it with console=ttyS0).
set -euo pipefail
# shellcheck source=deploy/vmlab/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
vmlab_pick_kernel
vmlab_fetch_kernel
echo "$VMLAB_KROOT/boot/vmlinuz-$VMLAB_KVER"
