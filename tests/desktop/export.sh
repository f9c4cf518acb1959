#!/usr/bin/env bash
# Exporting from the real desktop app, driven by the keyboard in a real X display (Xvfb), on a
# store of known content (two spaces, a note with a property, a link): the palette's "Export…"
# opens the Export dialog; Mnemo JSONL of everything goes to a file typed into GTK's save dialog
# and imports back into a fresh store as it was; a Markdown vault goes into a new folder, one note
# per memory in a folder per space, with [[links]] and the property in the front matter, and
# imports back; GraphML and Cytoscape JSON are well formed with a node per memory; a vault into a
# folder that is not empty is refused with an error toast and writes nothing there, and the
# dialog stays open to pick an empty folder instead.
set -euo pipefail
NAME=export DISPLAY_BASE=400
source "$(dirname "$0")/lib.sh"
started=$(date +%s)

# The store: two memories in "garden" (one with a property, a tag and a link to the other), one
# in "errands"; the tag makes an entity. What it holds, as the CLI exports it, is the reference.
cat >"$work/seed.jsonl" <<'EOF'
{"text": "the orchard plan: plant apple trees along the south wall", "title": "orchard plan", "external_id": "orchard", "space": "garden", "tags": ["trees"], "properties": {"status": "draft"}, "links": [{"to": "pruning", "relation": "needs"}]}
{"text": "pruning is best done in late winter, before the buds open", "title": "pruning", "external_id": "pruning", "space": "garden"}
{"text": "renew the library card before the end of the month", "title": "library card", "external_id": "library", "space": "errands"}
EOF
"$MNEMO" --db "$work/store" import "$work/seed.jsonl" >/dev/null
"$MNEMO" --db "$work/store" export >"$work/reference.jsonl"
n=$(wc -l <"$work/reference.jsonl")
[ "$n" -ge 3 ] || fail "the seed imported only $n memories with the CLI"

# Questions about JSONL exports and GraphML/Cytoscape files, answered by Python's standard library.
py() { python3 - "$@"; }
ids() { # the sorted ids of a JSONL export
  py "$1" <<'EOF'
import json, sys
print(" ".join(sorted(json.loads(l)["id"] for l in open(sys.argv[1]) if l.strip())))
EOF
}
links() { # how many links a JSONL export holds
  py "$1" <<'EOF'
import json, sys
print(sum(len(json.loads(l).get("links", [])) for l in open(sys.argv[1]) if l.strip()))
EOF
}
property() { # the properties of the memory titled $2 in a JSONL export, as compact JSON
  py "$1" "$2" <<'EOF'
import json, sys
for l in open(sys.argv[1]):
    m = json.loads(l)
    if m.get("title") == sys.argv[2] and m.get("kind") != "entity":
        print(json.dumps(m.get("properties", {}), separators=(",", ":"), sort_keys=True))
EOF
}
edges=$(links "$work/reference.jsonl")
[ "$(property "$work/reference.jsonl" "orchard plan")" = '{"status":"draft"}' ] || fail "the seed lost its property"

start_xvfb

# A store the person chose (the history names it): no demo memory, the title counts the seed's.
printf '{"current": "%s", "recent": []}\n' "$work/store" >"$work/stores.json"
unset MNEMO_DB
export MNEMO_STORES_FILE="$work/stores.json" MNEMO_TOKEN_FILE="$work/token" MNEMO_PORT=0
export WEBKIT_DISABLE_DMABUF_RENDERER=1 LIBGL_ALWAYS_SOFTWARE=1
"$APP" >"$work/app.log" 2>&1 &
app_pid=$!

