# shellcheck shell=bash
# Postfix: inbound SMTP (port-25 role) and submission (SASL via Dovecot),
# delivering over LMTP to Dovecot. Own config dir (postfix -c), own queue and
# data directories, so it never touches /etc/postfix or /var/spool/postfix.

POSTFIX_CONF_DIR="$ETC_DIR/postfix"
POSTFIX_QUEUE_DIR="$STACK_DIR/spool/postfix"
POSTFIX_DATA_DIR="$STACK_DIR/lib/postfix"
POSTFIX_LOG="$LOG_DIR/postfix.log"
POSTFIX_PIDFILE="$POSTFIX_QUEUE_DIR/pid/master.pid"

postfix_packages() { echo postfix; }

# The master process shows up as /usr/lib/postfix/sbin/master.
postfix_running() { pid_alive "$POSTFIX_PIDFILE" postfix/sbin/master; }

postfix_configure() {
  # shellcheck disable=SC2034  # used by render (templates/postfix-main.cf)
  STACK_DOMAINS_COMMA="${STACK_DOMAINS// /, }"
  mkdir -p "$POSTFIX_CONF_DIR" "$LOG_DIR"
  # Postfix insists the queue dir is owned by root; post-install (run by
  # `postfix check`/`start`) creates the subdirectories with the right owners.
  install -d -o root -g root -m 0755 "$STACK_DIR/spool" "$POSTFIX_QUEUE_DIR"
  install -d -o postfix -g postfix -m 0700 "$POSTFIX_DATA_DIR"
  render postfix-main.cf "$POSTFIX_CONF_DIR/main.cf"
  render postfix-master.cf "$POSTFIX_CONF_DIR/master.cf"
}

postfix_start() {
  if postfix_running; then
    log "postfix already running (pid $(read_pid "$POSTFIX_PIDFILE"))"
    return 0
  fi
  ensure_port_free "postfix inbound SMTP" "$INBOUND_SMTP_PORT"
  ensure_port_free "postfix submission" "$SUBMISSION_PORT"
  log "starting postfix (inbound SMTP $INBOUND_SMTP_PORT, submission $SUBMISSION_PORT)"
  # The first start runs Postfix's integrity checks, which also create the
  # queue subdirectories (post-install create-missing); they take seconds.
  # Once the queue exists, "quick-start" tells postfix-script to skip them.
  [[ -d $POSTFIX_QUEUE_DIR/maildrop ]] && touch "$POSTFIX_QUEUE_DIR/quick-start"
  if ! launch "$POSTFIX_LOG" postfix -c "$POSTFIX_CONF_DIR" start; then
    show_log_tail "$POSTFIX_LOG"
    die "postfix failed to start; see $POSTFIX_LOG"
  fi
}

postfix_wait() {
  wait_port "postfix inbound SMTP" "$INBOUND_SMTP_PORT" "$POSTFIX_LOG" "$POSTFIX_PIDFILE" postfix/sbin/master
  wait_port "postfix submission" "$SUBMISSION_PORT" "$POSTFIX_LOG" "$POSTFIX_PIDFILE" postfix/sbin/master
}

postfix_stop() {
  # What `postfix stop` does: SIGTERM to the master, whose children then exit
  # on their own. We wait for the master and then for the listeners.
  if stop_pid postfix "$POSTFIX_PIDFILE" postfix/sbin/master TERM; then
    wait_port_closed "$INBOUND_SMTP_PORT"
    wait_port_closed "$SUBMISSION_PORT"
  fi
}

postfix_status() {
  if postfix_running; then
    printf '%-15s running  pid %-7s inbound smtp %s, submission %s\n' postfix "$(read_pid "$POSTFIX_PIDFILE")" "$INBOUND_SMTP_PORT" "$SUBMISSION_PORT"
  else
    printf '%-15s stopped\n' postfix
    return 1
  fi
}
