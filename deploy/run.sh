#!/usr/bin/env bash
# The README's run command: installs what is missing, builds, and starts KvmPortal with the simulated target server
# on http://127.0.0.1:8080 (override with --urls URL). Extra arguments go to KvmPortal.
# The first admin password: Setup__AdminPassword=... in the environment, or a generated one (printed, and in data/initial-admin-password).
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=deploy/dev/prereqs.sh
. "$repo/deploy/dev/prereqs.sh"

kvm_require_dotnet
kvm_ensure_packages libturbojpeg0
command -v npm >/dev/null || kvm_ensure_packages npm # the build runs npm ci for the browser modules (xterm.js)
dotnet tool restore --tool-manifest "$repo/.config/dotnet-tools.json" >/dev/null
dotnet build "$repo/KvmPortal" -c Debug -nologo -v quiet -clp:NoSummary

export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}"
export KvmPortal__DataDirectory="${KvmPortal__DataDirectory:-$repo/data}"
mkdir -p "$KvmPortal__DataDirectory"
cat <<MSG
KvmPortal is starting with the simulated target server.
  URL:    http://127.0.0.1:8080   (or the --urls you gave)
  Log in: user 'admin'; password from Setup__AdminPassword if you set it, otherwise the generated one printed below
          on first start and kept in $KvmPortal__DataDirectory/initial-admin-password (you choose a new one at first login).
MSG
cd "$repo/KvmPortal"
exec dotnet run --no-build --no-launch-profile -- "$@"