# Whether a window named $1 shows within $2 seconds.
shows() {
  for _ in $(seq $(( $2 * 4 ))); do
    xdotool search --onlyvisible --name "$1" >/dev/null 2>&1 && return 0
    sleep 0.25
  done
  return 1
}
gone() { # waits for the window named $1 to close
  for _ in $(seq 40); do
    xdotool search --onlyvisible --name "$1" >/dev/null 2>&1 || return 0
    sleep 0.25
  done
  fail "the window named '$1' stayed open"
}
# The palette (Ctrl+K) with "export" typed: its first command is "Export…".
palette_export() {
  focus_main
  xdotool key ctrl+k
  sleep 0.6
  xdotool type --delay 15 "export"
  sleep 0.4
}
# Opens the Export dialog from the palette, the command taken by Tab and Space (a click); then
# picks the format $1 places below Mnemo JSONL in the list (0 JSONL, 1 GraphML, 2 Cytoscape JSON,
# 3 Markdown vault) with the arrow keys. The dialog opens with the keyboard on its Export button:
# four Shift+Tabs back (Cancel, the scope, the space's menu) reach the format.
choose_format() {
  palette_export
  xdotool key Tab
  sleep 0.2
  xdotool key space
  sleep 1
  xdotool key shift+Tab shift+Tab shift+Tab shift+Tab
  sleep 0.2
  for _ in $(seq "$1"); do xdotool key Down; sleep 0.1; done
  sleep 0.3
}
# Types a full path into GTK's save dialog titled $1 (its Name field has the keyboard, with the
# suggested name selected) and saves.
save_as() {
  xdotool windowfocus --sync "$(window "$1" "${3:-}")"
  xdotool key ctrl+a
  xdotool type --delay 20 "$2"
  sleep 0.4
  xdotool key Return
  gone "$1"
}
pick_folder() { # dialog title, folder (new or not), a screenshot of the dialog as it opens
  local d
  d=$(window "$1" "the Markdown vault was not the format chosen?")
  xdotool windowfocus --sync "$d"
  if [ -n "${3:-}" ]; then sleep 0.5; import -window root "$3"; fi
  # A "/" opens GTK's location field; keys typed before it shows are lost.
  xdotool type "/"
  sleep 0.7
  xdotool type --delay 20 "${2#/}"
  sleep 0.6
  # GTK completes the name typed inline (a folder's only child, selected): drop the completion.
  xdotool key Delete
  sleep 0.2
  xdotool key Return
  gone "$1"
}
# Pixels of an error toast's red edge in the bottom right corner of a screenshot.
red_pixels() {
  convert "$1" -crop 720x300+720+600 +repage -fuzz 10% -fill 'srgb(255,0,255)' -opaque 'srgb(214,69,69)' \
    -fuzz 0 -fill black +opaque 'srgb(255,0,255)' -fill white -opaque 'srgb(255,0,255)' \
    -colorspace gray -format '%[fx:round(mean*w*h)]' info:
}
# Waits up to 10 s for the export to reach $1: the app writes it (by rename) after the save
# dialog has closed, so the file can lag the dialog by a moment on a busy machine.
written() { for _ in $(seq 40); do [ -s "$1" ] && return 0; sleep 0.25; done; return 1; }
snapshot() { (cd "$1" && find . -printf '%p %y %s %m\n' | sort && find . -type f -exec md5sum {} + | sort); }

t=$(wait_title "$n"); echo "export: launched on a store of $n memories: $t"
sleep 2 # the layout settles
mkdir -p "$work/exports"

# 1. Palette → Export… with Enter: the dialog opens on Mnemo JSONL and everything, its Export
# button has the keyboard, and Enter again goes on to the save dialog.
# An app whose UI (ui/dist, built into it) predates the last change to ExportDialog.tsx has the
# dialog press its own button on the keypress of the Enter that opened it, straight on to the save
# dialog: a warning. With a UI built since (and an app built since that UI), a failure.
palette_export
xdotool key Return
if shows '^Export as ' 2; then
  dialog_tsx="$ROOT/ui/src/views/export/ExportDialog.tsx"
  changed=$(git -C "$ROOT" log -1 --format=%ct -- "$dialog_tsx" 2>/dev/null || echo 0)
  [ "$(stat -c %Y "$dialog_tsx")" -gt "${changed:-0}" ] && changed=$(stat -c %Y "$dialog_tsx")
  ui_built=$(stat -c %Y "$ROOT/ui/dist/index.html" 2>/dev/null || echo 0)
  if [ "$ui_built" -gt "$changed" ] && [ "$(stat -c %Y "$APP")" -ge "$ui_built" ]; then
    fail "Enter on the palette's Export… skipped the Export dialog and opened the save dialog at once"
  fi
  echo "export: WARNING: this app's UI predates the last change to ExportDialog.tsx: Enter on the palette's Export… skipped the Export dialog (rebuild ui/dist and the app)" >&2
else
  import -window root "$OUT/desktop-export-dialog.png"
  xdotool key Return
