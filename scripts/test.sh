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

if [ "$#" -gt 0 ]; then
  # A developer's targeted run (files, -t, --project): one vitest, as asked.
  npx vitest run "$@"
  exit
fi

# The whole suite on 2 cores. Unit and jsdom tests need no mail stack and mostly
# use the CPU; the integration tests mostly wait on the mail servers. So they run
# side by side in two vitest processes: unit + ui in the background (its report
# printed after), integration then e2e in the foreground (vitest.config.ts orders
# them), each file alone on the stack as before.
beside_log="$(mktemp)"
npx vitest run --project unit --project ui > "$beside_log" 2>&1 &
beside=$!
stack_status=0
npx vitest run --project integration --project e2e || stack_status=$?
beside_status=0
wait "$beside" || beside_status=$?
echo "[tern] unit and ui tests (ran beside the integration tests):"
cat "$beside_log"
rm -f "$beside_log"
if [ "$stack_status" -ne 0 ] || [ "$beside_status" -ne 0 ]; then
  echo "[tern] tests failed: integration + e2e exit $stack_status, unit + ui exit $beside_status"
  exit 1
fi
