#!/usr/bin/env bash
# Makes sure Debian's Chromium is installed (the notebook's end-to-end test drives it headless through
# playwright-core) and prints its path as the only line on stdout:
#
#   export PROTOSCOPE_CHROMIUM="$(tools/ci/install-chromium.sh)"
#
# Idempotent; needs root for the install. Everything except the path goes to stderr.
set -euo pipefail

log() { echo "install-chromium: $*" >&2; }

if ! command -v chromium >/dev/null 2>&1; then
  [ "$(id -u)" = 0 ] || { log "chromium is missing and installing it needs root (apt-get install chromium)"; exit 1; }
  log "installing Debian's chromium"
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >&2
fi
command -v chromium
