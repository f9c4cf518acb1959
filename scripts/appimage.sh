#!/usr/bin/env bash
# Builds an AppImage of the desktop app: one file that runs on a Linux machine without Mnemo's
# or WebKitGTK's packages. It carries the app binary (UI and model inside), WebKitGTK with its
# helper processes, and every library they load but those a desktop always has and that must
# match the machine (the C library, the GPU and X11 drivers, fonts; see `host_only`).
#   scripts/appimage.sh APP_BINARY OUT.AppImage
# MNEMO_APPIMAGE_COMP picks the image's compression: xz (default, smallest) or gzip (the tests'
# debug build: several times faster to make).
# The runtime in front of the image is AppImageKit's type-2 runtime from the crate `appimage` on
# crates.io (scripts/appimage/), fetched by cargo into its registry: nothing else is downloaded.
set -euo pipefail
source "$(dirname "$0")/env.sh"
app="$1"
out="$2"
[ -x "$app" ] || { echo "appimage: no app binary at $app" >&2; exit 1; }
command -v mksquashfs >/dev/null || { echo "appimage: mksquashfs is missing (scripts/setup.sh installs squashfs-tools)" >&2; exit 1; }

arch=$(dpkg-architecture -qDEB_HOST_MULTIARCH 2>/dev/null || echo x86_64-linux-gnu)
[ "$arch" = x86_64-linux-gnu ] || { echo "appimage: only x86_64 is supported (the runtime is x86_64)" >&2; exit 1; }
webkit="/usr/lib/$arch/webkit2gtk-4.1"
[ -x "$webkit/WebKitWebProcess" ] || { echo "appimage: WebKitGTK 4.1 is not installed at $webkit" >&2; exit 1; }

cargo fetch --locked --quiet --manifest-path "$ROOT/scripts/appimage/Cargo.toml"
runtime=$(ls "${CARGO_HOME:-$HOME/.cargo}"/registry/src/*/appimage-0.4.0/assets/runtime-x86_64 | head -1)
[ -f "$runtime" ] || { echo "appimage: the runtime did not arrive with the crate appimage 0.4.0" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
appdir="$work/Mnemo.AppDir"
lib="$appdir/usr/lib/$arch"
mkdir -p "$appdir/usr/bin" "$lib" "$appdir/usr/share/glib-2.0/schemas"

# The binary without symbols or debug sections (a debug build carries hundreds of MB of them).
objcopy --strip-all "$app" "$appdir/usr/bin/mnemo-app"
# WebKitGTK starts its web and network processes from a directory compiled into the library;
# they go at the same path inside the image, and the library is patched below to look there.
mkdir -p "$lib/webkit2gtk-4.1/injected-bundle"
cp "$webkit/WebKitWebProcess" "$webkit/WebKitNetworkProcess" "$lib/webkit2gtk-4.1/"
cp "$webkit/injected-bundle/libwebkit2gtkinjectedbundle.so" "$lib/webkit2gtk-4.1/injected-bundle/"

# Libraries every desktop has, which must be the machine's own: the C runtime, the GPU, X11 and
# Wayland client libraries (they must match the machine's drivers and server), fonts.
host_only='^(ld-linux.*|libc|libm|libmvec|libdl|libpthread|librt|libresolv|libutil|libanl|libnss_.*|libthread_db|libgcc_s|libstdc\+\+|libGL|libGLX|libGLdispatch|libEGL|libOpenGL|libgbm|libdrm|libglapi|libX11|libX11-xcb|libxcb|libwayland-.*|libfontconfig|libfreetype|libharfbuzz|libz|libexpat|libasound|libjack|libpulse|libuuid|libcom_err|libgpg-error)\.so'
# ldd lists what each file loads, directly or through other libraries: one pass finds them all.
copy_deps() {
  ldd "$@" | awk '/=> \// { print $3 }' | sort -u | while read -r path; do
    name=$(basename "$path")
    [[ "$name" =~ $host_only ]] && continue
    [ -e "$lib/$name" ] || cp -L "$path" "$lib/$name"
  done
}
copy_deps "$appdir/usr/bin/mnemo-app" "$lib/webkit2gtk-4.1/WebKitWebProcess" \
  "$lib/webkit2gtk-4.1/WebKitNetworkProcess" "$lib/webkit2gtk-4.1/injected-bundle/libwebkit2gtkinjectedbundle.so"

# The helpers' directory, patched in place to a path of the same length relative to the working
# directory, which AppRun sets to usr/ inside the image.
python3 - "$lib" "$webkit" <<'PY'
import sys, pathlib
lib, webkit = pathlib.Path(sys.argv[1]), sys.argv[2].encode()
relative = b"././" + webkit[len(b"/usr"):]
assert len(relative) == len(webkit)
for name in ("libwebkit2gtk-4.1.so.0", "libjavascriptcoregtk-4.1.so.0"):
    f = lib / name
    data = f.read_bytes()
    if webkit in data:
        f.write_bytes(data.replace(webkit, relative))
        print(f"appimage: {name}: {data.count(webkit)} path(s) to WebKit's helpers made relative", file=sys.stderr)
PY

# GTK's settings schemas (the file chooser aborts without them).
cp /usr/share/glib-2.0/schemas/gschemas.compiled "$appdir/usr/share/glib-2.0/schemas/"

cat >"$appdir/AppRun" <<'SH'
#!/bin/sh
# Runs the app on the libraries inside the image. The working directory becomes usr/ inside it,
# where WebKitGTK's patched library finds its helper processes.
here=$(dirname "$(readlink -f "$0")")
arch=x86_64-linux-gnu
case "${MNEMO_DB:-}" in ""|/*|*://*) ;; *) export MNEMO_DB="$PWD/$MNEMO_DB" ;; esac
export LD_LIBRARY_PATH="$here/usr/lib/$arch${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
export GSETTINGS_SCHEMA_DIR="$here/usr/share/glib-2.0/schemas"
export XDG_DATA_DIRS="$here/usr/share:${XDG_DATA_DIRS:-/usr/local/share:/usr/share}"
cd "$here/usr" || exit 1
exec "$here/usr/bin/mnemo-app" "$@"
SH
chmod +x "$appdir/AppRun"
cat >"$appdir/mnemo-app.desktop" <<'EOF'
[Desktop Entry]
Type=Application
Name=Mnemo
Comment=See, search and curate a memory graph
Exec=mnemo-app
Icon=mnemo-app
Categories=Office;
Terminal=false
EOF
cp "$ROOT/src-tauri/icons/128x128.png" "$appdir/mnemo-app.png"
ln -s mnemo-app.png "$appdir/.DirIcon"

mksquashfs "$appdir" "$work/image.squashfs" -root-owned -noappend -quiet -comp "${MNEMO_APPIMAGE_COMP:-xz}" >/dev/null
mkdir -p "$(dirname "$out")"
cat "$runtime" "$work/image.squashfs" >"$out"
chmod 755 "$out"
echo "appimage: $out ($(du -h "$out" | cut -f1); $(ls "$lib" | grep -c '\.so') libraries inside)" >&2
