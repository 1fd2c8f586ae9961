"""Entry point of the frozen program (PyInstaller's script)."""

import os
import sys

# A windowed Windows/macOS program has no console: give print()/stderr somewhere harmless to go.
if sys.stdout is None:
    sys.stdout = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115
if sys.stderr is None:
    sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115

from app.cli import main  # noqa: E402
from app.filetypes import OPEN_FILE_ENV, is_bundle_file  # noqa: E402

argv = sys.argv[1:]
# Double-clicked bundle file (file association: `UnionDesk.exe "%1"`, `uniondesk %f`, macOS open event
# argv-emulation): start the window and hand it the file instead of parsing the path as a subcommand.
if len(argv) == 1 and is_bundle_file(argv[0]):
    os.environ[OPEN_FILE_ENV] = os.path.abspath(argv[0])
    argv = []

raise SystemExit(main(argv))
