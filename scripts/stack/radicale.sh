# shellcheck shell=bash
# Radicale: the CardDAV/CalDAV server behind Tern's contacts and calendar.
# Sourced by stack.sh after lib.sh.
#
# Radicale trusts the X-Remote-User header (auth type http_x_remote_user):
# the BFF has already authenticated the user (session or /dav/ Basic auth
# checked against IMAP) and names them in that header. Radicale therefore
# listens on loopback only: anything that can reach its port can claim to be
# any user, so it must never be exposed beyond the machine the BFF runs on.
# Rights are owner_only: a user reaches only the collections under /<user>/.

RADICALE_DIR="$STACK_DIR/radicale"
RADICALE_CONF="$ETC_DIR/radicale/config"
RADICALE_LOG="$LOG_DIR/radicale.log"
RADICALE_PIDFILE="$RUN_DIR/radicale.pid"
RADICALE_SYSTEM_USER=radicale

radicale_packages() { echo radicale; }

radicale_running() { pid_alive "$RADICALE_PIDFILE" radicale; }

radicale_configure() {
  mkdir -p "$ETC_DIR/radicale"
  id -u "$RADICALE_SYSTEM_USER" >/dev/null 2>&1 ||
    useradd --system --user-group --home-dir /nonexistent --no-create-home \
      --shell /usr/sbin/nologin "$RADICALE_SYSTEM_USER"
  install -d -o "$RADICALE_SYSTEM_USER" -g "$RADICALE_SYSTEM_USER" -m 0750 "$RADICALE_DIR" "$RADICALE_DIR/collections"
  [[ -e $RADICALE_LOG ]] || : >"$RADICALE_LOG"
  chown "$RADICALE_SYSTEM_USER:$RADICALE_SYSTEM_USER" "$RADICALE_LOG"
  # The daemon (as its own user) must traverse the stack directory.
  chmod o+x "$STACK_DIR"
  render radicale.conf "$RADICALE_CONF"
}

radicale_start() {
  if radicale_running; then
    log "radicale already running (pid $(read_pid "$RADICALE_PIDFILE"))"
    return 0
  fi
  ensure_port_free radicale "$RADICALE_PORT"
  log "starting radicale (CardDAV/CalDAV $RADICALE_PORT)"
  rm -f "$RADICALE_PIDFILE"
  # Radicale 3 has no daemon mode: start-stop-daemon backgrounds it as its own
  # user and records the PID (it execs, so the PID is Radicale's own).
  launch "$RADICALE_LOG" start-stop-daemon --start --background --make-pidfile \
    --pidfile "$RADICALE_PIDFILE" --chuid "$RADICALE_SYSTEM_USER" --chdir "$RADICALE_DIR" \
    --output "$RADICALE_LOG" --exec /usr/bin/python3 -- -m radicale --config "$RADICALE_CONF" || {
    show_log_tail "$RADICALE_LOG"
    die "radicale failed to start; see $RADICALE_LOG"
  }
}

radicale_wait() {
  wait_port radicale "$RADICALE_PORT" "$RADICALE_LOG" "$RADICALE_PIDFILE" radicale
}

radicale_stop() {
  if stop_pid radicale "$RADICALE_PIDFILE" radicale TERM; then
    wait_port_closed "$RADICALE_PORT"
  fi
}

radicale_status() {
  if radicale_running; then
    printf '%-15s running  pid %-7s dav %s\n' radicale "$(read_pid "$RADICALE_PIDFILE")" "$RADICALE_PORT"
  else
    printf '%-15s stopped\n' radicale
    return 1
  fi
}
