"""File types UnionDesk registers with the operating system (installers: packaging/, docs/packaging.md)."""

from __future__ import annotations

import os
from pathlib import Path

BUNDLE_EXTENSION = ".udbundle"                  # the upward bundle (BUNDLE.md: <org>_<seq>.udbundle)
BUNDLE_MIME = "application/x-uniondesk-bundle"
OPEN_FILE_ENV = "UNIONDESK_OPEN_FILE"           # set by the launcher when the program is started on a file


def is_bundle_file(arg: str) -> bool:
    p = Path(arg)
    return p.suffix.lower() == BUNDLE_EXTENSION and p.is_file()


def window_argv(argv: list[str]) -> list[str]:
    """A program started on one bundle file (a double-click: ``UnionDesk.exe "%1"``, ``uniondesk %f``, macOS argv
    emulation) starts the window, told which file through :data:`OPEN_FILE_ENV`; other arguments pass through."""
    if len(argv) == 1 and is_bundle_file(argv[0]):
        os.environ[OPEN_FILE_ENV] = os.path.abspath(argv[0])
        return []
    return argv
