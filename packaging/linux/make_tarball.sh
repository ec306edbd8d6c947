#!/usr/bin/env bash
# Turn the PyInstaller one-folder bundle into si-desktop-VERSION-linux-ARCH.tar.gz with an
# install.sh that installs it for the current user under ~/.local (and uninstalls it).
#
#   packaging/linux/make_tarball.sh [BUNDLE_DIR [OUT_DIR]]
#
# BUNDLE_DIR defaults to dist/si-desktop, OUT_DIR to dist. Run from anywhere; needs the
# generated icons (packaging/build_icons.py, which the spec runs) and $PYTHON (default
# python3) with PySide6 only when they are missing.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
app_id="io.github.sidesktop.SiDesktop"
bundle="$(realpath "${1:-$root/dist/si-desktop}")"
out="$(mkdir -p "${2:-$root/dist}" && realpath "${2:-$root/dist}")"

if [[ ! -x "$bundle/si-desktop" ]]; then
    echo "make_tarball.sh: no built bundle at $bundle (run pyinstaller packaging/si-desktop.spec)" >&2
    exit 1
fi
icons="$root/packaging/icons/hicolor"
if [[ ! -d "$icons" ]]; then
    "${PYTHON:-python3}" "$root/packaging/build_icons.py"
fi
version="$(sed -n 's/^__version__ = "\(.*\)"$/\1/p' "$root/si_desktop/__init__.py")"
name="si-desktop-$version-linux-$(uname -m)"

staging="$(mktemp -d)"
trap 'rm -rf "$staging"' EXIT
top="$staging/$name"
mkdir -p "$top/share/applications" "$top/share/metainfo" "$top/share/icons"
cp -a "$bundle" "$top/app"
cp "$root/packaging/linux/$app_id.desktop" "$top/share/applications/"
cp "$root/packaging/linux/$app_id.metainfo.xml" "$top/share/metainfo/"
cp -a "$icons" "$top/share/icons/hicolor"
cp "$root/LICENSE" "$top/LICENSE"

cat > "$top/install.sh" <<'INSTALL'
#!/usr/bin/env bash
# Install si-desktop for the current user, or remove it again.
#
#   ./install.sh                 install under ~/.local (or $PREFIX)
#   ./install.sh --uninstall     remove it (also: ~/.local/lib/si-desktop/uninstall.sh)
#
# The program goes to PREFIX/lib/si-desktop, a link to PREFIX/bin/si-desktop, the menu entry,
# AppStream data and icons to PREFIX/share. Your data folder (~/.local/share/si-desktop) and
# API keys in the keychain are never touched, not even by --uninstall.
set -euo pipefail
app_id="io.github.sidesktop.SiDesktop"
prefix="${PREFIX:-$HOME/.local}"
lib="$prefix/lib/si-desktop"
share="$prefix/share"
here="$(cd "$(dirname "$0")" && pwd)"

refresh_caches() {
    if command -v update-desktop-database >/dev/null 2>&1; then
        update-desktop-database -q "$share/applications" || true
    fi
    if command -v gtk-update-icon-cache >/dev/null 2>&1; then
        gtk-update-icon-cache -q -t -f "$share/icons/hicolor" || true
    fi
}

uninstall() {
    local manifest="$lib/installed-files.txt"
    if [[ -f "$manifest" ]]; then
        while IFS= read -r file; do
            rm -f "$file"
        done < "$manifest"
    fi
    if [[ -L "$prefix/bin/si-desktop" ]]; then
        rm -f "$prefix/bin/si-desktop"
    fi
    rm -rf "$lib"
    refresh_caches
    echo "si-desktop removed from $prefix (your data folder is left in place)"
}

if [[ "${1:-}" == "--uninstall" || "$(basename "$0")" == "uninstall.sh" ]]; then
    uninstall
    exit 0
elif [[ $# -gt 0 ]]; then
    echo "usage: $0 [--uninstall]" >&2
    exit 2
fi

case "$lib" in
    *'"'* | *'`'* | *'$'* | *'\'*)
        echo "install.sh: PREFIX may not contain quotes, backquotes, \$ or backslashes" >&2
        exit 2
        ;;
esac

if [[ -d "$lib" ]]; then
    "$lib/uninstall.sh" >/dev/null 2>&1 || rm -rf "$lib"
fi
mkdir -p "$prefix/bin" "$prefix/lib" "$share/applications" "$share/metainfo" "$share/icons"
cp -a "$here/app" "$lib"
cp "$here/install.sh" "$lib/uninstall.sh"
ln -sfn "$lib/si-desktop" "$prefix/bin/si-desktop"

manifest="$lib/installed-files.txt"
: > "$manifest"
desktop="$share/applications/$app_id.desktop"
# The menu must start the program even when PREFIX/bin is not on the session's PATH.
sed -e "s|^Exec=si-desktop|Exec=\"$lib/si-desktop\"|" \
    -e "s|^TryExec=si-desktop|TryExec=$lib/si-desktop|" \
    "$here/share/applications/$app_id.desktop" > "$desktop"
echo "$desktop" >> "$manifest"
cp "$here/share/metainfo/$app_id.metainfo.xml" "$share/metainfo/"
echo "$share/metainfo/$app_id.metainfo.xml" >> "$manifest"
(cd "$here/share/icons" && find hicolor -type f) | while IFS= read -r icon; do
    mkdir -p "$(dirname "$share/icons/$icon")"
    cp "$here/share/icons/$icon" "$share/icons/$icon"
    echo "$share/icons/$icon" >> "$manifest"
done
refresh_caches

echo "si-desktop installed in $lib"
echo "start it from the applications menu, or run: $prefix/bin/si-desktop"
echo "remove it with: $lib/uninstall.sh"
INSTALL
chmod +x "$top/install.sh"

tarball="$out/$name.tar.gz"
tar -C "$staging" --owner=0 --group=0 --numeric-owner -czf "$tarball" "$name"
echo "$tarball ($(du -h "$tarball" | cut -f1))"
