#!/usr/bin/env bash
# Installs, in one apt-get call, the Debian packages the test suite uses, before `npm ci` (the native
# engine's install script builds against libtorch-dev):
#   libtorch-dev python3-torch  native libtorch backend, and the PyTorch reference of the benchmarks
#   libdnnl-dev                 oneDNN's headers: the native backend's fused convolutions (same libdnnl as libtorch)
#   dcmtk libgdcm-tools         compress DICOM test fixtures (dcmcjpeg, dcmcrle, dcmcjpls, gdcmconv)
#   orthanc orthanc-dicomweb    a real PACS for the DICOMweb import tests
#   postgresql chromium         the store's second dialect; the notebook's browser tests
#   redis-server                the bullmq job backend and live events for teams
# Idempotent: packages already present are not fetched again. Needs root.
set -euo pipefail

PACKAGES=(libtorch-dev libdnnl-dev python3-torch dcmtk libgdcm-tools orthanc orthanc-dicomweb postgresql chromium redis-server)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -eq 0 ]; then
  echo "install-debian-packages: all present" >&2
  exit 0
fi
[ "$(id -u)" = 0 ] || { echo "install-debian-packages: missing ${missing[*]}; installing needs root" >&2; exit 1; }
echo "install-debian-packages: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >&2
apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
# The Orthanc and Redis services start on install; the tests start their own instances on free ports.
if command -v service >/dev/null 2>&1; then service orthanc stop >/dev/null 2>&1 || true; service redis-server stop >/dev/null 2>&1 || true; fi
