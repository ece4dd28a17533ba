#!/usr/bin/env bash
# The browser tests' tools: Debian's Chromium (installed with apt when missing) and axe-core (from the
# npm registry, once, into $EMT_LOCAL_DIR/browser). Usage: deploy/local/browser/browser.sh
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../../.." && pwd)
STATE=${EMT_LOCAL_DIR:-$ROOT/.local}/browser
AXE_VERSION=4.11.0
say() { printf '[browser] %s\n' "$*"; }

if ! command -v chromium >/dev/null 2>&1; then
  say "installing Debian's chromium (and Noto fonts for Vietnamese) with apt..."
  if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
  $SUDO apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium fonts-noto-core >/dev/null
fi
if [ ! -f "$STATE/axe.min.js" ]; then
  say "fetching axe-core $AXE_VERSION from the npm registry (first run only)..."
  mkdir -p "$STATE/npm"
  (cd "$STATE/npm" && npm pack --silent "axe-core@$AXE_VERSION" >/dev/null && tar xzf "axe-core-$AXE_VERSION.tgz")
  cp "$STATE/npm/package/axe.min.js" "$STATE/axe.min.js"
fi
say "chromium: $(command -v chromium); axe-core: $STATE/axe.min.js"
