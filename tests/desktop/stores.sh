#!/usr/bin/env bash
# Switching stores in the real desktop app, driven by the keyboard in a real X display (Xvfb):
# Ctrl+O and File → New Empty Store… open the folder picker; a folder that is not a store is
# refused with an error dialog and changes nothing; a store opens (the app restarts on it); a
# new empty store stays empty (no demo); the choice is remembered in the history file; a shared
# store on S3-compatible object storage (moto's S3 on loopback) opens by its URI from the palette.
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
  [ -n "${s3_pid:-}" ] && kill "$s3_pid" 2>/dev/null || true
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

# A bucket on loopback, and store D in it with the same three memories, written by the CLI. The
# app reaches it through the AWS_* variables, as a team member's would.
"$MNEMO_VENV/bin/python" "$ROOT/tests/agents/moto_s3.py" >"$work/s3.port" 2>/dev/null &
s3_pid=$!
for _ in $(seq 100); do [ -s "$work/s3.port" ] && break; sleep 0.1; done
export AWS_ENDPOINT="http://127.0.0.1:$(cat "$work/s3.port")" AWS_ALLOW_HTTP=true AWS_REGION=us-east-1 \
  AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test
"$MNEMO_VENV/bin/python" -c 'import boto3, os; boto3.client("s3", endpoint_url=os.environ["AWS_ENDPOINT"], region_name="us-east-1").create_bucket(Bucket="mnemo-desk")'
D=s3://mnemo-desk/team
"$MNEMO" --db "$D" import "$work/three.jsonl" >/dev/null

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

# 5. The palette's "Open a shared store on object storage…": the store menu opens with the URI
# field focused; the URI typed there opens D (the app restarts on it), remembered like a folder.
focus_main; xdotool key ctrl+k
sleep 0.6
xdotool type --delay 15 "shared store"
sleep 0.4
xdotool key Return
sleep 0.8
import -window root "$OUT/desktop-store-remote.png"
xdotool type --delay 15 "$D"
xdotool key Return
for _ in $(seq 120); do [ "$(current)" = "$D" ] && break; sleep 0.5; done
[ "$(current)" = "$D" ] || fail "the bucket's store was not remembered (current: $(current))"
t=$(wait_title 3); echo "stores: switched to the shared store $D: $t"
echo "stores: ok (test-results/desktop-store-error.png, desktop-stores.png, desktop-store-remote.png)"
