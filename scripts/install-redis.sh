#!/usr/bin/env bash
# Installs Debian's redis-server when it is missing: `tests/tests/shared_budget.rs`
# starts its own servers on free loopback ports (nothing listens on 6379 for it).
set -euo pipefail
if command -v redis-server >/dev/null 2>&1; then
  echo "redis-server: $(redis-server --version)"
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-redis: no apt-get; install redis-server (6.0 or later) yourself" >&2
  exit 1
fi
SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends redis-server >/dev/null
echo "redis-server: $(redis-server --version)"
