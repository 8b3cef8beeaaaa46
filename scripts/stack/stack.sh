#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# Tern demo/test mail stack: Dovecot + Postfix + SpamAssassin + Radicale
# (CardDAV/CalDAV) (+ PostgreSQL)
# running as private instances under one directory.
#
#   stack.sh up [--with-postgres]   start (idempotent; running services are kept)
#   stack.sh down                   stop everything started from this dir
#   stack.sh status [--with-postgres]  show services; exit 0 when all are up
#   stack.sh restart dovecot|postfix|spam|radicale|postgres   stop and start one service
#   stack.sh stop|start SERVICE     stop or start one service (an outage in tests)
#   stack.sh env                    print KEY=VALUE lines for the app/tests
#   stack.sh adduser EMAIL PASSWORD [ALIAS_EMAIL...]
#   stack.sh passwd EMAIL           new password on stdin (user and its aliases)
#   stack.sh seed-demo              demo users + demo messages (once)
#
# Environment:
#   TERN_STACK_DIR   where config, data, logs, pids, sockets go
#                    (default <repo>/.runtime/demo)
#   TERN_PORT_BASE   port offset (default 10000): IMAP base+143, inbound SMTP
#                    base+25, submission base+587, ManageSieve base+419,
#                    spamd base+783, spamass-milter base+784, PostgreSQL base+432,
#                    Radicale base+5232
#   TERN_STACK_TIMEOUT  seconds to wait for each port (default 90)
#
# Two stacks with different TERN_STACK_DIR and TERN_PORT_BASE run side by side.
# Nothing here uses systemd or the system's /etc/dovecot, /etc/postfix.

STACK_SH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$STACK_SH_DIR/lib.sh"
source "$STACK_SH_DIR/users.sh"
source "$STACK_SH_DIR/dovecot.sh"
source "$STACK_SH_DIR/postfix.sh"
source "$STACK_SH_DIR/spam.sh"
source "$STACK_SH_DIR/postgres.sh"
source "$STACK_SH_DIR/radicale.sh"

DEMO_SEEDED_MARKER="$STACK_DIR/.demo-seeded"

usage() {
  sed -n '3,28p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
}

# Serialise up/down of one stack dir (two test runs starting at once).
# Daemons are started without this fd (see launch in lib.sh).
lock_stack() {
  exec 8>"$RUN_DIR/stack.lock"
  if ! flock -n 8; then
    log "waiting for another stack.sh up/down on $STACK_DIR to finish"
    flock -w 300 8 || die "another stack.sh up/down has held $RUN_DIR/stack.lock for 5 minutes"
  fi
}

is_demo_stack() { [[ $STACK_DIR == "$DEMO_STACK_DIR" ]]; }

ensure_demo_users() {
  users_file_init
  local added=0
  if ! grep -q '^joy@mt-example\.com:' "$USERS_FILE"; then
    USERS_NO_WAIT=1 users_add joy@mt-example.com Tern-demo-1 joy@mt-example.org
    added=1
  fi
  if ! grep -q '^sam@mt-example\.com:' "$USERS_FILE"; then
    USERS_NO_WAIT=1 users_add sam@mt-example.com Tern-demo-2
    added=1
  fi
  ((added == 0)) || wait_for_next_second
}

cmd_up() {
  local with_pg=0 arg
  for arg in "$@"; do
    case $arg in
      --with-postgres) with_pg=1 ;;
      *) die "unknown option for up: $arg" ;;
    esac
  done
  require_root
  local started=$SECONDS
  local pkgs
  pkgs="$(dovecot_packages) $(postfix_packages) $(spam_packages) $(radicale_packages)"
  ((with_pg)) && pkgs+=" $(postgres_packages)"
  # shellcheck disable=SC2086
  ensure_packages $pkgs
  ensure_mail_user
  mkdir -p "$STACK_DIR" "$ETC_DIR" "$RUN_DIR" "$LOG_DIR"
  lock_stack

  # Refuse before starting anything when a port we need is taken, rather
  # than leaving a half-started stack behind.
  spamd_running || ensure_port_free spamd "$SPAMD_PORT"
  milter_running || ensure_port_free spamass-milter "$MILTER_PORT"
  if ! dovecot_running; then
    ensure_port_free "dovecot IMAP" "$IMAP_PORT"
    ensure_port_free "dovecot ManageSieve" "$SIEVE_PORT"
  fi
  if ! postfix_running; then
    ensure_port_free "postfix inbound SMTP" "$INBOUND_SMTP_PORT"
    ensure_port_free "postfix submission" "$SUBMISSION_PORT"
  fi
  ((with_pg)) && ! postgres_running && ensure_port_free postgres "$PG_PORT"
  radicale_running || ensure_port_free radicale "$RADICALE_PORT"

  # `spamd --daemonize` (rule loading) and `postfix start` (integrity
  # checks) each block for about two seconds before returning, so they run
  # in the background while the rest starts; the port waits come last.
  local spamd_job postfix_job
  spam_configure
  spamd_start &
  spamd_job=$!
  dovecot_configure
  dovecot_start
  milter_start
  postfix_configure
  postfix_start &
  postfix_job=$!
  radicale_configure
  radicale_start
  if ((with_pg)); then
    postgres_configure
    postgres_start
  fi
  wait "$spamd_job" || die "spamd did not start; see $SPAMD_LOG"
  wait "$postfix_job" || die "postfix did not start; see $POSTFIX_LOG"

  dovecot_wait
  postfix_wait
  spam_wait
  radicale_wait
  ((with_pg)) && postgres_wait

  is_demo_stack && ensure_demo_users
  log "stack is up in $((SECONDS - started))s ($STACK_DIR, ports base $PORT_BASE)"
}

