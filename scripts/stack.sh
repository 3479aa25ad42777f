#!/usr/bin/env bash
# README command 1: brings up Hydra, the app and a demo OAuth2 client on 127.0.0.1, without Docker.
set -euo pipefail
cd "$(dirname "$0")/.."
# Signals: npm forwards SIGTERM and SIGINT to its own child only. With .npmrc's script-shell=bash that child is
# this script, which execs stack.ts below, so stack.ts gets them. With /bin/sh (dash) as the script shell, sh stays
# in between and does not pass them on; stack.ts therefore also watches its launcher (the process that started
# this script) and npm above it, and stops everything once either is gone.
export STACK_LAUNCHER_PID="${STACK_LAUNCHER_PID:-$PPID}"
# Stopped while installing or building: start nothing (exec resets these traps for stack.ts).
trap 'exit 130' INT
trap 'exit 143' TERM

command -v node >/dev/null || { echo "Node.js is required to install the pinned one: https://nodejs.org" >&2; exit 1; }
if [[ ! -d node_modules || package-lock.json -nt node_modules/.package-lock.json ]]; then
  echo "Installing npm dependencies..."
  npm ci --no-audit --no-fund
fi
source scripts/pinned-node.sh
bash scripts/hydra-build.sh >/dev/null
# The local mail catcher for the app's emails; stack.ts starts it.
MAILPIT_BIN="$(bash scripts/mailpit-build.sh)"
export MAILPIT_BIN
# Build the app when a source changed since our last successful build (tsc takes 10-20 s).
stamp=dist/.stack-build-ok
if [[ ! -f dist/src/main.js || ! -f "$stamp" || -n "$(find src tsconfig.json tsconfig.build.json package-lock.json -newer "$stamp" -print -quit)" ]]; then
  rm -f "$stamp"
  mkdir -p dist && touch "$stamp.next" # dated before the build: an edit made during it still counts as newer
  npm run --silent build
  mv "$stamp.next" "$stamp"
fi
[[ "${1:-}" == "--build-only" ]] && exit 0
# The launcher gone while building (the /bin/sh case above): start nothing either.
kill -0 "$STACK_LAUNCHER_PID" 2>/dev/null || exit 143
exec node --import tsx scripts/stack.ts
