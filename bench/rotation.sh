#!/usr/bin/env bash
# The rotation benchmark of docs/benchmarks.md ("Rotation: engine vs floor (RDS)"): one dual-account rotation
# through the real engine next to its bare floor, on the throwaway MariaDB and PostgreSQL servers; with
# --engines redis, a Redis DoubleUsers rotation on the throwaway Redis ("Rotation: engine vs floor (Redis)").
#
#   bench/rotation.sh [--no-build] [--rotations 200] [--warmup 20] [--engines mariadb,postgresql,redis]
#                     [--store postgresql|h2] [--count-store-round-trips N]
#
# Builds worker/target/rotator.jar and bench-rotation/target/rotator-bench-rotation.jar (tests skipped). Sources
# the env file of scripts/test-servers.sh; when the servers are not running it starts them (and leaves them
# running: `scripts/test-servers.sh stop` ends them). Then, in one JVM, per engine: makes a database and a
# privileged account on the server, an Rds admin secret and two DoubleUsers secrets (create mode) through the real
# CreateSecret service, store and key ring; checks on the warm-up pairs that the floor sends the statements the
# rotator sends; and measures engine and floor rotations interleaved. The store is a fresh database on the
# throwaway PostgreSQL (default) or an embedded H2 file, dropped at the end. Prints the machine details and the
# markdown table; raw times per pair go to $BENCH_OUT (default a temp file); the JVM's log to $BENCH_LOG.
# --count-store-round-trips N times nothing: it counts the statements and commits the store is sent per rotation,
# engine and floor, over N pairs (a figure the machine's load does not move). WORKER_JAR=path/to/rotator.jar runs
# the same harness against another build of the worker (e.g. an older commit's engine and store).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=bench/lib.sh
. "$ROOT/bench/lib.sh"
bench_args "--rotations --warmup --engines --store --count-store-round-trips" "$@"
bench_servers PG MARIADB
bench_build bench-rotation "the rotation benchmark"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/rotator-rotbench.XXXXXX")
OUT=${BENCH_OUT:-$WORK/raw.tsv}
LOG=${BENCH_LOG:-$WORK/bench.log}
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg); log in $LOG" >&2

RESULTS=$(ROTATOR_LOG_LEVEL=${ROTATOR_LOG_LEVEL:-INFO} java ${BENCH_JAVA_OPTS:-} \
  -cp "$WORKER_JAR:$ROOT/bench-rotation/target/rotator-bench-rotation.jar" \
  dev.rotator.bench.rotation.RotationBenchMain ${ARGS[@]+"${ARGS[@]}"} --out "$OUT" 2> >(tee "$LOG" | grep -v -e ' INFO ' -e 'RESP3 protocol auto-negotiation' >&2))

bench_machine rotator-core rotator-rds worker bench-rotation
echo "### Results"
echo
echo "$RESULTS"
