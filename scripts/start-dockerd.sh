#!/usr/bin/env bash
# Starts dockerd in the background unless a Docker daemon already answers, then waits (up to
# 60 s) until `docker version` answers. Fails loudly, with the daemon's log, otherwise.
# scripts/setup-host.sh runs this before the demo and the tests; Debian packages: docker.io (dockerd, docker CLI, containerd, runc).
set -euo pipefail

if docker version >/dev/null 2>&1; then
    echo "start-dockerd: a Docker daemon already answers"
    exit 0
fi

command -v dockerd >/dev/null || { echo "start-dockerd: dockerd not found (apt-get install docker.io)" >&2; exit 1; }

log="$(mktemp /tmp/dockerd.XXXXXX.log)"
echo "start-dockerd: starting dockerd, log in $log"
nohup dockerd >"$log" 2>&1 </dev/null &
pid=$!

for _ in $(seq 1 120); do
    if docker version >/dev/null 2>&1; then
        echo "start-dockerd: dockerd (pid $pid) answers"
        exit 0
    fi
    if ! kill -0 "$pid" 2>/dev/null; then
        echo "start-dockerd: dockerd (pid $pid) exited; its log:" >&2
        cat "$log" >&2
        exit 1
    fi
    sleep 0.5
done

echo "start-dockerd: dockerd (pid $pid) did not answer within 60 s; its log:" >&2
tail -n 100 "$log" >&2
exit 1
