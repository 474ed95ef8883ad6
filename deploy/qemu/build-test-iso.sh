#!/bin/sh
# Builds the Qemu profile's test ISO: boot.asm (a 512-byte El Torito no-emulation boot sector that prints
# "KVMPORTAL TEST BOOT" and echoes typed keys) plus 640 KiB of padding, so the image passes KvmPortal's
# CD-ROM minimum of 300 sectors (614400 bytes). Needs Debian's nasm and xorriso.
# Usage: build-test-iso.sh OUTPUT.iso [BOOT.asm]   (default boot.asm; serial-boot.asm echoes on COM1 instead)
set -eu
out="$1"
here="$(cd "$(dirname "$0")" && pwd)"
asm="${2:-$here/boot.asm}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir "$work/root"
nasm -f bin -I "$here/" -o "$work/root/boot.bin" "$asm"
test "$(wc -c < "$work/root/boot.bin")" -eq 512
head -c 655360 /dev/zero > "$work/root/padding.bin"
xorriso -as mkisofs -quiet -V KVMPORTAL_TEST -o "$out" -b boot.bin -no-emul-boot -boot-load-size 4 "$work/root" 2>/dev/null
