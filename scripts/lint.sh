#!/usr/bin/env bash
# npm run lint: eslint, the layers of src/ (dependency-cruiser, .dependency-cruiser.mjs) and unused files and
# exports (knip, knip.json). All three run even when one fails, so one run names every problem; the exit status is
# non-zero when any of them failed.
set -uo pipefail
cd "$(dirname "$0")/.."

failed=()
check() {
  local name="$1"
  shift
  echo "-- $name"
  if ! "$@"; then failed+=("$name"); fi
}

check "eslint" npx eslint .
check "layers (dependency-cruiser: no cycles, imports point down)" \
  npm run --silent lint:layers
check "unused files and exports (knip)" npm run --silent lint:unused

if ((${#failed[@]} > 0)); then
  printf '!! lint failed: %s\n' "${failed[@]}"
  exit 1
fi
echo "lint: eslint, layers and unused code all clean"
