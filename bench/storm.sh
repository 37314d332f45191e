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
# shellcheck source=bench/lib.sh
. "$ROOT/bench/lib.sh"
bench_args "--secrets --warmup --seed-threads --lead-ms --scheduler-threads --count-round-trips" "$@"
bench_servers PG REDIS
bench_build bench-scale "the benchmarks"
CP="$WORKER_JAR:$ROOT/bench-rotation/target/rotator-bench-rotation.jar:$ROOT/bench-scale/target/rotator-bench-scale.jar"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/rotator-stormbench.XXXXXX")
LOG=${BENCH_LOG:-$WORK/bench.log}
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg); log in $LOG" >&2

RESULTS=$(ROTATOR_LOG_LEVEL=${ROTATOR_LOG_LEVEL:-WARN} java ${BENCH_JAVA_OPTS:-} -cp "$CP" \
  dev.rotator.bench.scale.StormBenchMain ${ARGS[@]+"${ARGS[@]}"} \
  2> >(tee "$LOG" >&2)) || STATUS=$?

bench_machine rotator-core rotator-redis worker bench-rotation bench-scale
echo "### Results"
echo
echo "$RESULTS"
exit "${STATUS:-0}"
