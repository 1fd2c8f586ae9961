"""UnionDesk headless core. Never imports Qt (tests/test_boundaries.py enforces it)."""

from __future__ import annotations

from importlib import metadata


def _version() -> str:
    """The version lives in one place, pyproject.toml: read from the installed metadata (an install, or the
    dist-info the PyInstaller spec writes into a frozen build), else from pyproject.toml in a source tree."""
    try:
        return metadata.version("uniondesk")
    except metadata.PackageNotFoundError:
        import tomllib
        from pathlib import Path

        pyproject = Path(__file__).resolve().parent.parent / "pyproject.toml"
        try:
            return str(tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]["version"])
        except (OSError, KeyError, tomllib.TOMLDecodeError):
            return "0+unknown"


__version__ = _version()

APP_NAME = "UnionDesk"
