# Sourced by scripts/run-local.sh, scripts/test.sh and .ci/run: puts the Node.js the project names (.nvmrc, and
# package.json's "engines") first on PATH. A machine whose own node is older (Node 20 is out of support, and Azurite and
# the OpenTelemetry packages need 22) gets the build the npm registry serves as the package `node`, installed once into
# .tools/node (git-ignored) before the first `npm ci`, so that `npm ci` itself runs on it. It is not a devDependency of
# the workspace: `npm ci` would unpack a second copy (and run a nested install) on every clean checkout.
node_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
node_wanted=$(tr -d ' \n\r' <"$node_root/.nvmrc")   # e.g. 22.23.3
node_major() { "${1:-node}" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

if ! command -v npm >/dev/null; then
  echo "error: npm is required (Node.js $node_wanted or any Node.js with npm to bring it: see README)" >&2
  return 1 2>/dev/null || exit 1
fi
if [ "$(node_major)" -lt "${node_wanted%%.*}" ]; then
  boot="$node_root/.tools/node"
  if [ "$(node_major "$boot/node_modules/node/bin/node")" -lt "${node_wanted%%.*}" ]; then
    echo "Node.js $(node -v 2>/dev/null || echo none) is older than $node_wanted: installing Node.js $node_wanted from the npm registry into .tools/node…"
    mkdir -p "$boot"
    printf '{ "private": true, "devDependencies": { "node": "%s" }, "allowScripts": { "node": true } }\n' "$node_wanted" >"$boot/package.json"
    (cd "$boot" && npm install --no-audit --no-fund --no-package-lock --loglevel=error >/dev/null) \
      || { echo "error: could not install Node.js $node_wanted (npm package node@$node_wanted)" >&2; return 1 2>/dev/null || exit 1; }
  fi
  PATH="$boot/node_modules/node/bin:$PATH"
  export PATH
fi
unset node_root node_wanted boot
