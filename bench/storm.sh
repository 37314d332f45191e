#!/usr/bin/env bash
# The storm benchmark of docs/benchmarks.md ("Storm"): N Redis DoubleUsers secrets due at the same instant on one
# worker backed by a fresh PostgreSQL database on the throwaway server, next to the bare floor.
#
#   bench/storm.sh [--no-build] [--secrets 5000] [--warmup N] [--seed-threads 8] [--lead-ms N]
#                  [--scheduler-threads N] [--count-round-trips true]
#
# Builds worker/target/rotator.jar and bench-scale/target/rotator-bench-scale.jar (tests skipped). In one JVM: the
# real worker (Worker.start, the configuration's defaults; the throwaway Redis declared as a redis target) makes N
# secrets with rotation enabled and N twins without, through CreateSecret's service (RedisRotator provisions each
# pair of ACL users), plus --warmup of each (default min(1000, N/5)) for an untimed warm-up floor pass and storm, so
# that the JIT has compiled both paths. Then the floor rotates every twin once (bench-rotation's RedisFloorRotation:
# the same ACL SETUSERs, a fresh AUTH and probe, the two durable store writes) from as many threads as the scheduler
# has; the N secrets are made due at one instant --lead-ms ahead (default 10 s + 6 ms per secret) and Quartz fires
# them (RotationJob, the engine); then the floor runs again. Reads from the store: first start, last finish, failed
# steps, AutomaticRotation, rotations per secret, triggers made again; and the CPU per rotation of the JVM, the run's
# PostgreSQL backends and Redis. The database and the ACL users are dropped at the end. --scheduler-threads overrides
# the worker's scheduler.threads (default: the configuration's default). BENCH_JAVA_OPTS reaches the JVM (e.g.
# -XX:StartFlightRecording=filename=storm.jfr,settings=profile). --count-round-trips true counts what the database
# is sent per rotation, Quartz, store and commits, engine and floor (a run of its own: recording slows both).
# WORKER_JAR=path/to/rotator.jar runs it against another build of the worker. Exit status 1 when any check fails.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=1
ARGS=()
while [ $# -gt 0 ]; do
  case "$1" in
    --no-build) BUILD=0; shift ;;
    --secrets|--warmup|--seed-threads|--lead-ms|--scheduler-threads|--count-round-trips) ARGS+=("$1" "$2"); shift 2 ;;
    *) echo "unknown option $1 (see the header of $0)" >&2; exit 64 ;;
  esac
done

ENV_FILE=${ROTATOR_TEST_SERVERS_ENV:-/tmp/rotator-test-servers/test-servers.env}
servers_up() {
  [ -f "$ENV_FILE" ] || return 1
  # shellcheck disable=SC1090
  . "$ENV_FILE"
  (exec 3<>"/dev/tcp/$ROTATOR_TEST_PG_HOST/$ROTATOR_TEST_PG_PORT") 2>/dev/null &&
    (exec 3<>"/dev/tcp/$ROTATOR_TEST_REDIS_HOST/$ROTATOR_TEST_REDIS_PORT") 2>/dev/null
}
if ! servers_up; then
  echo "the throwaway servers are not running: starting them (scripts/test-servers.sh start)..." >&2
  "$ROOT/scripts/test-servers.sh" start >&2
  servers_up || { echo "the throwaway servers did not come up; see scripts/test-servers.sh" >&2; exit 1; }
fi

cd "$ROOT"
if [ "$BUILD" = 1 ]; then
  echo "building worker and the benchmarks (tests skipped)..." >&2
  mvn -B -q -pl worker,bench-scale -am package -DskipTests >&2
fi
WORKER_JAR=${WORKER_JAR:-$ROOT/worker/target/rotator.jar}
CP="$WORKER_JAR:$ROOT/bench-rotation/target/rotator-bench-rotation.jar:$ROOT/bench-scale/target/rotator-bench-scale.jar"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/rotator-stormbench.XXXXXX")
LOG=${BENCH_LOG:-$WORK/bench.log}
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg); log in $LOG" >&2

RESULTS=$(ROTATOR_LOG_LEVEL=${ROTATOR_LOG_LEVEL:-WARN} java ${BENCH_JAVA_OPTS:-} -cp "$CP" \
  dev.rotator.bench.scale.StormBenchMain ${ARGS[@]+"${ARGS[@]}"} \
  2> >(tee "$LOG" | grep -v 'RESP3 protocol auto-negotiation' >&2)) || STATUS=$?

echo "### Machine"
echo
echo "- date: $(date -u '+%Y-%m-%dT%H:%M:%SZ'), commit $(git -C "$ROOT" rev-parse --short HEAD)$(git -C "$ROOT" diff --quiet HEAD -- rotator-core rotator-redis worker bench-rotation bench-scale || echo ' (with uncommitted changes)')"
echo "- CPUs (nproc): $(nproc); model: $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)"
echo "- RAM: $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo)"
echo "- java: $(java -version 2>&1 | head -1); $(java -version 2>&1 | sed -n 3p)"
echo "- load average after the run: $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 minutes; the machine is shared)"
echo
echo "### Results"
echo
echo "$RESULTS"
exit "${STATUS:-0}"
