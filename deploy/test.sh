#!/usr/bin/env bash
# The README's test command (and CI's: .ci/run calls exactly this). Installs missing test prerequisites, builds, then runs:
#   1. the ordinary suite (unit, WebApplicationFactory on real SQLite and Kestrel, bUnit, Chromium end-to-end);
#   2. shellcheck on every shell script;
#   3. the kernel tests inside the VM lab (Debian's real kernel under QEMU; see deploy/vmlab/README.md);
#   4. the leftover check (deploy/dev/leftovers.sh): nothing this run started still runs, no kvmportal-* temp folder is left.
# Exits non-zero when anything fails. Set KVM_SKIP_VMLAB=1 to leave out step 3 while iterating locally (CI never does).
set -uo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=deploy/dev/prereqs.sh
. "$repo/deploy/dev/prereqs.sh"
# shellcheck source=deploy/dev/leftovers.sh
. "$repo/deploy/dev/leftovers.sh"
start=$SECONDS

kvm_require_dotnet
kvm_ensure_packages chromium libturbojpeg0 libturbojpeg0-dev libjpeg-turbo-progs gcc libc6-dev linux-libc-dev shellcheck \
  qemu-system-x86 kmod busybox-static cpio xorriso nasm dosfstools mtools e2fsprogs debootstrap qemu-user-static edid-decode ustreamer \
  redfishtool python3-sushy prometheus tesseract-ocr rsyslog libgpiod2
kvm_ensure_packages ipmitool freeipmi-tools
kvm_ensure_packages tigervnc-viewer xvfb xdotool x11-apps imagemagick vncsnapshot libnet-vnc-perl # VNC server tests (real clients)
kvm_ensure_packages john-data # /usr/share/john/password.lst: the password policy's common-password list
kvm_ensure_packages lintian binutils-aarch64-linux-gnu # deploy/pi/package.sh (strip arm64) and its lintian test
# H.264: openh264 (runtime + headers for the binding's gcc layout test) and ffmpeg as the independent decoder.
kvm_ensure_packages libopenh264-7 libopenh264-dev ffmpeg
command -v npm >/dev/null || kvm_ensure_packages npm # the build runs npm ci for the browser modules (xterm.js), see KvmPortal.csproj
# Sign-in (KvmPortal.Tests/SignIn): a real OIDC provider (npm oidc-provider, pinned by its package-lock) and Debian's OpenLDAP server.
kvm_ensure_packages nodejs slapd ldap-utils
npm ci --prefix "$repo/KvmPortal.Tests/SignIn/oidc" --no-audit --no-fund --loglevel=error >/dev/null
npm ci --prefix "$repo/KvmPortal.Tests/Vnc/novnc" --no-audit --no-fund --loglevel=error >/dev/null # noVNC for VncNoVncBrowserTests
# From here on every process carries the run's marker (services a package installation may have started are the machine's).
kvm_leftovers_begin

passed=0 failed=0 status=0
dotnet tool restore --tool-manifest "$repo/.config/dotnet-tools.json" >/dev/null
if ! dotnet build "$repo/KvmPortal.sln" -c Debug -nologo -v quiet -clp:NoSummary; then
  echo "kvmportal: build failed" >&2
  echo "0 passed, 1 failed"
  exit 1
fi

echo "== 1. test suite" >&2
log=$(mktemp)
dotnet test "$repo/KvmPortal.Tests" -c Debug --no-build -nologo --logger "console;verbosity=normal" 2>&1 | tee "$log"
suite_rc=${PIPESTATUS[0]}
# "Total tests: N" is followed by "Passed: N" / "Failed: N" lines (console logger, normal verbosity).
p=$(sed -nE 's/^ +Passed: *([0-9]+)$/\1/p' "$log" | tail -1); f=$(sed -nE 's/^ +Failed: *([0-9]+)$/\1/p' "$log" | tail -1)
passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
if [ "$suite_rc" -ne 0 ]; then status=1; [ "${f:-0}" -gt 0 ] || failed=$((failed + 1)); fi
# The failed tests' names and the first lines of their messages, repeated at the end (a CI log is often read from its tail).
failures=$(awk '/^  Failed [A-Za-z]/ { n = 8; print; next } n > 0 && /^  (Passed|Skipped) / { n = 0 } n > 0 { print; n-- }' "$log")
# xUnit reports a failing fixture cleanup (or a crashed test host) without a "Failed" test line, but the run fails: name those too.
cleanup=$(grep -E -A3 'Cleanup Failure|Catastrophic failure|Test host process crashed|The active test run was aborted' "$log" | head -40)
if [ -n "$cleanup" ]; then failures="${failures:+$failures$'\n'}$cleanup"; fi
if [ "$suite_rc" -ne 0 ] && [ -z "$failures" ]; then failures="dotnet test exited with $suite_rc; its last lines:"$'\n'"$(tail -25 "$log")"; fi
rm -f "$log"

echo "== 2. shellcheck" >&2
mapfile -t scripts < <(cd "$repo" && git ls-files '*.sh' .ci/run 2>/dev/null)
if (cd "$repo" && shellcheck -x "${scripts[@]}"); then passed=$((passed + 1)); else failed=$((failed + 1)); status=1; fi

if [ "${KVM_SKIP_VMLAB:-0}" != 1 ]; then
  echo "== 3. kernel tests in the VM lab" >&2
  klog=$(mktemp)
  "$repo/deploy/vmlab/run-kernel-tests.sh" --no-build 2>&1 | tee "$klog"
  vm_rc=${PIPESTATUS[0]}
  kline=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$klog" | tail -1)
  kp=$(sed -nE 's/^([0-9]+) passed.*/\1/p' <<<"$kline"); kf=$(sed -nE 's/.* ([0-9]+) failed.*/\1/p' <<<"$kline")
  passed=$((passed + ${kp:-0})); failed=$((failed + ${kf:-0}))
  if [ "$vm_rc" -ne 0 ]; then status=1; [ "${kf:-0}" -gt 0 ] || failed=$((failed + 1)); fi
  rm -f "$klog"
fi

echo "== 4. leftover check: no process of this run still running, no kvmportal-* temp folder left" >&2
if kvm_leftovers_check; then passed=$((passed + 1)); else failed=$((failed + 1)); status=1; fi

if [ -n "$failures" ]; then
  echo "== failed tests (from step 1):"
  echo "$failures"
fi
echo "kvmportal: whole suite took $((SECONDS - start)) s" >&2
echo "${passed} passed, ${failed} failed"
exit "$status"
