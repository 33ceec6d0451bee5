#!/usr/bin/env bash
# The quick start: installs what is needed, builds crashcart and the default toolbox image,
# starts a distroless demo container (one static binary, no shell, no libc) and sideloads into it.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
"$top/scripts/setup-host.sh"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

echo "== building crashcart and crashcart-image" >&2
out="$top/out"
dotnet publish src/Crashcart -c Release -o "$out" -nologo -v q
dotnet publish image-builder/Crashcart.ImageBuilder -c Release -o "$out" -nologo -v q

echo "== building the default toolbox image (toolbox-manifest.yaml)" >&2
mkdir -p /var/lib/crashcart
"$out/crashcart-image" build -f toolbox-manifest.yaml -o /var/lib/crashcart/crashcart.img

echo "== starting the distroless demo container 'crashcart-demo'" >&2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
gcc -static -O2 -o "$work/app" demo/app.c
tar -C "$work" -c app | docker import --change 'CMD ["/app"]' - crashcart-demo/distroless:latest >/dev/null
docker rm -f crashcart-demo >/dev/null 2>&1 || true
docker run -d --name crashcart-demo crashcart-demo/distroless:latest >/dev/null

echo "== crashcart -e ps aux crashcart-demo" >&2
"$out/crashcart" -e ps aux crashcart-demo
echo "== crashcart -e ss -lnt crashcart-demo" >&2
"$out/crashcart" -e ss -lnt crashcart-demo
echo "== crashcart -e ls -l /dev/crashcart/bin/strace /app crashcart-demo" >&2
"$out/crashcart" -e ls -l /dev/crashcart/bin/strace /app crashcart-demo
cat >&2 <<MSG
== done. Try an interactive shell:   $out/crashcart crashcart-demo
   Remove the demo container with:    docker rm -f crashcart-demo
MSG
