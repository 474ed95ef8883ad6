#!/usr/bin/env bash
# KvmPortal VM lab: boot Debian's 6.1 kernel under QEMU TCG with this machine's root shared read-only (tmpfs overlay on
# top) and run one command inside the guest. Prints the serial console live, then the guest command's exit code.
#
# Usage: vmlab.sh [--modules "m1 m2 ..."] [--configfs] [--env NAME=VALUE]... [--cwd DIR] [--timeout SECONDS] [--] COMMAND [ARG...]
# Exit code: the guest command's own code, or one of the harness codes listed in lib.sh (95-99) with a
# "vmlab: FAILED [kind]: ..." line. Environment overrides: see README.md.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

modules=() envs=() cwd=$PWD configfs=0
timeout_s=${VMLAB_TIMEOUT:-600}
boot_timeout_s=${VMLAB_BOOT_TIMEOUT:-120}
while [ $# -gt 0 ]; do
  case $1 in
    --modules) read -r -a more <<<"$2"; modules+=("${more[@]}"); shift 2 ;;
    --configfs) configfs=1; modules+=(configfs); shift ;;
    --env) envs+=("$2"); shift 2 ;;
    --cwd) cwd=$2; shift 2 ;;
    --timeout) timeout_s=$2; shift 2 ;;
    --) shift; break ;;
    -*) vmlab_fail setup "unknown option $1" ;;
    *) break ;;
  esac
done
[ $# -gt 0 ] || vmlab_fail setup "no guest command given (usage: vmlab.sh [options] -- COMMAND [ARG...])"

trap 'rm -f "${VMLAB_INITRD:-}"' EXIT
case "$VMLAB_DIR$VMLAB_CACHE" in
  *[[:space:]]*) vmlab_fail setup "the repository and VMLAB_CACHE paths must not contain spaces (they go on the kernel command line)" ;;
esac
t0=$(vmlab_now_ms)
vmlab_ensure_packages
vmlab_pick_kernel
vmlab_fetch_kernel
t_fetched=$(vmlab_now_ms)
vmlab_build_modules
t_kernel=$(vmlab_now_ms)
vmlab_check_modules "${modules[@]}"
vmlab_build_initramfs
t_initrd=$(vmlab_now_ms)

# The job file lives in the cache, which the guest sees at the same path through the shared root.
mkdir -p "$VMLAB_CACHE/jobs" "$VMLAB_CACHE/logs"
job=$VMLAB_CACHE/jobs/job-$$.sh
log=$VMLAB_CACHE/logs/console-$(date +%Y%m%d-%H%M%S)-$$.log
{
  printf 'VMLAB_MODULES=('
  [ "${#modules[@]}" -eq 0 ] || printf '%q ' "${modules[@]}"
  printf ')\n'
  printf 'VMLAB_CONFIGFS=%q\nVMLAB_CWD=%q\n' "$configfs" "$cwd"
  for e in "${envs[@]}"; do printf 'export %q\n' "$e"; done
  printf 'VMLAB_CMD=('; printf '%q ' "$@"; printf ')\n'
} >"$job"
: >"$log"
ln -sfn "$(basename "$log")" "$VMLAB_CACHE/logs/last-console.log"
# Keep the 20 newest console logs.
find "$VMLAB_CACHE/logs" -name 'console-*.log*' -printf '%T@ %p\n' | sort -rn | tail -n +41 | cut -d' ' -f2- | xargs -r rm -f

qemu_pid='' tail_pid=''
cleanup() {
  [ -n "$qemu_pid" ] && kill "$qemu_pid" 2>/dev/null
  [ -n "$tail_pid" ] && kill "$tail_pid" 2>/dev/null
  rm -f "$job" "${VMLAB_INITRD:-}"
}
trap cleanup EXIT

vmlab_log "kernel $VMLAB_KVER, ${VMLAB_MEMORY:-3584} MB, ${VMLAB_CPUS:-2} vCPUs (TCG), timeout ${timeout_s}s, console log $log"
qemu-system-x86_64 -accel tcg -cpu max -m "${VMLAB_MEMORY:-3584}" -smp "${VMLAB_CPUS:-2}" \
  -nodefaults -display none -no-reboot -serial "file:$log" \
  -kernel "$VMLAB_KROOT/boot/vmlinuz-$VMLAB_KVER" -initrd "$VMLAB_INITRD" \
  -append "console=ttyS0 panic=-1 quiet loglevel=4 mitigations=off vmlab_kver=$VMLAB_KVER vmlab_moddir=$VMLAB_KROOT/lib/modules/$VMLAB_KVER vmlab_prelude=$VMLAB_DIR/guest-prelude.sh vmlab_job=$job" \
  -virtfs "local,path=/,mount_tag=hostroot,security_model=none,readonly=on,multidevs=remap" \
  </dev/null >"$log.qemu" 2>&1 &
