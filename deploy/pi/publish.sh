#!/usr/bin/env bash
# Publishes KvmPortal self-contained for a Raspberry Pi (linux-arm64, the default) or a PC (linux-x64).
#   deploy/pi/publish.sh [linux-arm64|linux-x64] [--output DIR] [--bundle]
# Output: artifacts/publish/<rid>/ (the folder deploy/pi/install.sh --from takes), containing the native host `KvmPortal`,
# appsettings.json and wwwroot/_framework/blazor.web.js (from the framework). Prints the output folder on stdout as its last line.
# --bundle also writes artifacts/kvmportal-<version>-<rid>.tar.gz: kvmportal/{install.sh,files.sh,app/,docs/}, which is
# what you copy to the Pi (tar xzf, then sudo kvmportal/install.sh). Prints the bundle's path last.
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)

rid=linux-arm64
out=
bundle=0
while [ $# -gt 0 ]; do
  case "$1" in
    linux-arm64|linux-x64) rid=$1 ;;
    --output) out=${2:?--output needs a folder}; shift ;;
    --bundle) bundle=1 ;;
    -h|--help) sed -n '2,5p' "${BASH_SOURCE[0]}"; exit 0 ;;
    *) echo "publish.sh: unknown argument '$1' (expected linux-arm64, linux-x64 or --output DIR)" >&2; exit 2 ;;
  esac
  shift
done
out=${out:-$repo/artifacts/publish/$rid}

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
rm -rf "$out"
# Restore and publish with the RID so the runtime packs (Microsoft.NETCore.App.Runtime.<rid>,
# Microsoft.AspNetCore.App.Runtime.<rid>) and the apphost pack come from the package source.
dotnet publish "$repo/KvmPortal" -c Release -r "$rid" --self-contained true -o "$out" \
  -p:DebugType=none -nologo -v quiet -clp:NoSummary >&2

for f in KvmPortal KvmPortal.dll appsettings.json wwwroot/_framework/blazor.web.js; do
  if [ ! -e "$out/$f" ]; then
    echo "publish.sh: $f is missing from $out" >&2
    exit 1
  fi
done
chmod 0755 "$out/KvmPortal"
echo "$out"

if [ "$bundle" = 1 ]; then
  version=$(sed -nE 's|.*<Version>([^<]+)</Version>.*|\1|p' "$repo/Directory.Build.props" | head -1)
  stage=$(mktemp -d)
  trap 'rm -rf "$stage"' EXIT
  mkdir -p "$stage/kvmportal/docs"
  cp -a "$out" "$stage/kvmportal/app"
  install -m 0755 "$repo/deploy/pi/install.sh" "$stage/kvmportal/install.sh"
  install -m 0644 "$repo/deploy/pi/files.sh" "$stage/kvmportal/files.sh"
  install -m 0644 "$repo"/docs/*.md "$stage/kvmportal/docs/"
  tarball=$repo/artifacts/kvmportal-${version:-0}-$rid.tar.gz
  tar -C "$stage" -czf "$tarball" kvmportal
  echo "$tarball"
fi