fi
save_as '^Export as Mnemo JSONL$' "$work/exports/all.jsonl" "the Mnemo JSONL of everything"
sleep 1.5 # the toast
import -window root "$OUT/desktop-export-jsonl.png"
f="$work/exports/all.jsonl"
written "$f" || fail "no JSONL was written to $f"
[ "$(wc -l <"$f")" -eq "$n" ] || fail "the JSONL has $(wc -l <"$f") lines for $n memories"
[ "$(ids "$f")" = "$(ids "$work/reference.jsonl")" ] || fail "the JSONL does not hold the store's memories"
ls "$work/exports" | grep -v '^all.jsonl$' && fail "the export left files beside its target"
"$MNEMO" --db "$work/from-jsonl" import "$f" >/dev/null
"$MNEMO" --db "$work/from-jsonl" export >"$work/from-jsonl.jsonl"
[ "$(ids "$work/from-jsonl.jsonl")" = "$(ids "$work/reference.jsonl")" ] || fail "the JSONL imported into a fresh store did not give back the same $n memories"
[ "$(links "$work/from-jsonl.jsonl")" -eq "$edges" ] || fail "the JSONL imported back with $(links "$work/from-jsonl.jsonl") links, not $edges"
[ "$(property "$work/from-jsonl.jsonl" "orchard plan")" = '{"status":"draft"}' ] || fail "the property did not survive the JSONL round trip"
[ "$(stat -c %a "$f")" = 644 ] || fail "the export is mode $(stat -c %a "$f"), not an ordinary file of the person's (644)"
echo "export: Mnemo JSONL: $n lines, $(stat -c %s "$f") bytes (mode $(stat -c %a "$f")); imported back: the same $n memories, $edges links and the property"

# 2. Markdown vault into a new folder: a note per memory, in a folder per space.
choose_format 3
import -window root "$OUT/desktop-export-vault-dialog.png"
xdotool key Return
v="$work/exports/vault"
pick_folder '^Choose a new or empty folder for the vault$' "$v" "$OUT/desktop-export-vault-picker.png"
for _ in $(seq 40); do [ -d "$v" ] && break; sleep 0.25; done
sleep 1.5
import -window root "$OUT/desktop-export-vault.png"
[ -d "$v" ] || fail "no vault was written to $v"
notes=$(find "$v" -type f -name '*.md' | wc -l)
[ "$notes" -eq "$n" ] || fail "the vault has $notes notes for $n memories: $(find "$v" -type f)"
# The space of each memory, as the notes' folders say it and as the store says it.
by_folder=$(cd "$v" && find . -type f -name '*.md' -printf '%h\n' | sed 's|^\./||' | sort | uniq -c | tr -s ' ')
by_space=$(py "$work/reference.jsonl" <<'EOF' | sort | uniq -c | tr -s ' '
import json, sys
for l in open(sys.argv[1]):
    print(json.loads(l).get("space") or "default")
EOF
)
[ "$by_folder" = "$by_space" ] || fail "notes by folder ($by_folder) are not memories by space ($by_space)"
note="$v/garden/orchard plan.md"
[ -f "$note" ] || fail "no note garden/orchard plan.md: $(find "$v" -type f)"
front=$(awk 'NR == 1 && $0 == "---" { inside = 1; next } inside && $0 == "---" { exit } inside' "$note")
grep -Eq '^"?status"?: "?draft"?$' <<<"$front" || fail "no status: draft in the note's front matter: $front"
grep -q '^mnemo:$' <<<"$front" || fail "no mnemo: block in the note's front matter: $front"
grep -Eq '^  id: "?[0-9a-f-]{36}"?$' <<<"$front" || fail "no id under mnemo: in the note's front matter: $front"
grep -Eq '^  space: "?garden"?$' <<<"$front" || fail "no space under mnemo: in the note's front matter: $front"
grep -q '\[\[pruning\]\]' "$note" || fail "no [[pruning]] link in the note: $(cat "$note")"
ls -a "$work/exports" | grep -q '^\.mnemo-export-' && fail "the vault export left its staging folder behind"
"$MNEMO" --db "$work/from-vault" import "$v" >/dev/null
"$MNEMO" --db "$work/from-vault" export >"$work/from-vault.jsonl"
# Every memory comes back with its kind (a note's mnemo: block keeps it), and nothing else: a
# [[link]] or a tag names a memory of the vault there.
titles() { py "$1" "$2" <<'EOF'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
print(" | ".join(sorted((r.get("title") or "") + " (" + r.get("kind", "") + ")" for r in rows if r.get("kind") in sys.argv[2].split(","))))
EOF
}
back=$(titles "$work/from-vault.jsonl" episode,fact,entity,note,summary)
want=$(titles "$work/reference.jsonl" episode,fact,entity,note,summary)
[ "$back" = "$want" ] || fail "the vault imported back as [$back], not [$want]"
[ "$(wc -l <"$work/from-vault.jsonl")" -eq "$n" ] || fail "the vault imported back as $(wc -l <"$work/from-vault.jsonl") memories, not $n: $(titles "$work/from-vault.jsonl" episode,fact,entity,note,summary)"
[ "$(property "$work/from-vault.jsonl" "orchard plan")" = '{"status":"draft"}' ] || fail "the property did not survive the vault round trip"
echo "export: Markdown vault: $notes notes in folders by space ($(echo $by_folder)); imported back: the same $n, each of its kind, and the property"

