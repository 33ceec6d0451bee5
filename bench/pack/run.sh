#!/usr/bin/env bash
# Benchmark: 'crashcart-image pack' against 'mke2fs -t ext3 -d' on the same ~400 MB tree copied from /usr.
# Prints wall times (median of RUNS), the ratio, peak RSS, and both image sizes against the minimum
# size resize2fs -M can shrink each to. Run as root (mke2fs -d and cp -a keep owners and device nodes).
#
#   bench/pack/run.sh                  # builds crashcart-image in Release first
#   CRASHCART_IMAGE=/path/to/crashcart-image bench/pack/run.sh
#   TARGET_MB=400 RUNS=3 bench/pack/run.sh
set -euo pipefail

TARGET_MB=${TARGET_MB:-400}
RUNS=${RUNS:-3}
top=$(cd "$(dirname "$0")/../.." && pwd)

[ "$(id -u)" -eq 0 ] || { echo "run.sh: must run as root" >&2; exit 1; }
if [ ! -x /usr/bin/time ]; then
  echo "run.sh: installing the 'time' package for /usr/bin/time -v" >&2
  apt-get install -y -qq time >/dev/null
fi
for tool in mke2fs e2fsck resize2fs dumpe2fs; do
  command -v "$tool" >/dev/null || { echo "run.sh: $tool missing (apt-get install e2fsprogs)" >&2; exit 1; }
done

if [ -z "${CRASHCART_IMAGE:-}" ]; then
  echo "== building crashcart-image (Release)" >&2
  dotnet build "$top/image-builder/Crashcart.ImageBuilder" -c Release -nologo -v q >&2
  CRASHCART_IMAGE="$top/image-builder/Crashcart.ImageBuilder/bin/Release/net10.0/crashcart-image"
fi
[ -x "$CRASHCART_IMAGE" ] || { echo "run.sh: not executable: $CRASHCART_IMAGE" >&2; exit 1; }

work=$(mktemp -d /var/tmp/crashcart-bench-pack.XXXXXX)
trap 'rm -rf "$work"' EXIT
tree="$work/tree"
mkdir -p "$tree"

# Copy whole top-level directories of /usr/lib, then /usr/share, until the tree reaches the target.
echo "== copying ~${TARGET_MB} MB from /usr into $tree" >&2
target=$((TARGET_MB * 1024 * 1024))
total=0
for d in /usr/lib/* /usr/share/*; do
  [ "$total" -ge "$target" ] && break
  [ -e "$d" ] || continue
  size=$(du -sb "$d" 2>/dev/null | cut -f1)
  # Skip single directories that would overshoot the target by more than 10%.
  [ $((total + size)) -gt $((target + target / 10)) ] && continue
  mkdir -p "$tree$(dirname "$d")"
  cp -a "$d" "$tree$(dirname "$d")/"
  total=$((total + size))
done
files=$(find "$tree" | wc -l)
echo "tree: $((total / 1024 / 1024)) MB, $files entries" >&2
tar cf /dev/null -C "$tree" .   # warm the page cache: both tools read the same, cached tree

# run LABEL CMD...: runs CMD RUNS times; sets RUN_S / RUN_RSS to the median run's wall seconds and peak RSS (KB).
run() {
  local label=$1; shift
  local results=()
  for i in $(seq 1 "$RUNS"); do
    rm -f "$work/img.$label"
    sync   # do not bill one tool for the other's dirty pages
    /usr/bin/time -v -o "$work/time.$label" "$@" >/dev/null 2>"$work/err.$label" || {
      echo "run.sh: $label failed:" >&2; cat "$work/err.$label" "$work/time.$label" >&2; exit 1; }
    local wall rss
    wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$work/time.$label" \
      | awk -F: '{ if (NF == 3) print $1 * 3600 + $2 * 60 + $3; else print $1 * 60 + $2 }')
    rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$work/time.$label")
    results+=("$wall $rss")
    echo "  $label run $i: ${wall}s, peak RSS ${rss} KB" >&2
  done
  read -r RUN_S RUN_RSS < <(printf '%s\n' "${results[@]}" | sort -n | sed -n "$(( (RUNS + 1) / 2 ))p")
}

# minimum_bytes IMAGE: the size resize2fs -M shrinks a copy of IMAGE to.
minimum_bytes() {
  local copy="$work/min.img"
  cp --sparse=always "$1" "$copy"
  e2fsck -fy "$copy" >/dev/null 2>&1 || true
  resize2fs -M "$copy" >/dev/null 2>&1
  local count bsize
  count=$(dumpe2fs -h "$copy" 2>/dev/null | sed -n 's/^Block count: *//p')
  bsize=$(dumpe2fs -h "$copy" 2>/dev/null | sed -n 's/^Block size: *//p')
  rm -f "$copy"
  echo $((count * bsize))
}

echo "== crashcart-image pack ($RUNS runs)" >&2
run ours env SOURCE_DATE_EPOCH=1700000000 "$CRASHCART_IMAGE" pack "$tree" -o "$work/img.ours" -q
ours_s=$RUN_S ours_rss=$RUN_RSS
ours_bytes=$(stat -c %s "$work/img.ours")
e2fsck -fn "$work/img.ours" >/dev/null 2>&1 || { echo "run.sh: e2fsck -fn rejects our image" >&2; exit 1; }

echo "== mke2fs -t ext3 -d, same size: $ours_bytes bytes ($RUNS runs)" >&2
run mke2fs mke2fs -q -t ext3 -b 4096 -d "$tree" -F "$work/img.mke2fs" "$((ours_bytes / 1024))k"
mke_s=$RUN_S mke_rss=$RUN_RSS
mke_bytes=$(stat -c %s "$work/img.mke2fs")

ours_min=$(minimum_bytes "$work/img.ours")
mke_min=$(minimum_bytes "$work/img.mke2fs")

mib() { awk -v b="$1" 'BEGIN { printf "%.1f MiB", b / 1048576 }'; }
echo
echo "tree:                $((total / 1024 / 1024)) MB, $files entries (from /usr/lib, /usr/share)"
echo "crashcart-image pack: ${ours_s} s (median of $RUNS), peak RSS $(awk -v k="$ours_rss" 'BEGIN { printf "%.1f", k / 1024 }') MiB"
echo "mke2fs -t ext3 -d:    ${mke_s} s (median of $RUNS), peak RSS $(awk -v k="$mke_rss" 'BEGIN { printf "%.1f", k / 1024 }') MiB"
awk -v a="$ours_s" -v b="$mke_s" 'BEGIN { printf "ratio pack/mke2fs:   %.2f\n", a / b }'
echo "image, ours:          $(mib "$ours_bytes"); resize2fs -M minimum $(mib "$ours_min")"
echo "image, mke2fs:        $(mib "$mke_bytes") (same size by construction); resize2fs -M minimum $(mib "$mke_min")"
