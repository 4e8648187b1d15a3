#!/usr/bin/env bash
# Installs the npm package openapi-diff into target/openapi-diff, for
# `cargo xtask api-diff --against-openapi-diff` (which compares its findings
# with api-diff's on HubSpot's published specs in ../shared). Needs Node.js
# and npm; nothing lands in the repository.
set -euo pipefail

VERSION="${OPENAPI_DIFF_VERSION:-0.24.1}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DIR="$ROOT/target/openapi-diff"

if ! command -v npm >/dev/null 2>&1; then
  echo "install-openapi-diff: npm is missing; install Node.js and npm first" >&2
  exit 1
fi
mkdir -p "$DIR"
[ -f "$DIR/package.json" ] || echo '{"name": "openapi-diff-peer", "private": true}' > "$DIR/package.json"
npm install --prefix "$DIR" --no-audit --no-fund --silent "openapi-diff@$VERSION"
echo "openapi-diff $(node -p "require('$DIR/node_modules/openapi-diff/package.json').version") in $DIR"
