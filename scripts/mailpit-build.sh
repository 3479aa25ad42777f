#!/usr/bin/env bash
# Prints the path of a Mailpit binary (an SMTP catcher with an HTTP API, for tests and the local stack),
# building Mailpit v1.33.1 from the Go module proxy when needed.
# MAILPIT_BIN points at an existing Mailpit instead (for example a release binary, for people without Go).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
version="v1.33.1"

if [[ -n "${MAILPIT_BIN:-}" ]]; then
  [[ -x "$MAILPIT_BIN" ]] || { echo "MAILPIT_BIN=$MAILPIT_BIN is not an executable file" >&2; exit 1; }
  echo "$MAILPIT_BIN"
  exit 0
fi

out="$root/.cache/mailpit/mailpit-$version"
if [[ -x "$out" ]]; then
  echo "$out"
  exit 0
fi

command -v go >/dev/null || {
  echo "Go is not installed: install Go >= 1.24 (https://go.dev/dl) or set MAILPIT_BIN to a Mailpit binary" >&2
  exit 1
}

mkdir -p "$(dirname "$out")"
echo "Building Mailpit $version from the Go module proxy (a few minutes the first time)..." >&2
start=$SECONDS
tmp="$(mktemp -d "$root/.cache/mailpit/build.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
# Pure Go (its sqlite is modernc.org/sqlite): no cgo needed.
GOTOOLCHAIN=local CGO_ENABLED=0 GOBIN="$tmp" go install "github.com/axllent/mailpit@$version" >&2
mv "$tmp/mailpit" "$out"
echo "Built $out in $((SECONDS - start)) s" >&2
echo "$out"
