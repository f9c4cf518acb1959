# Shared by the desktop tests; source it after setting NAME (the test's name) and DISPLAY_BASE:
# the binaries, a work folder removed at exit, a private X display under Xvfb, failing with a
# screenshot, and finding the app's windows by their titles.
source "$(dirname "${BASH_SOURCE[0]}")/../../scripts/env.sh"
APP="${MNEMO_APP_BIN:-$CARGO_TARGET_DIR/debug/mnemo-app}"
MNEMO="${MNEMO_BIN:-$CARGO_TARGET_DIR/debug/mnemo}"
OUT="$ROOT/test-results"
mkdir -p "$OUT"
for b in "$APP" "$MNEMO"; do
  [ -x "$b" ] || { echo "$NAME: $b is missing (cargo test --workspace builds it)" >&2; exit 1; }
done

work=$(mktemp -d)
export DISPLAY=":$(( DISPLAY_BASE + RANDOM % 100 ))"
cleanup() {
  [ -n "${app_pid:-}" ] && kill "$app_pid" 2>/dev/null || true
  [ -n "${xvfb_pid:-}" ] && kill "$xvfb_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
fail() {
  echo "$NAME: $*" >&2
  import -window root "$OUT/desktop-$NAME-failure.png" 2>/dev/null || true
  tail -20 "$work/app.log" >&2 || true
  exit 1
}

start_xvfb() {
  Xvfb "$DISPLAY" -screen 0 1440x900x24 -nolisten tcp >"$work/xvfb.log" 2>&1 &
  xvfb_pid=$!
  for _ in $(seq 50); do xdpyinfo >/dev/null 2>&1 && break; sleep 0.1; done
}

# Waits (up to $2 seconds, default 120) for the window titled "Mnemo — N memories" with N
# matching the pattern $1; prints the title. Fails at once if the app exits.
wait_title() {
  local t="" tries=$(( ${2:-120} * 2 ))
  for _ in $(seq "$tries"); do
    kill -0 "$app_pid" 2>/dev/null || fail "the app exited"
    t=$(xdotool search --onlyvisible --name '^Mnemo — ' getwindowname 2>/dev/null | head -1 || true)
    [[ "$t" =~ ^Mnemo\ —\ $1\ memories$ ]] && { echo "$t"; return 0; }
    sleep 0.5
  done
  fail "no window titled 'Mnemo — $1 memories' within ${2:-120} s (last: '$t')"
}

# The id of the visible window named $1 (a pattern), waiting up to 10 s; $2 says what it is for.
window() {
  for _ in $(seq 40); do
    w=$(xdotool search --onlyvisible --name "$1" 2>/dev/null | head -1 || true)
    [ -n "$w" ] && { echo "$w"; return 0; }
    sleep 0.25
  done
  fail "no window named '$1'${2:+ ($2)}"
}
focus_main() { xdotool windowfocus --sync "$(window '^Mnemo — ')"; }
