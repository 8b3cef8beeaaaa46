# shellcheck shell=bash
# Spam scanning: spamd (SpamAssassin) plus spamass-milter, which Postfix
# calls for every message. Tag only: nothing is ever rejected or discarded.

SPAM_CONF_DIR="$ETC_DIR/spamassassin"
SPAM_RUN_DIR="$RUN_DIR/spam"
SPAM_HOME_DIR="$STACK_DIR/spam/home"
SPAMD_PIDFILE="$SPAM_RUN_DIR/spamd.pid"
SPAMD_LOG="$LOG_DIR/spamd.log"
MILTER_PIDFILE="$SPAM_RUN_DIR/spamass-milter.pid"
MILTER_LOG="$LOG_DIR/spamass-milter.log"

spam_packages() { echo spamassassin spamd spamc spamass-milter; }

spamd_running() { pid_alive "$SPAMD_PIDFILE" spamd; }
milter_running() { pid_alive "$MILTER_PIDFILE" spamass-milter; }

spam_configure() {
  mkdir -p "$SPAM_CONF_DIR" "$LOG_DIR"
  # spamd drops to the mail user right away; its pid file, log and helper
  # home must be writable by that user (spamd(8), -r and -u).
  install -d -o "$MAIL_SYSTEM_USER" -g "$MAIL_SYSTEM_USER" -m 0755 "$SPAM_RUN_DIR"
  install -d -o "$MAIL_SYSTEM_USER" -g "$MAIL_SYSTEM_USER" -m 0700 "$STACK_DIR/spam" "$SPAM_HOME_DIR"
  local f
  for f in "$SPAMD_LOG" "$MILTER_LOG"; do
    [[ -e $f ]] || : >"$f"
    chown "$MAIL_SYSTEM_USER:$MAIL_SYSTEM_USER" "$f"
  done
  # --siteconfigpath replaces /etc/spamassassin entirely, so bring along the
  # distribution's *.pre files (they load the standard plugins), but not its
  # local.cf.
  cp -f /etc/spamassassin/*.pre "$SPAM_CONF_DIR/" 2>/dev/null || true
  render spamassassin-local.cf "$SPAM_CONF_DIR/local.cf"
}

# spamd compiles its rule set at start-up (several seconds), so `up` starts
# it first and waits for its port last.
spamd_start() {
  if spamd_running; then
    log "spamd already running (pid $(read_pid "$SPAMD_PIDFILE"))"
    return 0
  fi
  ensure_port_free spamd "$SPAMD_PORT"
  log "starting spamd (port $SPAMD_PORT)"
  # --local: no network tests. -x: no per-user configs. Two children are
  # plenty for a demo/test stack and keep start-up and memory small.
  launch "$SPAMD_LOG" spamd --daemonize --local --nouser-config \
    --username="$MAIL_SYSTEM_USER" --groupname="$MAIL_SYSTEM_USER" \
    --helper-home-dir="$SPAM_HOME_DIR" \
    --siteconfigpath="$SPAM_CONF_DIR" \
    --listen="$LISTEN_HOST:$SPAMD_PORT" --allowed-ips=127.0.0.1 \
    --max-children=2 --min-children=1 \
    --pidfile="$SPAMD_PIDFILE" --syslog="$SPAMD_LOG" || {
    show_log_tail "$SPAMD_LOG"
    die "spamd failed to start; see $SPAMD_LOG"
  }
}

milter_start() {
  if milter_running; then
    log "spamass-milter already running (pid $(read_pid "$MILTER_PIDFILE"))"
    return 0
  fi
  ensure_port_free spamass-milter "$MILTER_PORT"
  log "starting spamass-milter (port $MILTER_PORT)"
  # -f: daemonize and write -P. -m: never modify body/subject/content-type.
  # No -r: never reject. No -i: loopback is all we have, so scan it.
  # After "--": spamc options (where spamd listens).
  # setpriv execs (no fork), so the daemon itself runs as the mail user.
  launch "$MILTER_LOG" setpriv --reuid="$MAIL_UID" --regid="$MAIL_GID" --clear-groups -- \
    spamass-milter -p "inet:$MILTER_PORT@$LISTEN_HOST" -P "$MILTER_PIDFILE" -f -m \
    -- -d "$LISTEN_HOST" -p "$SPAMD_PORT" || {
    show_log_tail "$MILTER_LOG"
    die "spamass-milter failed to start; see $MILTER_LOG"
  }
}

spam_wait() {
  wait_port spamd "$SPAMD_PORT" "$SPAMD_LOG" "$SPAMD_PIDFILE" spamd
  wait_port spamass-milter "$MILTER_PORT" "$MILTER_LOG" "$MILTER_PIDFILE" spamass-milter
}

spam_stop() {
  if stop_pid spamass-milter "$MILTER_PIDFILE" spamass-milter TERM; then
    wait_port_closed "$MILTER_PORT"
  fi
  if stop_pid spamd "$SPAMD_PIDFILE" spamd TERM; then
    wait_port_closed "$SPAMD_PORT"
  fi
}

spam_status() {
  local rc=0
  if spamd_running; then
    printf '%-15s running  pid %-7s port %s\n' spamd "$(read_pid "$SPAMD_PIDFILE")" "$SPAMD_PORT"
  else
    printf '%-15s stopped\n' spamd
    rc=1
  fi
  if milter_running; then
    printf '%-15s running  pid %-7s port %s\n' spamass-milter "$(read_pid "$MILTER_PIDFILE")" "$MILTER_PORT"
  else
    printf '%-15s stopped\n' spamass-milter
    rc=1
  fi
  return "$rc"
}
