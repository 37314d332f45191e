# shellcheck shell=bash
# What the bench/*.sh scripts share: their options, the throwaway servers, the build, the machine details. Source
# it after setting ROOT (the repository):  . "$ROOT/bench/lib.sh"

# bench_args "--name ..." "$@": the script's options into BUILD (0 with --no-build, else 1) and ARGS (each of the
# named options with its value, for the harness); anything else stops the script.
bench_args() {
  local known=" $1 "
  shift
  BUILD=1
  ARGS=()
  while [ $# -gt 0 ]; do
    if [ "$1" = --no-build ]; then
      BUILD=0; shift
    elif [[ "$known" == *" $1 "* ]] && [ $# -ge 2 ]; then
      ARGS+=("$1" "$2"); shift 2
    else
      echo "unknown option $1 (see the header of $0)" >&2; exit 64
    fi
  done
}

# bench_servers PG MARIADB ...: sources the env file of scripts/test-servers.sh; when one of the named servers does
# not answer on its port, starts them all (and leaves them running: `scripts/test-servers.sh stop` ends them).
bench_servers() {
  ENV_FILE=${ROTATOR_TEST_SERVERS_ENV:-/tmp/rotator-test-servers/test-servers.env}
  if ! bench_servers_up "$@"; then
    echo "the throwaway servers are not running: starting them (scripts/test-servers.sh start)..." >&2
    "$ROOT/scripts/test-servers.sh" start >&2
    bench_servers_up "$@" || { echo "the throwaway servers did not come up; see scripts/test-servers.sh" >&2; exit 1; }
  fi
}

bench_servers_up() {
  [ -f "$ENV_FILE" ] || return 1
  # shellcheck disable=SC1090
  . "$ENV_FILE"
  local server host port
  for server in "$@"; do
    host="ROTATOR_TEST_${server}_HOST" port="ROTATOR_TEST_${server}_PORT"
    (exec 3<>"/dev/tcp/${!host}/${!port}") 2>/dev/null || return 1
  done
}

# bench_build MODULE WHAT: goes to ROOT (the benchmark then runs there too); unless BUILD is 0, packages the worker
# and MODULE (tests skipped). Sets WORKER_JAR (set before, it runs the harness against another build of the worker).
bench_build() {
  cd "$ROOT" || exit 1
  if [ "$BUILD" = 1 ]; then
    echo "building worker and $2 (tests skipped)..." >&2
    mvn -B -q -pl "worker,$1" -am package -DskipTests >&2
  fi
  WORKER_JAR=${WORKER_JAR:-$ROOT/worker/target/rotator.jar}
}

# bench_machine PATH...: the "### Machine" section; the commit is marked when PATH... have uncommitted changes.
bench_machine() {
  echo "### Machine"
  echo
  echo "- date: $(date -u '+%Y-%m-%dT%H:%M:%SZ'), commit $(git -C "$ROOT" rev-parse --short HEAD)$(git -C "$ROOT" diff --quiet HEAD -- "$@" || echo ' (with uncommitted changes)')"
  echo "- CPUs (nproc): $(nproc); model: $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)"
  echo "- RAM: $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo)"
  echo "- java: $(java -version 2>&1 | head -1); $(java -version 2>&1 | sed -n 3p)"
  echo "- load average after the run: $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 minutes; the machine is shared)"
  echo
}
