#!/usr/bin/env bash
# Throwaway PostgreSQL 15, MariaDB 10.11 and Redis 7 servers for the test suite.
#
# The machine's own database instances trust every 127.0.0.1 connection, so
# they cannot tell us whether credentials really work. These servers use real
# password authentication (SCRAM for PostgreSQL) with a fresh random password
# per `start`, on their own ports and directories.
#
# Usage: scripts/test-servers.sh start|stop|env
#        scripts/test-servers.sh start-one|stop-one pg|mariadb|redis
#
#   start     stop leftovers, create fresh data dirs, start all three servers
#             and write $BASE/test-servers.env (exported variables).
#   stop      stop all three; safe when nothing runs.
#   env       print the env file (it contains the passwords).
#   stop-one / start-one
#             stop or restart one server on its existing data dir with the
#             same password (for outage tests); needs a previous `start`.
#
# Environment: ROTATOR_TEST_SERVERS_DIR (default /tmp/rotator-test-servers),
# ROTATOR_TEST_PG_PORT (15432), ROTATOR_TEST_MARIADB_PORT (13306),
# ROTATOR_TEST_REDIS_PORT (16379), ROTATOR_TEST_PG_BINDIR (PostgreSQL bin dir).
# The default ports sit below Linux's ephemeral range (32768-60999): a port in it
# can be held for a moment by any outgoing connection, and the start then fails.
#
# Passwords are never printed (except by `env`) nor passed on a command line:
# clients get them through PGPASSWORD / MYSQL_PWD / REDISCLI_AUTH, servers
# through files readable only by their owner.

set -euo pipefail

SCRIPT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/$(basename "${BASH_SOURCE[0]}")"
BASE="${ROTATOR_TEST_SERVERS_DIR:-/tmp/rotator-test-servers}"
ENV_FILE="$BASE/test-servers.env"
HOST=127.0.0.1
WAIT_SECONDS=30

PG_DIR="$BASE/pg"          # owned by postgres: data dir, socket, log
PG_DATA="$PG_DIR/data"
PG_LOG="$PG_DIR/postgresql.log"
MDB_DIR="$BASE/mariadb"    # owned by mysql: data dir, socket, pid, log
MDB_DATA="$MDB_DIR/data"
MDB_SOCK="$MDB_DIR/mariadb.sock"
MDB_PID="$MDB_DIR/mariadb.pid"
MDB_LOG="$MDB_DIR/mariadb.log"
REDIS_DIR="$BASE/redis"
REDIS_CONF="$REDIS_DIR/redis.conf"
REDIS_PID="$REDIS_DIR/redis.pid"
REDIS_LOG="$REDIS_DIR/redis.log"

log() { echo "test-servers: $*" >&2; }
die() { log "ERROR: $*"; exit 1; }

is_root() { [ "$(id -u)" -eq 0 ]; }

# --- settings: env file (from a previous start) wins over defaults ----------

load_settings() {
    # For stop/stop-one/start-one we must talk to the servers that `start`
    # created, so the ports and passwords come from its env file when present.
    if [ -r "$ENV_FILE" ]; then
        # shellcheck source=/dev/null
        . "$ENV_FILE"
    fi
    PG_PORT="${ROTATOR_TEST_PG_PORT:-15432}"
    MDB_PORT="${ROTATOR_TEST_MARIADB_PORT:-13306}"
    REDIS_PORT="${ROTATOR_TEST_REDIS_PORT:-16379}"
    PG_PASSWORD="${ROTATOR_TEST_PG_PASSWORD:-}"
    MDB_PASSWORD="${ROTATOR_TEST_MARIADB_PASSWORD:-}"
    REDIS_PASSWORD="${ROTATOR_TEST_REDIS_PASSWORD:-}"
}

require_env_file() {
    [ -r "$ENV_FILE" ] || die "$ENV_FILE not found; run '$SCRIPT start' first"
}

pg_bindir() {
    if [ -n "${ROTATOR_TEST_PG_BINDIR:-}" ]; then
        echo "$ROTATOR_TEST_PG_BINDIR"
    elif [ -x /usr/lib/postgresql/15/bin/initdb ]; then
        echo /usr/lib/postgresql/15/bin
    else
        # Fall back to the newest installed major version.
        local d
        d="$(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
        [ -x "$d/initdb" ] || die "PostgreSQL server binaries not found under /usr/lib/postgresql"
        echo "$d"
    fi
}

