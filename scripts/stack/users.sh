# shellcheck shell=bash
# Virtual mail users: one Dovecot passwd-file ($USERS_FILE) shared by passdb
# (IMAP/ManageSieve/SMTP AUTH) and userdb (LMTP delivery).
#
# Line format (Dovecot passwd-file):
#   address:{SHA512-CRYPT}hash:uid:gid:gecos:home:shell:extra fields
# uid/gid stay empty (mail_uid/mail_gid apply). An alias line has the same
# password hash and home as its canonical address plus
#   user=<canonical> userdb_user=<canonical>
# so logging in or delivering with the alias lands in the canonical mailbox.

users_file_init() {
  mkdir -p "$ETC_DIR"
  [[ -e $USERS_FILE ]] || : >"$USERS_FILE"
  # The auth process runs as the "dovecot" user and reads the file directly.
  chown root:dovecot "$USERS_FILE"
  chmod 0640 "$USERS_FILE"
}

is_stack_domain() {
  local d
  for d in $STACK_DOMAINS; do [[ $1 == "$d" ]] && return 0; done
  return 1
}

validate_address() {
  [[ $1 =~ ^[a-z0-9._+-]+@[a-z0-9.-]+\.[a-z0-9-]+$ ]] || die "not a plain email address: '$1'"
  is_stack_domain "${1#*@}" ||
    log "warning: ${1#*@} is not one of this stack's domains ($STACK_DOMAINS); Postfix will not accept mail for it"
}

# users_add EMAIL PASSWORD [ALIAS...]: create or replace the user. The alias
# set is replaced as well: aliases that pointed to EMAIL before and are not
# listed again are removed. Safe to run concurrently (flock). Returns once
# Dovecot can see the change (USERS_NO_WAIT=1 skips that, for batches).
users_add() {
  (($# >= 2)) || die "usage: stack.sh adduser EMAIL PASSWORD [ALIAS_EMAIL...]"
  local email="${1,,}" password="$2"
  shift 2
  local aliases=() a
  for a in "$@"; do aliases+=("${a,,}"); done

  validate_address "$email"
  for a in "${aliases[@]}"; do
    validate_address "$a"
    [[ $a != "$email" ]] || die "alias $a is the user's own address"
  done
  [[ -n $password && $password != *$'\n'* ]] || die "password must be non-empty and single-line"

  local hash
  # -c /dev/null: hashing needs no config, and we must not depend on the
  # system /etc/dovecot.
  hash="$(doveadm -c /dev/null pw -s SHA512-CRYPT -p "$password")" || die "doveadm pw failed"
  [[ $hash == "{SHA512-CRYPT}"* ]] || die "unexpected doveadm pw output: $hash"

  local domain="${email#*@}" localpart="${email%@*}"
  local home="$MAIL_DIR/$domain/$localpart"

  users_file_init
  (
    flock -w 30 9 || die "could not lock $USERS_FILE.lock"
    local tmp="$USERS_FILE.tmp.$$"
    # Keep every line except: the user itself, the requested aliases, and any
    # alias that pointed to this user before.
    awk -F: -v email="$email" -v drop=" ${aliases[*]} " '
      {
        key = $1
        if (key == email) next
        if (index(drop, " " key " ") > 0) next
        n = split($8, extra, " ")
        for (i = 1; i <= n; i++) if (extra[i] == "user=" email) next
        print
      }' "$USERS_FILE" >"$tmp"
    printf '%s:%s::::%s::\n' "$email" "$hash" "$home" >>"$tmp"
    for a in "${aliases[@]}"; do
      printf '%s:%s::::%s::user=%s userdb_user=%s\n' "$a" "$hash" "$home" "$email" "$email" >>"$tmp"
    done
    chown root:dovecot "$tmp"
    chmod 0640 "$tmp"
    # Dovecot notices a changed passwd-file by its mtime (whole seconds) and
    # size. A password change keeps the size, so make sure every version gets
    # a later mtime than the one before, even within one second.
    local old_mtime now
    old_mtime="$(stat -c %Y "$USERS_FILE" 2>/dev/null || echo 0)"
    now="$(date +%s)"
    ((now > old_mtime)) || touch -d "@$((old_mtime + 1))" "$tmp"
    # rename(2) is atomic: Dovecot never sees a half-written file.
    mv -f "$tmp" "$USERS_FILE"
  ) 9>"$USERS_FILE.lock" || exit 1
  [[ ${USERS_NO_WAIT-} == 1 ]] || wait_for_next_second
  log "user $email${aliases[*]:+ (aliases: ${aliases[*]})} saved"
}

# users_passwd EMAIL: set a user's password, read from stdin (one line, so it
# never shows in a process list), on the user's line and every alias line that
# points to it. Tern's "Change Password" driver for this stack calls it
# (server/password/stack-password-driver.ts). Exit 3: no such user.
users_passwd() {
  (($# == 1)) || die "usage: stack.sh passwd EMAIL  (new password on stdin)"
  local email="${1,,}" password hash
  IFS= read -r password || [[ -n $password ]] || die "no password on stdin"
  [[ -n $password ]] || die "password must be non-empty"
  hash="$(printf '%s\n%s\n' "$password" "$password" | doveadm -c /dev/null pw -s SHA512-CRYPT)" || die "doveadm pw failed"
  [[ $hash == "{SHA512-CRYPT}"* ]] || die "unexpected doveadm pw output"
  users_file_init
  (
    flock -w 30 9 || die "could not lock $USERS_FILE.lock"
    grep -q "^$email:" "$USERS_FILE" || exit 3
    # Signed in with an alias: the password belongs to the canonical address.
    email="$(awk -F: -v e="$email" '$1 == e { n = split($8, x, " "); for (i = 1; i <= n; i++) if (x[i] ~ /^user=/) { print substr(x[i], 6); exit } print e; exit }' "$USERS_FILE")"
    local tmp="$USERS_FILE.tmp.$$"
    awk -F: -v OFS=: -v email="$email" -v hash="$hash" '
      {
        n = split($8, extra, " ")
        mine = ($1 == email)
        for (i = 1; i <= n; i++) if (extra[i] == "user=" email) mine = 1
        if (mine) $2 = hash
        print
      }' "$USERS_FILE" >"$tmp"
    chown root:dovecot "$tmp"
    chmod 0640 "$tmp"
    # Same size as before: only a later mtime makes Dovecot re-read it (see users_add).
    local old_mtime now
    old_mtime="$(stat -c %Y "$USERS_FILE" 2>/dev/null || echo 0)"
    now="$(date +%s)"
    ((now > old_mtime)) || touch -d "@$((old_mtime + 1))" "$tmp"
    mv -f "$tmp" "$USERS_FILE"
  ) 9>"$USERS_FILE.lock"
  local status=$?
  ((status == 0)) || exit "$status"
  wait_for_next_second
}

# Dovecot's auth process stats the passwd-file at most once per second
# (db-passwd-file.c: last_sync_time == ioloop_time). A lookup in the same
# second as our write may still use the old copy; from the next second on the
# change is visible. Waiting for that second boundary lets callers log in
# right after `adduser` returns.
wait_for_next_second() {
  local us=$((10#${EPOCHREALTIME/./}))
  local wait_us=$((1000000 - us % 1000000 + 20000))
  sleep "$((wait_us / 1000000)).$(printf '%06d' $((wait_us % 1000000)))"
}