# 3. GraphML and Cytoscape JSON: well formed, a node per memory, an edge per link.
choose_format 1
xdotool key Return
save_as '^Export as GraphML$' "$work/exports/graph.graphml" "GraphML was not the format chosen?"
sleep 1.5
import -window root "$OUT/desktop-export-graphml.png"
g="$work/exports/graph.graphml"
written "$g" || fail "no GraphML was written to $g"
counts=$(py "$g" <<'EOF'
import sys, xml.dom.minidom
d = xml.dom.minidom.parse(sys.argv[1])
print(len(d.getElementsByTagName("node")), len(d.getElementsByTagName("edge")))
EOF
) || fail "the GraphML is not well-formed XML"
[ "$counts" = "$n $edges" ] || fail "the GraphML has (nodes edges) $counts, not $n $edges"
echo "export: GraphML: well formed, $n nodes and $edges edges"

choose_format 2
xdotool key Return
save_as '^Export as Cytoscape JSON$' "$work/exports/graph.json" "Cytoscape JSON was not the format chosen?"
c="$work/exports/graph.json"
written "$c" || fail "no Cytoscape JSON was written to $c"
counts=$(py "$c" <<'EOF'
import json, sys
e = json.load(open(sys.argv[1]))["elements"]
print(len(e["nodes"]), len(e["edges"]))
EOF
) || fail "the Cytoscape JSON does not parse as {elements: {nodes, edges}}"
[ "$counts" = "$n $edges" ] || fail "the Cytoscape JSON has (nodes edges) $counts, not $n $edges"
echo "export: Cytoscape JSON: $n nodes and $edges edges"

# 4. A vault into a folder that is not empty: an error toast, nothing written there (nor beside
# it), the dialog stays; then an empty folder, from the same dialog, takes the vault.
full="$work/exports/notes"
mkdir -p "$full/sub"
echo "# my own note" >"$full/mine.md"
echo "keep me" >"$full/sub/keep.txt"
before=$(snapshot "$full")
listing=$(ls -a "$work/exports")
sleep 4 # the earlier toasts go
choose_format 3
xdotool key Return
pick_folder '^Choose a new or empty folder for the vault$' "$full"
sleep 1.5
import -window root "$OUT/desktop-export-error.png"
kill -0 "$app_pid" 2>/dev/null || fail "the app exited on a folder that is not empty"
[ "$(snapshot "$full")" = "$before" ] || fail "the folder that is not empty was changed: $(snapshot "$full")"
[ "$(ls -a "$work/exports")" = "$listing" ] || fail "the refused export left something beside the folder: $(ls -a "$work/exports")"
red=$(red_pixels "$OUT/desktop-export-error.png")
[ "$red" -ge 100 ] || fail "no error toast on screen (only $red red pixels where it shows)"
echo "export: a vault into a folder that is not empty was refused with an error toast ($red px of its red edge); the folder is unchanged"

empty="$work/exports/empty"
mkdir "$empty"
# The dialog is still open on Markdown vault: Enter picks a folder again.
focus_main
xdotool key Return
pick_folder '^Choose a new or empty folder for the vault$' "$empty"
for _ in $(seq 40); do [ -n "$(ls -A "$empty" 2>/dev/null)" ] && break; sleep 0.25; done
sleep 1.5
import -window root "$OUT/desktop-export-vault-retry.png"
notes=$(find "$empty" -type f -name '*.md' | wc -l)
[ "$notes" -eq "$n" ] || fail "the empty folder got $notes notes for $n memories"
[ "$(snapshot "$full")" = "$before" ] || fail "the folder that is not empty was changed afterwards"
echo "export: then, from the same dialog, an empty folder took the vault ($notes notes)"

wait_title "$n" 2 >/dev/null
echo "export: ok in $(( $(date +%s) - started )) s (test-results/desktop-export-*.png)"
