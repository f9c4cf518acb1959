# Sourced by the other scripts: where Cargo builds, and the system packages the build needs.
# Cargo's target directory lives outside the clone, so fresh clones reuse one warm build.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/mnemo/target}"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export ROOT
# The agent tests' Python virtualenv (MCP SDK, schemathesis), also outside the clone.
export MNEMO_VENV="${MNEMO_VENV:-$HOME/.cache/mnemo/venv}"
