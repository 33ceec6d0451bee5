#!/usr/bin/env bash
# Starts dockerd in the background unless a daemon already answers; waits until it does.
set -euo pipefail
if docker version --format '{{.Server.Version}}' >/dev/null 2>&1; then exit 0; fi
log=${TMPDIR:-/tmp}/crashcart-dockerd.log
echo "start-dockerd.sh: starting dockerd (log: $log)" >&2
nohup dockerd >"$log" 2>&1 </dev/null &
for _ in $(seq 1 60); do
  if docker version --format '{{.Server.Version}}' >/dev/null 2>&1; then exit 0; fi
  sleep 1
done
echo "start-dockerd.sh: dockerd did not answer within 60 s; last log lines:" >&2
tail -n 20 "$log" >&2
exit 1
