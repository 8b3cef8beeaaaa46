# shellcheck shell=bash
# shellcheck disable=SC2034  # the variables below are used by the scripts that source this
# Shared helpers for the Tern mail stack scripts. Sourced by stack.sh and by
# every per-service script; nothing here starts or stops anything by itself.

set -euo pipefail

STACK_SCRIPTS_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(cd "$STACK_SCRIPTS_DIR/../.." && pwd)"
TEMPLATES_DIR="$STACK_SCRIPTS_DIR/templates"

# The daemons drop to their own users (dovecot, postfix, debian-spamd,
# postgres), who must reach the runtime directory through every parent. A
# checkout below a private directory (a 0700 temp dir) would block them: then
# .runtime becomes a link to a world-traversable directory under /var/tmp.
ensure_runtime_reachable() {
  local runtime="$REPO_DIR/.runtime" outside
  [[ -e $runtime || $(id -u) -ne 0 ]] && return 0
  if (cd / && runuser -u nobody -- test -x "$REPO_DIR") 2>/dev/null; then return 0; fi
  outside="/var/tmp/tern-runtime-$(printf '%s' "$REPO_DIR" | sha1sum | cut -c1-12)"
  install -d -m 0755 "$outside"
  ln -s "$outside" "$runtime"
}
ensure_runtime_reachable

DEMO_STACK_DIR="$REPO_DIR/.runtime/demo"
STACK_DIR="${TERN_STACK_DIR:-$DEMO_STACK_DIR}"
# Normalise to an absolute path: the daemons chdir around and every config
# file embeds this path.
STACK_DIR="$(realpath -m "$STACK_DIR")"
PORT_BASE="${TERN_PORT_BASE:-10000}"
if ! [[ "$PORT_BASE" =~ ^[0-9]+$ ]] || (( PORT_BASE < 1024 || PORT_BASE > 60000 )); then
  echo "stack: TERN_PORT_BASE must be a number between 1024 and 60000 (got '$PORT_BASE')" >&2
  exit 2
fi

# Everything binds to loopback only.
LISTEN_HOST=127.0.0.1
IMAP_PORT=$((PORT_BASE + 143))
INBOUND_SMTP_PORT=$((PORT_BASE + 25))
SUBMISSION_PORT=$((PORT_BASE + 587))
SIEVE_PORT=$((PORT_BASE + 419))
SPAMD_PORT=$((PORT_BASE + 783))
MILTER_PORT=$((PORT_BASE + 784))
PG_PORT=$((PORT_BASE + 432))
RADICALE_PORT=$((PORT_BASE + 5232))

# The mail domains this stack is final destination for.
STACK_DOMAINS="mt-example.com mt-example.org tern-test.example"

# One system account owns every mailbox (virtual users).
MAIL_SYSTEM_USER=ternmail

ETC_DIR="$STACK_DIR/etc"
RUN_DIR="$STACK_DIR/run"
LOG_DIR="$STACK_DIR/log"
MAIL_DIR="$STACK_DIR/mail"
USERS_FILE="$ETC_DIR/users"

# A short, stable name for this instance, used in log tags so the demo and
# the test stack can be told apart (Postfix syslog_name, Dovecot instance).
# It also ends up in Postfix's myhostname, hence only [a-z0-9-].
STACK_NAME="$(basename "$STACK_DIR")"
STACK_NAME="${STACK_NAME,,}"
STACK_NAME="tern-${STACK_NAME//[^a-z0-9-]/-}-$PORT_BASE"

# How long `up` waits for each port before giving up.
STACK_TIMEOUT="${TERN_STACK_TIMEOUT:-90}"

log() { printf '[stack %s] %s\n' "$(basename "$STACK_DIR")" "$*" >&2; }
die() { printf '[stack %s] ERROR: %s\n' "$(basename "$STACK_DIR")" "$*" >&2; exit 1; }

require_root() {
  [[ $(id -u) -eq 0 ]] || die "must run as root (it creates system users, binds daemons and drops privileges per service)"
}

# render TEMPLATE DEST: copy a template replacing @NAME@ with the value of the
# shell variable NAME. Only names listed in TEMPLATE_VARS are substituted, so a
# literal @ elsewhere in a config stays untouched.
TEMPLATE_VARS=(STACK_DIR ETC_DIR RUN_DIR LOG_DIR MAIL_DIR USERS_FILE STACK_NAME LISTEN_HOST
  IMAP_PORT INBOUND_SMTP_PORT SUBMISSION_PORT SIEVE_PORT SPAMD_PORT MILTER_PORT PG_PORT RADICALE_PORT
  MAIL_UID MAIL_GID STACK_DOMAINS_COMMA POSTFIX_QUEUE_DIR POSTFIX_DATA_DIR DOVECOT_BASE_DIR)
render() {
  local template="$TEMPLATES_DIR/$1" dest="$2" content name value
  content="$(<"$template")"
  for name in "${TEMPLATE_VARS[@]}"; do
    value="${!name-}"
    # Quoted replacement: bash 5.2 would otherwise expand '&' in it.
    content="${content//@${name}@/"$value"}"
  done
  local tmp="$dest.tmp.$$"
  printf '%s\n' "$content" >"$tmp"
  mv -f "$tmp" "$dest"
}

# --- packages and accounts -------------------------------------------------

