#!/bin/sh
# Install UnionDesk for the current user from the unpacked tarball (no root needed):
#   tar xf UnionDesk-<version>-linux-x86_64.tar.xz && UnionDesk/install.sh
# Uninstall: UnionDesk/install.sh --uninstall   (your data in ~/.local/share/UnionDesk is kept)
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
PREFIX=${PREFIX:-$HOME/.local}
APPDIR=$PREFIX/lib/uniondesk
if [ "${1:-}" = "--uninstall" ]; then
    rm -rf "$APPDIR" "$PREFIX/bin/uniondesk" "$PREFIX/share/applications/uniondesk.desktop" \
        "$PREFIX/share/mime/packages/uniondesk-mime.xml"
    for s in 16 24 32 48 64 128 256 512; do rm -f "$PREFIX/share/icons/hicolor/${s}x${s}/apps/uniondesk.png"; done
    update-mime-database "$PREFIX/share/mime" 2>/dev/null || true
    echo "UnionDesk removed. Your data folder ~/.local/share/UnionDesk was kept."
    exit 0
fi
mkdir -p "$PREFIX/lib" "$PREFIX/bin" "$PREFIX/share/applications" "$PREFIX/share/mime/packages"
if [ "$HERE" != "$APPDIR" ]; then rm -rf "$APPDIR"; cp -a "$HERE" "$APPDIR"; fi
ln -sf "$APPDIR/uniondesk" "$PREFIX/bin/uniondesk"
cp "$APPDIR/share/uniondesk.desktop" "$PREFIX/share/applications/"
cp "$APPDIR/share/uniondesk-mime.xml" "$PREFIX/share/mime/packages/"
for s in 16 24 32 48 64 128 256 512; do
    mkdir -p "$PREFIX/share/icons/hicolor/${s}x${s}/apps"
    cp "$APPDIR/_internal/resources/icons/uniondesk-$s.png" "$PREFIX/share/icons/hicolor/${s}x${s}/apps/uniondesk.png"
done
update-mime-database "$PREFIX/share/mime" 2>/dev/null || true
update-desktop-database "$PREFIX/share/applications" 2>/dev/null || true
echo "UnionDesk installed: menu entry 工会工作台, command $PREFIX/bin/uniondesk"
