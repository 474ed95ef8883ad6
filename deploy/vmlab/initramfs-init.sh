#!/bin/busybox sh
# shellcheck shell=sh
# KvmPortal VM lab: /init of the busybox initramfs (copied in by lib.sh; runs as PID 1 in the guest).
# Loads the modules listed in /mods/order, mounts the build machine's root (9p tag "hostroot") read-only,
# puts a tmpfs overlay on top, bind-mounts the unpacked kernel's module tree and chroots into the result to run
# the guest prelude (deploy/vmlab/guest-prelude.sh) with bash. Kernel command line parameters it reads:
#   vmlab_kver=KVER  vmlab_moddir=/path/to/lib/modules/KVER  vmlab_prelude=/path/to/guest-prelude.sh  vmlab_job=/path/to/job
# Markers on the serial console (read by vmlab.sh): VMLAB-INIT, VMLAB-MODULE-MISSING=<m>, VMLAB-NO-ROOT=<why>.
/bin/busybox --install -s /bin
export PATH=/bin

mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
echo "VMLAB-INIT uptime=$(cut -d' ' -f1 /proc/uptime)"

halt_now() {
  echo o >/proc/sysrq-trigger
  sleep 30
}

KVER='' MODDIR='' PRELUDE='' JOB=''
read -r cmdline </proc/cmdline
for word in $cmdline; do
  case $word in
    vmlab_kver=*) KVER=${word#vmlab_kver=} ;;
    vmlab_moddir=*) MODDIR=${word#vmlab_moddir=} ;;
    vmlab_prelude=*) PRELUDE=${word#vmlab_prelude=} ;;
    vmlab_job=*) JOB=${word#vmlab_job=} ;;
  esac
done

while read -r m; do
  [ -n "$m" ] || continue
  if ! insmod "/mods/$m"; then
    echo "VMLAB-MODULE-MISSING=$m (insmod in the initramfs failed)"
    halt_now
  fi
done </mods/order

# cache=loose keeps file pages (the .NET runtime and assemblies) in the guest's page cache; the share is read-only.
if ! mount -t 9p -o trans=virtio,version=9p2000.L,ro,msize=512000,cache=loose hostroot /host; then
  echo "VMLAB-NO-ROOT=9p mount of the host root failed"
  halt_now
fi
mount -t tmpfs -o mode=0755 tmpfs /rw
mkdir -p /rw/upper /rw/work
if ! mount -t overlay overlay -o lowerdir=/host,upperdir=/rw/upper,workdir=/rw/work /newroot; then
  echo "VMLAB-NO-ROOT=overlay mount failed"
  halt_now
fi
mount --move /proc /newroot/proc
mount --move /sys /newroot/sys
mount --move /dev /newroot/dev
mkdir -p "/newroot/lib/modules/$KVER"
if ! mount --bind "/newroot$MODDIR" "/newroot/lib/modules/$KVER"; then
  echo "VMLAB-NO-ROOT=bind mount of the module tree $MODDIR failed"
  halt_now
fi
if [ ! -x /newroot/bin/bash ] || [ ! -f "/newroot$PRELUDE" ]; then
  echo "VMLAB-NO-ROOT=no /bin/bash or no prelude $PRELUDE in the shared root"
  halt_now
fi
exec chroot /newroot /bin/bash "$PRELUDE" "$JOB"