# --- helpers ----------------------------------------------------------------

# Alphanumeric so it needs no quoting in SQL, URLs or config files.
random_password() {
    local pw=""
    while [ "${#pw}" -lt 32 ]; do
        pw+="$(head -c 256 /dev/urandom | LC_ALL=C tr -dc 'A-Za-z0-9')"
    done
    echo "${pw:0:32}"
}

port_in_use() {
    (exec 3<>"/dev/tcp/$HOST/$1") 2>/dev/null
}

require_free_port() {
    if port_in_use "$2"; then
        die "$1: port $2 is already in use by a process this script does not manage; set another port"
    fi
}

# Run a command as the postgres OS user (initdb/postgres refuse root). The cd
# avoids "could not change directory" errors when our cwd is e.g. /root.
as_pg() {
    if is_root; then
        (cd "$PG_DIR" && runuser -u postgres -- "$@")
    else
        (cd "$PG_DIR" && "$@")
    fi
}

# Poll "$@" until it succeeds, at most WAIT_SECONDS.
wait_for() {
    local i
    for ((i = 0; i < WAIT_SECONDS * 2; i++)); do
        if "$@" >/dev/null 2>&1; then return 0; fi
        sleep 0.5
    done
    return 1
}

fail_with_log() {
    log "ERROR: $1 did not accept authenticated connections within ${WAIT_SECONDS}s; last lines of $2:"
    tail -n 40 "$2" >&2 2>/dev/null || true
    exit 1
}

