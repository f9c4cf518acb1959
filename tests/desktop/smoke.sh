#!/usr/bin/env bash
# The real desktop app in a real X display (Xvfb): the window opens on a fresh store, loads the
# demo memory through Tauri IPC, and draws the graph. The UI names the window after the number of
# memories it has drawn, so the title proves the round trip; a screenshot of the display proves
# pixels, and is kept in test-results/desktop.png for a person to look at.
set -euo pipefail
source "$(dirname "$0")/../../scripts/env.sh"
APP="${MNEMO_APP_BIN:-$CARGO_TARGET_DIR/debug/mnemo-app}"
OUT="$ROOT/test-results"
mkdir -p "$OUT"
[ -x "$APP" ] || { echo "smoke: $APP is missing (cargo test --workspace builds it)" >&2; exit 1; }

work=$(mktemp -d)
display=":$(( 90 + RANDOM % 100 ))"
cleanup() {
  [ -n "${app_pid:-}" ] && kill "$app_pid" 2>/dev/null || true
  [ -n "${xvfb_pid:-}" ] && kill "$xvfb_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

Xvfb "$display" -screen 0 1440x900x24 -nolisten tcp >"$work/xvfb.log" 2>&1 &
xvfb_pid=$!
for _ in $(seq 50); do xdpyinfo -display "$display" >/dev/null 2>&1 && break; sleep 0.1; done

# WebKitGTK renders in software here: no GPU, no compositor.
DISPLAY="$display" MNEMO_DB="$work/store" WEBKIT_DISABLE_DMABUF_RENDERER=1 LIBGL_ALWAYS_SOFTWARE=1 \
  "$APP" >"$work/app.log" 2>&1 &
app_pid=$!

title=""
for _ in $(seq 240); do
  if ! kill -0 "$app_pid" 2>/dev/null; then
    echo "smoke: the app exited early:" >&2; cat "$work/app.log" >&2; exit 1
  fi
  title=$(xwininfo -display "$display" -root -tree 2>/dev/null | grep -o '"Mnemo — [0-9,]* memories"' | head -1 || true)
  # The title first shows 0 while the snapshot loads.
  [ -n "$title" ] && [ "$(echo "$title" | tr -dc 0-9)" -gt 0 ] && break
  sleep 0.5
done
if [ -z "$title" ]; then
  echo "smoke: no window titled 'Mnemo — N memories' within 120 s; windows:" >&2
  xwininfo -display "$display" -root -tree | grep -i mnemo >&2 || true
  import -display "$display" -window root "$OUT/desktop.png" || true
  tail -30 "$work/app.log" >&2
  exit 1
fi
sleep 2 # let the layout settle for the screenshot
import -display "$display" -window root "$OUT/desktop.png"
count=$(echo "$title" | tr -dc 0-9)
# The demo memory has 26 memories plus the entities they mention.
if [ "$count" -le 26 ]; then
  # Say what the display and the app show now, to tell a slow first snapshot from a stale title.
  echo "smoke: the window showed only $count memories within 120 s; now:" >&2
  xwininfo -display "$display" -root -tree | grep -i mnemo >&2 || true
  tail -30 "$work/app.log" >&2
  exit 1
fi
# A drawn graph has many colours (nodes by kind, edges, labels); a blank or error page has few.
colours=$(convert "$OUT/desktop.png" -format %k info:)
[ "$colours" -gt 200 ] || { echo "smoke: the screenshot has only $colours colours: nothing drawn?" >&2; exit 1; }
echo "smoke: window $title, $colours colours on screen (test-results/desktop.png)"
