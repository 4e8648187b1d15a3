#!/usr/bin/env bash
# Installs what `cargo xtask bench` compares against, from the package
# registries: hyperfine (Debian), cargo-progenitor (crates.io) and
# openapi-generator-cli (PyPI; it bundles the generator's jar and needs Java,
# which is installed with apt when missing), and HubSpot's Node and Python
# SDKs for the bulk jobs (install-bulk-peers.sh, into target/peers/).
# Nothing lands in the repository.
set -euo pipefail

have() { command -v "$1" >/dev/null 2>&1; }
apt_install() {
  if have apt-get; then
    SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq && $SUDO apt-get install -y -qq "$@"
  else
    echo "install-peers: no apt-get; install $* yourself" >&2
  fi
}

have hyperfine || apt_install hyperfine
have java || apt_install openjdk-17-jre-headless
have cargo-progenitor || cargo install --locked cargo-progenitor
if ! have openapi-generator-cli; then
  pip install --quiet openapi-generator-cli 2>/dev/null \
    || pip install --quiet --break-system-packages openapi-generator-cli
fi

echo "hyperfine:             $(hyperfine --version 2>/dev/null || echo missing)"
echo "cargo-progenitor:      $(cargo install --list | grep -m1 "^cargo-progenitor" || echo missing)"
echo "openapi-generator-cli: $(openapi-generator-cli version 2>/dev/null | tail -1 || echo missing)"
"$(dirname "$0")/install-bulk-peers.sh"