cmd_down() {
  require_root
  [[ -d $RUN_DIR ]] || { log "nothing to stop: $RUN_DIR does not exist"; return 0; }
  lock_stack
  # Front door first so nothing new arrives while the rest stops.
  postfix_stop
  spam_stop
  dovecot_stop
  radicale_stop
  postgres_stop
  log "stack is down"
}

SERVICES="dovecot|postfix|spam|radicale|postgres"

service_stop() {
  case ${1-} in
    dovecot) dovecot_stop ;;
    postfix) postfix_stop ;;
    spam) spam_stop ;;
    radicale) radicale_stop ;;
    postgres) postgres_stop ;;
    *) die "unknown service '${1-}'; one of $SERVICES" ;;
  esac
}

service_start() {
  case ${1-} in
    dovecot) dovecot_configure && dovecot_start && dovecot_wait ;;
    postfix) postfix_configure && postfix_start && postfix_wait ;;
    spam) spam_configure && spamd_start && milter_start && spam_wait ;;
    radicale) radicale_configure && radicale_start && radicale_wait ;;
    postgres) postgres_configure && postgres_start && postgres_wait ;;
    *) die "unknown service '${1-}'; one of $SERVICES" ;;
  esac
}

# Stop, start or restart one service (tests use them to simulate a server
# restart or outage).
cmd_service() {
  local action=$1 service="${2-}"
  require_root
  ensure_mail_user
  lock_stack
  case $action in
    stop) service_stop "$service" ;;
    start) service_start "$service" ;;
    restart) service_stop "$service" && service_start "$service" ;;
  esac
  log "$service: $action done"
}

cmd_status() {
  local with_pg=0 rc=0
  [[ ${1-} == --with-postgres ]] && with_pg=1
  echo "stack dir: $STACK_DIR (port base $PORT_BASE)"
  dovecot_status || rc=1
  postfix_status || rc=1
  spam_status || rc=1
  radicale_status || rc=1
  if ! postgres_status && ((with_pg)); then rc=1; fi
  return "$rc"
}

cmd_env() {
  cat <<ENV
TERN_STACK_DIR=$STACK_DIR
TERN_IMAP_HOST=$LISTEN_HOST
TERN_IMAP_PORT=$IMAP_PORT
TERN_SMTP_HOST=$LISTEN_HOST
TERN_SMTP_PORT=$SUBMISSION_PORT
TERN_SIEVE_PORT=$SIEVE_PORT
TERN_SIEVE_SECURITY=none
TERN_PASSWORD_DRIVER=tern-stack
TERN_STACK_INBOUND_SMTP_PORT=$INBOUND_SMTP_PORT
TERN_DAV_URL=http://$LISTEN_HOST:$RADICALE_PORT
TERN_MAIL_RECEIVED_BY=mail.$STACK_NAME.localhost
ENV
  if postgres_running; then
    echo "TERN_TEST_DATABASE_URL=postgres://postgres@$LISTEN_HOST:$PG_PORT/$PG_DATABASE"
  fi
}

cmd_adduser() {
  require_root
  ensure_mail_user
  users_add "$@"
}

cmd_passwd() {
  require_root
  users_passwd "$@"
}

cmd_seed_demo() {
  require_root
  if ! dovecot_running || ! postfix_running; then
    die "the stack is not running; run: stack.sh up"
  fi
  ensure_demo_users
  if [[ -e $DEMO_SEEDED_MARKER ]]; then
    log "demo messages already delivered ($(cat "$DEMO_SEEDED_MARKER")); delete $DEMO_SEEDED_MARKER to seed again"
    return 0
  fi
  log "delivering demo messages through inbound SMTP port $INBOUND_SMTP_PORT"
  (
    cd "$REPO_DIR"
    TERN_IMAP_HOST="$LISTEN_HOST" TERN_IMAP_PORT="$IMAP_PORT" \
      TERN_SMTP_HOST="$LISTEN_HOST" TERN_SMTP_PORT="$SUBMISSION_PORT" \
      TERN_STACK_INBOUND_SMTP_PORT="$INBOUND_SMTP_PORT" \
      node --import tsx "$STACK_SH_DIR/seed-demo.ts"
  ) || die "seeding failed (see above and $LOG_DIR/postfix.log, $LOG_DIR/dovecot.log)"
  date -u +%Y-%m-%dT%H:%M:%SZ >"$DEMO_SEEDED_MARKER"
  log "demo messages delivered"
}

main() {
  local cmd="${1-}"
  (($#)) && shift
  case $cmd in
    up) cmd_up "$@" ;;
    down) cmd_down ;;
    status) cmd_status "$@" ;;
    stop | start | restart) cmd_service "$cmd" "$@" ;;
    env) cmd_env ;;
    adduser) cmd_adduser "$@" ;;
    passwd) cmd_passwd "$@" ;;
    seed-demo) cmd_seed_demo ;;
    -h | --help | help) usage ;;
    *)
      usage >&2
      exit 2
      ;;
  esac
}

main "$@"
