#!/usr/bin/env bash
# Whole test suite: start throwaway database servers, run `mvn -B verify`
# against them, always stop the servers, exit with Maven's exit code.
# Extra arguments go to Maven, e.g. scripts/test.sh -pl rotator-core -am
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SERVERS="$ROOT/scripts/test-servers.sh"

# shellcheck disable=SC2317  # invoked via trap
# Stop the servers however we leave (failure, Ctrl-C, normal end). The exit
# status of the script is not changed by the trap.
cleanup() { "$SERVERS" stop || echo "test.sh: WARNING: stopping test servers failed" >&2; }
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

"$SERVERS" start
# shellcheck source=/dev/null
. "${ROTATOR_TEST_SERVERS_DIR:-/tmp/rotator-test-servers}/test-servers.env"

cd "$ROOT"
rc=0
mvn -B verify "$@" || rc=$?
exit "$rc"
