#!/usr/bin/env bash
# README command 1: brings up Hydra, the app and a demo OAuth2 client on 127.0.0.1, without Docker.
set -euo pipefail
cd "$(dirname "$0")/.."

command -v node >/dev/null || { echo "Node.js >= 20.19 is required: https://nodejs.org" >&2; exit 1; }
if [[ ! -d node_modules || package-lock.json -nt node_modules/.package-lock.json ]]; then
  echo "Installing npm dependencies..."
  npm ci --no-audit --no-fund
fi
bash scripts/hydra-build.sh >/dev/null
npm run --silent build
exec node --import tsx scripts/stack.ts
