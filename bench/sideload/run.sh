#!/usr/bin/env bash
# Sideload latency benchmark: `crashcart -e true <ctr>` (published single-file build) against
# `docker exec <ctr> true` and `nsenter -a -t PID true` in one run, with hyperfine; peak RSS of
# each (GNU time -v); and 32 concurrent crashcart sessions on one container (p50/p99 latency).
#
# Usage (root, Docker running; hyperfine, busybox-static, e2fsprogs, time installed):
#   bench/sideload/run.sh                 # publishes crashcart, builds a tiny toolbox image
#   CRASHCART=/path/crashcart CRASHCART_IMAGE=/path/img bench/sideload/run.sh
#   RUNS=50 CONCURRENCY=32 bench/sideload/run.sh
set -euo pipefail

RUNS=${RUNS:-30}
CONCURRENCY=${CONCURRENCY:-32}
REPO=$(cd "$(dirname "$0")/../.." && pwd)
WORK=$(mktemp -d /tmp/crashcart-bench.XXXXXX)
CTR="crashcart-bench-$$"
IMAGE_TAG="crashcart-bench/busybox:latest"

cleanup() {
    docker rm -f "$CTR" >/dev/null 2>&1 || true
    rm -rf "$WORK"
}
trap cleanup EXIT

need() { command -v "$1" >/dev/null || { echo "run.sh: '$1' is required (Debian package: $2)" >&2; exit 2; }; }
need hyperfine hyperfine; need docker docker.io; need nsenter util-linux; need mke2fs e2fsprogs
[ -x /usr/bin/time ] || { echo "run.sh: /usr/bin/time is required (Debian package: time)" >&2; exit 2; }
[ -x /bin/busybox ] || { echo "run.sh: /bin/busybox is required (Debian package: busybox-static)" >&2; exit 2; }
[ "$(id -u)" = 0 ] || { echo "run.sh: must run as root" >&2; exit 2; }

# 1. crashcart: the published, self-contained single file (ReadyToRun), unless given.
if [ -z "${CRASHCART:-}" ]; then
    echo "== publishing crashcart (Release, single file, ReadyToRun)" >&2
    dotnet publish "$REPO/src/Crashcart" -c Release -r linux-x64 --self-contained \
        -p:PublishSingleFile=true -p:PublishReadyToRun=true -o "$WORK/publish" >/dev/null
    CRASHCART="$WORK/publish/crashcart"
fi
echo "crashcart: $CRASHCART ($(stat -c %s "$CRASHCART") bytes)"

# 2. toolbox image: given, or a tiny busybox one.
if [ -z "${CRASHCART_IMAGE:-}" ]; then
    mkdir -p "$WORK/toolbox/bin"
    cp /bin/busybox "$WORK/toolbox/bin/"
    for a in sh true cat ls; do ln -s busybox "$WORK/toolbox/bin/$a"; done
    mke2fs -q -t ext3 -d "$WORK/toolbox" -F "$WORK/toolbox.img" 16M
    CRASHCART_IMAGE="$WORK/toolbox.img"
fi
export CRASHCART_IMAGE

# 3. target container: busybox rootfs imported locally (no registry needed).
if ! docker image inspect "$IMAGE_TAG" >/dev/null 2>&1; then
    mkdir -p "$WORK/rootfs/bin"
    cp /bin/busybox "$WORK/rootfs/bin/"
    for a in sh true sleep; do ln -s busybox "$WORK/rootfs/bin/$a"; done
    tar -C "$WORK/rootfs" -c . | docker import --change 'CMD ["/bin/sleep","1000000"]' - "$IMAGE_TAG" >/dev/null
fi
docker run -d --name "$CTR" "$IMAGE_TAG" >/dev/null
PID=$(docker inspect -f '{{.State.Pid}}' "$CTR")
"$CRASHCART" -e true "$CTR"   # sanity check (and warms the page cache)

# 4. latency, all three in one hyperfine run.
echo "== latency of running 'true' in a running container ($RUNS runs each; load: $(cut -d' ' -f1-3 /proc/loadavg))"
hyperfine -N --warmup 5 --runs "$RUNS" --export-csv "$WORK/lat.csv" \
    -n crashcart "$CRASHCART -e true $CTR" \
    -n "docker exec" "docker exec $CTR true" \
    -n "nsenter -a" "nsenter -a -t $PID true" >&2
awk -F, 'NR>1 { name[NR]=$1; med[NR]=$4*1000 } END {
    for (i in med) if (name[i]=="docker exec") d=med[i]; else if (name[i]=="nsenter -a") n=med[i]; else c=med[i];
    printf "median  crashcart %.1f ms | docker exec %.1f ms | nsenter -a %.1f ms\n", c, d, n;
    printf "ratio   crashcart/docker exec = %.2f (target < 0.75) | crashcart/nsenter = %.1f\n", c/d, c/n }' "$WORK/lat.csv"

# 5. peak resident memory of each client process.
rss() { /usr/bin/time -v "$@" 2>&1 >/dev/null | awk -F': ' '/Maximum resident set size/ { print $2 }'; }
echo "peak RSS  crashcart $(rss "$CRASHCART" -e true "$CTR") KiB | docker exec (client) $(rss docker exec "$CTR" true) KiB | nsenter $(rss nsenter -a -t "$PID" true) KiB"

# 6. concurrency: N sessions on one container at once (shared mount, registry lock).
for i in $(seq 1 "$CONCURRENCY"); do
    ( s=$(date +%s%N); "$CRASHCART" -e true "$CTR"; rc=$?; e=$(date +%s%N); echo "$(( (e - s) / 1000 )) $rc" > "$WORK/c.$i" ) &
done
wait
cat "$WORK"/c.* | sort -n > "$WORK/conc.txt"
fails=$(awk '$2 != 0' "$WORK/conc.txt" | wc -l)
awk -v n="$CONCURRENCY" -v fails="$fails" '{ t[NR]=$1/1000 } END {
    p50=t[int((NR+1)*0.50)]; i99=int(NR*0.99+0.999); if (i99>NR) i99=NR; p99=t[i99];
    printf "%d concurrent sessions: p50 %.1f ms | p99 %.1f ms | max %.1f ms | failures %d\n", n, p50, p99, t[NR], fails }' "$WORK/conc.txt"
[ "$fails" = 0 ]
