#!/usr/bin/env bash
# The benchmark of docs/benchmarks.md: GetSecretValue next to /healthz, 1, 16 and 64 callers.
#
#   bench/run.sh [--no-build] [--seconds 15] [--warmup-seconds 5] [--rounds 1] [--callers 1,16,64]
#
# Builds worker/target/rotator.jar and bench/target/rotator-bench.jar (tests skipped), starts the
# worker on a temporary data directory (embedded H2) and a free loopback port, creates a Generic
# secret through the API with the admin AccessKey, runs the load generator (each level: POST
# /healthz, then GetSecretValue), stops the worker and prints the machine details and markdown
# tables. Exit status 2 when any run counted an error. Raw numbers: $BENCH_OUT (default a temp file).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=1
RUN_ARGS=()
while [ $# -gt 0 ]; do
  case "$1" in
    --no-build) BUILD=0; shift ;;
    --seconds|--warmup-seconds|--rounds|--callers|--targets) RUN_ARGS+=("$1" "$2"); shift 2 ;;
    *) echo "unknown option $1 (see the header of $0)" >&2; exit 64 ;;
  esac
done

cd "$ROOT"
if [ "$BUILD" = 1 ]; then
  echo "building worker and load generator (tests skipped)..." >&2
  mvn -B -q -pl worker,bench -am package -DskipTests >&2
fi
WORKER_JAR="$ROOT/worker/target/rotator.jar"
BENCH_JAR="$ROOT/bench/target/rotator-bench.jar"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/rotator-bench.XXXXXX")
OUT=${BENCH_OUT:-$WORK/results.tsv}
WORKER_PID=""
cleanup() {
  if [ -n "$WORKER_PID" ] && kill -0 "$WORKER_PID" 2>/dev/null; then
    kill -TERM "$WORKER_PID" 2>/dev/null || true
    wait "$WORKER_PID" 2>/dev/null || true
  fi
  rm -rf "$WORK/data"
}
trap cleanup EXIT

# Port 0: the worker takes a free port and logs it.
ROTATOR_LOG_LEVEL=${ROTATOR_LOG_LEVEL:-INFO} java ${WORKER_JAVA_OPTS:-} -jar "$WORKER_JAR" serve \
  --data-dir "$WORK/data" --port 0 2>"$WORK/worker.log" &
WORKER_PID=$!
PORT=""
for _ in $(seq 1 300); do
  PORT=$(sed -n 's|.*listening on http://127\.0\.0\.1:\([0-9]*\).*|\1|p' "$WORK/worker.log" | head -1)
  [ -n "$PORT" ] && break
  kill -0 "$WORKER_PID" 2>/dev/null || { echo "worker did not start:" >&2; cat "$WORK/worker.log" >&2; exit 1; }
  sleep 0.2
done
[ -n "$PORT" ] || { echo "worker did not report its port in 60 s:" >&2; cat "$WORK/worker.log" >&2; exit 1; }
ENDPOINT="127.0.0.1:$PORT"
KEY_FILE="$WORK/data/admin-access-key.json"

bench() { java ${BENCH_JAVA_OPTS:-} -jar "$BENCH_JAR" "$@"; }
TARGETS=$(printf '%s\n' "${RUN_ARGS[@]}" | sed -n '/^--targets$/{n;p}')
if [ -z "$TARGETS" ] || echo "$TARGETS" | grep -qi getsecretvalue; then
  bench create-secret --endpoint "$ENDPOINT" --key-file "$KEY_FILE" --secret-name bench-secret >&2
fi
STATUS=0
bench run --endpoint "$ENDPOINT" --key-file "$KEY_FILE" --secret-name bench-secret --out "$OUT" \
  "${RUN_ARGS[@]}" >&2 || STATUS=$?

kill -TERM "$WORKER_PID"; wait "$WORKER_PID" || true; WORKER_PID=""

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
