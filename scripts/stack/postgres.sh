# shellcheck shell=bash
# PostgreSQL (only with `up --with-postgres`): a throw-away cluster under
# $STACK_DIR/pg for the app's tests. Trust auth on loopback: test use only.

PG_DATA="$STACK_DIR/pg"
PG_SOCKET_DIR="$RUN_DIR/pg"
PG_LOG="$LOG_DIR/postgres.log"
PG_PIDFILE="$PG_DATA/postmaster.pid"
PG_DATABASE=tern

postgres_packages() { echo postgresql; }

# The newest installed server version (Debian: /usr/lib/postgresql/<ver>/bin).
pg_bin_dir() {
  local d
  d="$(find /usr/lib/postgresql -mindepth 3 -maxdepth 3 -path '*/bin/initdb' 2>/dev/null | sort -V | tail -n1)"
  [[ -n $d ]] || die "no PostgreSQL server found under /usr/lib/postgresql"
  dirname "$d"
}

# Run as the postgres user, from a directory it can read (pg_ctl/initdb
# complain when the current directory is root's private home).
pg_as() { (cd / && runuser -u postgres -- "$@"); }

postgres_running() { pid_alive "$PG_PIDFILE" postgres; }

postgres_configure() {
  # The postgres user must be able to reach $STACK_DIR: we make the
  # directories we created traversable, and refuse with a clear message if a
  # parent outside our control blocks it.
  chmod o+x "$STACK_DIR"
  [[ $STACK_DIR == "$REPO_DIR/.runtime/"* ]] && chmod o+x "$REPO_DIR/.runtime"
  if ! pg_as test -x "$STACK_DIR"; then
    die "the postgres user cannot reach $STACK_DIR (a parent directory lacks o+x); choose a TERN_STACK_DIR below a world-traversable path"
  fi
  install -d -o postgres -g postgres -m 0755 "$PG_SOCKET_DIR"
  [[ -e $PG_LOG ]] || : >"$PG_LOG"
  chown postgres:postgres "$PG_LOG"
  if [[ ! -s $PG_DATA/PG_VERSION ]]; then
    log "initialising PostgreSQL cluster in $PG_DATA"
    install -d -o postgres -g postgres -m 0700 "$PG_DATA"
    pg_as "$(pg_bin_dir)/initdb" -D "$PG_DATA" -U postgres --auth=trust \
      --encoding=UTF8 --locale=C >>"$PG_LOG" 2>&1 || {
      show_log_tail "$PG_LOG"
      die "initdb failed; see $PG_LOG"
    }
    # Only loopback and the socket, no password (test cluster).
    cat >"$PG_DATA/pg_hba.conf" <<'HBA'
# Tern test cluster: trust on the unix socket and on 127.0.0.1 only.
local all all              trust
host  all all 127.0.0.1/32 trust
HBA
    chown postgres:postgres "$PG_DATA/pg_hba.conf"
  fi
}

postgres_start() {
  if postgres_running; then
    log "postgres already running (pid $(read_pid "$PG_PIDFILE"))"
    return 0
  fi
  ensure_port_free postgres "$PG_PORT"
  log "starting postgres (port $PG_PORT)"
  # Left behind by a crash or a reboot; postgres refuses to start when its PID
  # has been reused by another process.
  rm -f "$PG_PIDFILE"
  # Listen address, port and socket dir are passed at start so the cluster
  # follows TERN_PORT_BASE. fsync and friends are off: the data is disposable
  # and tests run noticeably faster.
  launch "$PG_LOG" pg_as "$(pg_bin_dir)/pg_ctl" -D "$PG_DATA" -l "$PG_LOG" -W start -o "\
-c listen_addresses=$LISTEN_HOST -c port=$PG_PORT -c unix_socket_directories=$PG_SOCKET_DIR \
-c fsync=off -c synchronous_commit=off -c full_page_writes=off" || {
    show_log_tail "$PG_LOG"
    die "pg_ctl start failed; see $PG_LOG"
  }
}

postgres_wait() {
  wait_port postgres "$PG_PORT" "$PG_LOG" "$PG_PIDFILE" postgres
  local bin deadline=$((SECONDS + STACK_TIMEOUT))
  bin="$(pg_bin_dir)"
  until pg_as "$bin/pg_isready" -q -h "$PG_SOCKET_DIR" -p "$PG_PORT"; do
    ((SECONDS < deadline)) || die "postgres does not accept queries; see $PG_LOG"
    sleep 0.2
  done
  if [[ "$(pg_as "$bin/psql" -h "$PG_SOCKET_DIR" -p "$PG_PORT" -U postgres -tAc \
    "SELECT 1 FROM pg_database WHERE datname = '$PG_DATABASE'")" != 1 ]]; then
    log "creating database $PG_DATABASE"
    pg_as "$bin/createdb" -h "$PG_SOCKET_DIR" -p "$PG_PORT" -U postgres "$PG_DATABASE"
  fi
}

postgres_stop() {
  # SIGINT = "fast" shutdown: roll back open transactions, exit promptly.
  if stop_pid postgres "$PG_PIDFILE" postgres INT; then
    wait_port_closed "$PG_PORT"
  fi
}

postgres_status() {
  if postgres_running; then
    printf '%-15s running  pid %-7s port %s, database %s\n' postgres "$(read_pid "$PG_PIDFILE")" "$PG_PORT" "$PG_DATABASE"
  elif [[ -s $PG_DATA/PG_VERSION ]]; then
    printf '%-15s stopped\n' postgres
    return 1
  else
    printf '%-15s not set up (use up --with-postgres)\n' postgres
    return 1
  fi
}
