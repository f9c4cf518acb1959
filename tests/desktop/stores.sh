#!/usr/bin/env bash
# Switching stores in the real desktop app, driven by the keyboard in a real X display (Xvfb):
# Ctrl+O and File → New Empty Store… open the folder picker; a folder that is not a store is
# refused with an error dialog and changes nothing; a store opens (the app restarts on it); a
# new empty store stays empty (no demo); the choice is remembered in the history file.
set -euo pipefail
NAME=stores DISPLAY_BASE=200
source "$(dirname "$0")/lib.sh"
cleanup() {
  # The app restarts itself on a switch: end whichever process owns a Mnemo window now.
  for w in $(xdotool search --name '^Mnemo' 2>/dev/null); do
    kill "$(xdotool getwindowpid "$w" 2>/dev/null)" 2>/dev/null || true
  done
  [ -n "${app_pid:-}" ] && kill "$app_pid" 2>/dev/null || true
  [ -n "${xvfb_pid:-}" ] && kill "$xvfb_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

start_xvfb

# Store B: three memories written by the CLI. A folder of other files. An empty folder for C.
printf '%s\n' '{"text": "first note about apples"}' '{"text": "second note about pears"}' \
  '{"text": "third note about plums"}' >"$work/three.jsonl"
"$MNEMO" --db "$work/B" import "$work/three.jsonl" >/dev/null
mkdir -p "$work/papers" "$work/C"
echo "not a store" >"$work/papers/readme.txt"

export MNEMO_STORES_FILE="$work/stores.json" MNEMO_TOKEN_FILE="$work/token" MNEMO_PORT=0
export WEBKIT_DISABLE_DMABUF_RENDERER=1 LIBGL_ALWAYS_SOFTWARE=1
MNEMO_DB="$work/A" "$APP" >"$work/app.log" 2>&1 &
app_pid=$!

# Waits for a window titled "Mnemo — N memories" with N matching the pattern; prints the title.
wait_title() {
  local t=""
  for _ in $(seq 240); do
    t=$(xdotool search --onlyvisible --name '^Mnemo — ' getwindowname 2>/dev/null | head -1 || true)
    [[ "$t" =~ ^Mnemo\ —\ $1\ memories$ ]] && { echo "$t"; return 0; }
    sleep 0.5
  done
  fail "no window titled 'Mnemo — $1 memories' (last: '$t')"
}
pick_folder() { # dialog title, folder
  local d
  d=$(window "$1")
  xdotool windowfocus --sync "$d"
  # A "/" opens GTK's location field; keys typed before it shows are lost.
  xdotool type "/"
  sleep 0.7
  xdotool type --delay 20 "${2#/}/"
  sleep 0.5
  xdotool key Return
}
current() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1])).get("current"))' "$MNEMO_STORES_FILE"; }

# 1. MNEMO_DB names a new store: the demo memory is imported.
t=$(wait_title '([3-9][0-9]|[1-9][0-9]{2,})'); echo "stores: launched on A: $t"

# 2. Ctrl+O on a folder of other files: an error dialog, nothing remembered, still on A.
focus_main; xdotool key ctrl+o
pick_folder '^Open a Mnemo store$' "$work/papers"
err=$(window '^Cannot open the store$')
[ "$(current)" = None ] || fail "a refused folder was remembered: $(current)"
kill -0 "$app_pid" 2>/dev/null || fail "the app exited on a refused folder"
import -window root "$OUT/desktop-store-error.png"
xdotool windowfocus --sync "$err"; xdotool key Return
echo "stores: a folder of other files was refused with an error dialog"

# 3. Ctrl+O on store B: the app restarts on it, and remembers it.
focus_main; xdotool key ctrl+o
pick_folder '^Open a Mnemo store$' "$work/B"
t=$(wait_title 3); echo "stores: switched to B: $t"
[ "$(current)" = "$work/B" ] || fail "B was not remembered (current: $(current))"
for _ in $(seq 20); do kill -0 "$app_pid" 2>/dev/null || break; sleep 0.25; done
kill -0 "$app_pid" 2>/dev/null && fail "the first process is still running after the switch"

# 4. File → New Empty Store… on an empty folder: a store is made there and stays empty.
focus_main; xdotool key F10 Down Down Return
pick_folder '^Choose an empty folder for the new store$' "$work/C"
for _ in $(seq 120); do [ "$(current)" = "$work/C" ] && break; sleep 0.5; done
[ "$(current)" = "$work/C" ] || fail "C was not remembered (current: $(current))"
wait_title 0 >/dev/null
[ -d "$work/C/memories.lance" ] || fail "no store was made in C"
sleep 3 # a demo import would show here
t=$(wait_title 0); echo "stores: new empty store C: $t"
import -window root "$OUT/desktop-stores.png"
echo "stores: ok (test-results/desktop-store-error.png, desktop-stores.png)"
