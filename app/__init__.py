"""UnionDesk headless core. Never imports Qt (tests/test_boundaries.py enforces it)."""

from __future__ import annotations

from importlib import metadata

try:
    __version__ = metadata.version("uniondesk")
except metadata.PackageNotFoundError:  # running from a source tree or a frozen build without metadata
    __version__ = "0.1.0"

APP_NAME = "UnionDesk"
