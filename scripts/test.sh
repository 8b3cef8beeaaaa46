#!/usr/bin/env bash
# The one test command (`npm test`, and all .ci/run does): lint, type-check,
# build the SPA, start the test mail stack, run every test project.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/ensure-tools.sh --with-browser

echo "[tern] lint"
npx eslint .
echo "[tern] type-check"
npx tsc --noEmit -p tsconfig.json
echo "[tern] build"
npx vite build --logLevel warn

# The test stack has its own directory and ports, so a running demo is never touched.
export TERN_STACK_DIR="$PWD/.runtime/test"
export TERN_PORT_BASE="${TERN_TEST_PORT_BASE:-20000}"
if bash scripts/stack/stack.sh status >/dev/null 2>&1; then
  echo "[tern] test mail stack already running: using it and leaving it up"
else
  bash scripts/stack/stack.sh up --with-postgres
  trap 'bash scripts/stack/stack.sh down' EXIT
fi

npx vitest run "$@"
