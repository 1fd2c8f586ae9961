"""File types UnionDesk registers with the operating system (installers: packaging/, docs/packaging.md)."""

from __future__ import annotations

from pathlib import Path

BUNDLE_EXTENSION = ".udbundle"                  # the upward bundle (BUNDLE.md: <org>_<seq>.udbundle)
BUNDLE_MIME = "application/x-uniondesk-bundle"
OPEN_FILE_ENV = "UNIONDESK_OPEN_FILE"           # set by the launcher when the program is started on a file


def is_bundle_file(arg: str) -> bool:
    p = Path(arg)
    return p.suffix.lower() == BUNDLE_EXTENSION and p.is_file()
