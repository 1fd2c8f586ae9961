"""UnionDesk headless core. Never imports Qt (tests/test_boundaries.py enforces it)."""

from __future__ import annotations

from functools import cache

APP_NAME = "UnionDesk"


@cache
def version() -> str:
    """The version, from one place: pyproject.toml (via the installed distribution's metadata)."""
    from importlib import metadata

    try:
        return metadata.version("uniondesk")
    except metadata.PackageNotFoundError:  # a source tree without the distribution installed
        import re
        from pathlib import Path

        pyproject = Path(__file__).resolve().parent.parent / "pyproject.toml"
        if pyproject.exists():
            m = re.search(r'^version\s*=\s*"([^"]+)"', pyproject.read_text(encoding="utf-8"), re.M)
            if m:
                return m.group(1)
        return "0+unknown"


def __getattr__(name: str) -> str:
    # ``app.__version__`` is looked up lazily: reading package metadata costs ~20 ms at start-up.
    if name == "__version__":
        return version()
    raise AttributeError(name)
