#!/bin/sh
# Build the Linux one-folder package, test the built program, make the tarball, report the sizes.
#   packaging/build_linux.sh [PYTHON]       (make package runs it with .venv/bin/python)
# Output: dist/UnionDesk/ (the program folder) and dist/UnionDesk-<version>-linux-<arch>.tar.xz
set -eu
PY=${1:-python3}
cd "$(dirname "$0")/.."
VERSION=$("$PY" -c 'import tomllib; print(tomllib.load(open("pyproject.toml", "rb"))["project"]["version"])')
ARCH=$(uname -m)

echo "== licence texts of what we ship"
"$PY" packaging/collect_licenses.py

echo "== PyInstaller (one folder)"
"$PY" -m PyInstaller --noconfirm --clean --log-level WARN \
    --distpath dist --workpath build/pyinstaller packaging/uniondesk.spec
APP=dist/UnionDesk
mkdir -p "$APP/share"
cp packaging/linux/uniondesk.desktop packaging/linux/uniondesk-mime.xml "$APP/share/"
cp packaging/linux/install.sh "$APP/install.sh"

echo "== testing the built program (offscreen, in a scratch home)"
SCRATCH=$(mktemp -d)
trap 'rm -rf "$SCRATCH"' EXIT
# the databases are encrypted: unattended creation reads the recovery passphrase from a file (no keyring here)
printf 'package-selftest-passphrase\n' > "$SCRATCH/passphrase.txt"
run() {
    env -u UNIONDESK_DATA_DIR HOME="$SCRATCH/home" XDG_DATA_HOME="$SCRATCH/xdg/data" \
        XDG_CONFIG_HOME="$SCRATCH/xdg/config" XDG_STATE_HOME="$SCRATCH/xdg/state" XDG_CACHE_HOME="$SCRATCH/xdg/cache" \
        QT_QPA_PLATFORM=offscreen PYTHON_KEYRING_BACKEND=keyring.backends.fail.Keyring \
        UNIONDESK_PASSPHRASE_FILE="$SCRATCH/passphrase.txt" "$APP/uniondesk" "$@"
}
test "$(run --version)" = "UnionDesk $VERSION" || { echo "version mismatch: $(run --version)"; exit 1; }
run about --check
run --data-dir "$SCRATCH/selftest" selftest
run --data-dir "$SCRATCH/demo" demo --members 50 >/dev/null
run --data-dir "$SCRATCH/demo" check
# documents (ReportLab PDF, python-docx DOCX), spreadsheets (xlsxwriter out, calamine back in)
run --data-dir "$SCRATCH/demo" print roster -o "$SCRATCH/roster.pdf"
run --data-dir "$SCRATCH/demo" print roster -o "$SCRATCH/roster.docx"
run --data-dir "$SCRATCH/demo" roster export "$SCRATCH/roster.xlsx"
run --data-dir "$SCRATCH/demo" roster import --dry-run "$SCRATCH/roster.xlsx"
for f in Qt/translations/qtbase_zh_CN.qm Qt/translations/qtbase_en.qm QtPdf.abi3.so QtPdfWidgets.abi3.so \
         QtPrintSupport.abi3.so Qt/plugins/platforms/libqxcb.so; do
    test -f "$APP/_internal/PySide6/$f" || { echo "missing from the build: PySide6/$f"; exit 1; }
done

echo "== tarball"
TARBALL=dist/UnionDesk-$VERSION-linux-$ARCH.tar.xz
rm -f "$TARBALL"
tar -C dist -cf - UnionDesk | xz -T0 -6 > "$TARBALL"
FOLDER_MB=$(du -sm "$APP" | cut -f1)
TAR_MB=$(( ($(stat -c %s "$TARBALL") + 524288) / 1048576 ))
echo "built: $APP ($FOLDER_MB MB), $TARBALL ($TAR_MB MB)"
