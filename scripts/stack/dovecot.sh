# shellcheck shell=bash
# Dovecot: IMAP, LMTP (for Postfix), ManageSieve, SASL auth socket (for
# Postfix submission). Sourced by stack.sh after lib.sh.

DOVECOT_BASE_DIR="$RUN_DIR/dovecot"
DOVECOT_CONF="$ETC_DIR/dovecot/dovecot.conf"
DOVECOT_LOG="$LOG_DIR/dovecot.log"
DOVECOT_PIDFILE="$DOVECOT_BASE_DIR/master.pid"
# Postfix connects to these (absolute paths; Postfix runs unchrooted here).
DOVECOT_LMTP_SOCKET="$DOVECOT_BASE_DIR/lmtp"
DOVECOT_AUTH_SOCKET="$DOVECOT_BASE_DIR/auth-postfix"

dovecot_packages() { echo dovecot-core dovecot-imapd dovecot-lmtpd dovecot-sieve dovecot-managesieved dovecot-fts-xapian; }

dovecot_running() { pid_alive "$DOVECOT_PIDFILE" dovecot; }

dovecot_configure() {
  mkdir -p "$ETC_DIR/dovecot" "$DOVECOT_BASE_DIR" "$STACK_DIR/state/dovecot"
  # Mail processes run as the mail user and need to create homes below here.
  install -d -o "$MAIL_SYSTEM_USER" -g "$MAIL_SYSTEM_USER" -m 0750 "$MAIL_DIR"
  # Sticky and world-writable like /tmp: LMTP writes here before and after
  # switching to the mail user.
  install -d -m 1777 "$STACK_DIR/tmp"
  users_file_init
  render dovecot.conf "$DOVECOT_CONF"
  render sieve-before.sieve "$ETC_DIR/dovecot/sieve-before.sieve"
  # Fail here, with Dovecot's own message, rather than on a dead port later.
  if ! doveconf -c "$DOVECOT_CONF" -n >/dev/null 2>"$DOVECOT_LOG.check"; then
    cat "$DOVECOT_LOG.check" >&2
    die "invalid Dovecot config $DOVECOT_CONF"
  fi
  rm -f "$DOVECOT_LOG.check"
  # Precompile the global script: LMTP runs as the mail user and could not
  # write the .svbin next to it, so it would recompile on every delivery.
  sievec -c "$DOVECOT_CONF" "$ETC_DIR/dovecot/sieve-before.sieve" >>"$DOVECOT_LOG" 2>&1 || {
    show_log_tail "$DOVECOT_LOG"
    die "the global Sieve script does not compile; see $DOVECOT_LOG"
  }
}

dovecot_start() {
  if dovecot_running; then
    log "dovecot already running (pid $(read_pid "$DOVECOT_PIDFILE"))"
    return 0
  fi
  ensure_port_free "dovecot IMAP" "$IMAP_PORT"
  ensure_port_free "dovecot ManageSieve" "$SIEVE_PORT"
  log "starting dovecot (IMAP $IMAP_PORT, ManageSieve $SIEVE_PORT)"
  # A stale master.pid whose number now belongs to another process would make
  # dovecot believe it is already running.
  rm -f "$DOVECOT_PIDFILE"
  # dovecot daemonizes itself and writes master.pid into base_dir.
  launch "$DOVECOT_LOG" dovecot -c "$DOVECOT_CONF" || {
    show_log_tail "$DOVECOT_LOG"
    die "dovecot failed to start; see $DOVECOT_LOG"
  }
}

dovecot_wait() {
  wait_port "dovecot IMAP" "$IMAP_PORT" "$DOVECOT_LOG" "$DOVECOT_PIDFILE" dovecot
  wait_port "dovecot ManageSieve" "$SIEVE_PORT" "$DOVECOT_LOG" "$DOVECOT_PIDFILE" dovecot
  # Postfix delivers through the socket; make sure it exists before mail flows.
  local deadline=$((SECONDS + STACK_TIMEOUT))
  until [[ -S $DOVECOT_LMTP_SOCKET && -S $DOVECOT_AUTH_SOCKET ]]; do
    ((SECONDS < deadline)) || die "dovecot LMTP/auth sockets did not appear in $DOVECOT_BASE_DIR; see $DOVECOT_LOG"
    sleep 0.1
  done
}

dovecot_stop() {
  # SIGTERM to the master makes it stop all of its child processes.
  if stop_pid dovecot "$DOVECOT_PIDFILE" dovecot TERM; then
    wait_port_closed "$IMAP_PORT"
    wait_port_closed "$SIEVE_PORT"
  fi
}

dovecot_status() {
  if dovecot_running; then
    printf '%-15s running  pid %-7s imap %s, managesieve %s\n' dovecot "$(read_pid "$DOVECOT_PIDFILE")" "$IMAP_PORT" "$SIEVE_PORT"
  else
    printf '%-15s stopped\n' dovecot
    return 1
  fi
}
