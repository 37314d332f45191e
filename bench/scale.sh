#!/usr/bin/env bash
# The scale benchmark of docs/benchmarks.md ("Scale"): N secrets with rotation enabled on one worker backed by a
# fresh PostgreSQL database on the throwaway server.
#
#   bench/scale.sh [--no-build] [--sizes 1000,10000,100000] [--seed-threads 8] [--sample 200] [--spread-ms 4000]
#
# Builds worker/target/rotator.jar and bench-scale/target/rotator-bench-scale.jar (tests skipped). Per size N, in one
# JVM: a first worker stores N Rds dual-account secrets and schedules them as CreateSecret does (secret row, first
# version, Quartz job and trigger; the rotator's target is a no-cost fake that notes when each rotation starts); a
# second worker is started on that database and measured: start-up time, heap after a full GC, the lag from the due
# time of --sample secrets (made due over --spread-ms, 5 s after it is up) to their rotation's first step, and
# ListSecrets at the first, middle and last page through the official SDK. The database is dropped at the end.
# BENCH_JAVA_OPTS reaches the JVM (e.g. -XX:StartFlightRecording=filename=scale.jfr for a profile; the heap
# figure is the JVM's own after System.gc(), so -Xmx only caps it). Prints the machine details and the table.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=1
ARGS=()
while [ $# -gt 0 ]; do
  case "$1" in
    --no-build) BUILD=0; shift ;;
    --sizes|--seed-threads|--sample|--spread-ms) ARGS+=("$1" "$2"); shift 2 ;;
    *) echo "unknown option $1 (see the header of $0)" >&2; exit 64 ;;
  esac
done

ENV_FILE=${ROTATOR_TEST_SERVERS_ENV:-/tmp/rotator-test-servers/test-servers.env}
servers_up() {
  [ -f "$ENV_FILE" ] || return 1
  # shellcheck disable=SC1090
  . "$ENV_FILE"
  (exec 3<>"/dev/tcp/$ROTATOR_TEST_PG_HOST/$ROTATOR_TEST_PG_PORT") 2>/dev/null
}
if ! servers_up; then
  echo "the throwaway servers are not running: starting them (scripts/test-servers.sh start)..." >&2
  "$ROOT/scripts/test-servers.sh" start >&2
  servers_up || { echo "the throwaway servers did not come up; see scripts/test-servers.sh" >&2; exit 1; }
fi

cd "$ROOT"
if [ "$BUILD" = 1 ]; then
  echo "building worker and the scale benchmark (tests skipped)..." >&2
  mvn -B -q -pl worker,bench-scale -am package -DskipTests >&2
fi
WORKER_JAR=${WORKER_JAR:-$ROOT/worker/target/rotator.jar}
CP="$WORKER_JAR:$ROOT/bench-rotation/target/rotator-bench-rotation.jar:$ROOT/bench-scale/target/rotator-bench-scale.jar"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/rotator-scalebench.XXXXXX")
LOG=${BENCH_LOG:-$WORK/bench.log}
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg); log in $LOG" >&2

RESULTS=$(ROTATOR_LOG_LEVEL=${ROTATOR_LOG_LEVEL:-WARN} java ${BENCH_JAVA_OPTS:-} -cp "$CP" \
  dev.rotator.bench.scale.ScaleBenchMain ${ARGS[@]+"${ARGS[@]}"} 2> >(tee "$LOG" >&2)) || STATUS=$?

echo "### Machine"
echo
echo "- date: $(date -u '+%Y-%m-%dT%H:%M:%SZ'), commit $(git -C "$ROOT" rev-parse --short HEAD)$(git -C "$ROOT" diff --quiet HEAD -- rotator-core worker bench-scale || echo ' (with uncommitted changes)')"
echo "- CPUs (nproc): $(nproc); model: $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)"
echo "- RAM: $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo)"
echo "- java: $(java -version 2>&1 | head -1); $(java -version 2>&1 | sed -n 3p)"
echo "- load average after the run: $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 minutes; the machine is shared)"
echo
echo "### Results"
echo
echo "$RESULTS"
exit "${STATUS:-0}"
