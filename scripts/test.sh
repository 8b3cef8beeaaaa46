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

# The whole suite on 2 cores, in two vitest processes side by side: the
# integration tests mostly wait on the mail servers, so the unit, jsdom and
# browser tests run beside them (each process one file at a time; the browser
# tests' own users never meet the integration tests'). The second process's
# report is printed after the first's. Then the fault tests, which stop and
# restart the stack's servers, run alone.
beside_log="$(mktemp)"
npx vitest run --project unit --project ui --project e2e > "$beside_log" 2>&1 &
beside=$!
integration_status=0
npx vitest run --project integration || integration_status=$?
beside_status=0
wait "$beside" || beside_status=$?
echo "[tern] unit, ui and e2e tests (ran beside the integration tests):"
cat "$beside_log"
rm -f "$beside_log"
echo "[tern] fault tests (servers stopped and restarted), alone"
faults_status=0
npx vitest run --project faults || faults_status=$?
if [ "$integration_status" -ne 0 ] || [ "$beside_status" -ne 0 ] || [ "$faults_status" -ne 0 ]; then
  echo "[tern] tests failed: integration exit $integration_status, unit + ui + e2e exit $beside_status, faults exit $faults_status"
  exit 1
fi
