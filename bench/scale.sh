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
# shellcheck source=bench/lib.sh
. "$ROOT/bench/lib.sh"
bench_args "--sizes --seed-threads --sample --spread-ms" "$@"
bench_servers PG
bench_build bench-scale "the scale benchmark"
CP="$WORKER_JAR:$ROOT/bench-rotation/target/rotator-bench-rotation.jar:$ROOT/bench-scale/target/rotator-bench-scale.jar"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/rotator-scalebench.XXXXXX")
LOG=${BENCH_LOG:-$WORK/bench.log}
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg); log in $LOG" >&2

RESULTS=$(ROTATOR_LOG_LEVEL=${ROTATOR_LOG_LEVEL:-WARN} java ${BENCH_JAVA_OPTS:-} -cp "$CP" \
  dev.rotator.bench.scale.ScaleBenchMain ${ARGS[@]+"${ARGS[@]}"} 2> >(tee "$LOG" >&2)) || STATUS=$?

bench_machine rotator-core worker bench-scale
echo "### Results"
echo
echo "$RESULTS"
exit "${STATUS:-0}"
