#!/usr/bin/env bash
# Installs everything Crashcart needs on a Debian machine (as root) and starts dockerd.
# Idempotent: skips apt-get when every package is already installed.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/packages.sh"
pkgs=("${CRASHCART_BUILD_PACKAGES[@]}" "${CRASHCART_TOOLBOX_PACKAGES[@]}")

if [ "$(id -u)" -ne 0 ]; then echo "setup-host.sh: must run as root" >&2; exit 1; fi
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f '${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup-host.sh: installing ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
if ! command -v dotnet >/dev/null; then
  echo "setup-host.sh: the .NET 10 SDK is required (dotnet on PATH) and is not installed" >&2
  exit 1
fi
"$here/start-dockerd.sh"
