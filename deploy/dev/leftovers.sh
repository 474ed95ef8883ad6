# shellcheck shell=bash
# Sourced by deploy/test.sh: after the run, nothing it started may still run and no kvmportal-* temporary folder may be left.
#
# Which processes are the run's: kvm_leftovers_begin exports KVMPORTAL_TEST_RUN=<unique id>; every process started after that
# inherits it (dotnet test, the test host, KvmPortal, QEMU, Chromium, tools, the VM lab), also one that daemonized, changed its
# session or process group, or was reparented to init, and it stays readable in /proc/PID/environ. Processes that CI or the machine
# started before (or beside) the run do not carry it and are not looked at. The scan reads /proc with shell builtins only, so it
# starts no process that is still running while it scans.
# Which temporary folders are the run's: kvm_leftovers_begin also gives the run its own TMPDIR (a fresh kvmtest-run.* folder in
# the temp directory; .NET's Path.GetTempPath, mktemp, Chromium and QEMU all honour it), so a kvmportal-* folder found in it was
# left by this run and not by another run working on the same machine at the same time. The folder is removed when the check
# passes and kept (named in the output) when it fails.

# kvm_leftovers_begin: call first, before anything is started.
kvm_leftovers_begin() {
  KVMPORTAL_TEST_RUN="$$-${EPOCHSECONDS:-0}-$RANDOM$RANDOM"
  export KVMPORTAL_TEST_RUN
  kvm_leftovers_tmp=$(mktemp -d "${TMPDIR:-/tmp}/kvmtest-run.XXXXXX") || return 1
  export TMPDIR=$kvm_leftovers_tmp
}

# Sets kvm_leftovers_found (array of "pid N (parent P): command line") and kvm_leftovers_ignored (the .NET build servers).
kvm_leftovers_scan() {
  kvm_leftovers_found=() kvm_leftovers_ignored=()
  local proc pid entry marked rest state ppid stat args line
  for proc in /proc/[0-9]*; do
    pid=${proc#/proc/}
    [ "$pid" = "$$" ] || [ "$pid" = "$BASHPID" ] && continue
    marked=0
    while IFS= read -r -d '' entry; do
      if [ "$entry" = "KVMPORTAL_TEST_RUN=$KVMPORTAL_TEST_RUN" ]; then marked=1; break; fi
    done 2>/dev/null <"$proc/environ"
    [ "$marked" = 1 ] || continue
    stat="" args=()
    IFS= read -r stat 2>/dev/null <"$proc/stat" || [ -n "$stat" ] || continue
    rest=${stat##*) } # "STATE PPID ...": the command name before it may hold spaces and parentheses
    state=${rest%% *} rest=${rest#* } ppid=${rest%% *}
    [ "$state" = Z ] && continue # exited, only waiting to be reaped
    mapfile -d '' -t args 2>/dev/null <"$proc/cmdline"
    line="pid $pid (parent $ppid): ${args[*]}"
    case "${args[*]}" in
      # .NET build servers (node reuse, shared compilation): started by `dotnet build`, they exit by themselves when idle.
      *MSBuild.dll*nodeReuse:true* | *VBCSCompiler.dll* | *rzc.dll*server*) kvm_leftovers_ignored+=("$line") ;;
      *) kvm_leftovers_found+=("$line") ;;
    esac
  done
}

# kvm_leftovers_check: 0 when clean; otherwise names what is left on stderr and returns 1. Waits up to 10 s for processes
# that are still on their way out.
kvm_leftovers_check() {
  local waited=0 dir folders=() item
  kvm_leftovers_scan
  while [ "${#kvm_leftovers_found[@]}" -gt 0 ] && [ "$waited" -lt 20 ]; do
    sleep 0.5 # it carries the marker, but has exited before the next scan
    waited=$((waited + 1))
    kvm_leftovers_scan
  done
  for dir in "$kvm_leftovers_tmp"/kvmportal-*; do
    [ -d "$dir" ] && folders+=("$dir")
  done
  for item in "${kvm_leftovers_ignored[@]}"; do
    echo "kvmportal: leftover check: not counted (a .NET build server, exits when idle): $item" >&2
  done
  if [ "${#kvm_leftovers_found[@]}" -eq 0 ] && [ "${#folders[@]}" -eq 0 ]; then
    echo "kvmportal: leftover check passed: no process started by this run still runs, no kvmportal-* temporary folder was left" >&2
    rm -rf "$kvm_leftovers_tmp"
    return 0
  fi
  echo "kvmportal: leftover check FAILED" >&2
  for item in "${kvm_leftovers_found[@]}"; do
    echo "  still running: $item" >&2
  done
  for item in "${folders[@]}"; do
    echo "  folder left: $item" >&2
  done
  echo "  (the run's temporary folder $kvm_leftovers_tmp is kept for a look)" >&2
  return 1
}
