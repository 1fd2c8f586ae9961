"""Entry point of the frozen program (PyInstaller's script)."""

import os
import sys

# A windowed Windows/macOS program has no console: give print()/stderr somewhere harmless to go.
if sys.stdout is None:
    sys.stdout = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115
if sys.stderr is None:
    sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115

from app.cli import main  # noqa: E402
from app.filetypes import window_argv  # noqa: E402

# A double-clicked bundle file starts the window, which is handed the file (ui/receive.py)
raise SystemExit(main(window_argv(sys.argv[1:])))
