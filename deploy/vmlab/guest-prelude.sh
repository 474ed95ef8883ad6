#!/bin/bash
# KvmPortal VM lab: runs inside the guest, chrooted into the shared root (read-only host root + tmpfs overlay).
# Usage (from initramfs-init.sh): guest-prelude.sh JOBFILE
# The job file is written by vmlab.sh on the build machine and defines:
#   VMLAB_MODULES (array, loaded with modprobe), VMLAB_CONFIGFS (1 = mount configfs), VMLAB_CWD, VMLAB_CMD (array),
#   and exports the guest command's environment.
# Markers on the serial console: VMLAB-ROOT, VMLAB-MODULE-MISSING=<m>, VMLAB-BEGIN, VMLAB-EXIT=<code>.
set -u
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin

uptime_s() { cut -d' ' -f1 /proc/uptime; }
power_off() {
  sync
  echo o >/proc/sysrq-trigger
  sleep 30
}

echo "VMLAB-ROOT uptime=$(uptime_s)"
mount -t tmpfs -o mode=0755 tmpfs /run
mkdir -p /dev/pts /dev/shm
mount -t devpts -o gid=5,mode=620 devpts /dev/pts
mount -t tmpfs -o mode=1777 tmpfs /dev/shm
hostname vmlab
# No network device; loopback only, so guest tests can use 127.0.0.1.
ip link set lo up 2>/dev/null || true

export HOME=/root TMPDIR=/tmp/vmlab LANG=C.UTF-8
VMLAB_MODULES=()
VMLAB_CONFIGFS=0
VMLAB_CWD=/
VMLAB_CMD=()
# shellcheck source=/dev/null
if ! source "$1"; then
  echo "VMLAB-NO-ROOT=cannot read the job file $1"
  power_off
fi

# One modprobe for all (each process start costs ~0.3-2 s under TCG); on failure, one by one to name the culprit.
if [ "${#VMLAB_MODULES[@]}" -gt 0 ] && ! modprobe -a "${VMLAB_MODULES[@]}" 2>/dev/null; then
  for m in "${VMLAB_MODULES[@]}"; do
    if ! out=$(modprobe "$m" 2>&1); then
      echo "VMLAB-MODULE-MISSING=$m ($out)"
      power_off
    fi
  done
fi
if [ "$VMLAB_CONFIGFS" = 1 ]; then
  grep -q ' /sys/kernel/config ' /proc/mounts || mount -t configfs configfs /sys/kernel/config
fi
echo "VMLAB-MODULES uptime=$(uptime_s)"

mkdir -p "$HOME" "$TMPDIR"
cd "$VMLAB_CWD" || cd /
echo "VMLAB-BEGIN uptime=$(uptime_s)"
"${VMLAB_CMD[@]}" </dev/null
rc=$?
echo "VMLAB-EXIT=$rc uptime=$(uptime_s)"
power_off
