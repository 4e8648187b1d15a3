#!/usr/bin/env bash
# Installs HubSpot's own SDKs for `cargo xtask bench --bulk`, from their
# registries, into target/peers/ (ignored by git): the Node SDK
# @hubspot/api-client with npm into target/peers/node, the Python SDK
# hubspot-api-client with pip into a venv at target/peers/python. Each is
# skipped, saying so, when its toolchain is missing. Called by
# install-peers.sh; runs alone too.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
peers="$root/target/peers"
mkdir -p "$peers"
have() { command -v "$1" >/dev/null 2>&1; }

if have node && have npm; then
  npm install --silent --no-fund --no-audit --prefix "$peers/node" @hubspot/api-client
else
  echo "install-bulk-peers: node or npm is missing; the Node SDK is skipped" >&2
fi

if have python3 && python3 -m venv --help >/dev/null 2>&1; then
  [ -x "$peers/python/bin/python" ] || python3 -m venv "$peers/python"
  "$peers/python/bin/pip" install --quiet --disable-pip-version-check hubspot-api-client
else
  echo "install-bulk-peers: python3 with venv is missing; the Python SDK is skipped" >&2
fi

node_version=$(node -p "require('$peers/node/node_modules/@hubspot/api-client/package.json').version" 2>/dev/null || echo missing)
python_version=$("$peers/python/bin/pip" show hubspot-api-client 2>/dev/null | sed -n 's/^Version: //p')
echo "@hubspot/api-client:   ${node_version}"
echo "hubspot-api-client:    ${python_version:-missing}"
