#!/usr/bin/env bash
# Installs what building and testing Mnemo needs on a fresh Debian 12 / Ubuntu machine:
# system packages (apt) and the npm packages of the UI and the browser tests.
# Idempotent: installs only what is missing. Nothing here downloads a model, a browser or a toolchain.
set -euo pipefail
source "$(dirname "$0")/env.sh"

need=()
have() { dpkg -s "$1" >/dev/null 2>&1; }
command -v protoc >/dev/null 2>&1 || need+=(protobuf-compiler)
command -v pkg-config >/dev/null 2>&1 || need+=(pkg-config)
# The desktop shell (Tauri 2 on WebKitGTK), its smoke test under Xvfb, Chromium for the UI tests,
# and mksquashfs for the AppImage.
for p in libssl-dev libwebkit2gtk-4.1-dev libgtk-3-dev librsvg2-dev xvfb xauth x11-utils xdotool imagemagick chromium squashfs-tools; do
  have "$p" || need+=("$p")
done
if [ ${#need[@]} -gt 0 ]; then
  echo "setup: installing ${need[*]}"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi
command -v cargo >/dev/null 2>&1 || { echo "setup: cargo is missing; install Rust (rustup) first" >&2; exit 1; }
command -v npm >/dev/null 2>&1 || { echo "setup: npm is missing; install Node.js 20+ first" >&2; exit 1; }

# npm packages at the versions of the lock files; skipped when already in place. (`npm install`
# rather than `npm ci`: npm 11's `ci` rejects lock files that list platform-specific optional
# packages, such as rollup's, only for the platform they were made on.)
npm_ci() {
  local dir="$1"
  if [ ! -d "$dir/node_modules" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
    echo "setup: npm install in ${dir#$ROOT/}"
    (cd "$dir" && npm install --no-audit --no-fund --loglevel=error)
  fi
}
npm_ci "$ROOT"
npm_ci "$ROOT/ui"

# The agent tests' Python packages (the official MCP SDK, schemathesis), pinned, in a virtualenv
# outside the clone. Debian's python3 needs python3-venv for it.
if [ ! -x "$MNEMO_VENV/bin/python" ]; then
  python3 -m venv "$MNEMO_VENV" 2>/dev/null || {
    SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    $SUDO apt-get install -y -qq python3-venv >/dev/null && python3 -m venv "$MNEMO_VENV"
  }
fi
req="$ROOT/tests/agents/requirements.txt"
if [ ! -f "$MNEMO_VENV/.requirements" ] || ! cmp -s "$req" "$MNEMO_VENV/.requirements"; then
  echo "setup: pip install -r tests/agents/requirements.txt into $MNEMO_VENV"
  "$MNEMO_VENV/bin/pip" install -q --disable-pip-version-check -r "$req"
  cp "$req" "$MNEMO_VENV/.requirements"
fi
