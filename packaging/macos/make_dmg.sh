#!/bin/sh
# Wrap dist/UnionDesk.app (built by `pyinstaller packaging/uniondesk.spec` on macOS) into a drag-to-Applications
# disk image: dist/UnionDesk-<version>-macos-<arch>.dmg. Needs macOS (hdiutil).
# The .app carries the .udbundle document type (Info.plist from packaging/specdata.py:macos_info_plist).
# Signing: PyInstaller signs ad hoc; without a Developer ID and notarisation Gatekeeper asks the user to confirm
# the first start (right-click → Open). With a Developer ID set MACOS_SIGN_IDENTITY and it is used here.
set -eu
cd "$(dirname "$0")/../.."
PY=${PYTHON:-python3}
VERSION=$("$PY" -c 'import tomllib; print(tomllib.load(open("pyproject.toml", "rb"))["project"]["version"])')
APP=dist/UnionDesk.app
test -d "$APP" || { echo "$APP not found: run pyinstaller packaging/uniondesk.spec first"; exit 1; }
if [ -n "${MACOS_SIGN_IDENTITY:-}" ]; then
    codesign --force --deep --options runtime --timestamp -s "$MACOS_SIGN_IDENTITY" "$APP"
fi
STAGE=$(mktemp -d)
trap 'rm -rf "$STAGE"' EXIT
cp -R "$APP" "$STAGE/"
ln -s /Applications "$STAGE/Applications"
DMG=dist/UnionDesk-$VERSION-macos-$(uname -m).dmg
rm -f "$DMG"
hdiutil create -volname "UnionDesk $VERSION" -srcfolder "$STAGE" -fs HFS+ -format UDZO -ov "$DMG"
echo "built: $DMG ($(du -sm "$DMG" | cut -f1) MB; app folder $(du -sm "$APP" | cut -f1) MB)"
