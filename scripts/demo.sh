#!/usr/bin/env bash
# The demo command (`npm run demo`): a local mail stack with demo users and
# mail, the built SPA, and the BFF in front of them. Ctrl-C stops it all.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/ensure-tools.sh

export TERN_STACK_DIR="$PWD/.runtime/demo"
export TERN_PORT_BASE="${TERN_DEMO_PORT_BASE:-10000}"
bash scripts/stack/stack.sh up
bash scripts/stack/stack.sh seed-demo
trap 'bash scripts/stack/stack.sh down' EXIT

echo "[tern] building the web app"
npx vite build --logLevel warn

secret_file="$TERN_STACK_DIR/session-secret"
[[ -s "$secret_file" ]] || (umask 077 && openssl rand -hex 32 >"$secret_file")

set -a
# shellcheck disable=SC1090
source <(bash scripts/stack/stack.sh env)
TERN_PORT="${TERN_PORT:-8080}"
TERN_PUBLIC_URL="${TERN_PUBLIC_URL:-http://127.0.0.1:$TERN_PORT}"
TERN_SESSION_SECRET="$(<"$secret_file")"
TERN_IMAP_SECURITY=none
TERN_SMTP_SECURITY=none
TERN_SQLITE_PATH="$TERN_STACK_DIR/tern.sqlite"
set +a

cat <<BANNER

  Tern is starting: open $TERN_PUBLIC_URL
  Sign in as joy@mt-example.com with password Tern-demo-1
  (or sam@mt-example.com / Tern-demo-2). Ctrl-C stops Tern and the mail stack.

BANNER
node --import tsx server/main.ts