# pid from a pidfile, only if that process is alive and is the expected binary
# (pids get recycled).
live_pid() {
    local pidfile="$1" comm="$2" pid
    [ -r "$pidfile" ] || return 1
    pid="$(tr -dc '0-9' <"$pidfile")"
    [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 1
    grep -q "^$comm" "/proc/$pid/comm" 2>/dev/null || return 1
    echo "$pid"
}

# TERM a pid and wait for it to exit; KILL it as a last resort.
terminate_pid() {
    local pid="$1" i
    kill -TERM "$pid" 2>/dev/null || return 0
    for ((i = 0; i < WAIT_SECONDS * 2; i++)); do
        kill -0 "$pid" 2>/dev/null || return 0
        sleep 0.5
    done
    log "pid $pid did not exit after TERM; sending KILL"
    kill -KILL "$pid" 2>/dev/null || true
}

# --- PostgreSQL -------------------------------------------------------------

pg_auth_ok() {
    PGPASSWORD="$PG_PASSWORD" PGCONNECT_TIMEOUT=2 "$(pg_bindir)/psql" -X -q -A -t \
        -h "$HOST" -p "$PG_PORT" -U postgres -d postgres -c 'select 1' </dev/null
}

pg_running() {
    [ -f "$PG_DATA/PG_VERSION" ] && as_pg "$(pg_bindir)/pg_ctl" status -D "$PG_DATA" >/dev/null 2>&1
}

pg_init() {
    local bindir pwfile
    bindir="$(pg_bindir)"
    mkdir -p "$PG_DIR"
    is_root && chown postgres:postgres "$PG_DIR"
    chmod 700 "$PG_DIR"
    # initdb reads the superuser password from a file, never from argv.
    pwfile="$PG_DIR/initdb.pw"
    (umask 077 && echo "$PG_PASSWORD" >"$pwfile")
    is_root && chown postgres:postgres "$pwfile"
    as_pg "$bindir/initdb" -D "$PG_DATA" -U postgres --pwfile="$pwfile" \
        --auth-local=scram-sha-256 --auth-host=scram-sha-256 \
        --encoding=UTF8 --locale=C --no-instructions >"$PG_DIR/initdb.log" 2>&1 \
        || { rm -f "$pwfile"; tail -n 40 "$PG_DIR/initdb.log" >&2; die "initdb failed"; }
    rm -f "$pwfile"
    # Settings live in the data dir so start-one reuses them unchanged.
    # fsync & co. are off: this is a throwaway server, speed matters more.
    cat >>"$PG_DATA/postgresql.conf" <<EOF

# --- rotator test server ---
listen_addresses = '$HOST'
port = $PG_PORT
unix_socket_directories = '$PG_DIR'
password_encryption = 'scram-sha-256'
max_connections = 200
fsync = off
synchronous_commit = off
full_page_writes = off
EOF
}

pg_start() {
    if pg_running; then log "postgresql already running"; return 0; fi
    require_free_port postgresql "$PG_PORT"
    as_pg "$(pg_bindir)/pg_ctl" start -D "$PG_DATA" -l "$PG_LOG" -w -t "$WAIT_SECONDS" >/dev/null 2>&1 \
        || fail_with_log postgresql "$PG_LOG"
    wait_for pg_auth_ok || fail_with_log postgresql "$PG_LOG"
    log "postgresql listening on $HOST:$PG_PORT"
}

pg_stop() {
    pg_running || return 0
    as_pg "$(pg_bindir)/pg_ctl" stop -D "$PG_DATA" -m fast -w -t "$WAIT_SECONDS" >/dev/null 2>&1 \
        || as_pg "$(pg_bindir)/pg_ctl" stop -D "$PG_DATA" -m immediate -w >/dev/null 2>&1 \
        || log "WARNING: could not stop postgresql (data dir $PG_DATA)"
    log "postgresql stopped"
}

pg_create_db() {
    PGPASSWORD="$PG_PASSWORD" "$(pg_bindir)/psql" -X -q -v ON_ERROR_STOP=1 \
        -h "$HOST" -p "$PG_PORT" -U postgres -d postgres \
        -c 'CREATE DATABASE rotator_test' </dev/null >/dev/null
}

# --- MariaDB ----------------------------------------------------------------

# --no-defaults everywhere: the system's my.cnf points at port 3306 and
# /run/mysqld, i.e. at the machine's own instance.
mdb_client() {
    MYSQL_PWD="$MDB_PASSWORD" mariadb --no-defaults --connect-timeout=2 \
        -h "$HOST" -P "$MDB_PORT" -u root "$@"
}

mdb_auth_ok() {
    mdb_client -N -B -e 'SELECT 1' </dev/null
}

mdb_running() {
    live_pid "$MDB_PID" mariadbd >/dev/null
}

mdb_init() {
    mkdir -p "$MDB_DIR"
    is_root && chown mysql:mysql "$MDB_DIR"
    chmod 700 "$MDB_DIR"
    local user_opt=()
    is_root && user_opt=(--user=mysql)
    # 'normal' root auth: passwordless root over the socket until we set one.
    mariadb-install-db --no-defaults "${user_opt[@]}" --datadir="$MDB_DATA" \
        --auth-root-authentication-method=normal --skip-test-db --skip-name-resolve \
        >"$MDB_DIR/install-db.log" 2>&1 \
        || { tail -n 40 "$MDB_DIR/install-db.log" >&2; die "mariadb-install-db failed"; }
}

mdb_launch() {
    local user_opt=()
    is_root && user_opt=(--user=mysql)  # mariadbd refuses root otherwise
    # setsid: detach from our session so the server outlives this script and
    # is not hit by signals aimed at the caller's process group.
    setsid mariadbd --no-defaults "${user_opt[@]}" \
        --datadir="$MDB_DATA" --port="$MDB_PORT" --bind-address="$HOST" \
        --socket="$MDB_SOCK" --pid-file="$MDB_PID" --log-error="$MDB_LOG" \
        --skip-networking=0 --skip-name-resolve --skip-log-bin \
        --character-set-server=utf8mb4 --collation-server=utf8mb4_general_ci \
        --innodb-buffer-pool-size=64M --innodb-flush-log-at-trx-commit=0 \
        --max-connections=200 \
        </dev/null >>"$MDB_DIR/mariadbd.out" 2>&1 &
}

# First start only: set the root password for every host root can come from,
# drop anonymous accounts (they shadow named accounts on 127.0.0.1) and root
# accounts for other host names, create the test database.
mdb_secure() {
    local sock=(mariadb --no-defaults -S "$MDB_SOCK" -u root -N -B)
    wait_for "${sock[@]}" -e 'SELECT 1' </dev/null || fail_with_log mariadb "$MDB_LOG"
    local drops
    drops="$("${sock[@]}" </dev/null -e "
        SELECT CONCAT('DROP USER ', QUOTE(User), '@', QUOTE(Host), ';') FROM mysql.user
        WHERE User = '' OR (User = 'root' AND Host NOT IN ('localhost', '127.0.0.1', '::1'))")"
    "${sock[@]}" >/dev/null <<SQL
$drops
CREATE USER IF NOT EXISTS 'root'@'127.0.0.1';
CREATE USER IF NOT EXISTS 'root'@'::1';
CREATE USER IF NOT EXISTS 'root'@'%';
ALTER USER 'root'@'127.0.0.1' IDENTIFIED BY '$MDB_PASSWORD';
ALTER USER 'root'@'::1'       IDENTIFIED BY '$MDB_PASSWORD';
ALTER USER 'root'@'%'         IDENTIFIED BY '$MDB_PASSWORD';
GRANT ALL PRIVILEGES ON *.* TO 'root'@'127.0.0.1' WITH GRANT OPTION;
GRANT ALL PRIVILEGES ON *.* TO 'root'@'::1'       WITH GRANT OPTION;
GRANT ALL PRIVILEGES ON *.* TO 'root'@'%'         WITH GRANT OPTION;
CREATE DATABASE IF NOT EXISTS rotator_test;
-- last: after this the socket connection above needs the password too
ALTER USER 'root'@'localhost' IDENTIFIED BY '$MDB_PASSWORD';
FLUSH PRIVILEGES;
SQL
}

mdb_start() {
    local first="${1:-}"
    if mdb_running; then log "mariadb already running"; return 0; fi
    require_free_port mariadb "$MDB_PORT"
    mdb_launch
    [ "$first" = first ] && mdb_secure
    wait_for mdb_auth_ok || fail_with_log mariadb "$MDB_LOG"
    log "mariadb listening on $HOST:$MDB_PORT"
}

mdb_stop() {
    local pid
    pid="$(live_pid "$MDB_PID" mariadbd)" || return 0
    # Plain TERM is mariadbd's normal shutdown and needs no password (so it
    # also works if the env file is gone); we then wait for the pid to exit.
    terminate_pid "$pid"
    log "mariadb stopped"
}

# --- Redis ------------------------------------------------------------------

redis_cli() {
    REDISCLI_AUTH="$REDIS_PASSWORD" redis-cli --no-auth-warning -h "$HOST" -p "$REDIS_PORT" "$@"
}

redis_auth_ok() {
    [ "$(redis_cli ping </dev/null 2>/dev/null)" = PONG ]
}

redis_running() {
    live_pid "$REDIS_PID" redis-server >/dev/null
}

redis_init() {
    mkdir -p "$REDIS_DIR"
    chmod 700 "$REDIS_DIR"
    # The password goes into a 0600 config file rather than argv (ps).
    (umask 077 && cat >"$REDIS_CONF" <<EOF
bind $HOST
port $REDIS_PORT
protected-mode yes
requirepass $REDIS_PASSWORD
daemonize yes
pidfile $REDIS_PID
logfile $REDIS_LOG
dir $REDIS_DIR
save ""
appendonly no
EOF
    )
}

redis_start() {
    if redis_running; then log "redis already running"; return 0; fi
    require_free_port redis "$REDIS_PORT"
    (cd "$REDIS_DIR" && redis-server "$REDIS_CONF" </dev/null >/dev/null 2>&1) \
        || fail_with_log redis "$REDIS_LOG"
    wait_for redis_auth_ok || fail_with_log redis "$REDIS_LOG"
    log "redis listening on $HOST:$REDIS_PORT"
}

redis_stop() {
    local pid
    pid="$(live_pid "$REDIS_PID" redis-server)" || return 0
    redis_cli shutdown nosave </dev/null >/dev/null 2>&1 || true
    terminate_pid "$pid"   # waits for exit; TERM is harmless if already gone
    log "redis stopped"
}

# --- env file ---------------------------------------------------------------

write_env_file() {
    local tmp="$ENV_FILE.tmp"
    (umask 077 && cat >"$tmp" <<EOF
# Written by $SCRIPT start. Source it: . $ENV_FILE
export ROTATOR_TEST_SERVERS_SCRIPT=$(printf '%q' "$SCRIPT")
export ROTATOR_TEST_SERVERS_DIR=$(printf '%q' "$BASE")
export ROTATOR_TEST_SERVERS_ENV=$(printf '%q' "$ENV_FILE")
export ROTATOR_TEST_PG_HOST=$HOST
export ROTATOR_TEST_PG_PORT=$PG_PORT
export ROTATOR_TEST_PG_URL=jdbc:postgresql://$HOST:$PG_PORT/rotator_test
export ROTATOR_TEST_PG_USER=postgres
export ROTATOR_TEST_PG_PASSWORD=$PG_PASSWORD
export ROTATOR_TEST_MARIADB_HOST=$HOST
export ROTATOR_TEST_MARIADB_PORT=$MDB_PORT
export ROTATOR_TEST_MARIADB_URL=jdbc:mariadb://$HOST:$MDB_PORT/rotator_test
export ROTATOR_TEST_MARIADB_USER=root
export ROTATOR_TEST_MARIADB_PASSWORD=$MDB_PASSWORD
export ROTATOR_TEST_REDIS_HOST=$HOST
export ROTATOR_TEST_REDIS_PORT=$REDIS_PORT
export ROTATOR_TEST_REDIS_PASSWORD=$REDIS_PASSWORD
EOF
    )
    mv -f "$tmp" "$ENV_FILE"
}

# --- commands ---------------------------------------------------------------

check_base_dir() {
    case "$BASE" in
        /*) ;;
        *) die "ROTATOR_TEST_SERVERS_DIR must be an absolute path (got '$BASE')" ;;
    esac
    [ "$BASE" != / ] || die "refusing to use / as ROTATOR_TEST_SERVERS_DIR"
}

stop_all() {
    load_settings
    redis_stop
    mdb_stop
    pg_stop
}

cmd_start() {
    check_base_dir
    # Leftovers from a previous run (same dirs) are stopped first; the ports
    # come from the old env file so we stop what actually runs.
    stop_all
    # Ports for the new run: from the caller's environment, else defaults.
    PG_PORT="$PG_PORT_REQ"
    MDB_PORT="$MDB_PORT_REQ"
    REDIS_PORT="$REDIS_PORT_REQ"
    PG_PASSWORD="$(random_password)"
    MDB_PASSWORD="$(random_password)"
    REDIS_PASSWORD="$(random_password)"

    # Fresh data every start. Only our own subdirectories are removed.
    rm -rf "$PG_DIR" "$MDB_DIR" "$REDIS_DIR" "$ENV_FILE"
    mkdir -p "$BASE"
    chmod 755 "$BASE"   # postgres and mysql must traverse it
    if is_root; then
        runuser -u postgres -- test -x "$BASE" \
            || die "$BASE is not traversable by the postgres user (check its parent dirs)"
    fi

    # Write the env file first so `stop` can clean up if a later step fails.
    write_env_file
    trap 'log "start failed; stopping what was started"; stop_all' EXIT

    pg_init
    pg_start
    pg_create_db
    mdb_init
    mdb_start first
    redis_init
    redis_start

    trap - EXIT
    log "all servers up; env file: $ENV_FILE"
}

# Must be evaluated before load_settings overwrites the variables with the
# values from the previous run's env file.
PG_PORT_REQ="${ROTATOR_TEST_PG_PORT:-15432}"
MDB_PORT_REQ="${ROTATOR_TEST_MARIADB_PORT:-13306}"
REDIS_PORT_REQ="${ROTATOR_TEST_REDIS_PORT:-16379}"

one_server() {
    case "${1:-}" in
        pg|postgres|postgresql) echo pg ;;
        mariadb|mysql) echo mdb ;;
        redis) echo redis ;;
        *) die "expected one of: pg, mariadb, redis (got '${1:-}')" ;;
    esac
}

case "${1:-}" in
    start)
        cmd_start
        ;;
    stop)
        check_base_dir
        stop_all
        ;;
    env)
        require_env_file
        cat "$ENV_FILE"
        ;;
    start-one)
        require_env_file
        which_="$(one_server "${2:-}")"
        load_settings
        "${which_}_start"
        ;;
    stop-one)
        require_env_file
        which_="$(one_server "${2:-}")"
        load_settings
        "${which_}_stop"
        ;;
    *)
        echo "usage: $0 start|stop|env|start-one <pg|mariadb|redis>|stop-one <pg|mariadb|redis>" >&2
        exit 2
        ;;
esac
