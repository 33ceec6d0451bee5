#!/bin/sh
# Builds the default toolbox image and compares it with mke2fs -d on the same staged tree.
# Prints build time and size for both. Usage: bench/build/run.sh [manifest]   (needs patchelf, e2fsprogs)
set -eu
repo=$(cd "$(dirname "$0")/../.." && pwd)
manifest=${1:-$repo/toolbox-manifest.yaml}
work=$(mktemp -d "${TMPDIR:-/tmp}/crashcart-bench-build.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM
dotnet build -c Release "$repo/image-builder/Crashcart.ImageBuilder" >/dev/null
cli="dotnet $repo/image-builder/Crashcart.ImageBuilder/bin/Release/net10.0/crashcart-image.dll"

now() { date +%s.%N; }
mib() { awk "BEGIN { printf \"%.1f MiB\", $1 / 1048576 }"; }

t0=$(now)
$cli build -q -f "$manifest" -o "$work/crashcart.img"
t1=$(now)
size=$(stat -c %s "$work/crashcart.img")
e2fsck -fn "$work/crashcart.img" >/dev/null 2>&1
echo "crashcart-image build:           $(awk "BEGIN { printf \"%.2f\", $t1 - $t0 }") s, image $(mib "$size") (e2fsck clean)"

$cli build -q -f "$manifest" -o "$work/again.img"
if cmp -s "$work/crashcart.img" "$work/again.img"; then echo "second build:                    identical bytes"; else echo "second build:                    DIFFERS"; fi

t0=$(now)
$cli build -q -f "$manifest" --stage-only "$work/stage"
t1=$(now)
echo "staging alone (--stage-only):    $(awk "BEGIN { printf \"%.2f\", $t1 - $t0 }") s, $(mib "$(du -sb "$work/stage" | cut -f1)") staged"

# mke2fs -d on the same tree: ext3, 4K blocks, no reserved blocks, fixed UUID/hash seed/time. mke2fs cannot size
# an image to its content, so start at our image's size and grow by 5% until the tree fits.
# Give up after 20 steps (2.6x our size): mke2fs failing for another reason must not loop forever.
kib=$((size / 1024))
tries=0
while :; do
    rm -f "$work/mke2fs.img"
    t0=$(now)
    if E2FSPROGS_FAKE_TIME=1704067200 mke2fs -q -F -t ext3 -b 4096 -m 0 -L crashcart -U 00000000-0000-0000-0000-000000000001 \
        -E hash_seed=00000000-0000-0000-0000-000000000002,root_owner=0:0 -d "$work/stage" "$work/mke2fs.img" "${kib}k" >"$work/mke2fs.log" 2>&1; then
        t1=$(now)
        break
    fi
    tries=$((tries + 1))
    if [ "$tries" -ge 20 ]; then echo "mke2fs -d failed even at ${kib}k: $(tail -n 1 "$work/mke2fs.log")" >&2; exit 1; fi
    kib=$((kib * 105 / 100))
done
e2fsck -fn "$work/mke2fs.img" >/dev/null 2>&1 && clean="e2fsck clean" || clean="e2fsck NOT clean"
echo "mke2fs -t ext3 -d (same tree):   $(awk "BEGIN { printf \"%.2f\", $t1 - $t0 }") s for the image alone (staging excluded), smallest size in 5% steps $(mib "$((kib * 1024))") ($clean)"
