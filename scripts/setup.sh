#!/usr/bin/env bash
# Installs what building and testing Mnemo needs on a fresh Debian 12 / Ubuntu machine.
# Idempotent: installs only what is missing. Nothing here downloads a model or a toolchain.
set -euo pipefail
source "$(dirname "$0")/env.sh"

need=()
command -v protoc >/dev/null 2>&1 || need+=(protobuf-compiler)
command -v pkg-config >/dev/null 2>&1 || need+=(pkg-config)
dpkg -s libssl-dev >/dev/null 2>&1 || need+=(libssl-dev)
if [ ${#need[@]} -gt 0 ]; then
  echo "setup: installing ${need[*]}"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi
command -v cargo >/dev/null 2>&1 || { echo "setup: cargo is missing; install Rust (rustup) first" >&2; exit 1; }
