#!/usr/bin/env bash
# Runs every test of Crashcart (as root: loop devices, mounts, Docker) and prints the totals
# over all test projects as one line: "N passed, N failed, N skipped". Exits non-zero on any failure.
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
"$top/scripts/setup-host.sh" || { echo "0 passed, 1 failed"; exit 1; }

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
results=$(mktemp -d "${TMPDIR:-/tmp}/crashcart-test-results.XXXXXX")
trap 'rm -rf "$results"' EXIT

dotnet build Crashcart.sln -c Release -nologo -v q || { echo "0 passed, 1 failed"; exit 1; }

status=0; passed=0; failed=0; skipped=0
get() { echo "$counters" | sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p"; }
for proj in tests/*.Tests/*.csproj; do
  name=$(basename "$proj" .csproj)
  echo "=== $name" >&2
  # A hang must not eat CI's 90 minutes: blame-hang kills a test stuck for 15 minutes.
  dotnet test "$proj" -c Release --no-build -nologo \
    --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=normal" \
    --results-directory "$results" --blame-hang-timeout 15m "$@"
  rc=$?
  trx="$results/$name.trx"
  counters=$(grep -o '<Counters [^>]*>' "$trx" 2>/dev/null | head -n1)
  total=$(get total); p=$(get passed); f=$(get failed); n=$(get notExecuted); e=$(get error); t=$(get timeout); a=$(get aborted)
  f=$(( ${f:-0} + ${e:-0} + ${t:-0} + ${a:-0} ))
  # A project that crashed, hung, produced no results or ran no test counts as (at least) one failure.
  if [ -z "$counters" ] || [ "${total:-0}" -eq 0 ]; then
    echo "test.sh: $name produced no test results" >&2; f=$((f + 1))
  elif [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
    echo "test.sh: $name exited $rc although no test failed (test host crash?)" >&2; f=1
  fi
  passed=$((passed + ${p:-0})); failed=$((failed + f)); skipped=$((skipped + ${n:-0}))
  [ "$rc" -ne 0 ] && status=1
done
[ "$failed" -gt 0 ] && status=1
echo "$passed passed, $failed failed, $skipped skipped"
exit $status
