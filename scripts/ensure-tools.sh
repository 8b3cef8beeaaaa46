#!/usr/bin/env bash
# Brings a fresh clone to the point where the demo and the tests can run:
# npm packages from the lock file, and Debian's Chromium for browser tests.
# The mail stack installs its own packages (scripts/stack/).
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ ! -d node_modules ]] || [[ package-lock.json -nt node_modules/.package-lock.json ]]; then
  echo "[tern] installing npm packages (npm ci)"
  npm ci --no-audit --no-fund
fi
# patches/ fixes dependencies in place (postinstall); a new patch needs no new lock file.
if compgen -G 'patches/*.patch' >/dev/null && [[ -n "$(find patches -newer node_modules/.package-lock.json -name '*.patch')" ]]; then
  npx --no-install patch-package
  touch node_modules/.package-lock.json
fi

if [[ "${1:-}" == "--with-browser" ]] && ! command -v chromium >/dev/null; then
  echo "[tern] installing Debian's chromium for the browser tests"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium
fi
