#!/usr/bin/env bash
# The benchmark of docs/benchmarks.md: GetSecretValue next to /healthz, 1, 16 and 64 callers.
#
#   bench/run.sh [--no-build] [--rounds 1] [--alternations 5] [--callers 1,16,64] [--seconds 4] [--warmup-seconds 1]
#                [--prewarm-seconds 30] [--prewarm-requests 200000] [--targets healthz,GetSecretValue]
#
# Builds worker/target/rotator.jar and bench/target/rotator-bench.jar (tests skipped). For each
# round and each level it starts a fresh worker on a temporary data directory (embedded H2) and a
# free loopback port, creates a Generic secret through the API with the admin AccessKey, pre-warms
# the JIT, measures POST /healthz and GetSecretValue in alternating windows (--alternations pairs of
# --seconds each, after --warmup-seconds), and stops the worker. A fresh worker per
# level starts each level from the same state and keeps it under its replay-protection capacity
# (4,000,000 signed requests per 15 minutes; beyond it every signed request is refused with
# 429 Throttling, see docs/benchmarks.md). Prints the machine details and the markdown tables; raw numbers go to
# $BENCH_OUT (default a temp file). Exit status 2 when any run counted an error.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=1
ROUNDS=1
LEVELS=1,16,64
TARGETS=healthz,GetSecretValue
# Within one worker the endpoints alternate (healthz, GetSecretValue, healthz, ...) in short windows, so
# that load from anything else on the machine falls on both alike; the tables take medians.
RUN_ARGS=(--rounds 5 --seconds 4 --warmup-seconds 1 --prewarm-seconds 30 --prewarm-requests 200000)
while [ $# -gt 0 ]; do
  case "$1" in
    --no-build) BUILD=0; shift ;;
    --rounds) ROUNDS=$2; shift 2 ;;
    --alternations) RUN_ARGS+=(--rounds "$2"); shift 2 ;;
    --callers) LEVELS=$2; shift 2 ;;
    --targets) TARGETS=$2; shift 2 ;;
    --seconds|--warmup-seconds|--prewarm-seconds|--prewarm-requests) RUN_ARGS+=("$1" "$2"); shift 2 ;;
    *) echo "unknown option $1 (see the header of $0)" >&2; exit 64 ;;
  esac
done

cd "$ROOT"
if [ "$BUILD" = 1 ]; then
  echo "building worker and load generator (tests skipped)..." >&2
  mvn -B -q -pl worker,bench -am package -DskipTests >&2
fi
# WORKER_JAR=path/to/rotator.jar benchmarks another build (e.g. an older commit) with the same generator.
WORKER_JAR=${WORKER_JAR:-$ROOT/worker/target/rotator.jar}
BENCH_JAR="$ROOT/bench/target/rotator-bench.jar"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/rotator-bench.XXXXXX")
OUT=${BENCH_OUT:-$WORK/results.tsv}
WORKER_PID=""
stop_worker() {
  if [ -n "$WORKER_PID" ] && kill -0 "$WORKER_PID" 2>/dev/null; then
    kill -TERM "$WORKER_PID" 2>/dev/null || true
    wait "$WORKER_PID" 2>/dev/null || true
  fi
  WORKER_PID=""
}
trap 'stop_worker; rm -rf "$WORK"/data-*' EXIT

# Starts a worker on $1 (data directory) and port 0; sets WORKER_PID and ENDPOINT.
start_worker() {
  local data=$1 log=$1.log port=""
  ROTATOR_LOG_LEVEL=${ROTATOR_LOG_LEVEL:-INFO} java ${WORKER_JAVA_OPTS:-} -jar "$WORKER_JAR" serve \
    --data-dir "$data" --port 0 2>"$log" &
  WORKER_PID=$!
  for _ in $(seq 1 300); do
    port=$(sed -n 's|.*listening on http://127\.0\.0\.1:\([0-9]*\).*|\1|p' "$log" | head -1)
    [ -n "$port" ] && break
    kill -0 "$WORKER_PID" 2>/dev/null || { echo "worker did not start:" >&2; cat "$log" >&2; exit 1; }
    sleep 0.2
  done
  [ -n "$port" ] || { echo "worker did not report its port in 60 s:" >&2; cat "$log" >&2; exit 1; }
  ENDPOINT="127.0.0.1:$port"
}

bench() { java ${BENCH_JAVA_OPTS:-} -jar "$BENCH_JAR" "$@"; }
STATUS=0
for round in $(seq 1 "$ROUNDS"); do
  for callers in ${LEVELS//,/ }; do
    echo "round $round of $ROUNDS, $callers callers (load average $(cut -d' ' -f1-3 /proc/loadavg))" >&2
    DATA="$WORK/data-$round-$callers"
    start_worker "$DATA"
    KEY_FILE="$DATA/admin-access-key.json"
    if echo "$TARGETS" | grep -qi getsecretvalue; then
      bench create-secret --endpoint "$ENDPOINT" --key-file "$KEY_FILE" --secret-name bench-secret >&2
    fi
    bench run --endpoint "$ENDPOINT" --key-file "$KEY_FILE" --secret-name bench-secret --targets "$TARGETS" \
      --callers "$callers" --server-pid "$WORKER_PID" --out "$OUT" "${RUN_ARGS[@]}" >&2 || STATUS=$?
    stop_worker
    rm -rf "$DATA"
  done
done

echo "### Machine"
echo
echo "- date: $(date -u '+%Y-%m-%dT%H:%M:%SZ'), commit $(git -C "$ROOT" rev-parse --short HEAD)$(git -C "$ROOT" diff --quiet HEAD -- worker bench || echo ' (with uncommitted changes)')"
echo "- CPUs (nproc): $(nproc); model: $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)"
echo "- RAM: $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo)"
echo "- java: $(java -version 2>&1 | head -1); $(java -version 2>&1 | sed -n 3p)"
echo "- load average after the run: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "### Results"
echo
bench table "$OUT"
[ "$STATUS" = 0 ] || echo "Some runs counted errors (FLAGGED above); the generator exited $STATUS." >&2
exit "$STATUS"
