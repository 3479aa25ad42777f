#!/usr/bin/env bash
# README command 2: every check and every test (unit, integration, e2e on real Hydra in Chromium).
# Ends with one line "N passed, N failed, N skipped" that totals all of them.
set -uo pipefail
cd "$(dirname "$0")/.."
mkdir -p test-results
rm -f test-results/vitest.json test-results/e2e.json

# What a fresh machine lacks: system packages, npm packages, the Hydra binary. Each says what went wrong.
bash scripts/system-deps.sh || exit 1
if [[ ! -d node_modules || package-lock.json -nt node_modules/.package-lock.json ]]; then
  npm ci --no-audit --no-fund || exit 1
fi
bash scripts/hydra-build.sh >/dev/null || { echo "!! Hydra could not be built (see above); set HYDRA_BIN to use an existing binary"; exit 1; }

status=0
step() {
  local name="$1"
  shift
  echo
  echo "== $name"
  if ! "$@"; then
    echo "!! $name failed"
    status=1
  fi
}

step "format check (prettier)" npx prettier --check .
step "lint (eslint, layers, unused code)" npm run --silent lint
step "type check (tsc)" npm run --silent typecheck
step "build" npm run --silent build
step "unit and integration tests (vitest)" npx vitest run
# The e2e suite needs the built app; without a build it would only test a stale one.
if [[ -f dist/src/main.js ]]; then
  step "e2e tests on real Hydra (playwright)" npx playwright test
else
  echo "!! e2e tests not run: the build failed"
  status=1
fi

echo
node scripts/summarize-tests.mjs test-results/vitest.json test-results/e2e.json || status=1
exit "$status"