qemu_pid=$!
if [ "${VMLAB_QUIET:-0}" != 1 ]; then
  tail -n +1 -F --pid="$qemu_pid" "$log" 2>/dev/null | tr -d '\r' &
  tail_pid=$!
fi

# Watch the console: stop the VM when it does not reach the initramfs in time or overruns the hard limit.
t_start=$(vmlab_now_ms) t_init='' t_begin='' killed=''
while kill -0 "$qemu_pid" 2>/dev/null; do
  now=$(vmlab_now_ms)
  if [ -z "$t_init" ] && grep -aq '^VMLAB-INIT' "$log"; then t_init=$now; fi
  if [ -z "$t_begin" ] && grep -aq '^VMLAB-BEGIN' "$log"; then t_begin=$now; fi
  if [ -z "$t_init" ] && [ $((now - t_start)) -gt $((boot_timeout_s * 1000)) ]; then killed=boot; kill "$qemu_pid"; break; fi
  if [ $((now - t_start)) -gt $((timeout_s * 1000)) ]; then killed=timeout; kill "$qemu_pid"; break; fi
  sleep 0.5
done
wait "$qemu_pid" 2>/dev/null && qemu_rc=0 || qemu_rc=$?
qemu_pid=
t_end=$(vmlab_now_ms)
if [ -n "$tail_pid" ]; then wait "$tail_pid" 2>/dev/null || true; tail_pid=; fi

secs() { awk -v ms="$1" 'BEGIN { printf "%.1fs", ms / 1000 }'; }
# span FROM TO: seconds between two host timestamps, or "never" when FROM was not reached.
span() { if [ -n "$1" ]; then secs $(($2 - $1)); else printf never; fi; }
marker() { tr -d '\r' <"$log" | sed -n "s/^$1//p" | head -n 1; }
exit_line=$(marker 'VMLAB-EXIT=')
vmlab_log "timings: packages+kernel fetch $(secs $((t_fetched - t0))), out-of-tree modules $(secs $((t_kernel - t_fetched))), initramfs $(secs $((t_initrd - t_kernel)))," \
  "boot (qemu start to init) $(span "${t_init:+$t_start}" "${t_init:-0}"), qemu start to guest command $(span "${t_begin:+$t_start}" "${t_begin:-0}")," \
  "guest command $(span "$t_begin" "$t_end"), total $(secs $((t_end - t0)))"
guest_output() {
  tr -d '\r' <"$log" | sed -n '/^VMLAB-BEGIN/,$p' | sed -e '1d' -e '/^VMLAB-EXIT=/,$d' | tail -n "${VMLAB_TAIL:-40}"
}
console_tail() { tr -d '\r' <"$log" | tail -n 30; cat "$log.qemu" 2>/dev/null; }

if [ "$killed" = boot ]; then
  console_tail >&2
  vmlab_fail kernel-no-boot "the kernel did not reach the initramfs within ${boot_timeout_s}s (console: $log)"
fi
missing_module=$(marker 'VMLAB-MODULE-MISSING=')
[ -z "$missing_module" ] || vmlab_fail module-missing "the guest could not load module $missing_module"
if [ -z "$t_init" ] && ! grep -aq '^VMLAB-INIT' "$log"; then
  console_tail >&2
  vmlab_fail kernel-no-boot "the kernel did not boot (qemu exit $qemu_rc; console: $log)"
fi
noroot=$(marker 'VMLAB-NO-ROOT=')
[ -z "$noroot" ] || vmlab_fail kernel-no-boot "the initramfs could not set up the shared root: $noroot"
if ! grep -aq '^VMLAB-ROOT' "$log"; then
  console_tail >&2
  vmlab_fail kernel-no-boot "init could not start the guest prelude (console: $log)"
fi
if [ "$killed" = timeout ]; then
  guest_output >&2
  vmlab_fail timeout "the guest did not finish within ${timeout_s}s (console: $log)"
fi
if [ -z "$exit_line" ]; then
  console_tail >&2
  vmlab_fail guest-crashed "the guest stopped without reporting the command's exit code (console: $log)"
fi
rc=${exit_line%% *}
if [ "$rc" != 0 ]; then
  {
    printf 'vmlab: guest output (last %s lines):\n' "${VMLAB_TAIL:-40}"
    guest_output | sed 's/^/  | /'
  } >&2
  printf 'vmlab: FAILED [guest-failed]: the guest command exited with %s\n' "$rc" >&2
  case $rc in 95 | 96 | 97 | 98 | 99) exit 1 ;; *) exit "$rc" ;; esac
fi
vmlab_log "guest command passed"
