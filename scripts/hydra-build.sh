#!/usr/bin/env bash
# Prints the path of a Hydra binary, building Hydra v2.3.0 from the Go module proxy when needed.
# HYDRA_BIN points at an existing Hydra instead (for example a release binary, for people without Go).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"

if [[ -n "${HYDRA_BIN:-}" ]]; then
  [[ -x "$HYDRA_BIN" ]] || { echo "HYDRA_BIN=$HYDRA_BIN is not an executable file" >&2; exit 1; }
  echo "$HYDRA_BIN"
  exit 0
fi

out="$root/.cache/hydra/hydra-v2.3.0"
src="$root/e2e/hydra"
# Rebuild only when our tiny module changed since the cached binary was made.
if [[ -x "$out" && "$out" -nt "$src/go.mod" && "$out" -nt "$src/go.sum" && "$out" -nt "$src/main.go" ]]; then
  echo "$out"
  exit 0
fi

command -v go >/dev/null || {
  echo "Go is not installed: install Go >= 1.24 (https://go.dev/dl) or set HYDRA_BIN to a Hydra v2 binary" >&2
  exit 1
}
command -v gcc >/dev/null || {
  echo "gcc is missing: Hydra's sqlite driver needs cgo (apt-get install -y gcc) or set HYDRA_BIN" >&2
  exit 1
}

mkdir -p "$(dirname "$out")"
echo "Building Hydra v2.3.0 from the Go module proxy (about 1.5 to 2.5 minutes the first time)..." >&2
start=$SECONDS
(cd "$src" && GOTOOLCHAIN=local CGO_ENABLED=1 go build -tags sqlite,sqlite_omit_load_extension -o "$out.tmp" .) >&2
mv "$out.tmp" "$out"
echo "Built $out in $((SECONDS - start)) s" >&2
echo "$out"
