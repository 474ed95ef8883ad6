#!/bin/sh
# Builds the Qemu profile's test ISO: boot.asm (a 512-byte El Torito no-emulation boot sector that prints
# "KVMPORTAL TEST BOOT" and echoes typed keys) plus 640 KiB of padding, so the image passes KvmPortal's
# CD-ROM minimum of 300 sectors (614400 bytes). Needs Debian's nasm and xorriso.
# Usage: build-test-iso.sh OUTPUT.iso
set -eu
out="$1"
here="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir "$work/root"
nasm -f bin -o "$work/root/boot.bin" "$here/boot.asm"
test "$(wc -c < "$work/root/boot.bin")" -eq 512
head -c 655360 /dev/zero > "$work/root/padding.bin"
xorriso -as mkisofs -quiet -V KVMPORTAL_TEST -o "$out" -b boot.bin -no-emul-boot -boot-load-size 4 "$work/root" 2>/dev/null
