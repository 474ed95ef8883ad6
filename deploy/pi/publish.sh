#!/usr/bin/env bash
# Publishes KvmPortal self-contained for a Raspberry Pi (linux-arm64, the default) or a PC (linux-x64).
#   deploy/pi/publish.sh [linux-arm64|linux-x64] [--output DIR]
# Output: artifacts/publish/<rid>/ (the folder deploy/pi/install.sh --from takes), containing the native host `KvmPortal`,
# appsettings.json and blazor/blazor.web.js. Prints the output folder on stdout as its last line.
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)

rid=linux-arm64
out=
while [ $# -gt 0 ]; do
  case "$1" in
    linux-arm64|linux-x64) rid=$1 ;;
    --output) out=${2:?--output needs a folder}; shift ;;
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
  -p:DebugType=none -p:WarningsNotAsErrors=NU1505 -nologo -v quiet -clp:NoSummary >&2

for f in KvmPortal KvmPortal.dll appsettings.json blazor/blazor.web.js; do
  if [ ! -e "$out/$f" ]; then
    echo "publish.sh: $f is missing from $out" >&2
    exit 1
  fi
done
chmod 0755 "$out/KvmPortal"
echo "$out"