# ensure_packages PKG...: install whatever is missing; `apt-get update` runs
# once, and only when something has to be installed.
ensure_packages() {
  local missing=() pkg
  for pkg in "$@"; do
    if [[ "$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null)" != "install ok installed" ]]; then
      missing+=("$pkg")
    fi
  done
  ((${#missing[@]} == 0)) && return 0
  require_root
  log "installing missing packages: ${missing[*]}"
  # Package maintainer scripts would start the *system* instances (port 25,
  # 143, 5432 …). A temporary policy-rc.d tells invoke-rc.d not to; we only
  # create it when the machine has none, and remove only our own.
  local policy=/usr/sbin/policy-rc.d own_policy=0
  if [[ ! -e $policy ]]; then
    printf '#!/bin/sh\n# temporary, created by tern scripts/stack\nexit 101\n' >"$policy"
    chmod 755 "$policy"
    own_policy=1
  fi
  local rc=0
  {
    DEBIAN_FRONTEND=noninteractive apt-get update -q &&
      DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
  } >&2 || rc=$?
  ((own_policy)) && rm -f "$policy"
  ((rc == 0)) || die "apt-get install ${missing[*]} failed (exit $rc)"
}

ensure_mail_user() {
  if ! id -u "$MAIL_SYSTEM_USER" >/dev/null 2>&1; then
    log "creating system user $MAIL_SYSTEM_USER (owner of all virtual mailboxes)"
    useradd --system --user-group --home-dir /nonexistent --no-create-home \
      --shell /usr/sbin/nologin "$MAIL_SYSTEM_USER"
  fi
  MAIL_UID="$(id -u "$MAIL_SYSTEM_USER")"
  MAIL_GID="$(id -g "$MAIL_SYSTEM_USER")"
}

# --- processes and ports ---------------------------------------------------

# launch LOGFILE CMD...: run a daemon-starting command with stdin from
# /dev/null, stdout/stderr appended to LOGFILE and without the stack lock fd
# (8). A daemon that kept our stdout would make a caller that waits for EOF
# (Vitest's global setup) hang; one that kept the lock fd would make the next
# `down` wait forever.
launch() {
  local logfile="$1"
  shift
  "$@" </dev/null >>"$logfile" 2>&1 8>&-
}

# read_pid FILE: print the PID stored in FILE (Postfix pads it with spaces).
read_pid() {
  local file="$1" pid
  [[ -r $file ]] || return 1
  pid="$(head -n1 "$file" 2>/dev/null | tr -d '[:space:]')"
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  printf '%s\n' "$pid"
}

# pid_alive FILE PATTERN: true when FILE names a live process whose command
# line contains PATTERN. The pattern check guards against a stale PID file
# whose number has since been reused by an unrelated process.
pid_alive() {
  local file="$1" pattern="$2" pid cmdline
  pid="$(read_pid "$file")" || return 1
  [[ -r /proc/$pid/cmdline ]] || return 1
  cmdline="$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null)" || return 1
  [[ $cmdline == *"$pattern"* ]]
}

# stop_pid NAME FILE PATTERN [SIGNAL]: signal the process and wait for it to
# exit (SIGKILL after 20 s). Returns 1, doing nothing, when it is not running
# (a stale PID file is left to the daemon, which handles it at start).
stop_pid() {
  local name="$1" file="$2" pattern="$3" signal="${4:-TERM}" pid i
  pid_alive "$file" "$pattern" || return 1
  pid="$(read_pid "$file")"
  log "stopping $name (pid $pid)"
  kill -s "$signal" "$pid" 2>/dev/null || true
  for ((i = 0; i < 200; i++)); do
    proc_running "$pid" || break
    sleep 0.1
  done
  if proc_running "$pid"; then
    log "$name did not exit after 20 s; sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    sleep 0.2
  fi
  rm -f "$file"
  return 0
}

# proc_running PID: alive and not a zombie. Daemons are re-parented to PID 1,
# which may reap them late; a zombie has already exited for our purposes.
proc_running() {
  local state
  state="$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null)" || return 1
  [[ -n $state && $state != Z ]]
}

port_open() {
  # bash's /dev/tcp: no dependency on nc/ss. The subshell closes the fd.
  (exec 3<>"/dev/tcp/$LISTEN_HOST/$1") 2>/dev/null
}

# wait_port NAME PORT LOGFILE [PIDFILE PATTERN]: wait until PORT accepts
# connections. Fails early when the service's process died.
wait_port() {
  local name="$1" port="$2" logfile="$3" pidfile="${4-}" pattern="${5-}"
  local deadline=$((SECONDS + STACK_TIMEOUT))
  while ! port_open "$port"; do
    if [[ -n $pidfile ]] && ! pid_alive "$pidfile" "$pattern"; then
      # Give a just-forked daemon a moment to write its PID file.
      sleep 0.5
      if ! pid_alive "$pidfile" "$pattern" && ! port_open "$port"; then
        show_log_tail "$logfile"
        die "$name is not running, so port $port never opened; see $logfile"
      fi
    fi
    if ((SECONDS >= deadline)); then
      show_log_tail "$logfile"
      die "$name did not accept connections on $LISTEN_HOST:$port within ${STACK_TIMEOUT}s; see $logfile"
    fi
    sleep 0.2
  done
}

# wait_port_closed PORT: after a stop, lingering children may still hold the
# listening socket; wait so that an immediate `up` can bind again.
wait_port_closed() {
  local port="$1" i
  for ((i = 0; i < 100; i++)); do
    port_open "$port" || return 0
    sleep 0.1
  done
  log "warning: port $port still accepts connections after stop"
}

show_log_tail() {
  local logfile="$1"
  if [[ -s $logfile ]]; then
    echo "---- last lines of $logfile ----" >&2
    tail -n 20 "$logfile" >&2
    echo "----" >&2
  fi
}

# ensure_port_free NAME PORT: refuse to start when something else owns the
# port (another stack with the same TERN_PORT_BASE, a system daemon …).
ensure_port_free() {
  local name="$1" port="$2"
  if port_open "$port"; then
    die "port $port (for $name) is already in use by another process; is another stack running with TERN_PORT_BASE=$PORT_BASE? Choose another TERN_PORT_BASE."
  fi
}
