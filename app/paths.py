"""Where things live. ``--data-dir`` / ``UNIONDESK_DATA_DIR`` override the platform data folder."""

from __future__ import annotations

import os
from pathlib import Path

APP_DIR_NAME = "UnionDesk"
DB_FILENAME = "uniondesk.db"

_override: Path | None = None


def set_data_dir(path: str | os.PathLike | None) -> None:
    global _override
    _override = Path(path).expanduser().resolve() if path else None


def data_dir() -> Path:
    if _override is not None:
        return _override
    env = os.environ.get("UNIONDESK_DATA_DIR")
    if env:
        return Path(env).expanduser().resolve()
    import platformdirs  # imported only when the folders are not overridden (start-up cost)

    return Path(platformdirs.user_data_dir(APP_DIR_NAME, appauthor=False))


def config_dir() -> Path:
    """Settings. Beside the data when the data folder is overridden (portable / tests), else the user config dir."""
    if _override is not None or os.environ.get("UNIONDESK_DATA_DIR"):
        return data_dir() / "config"
    import platformdirs

    return Path(platformdirs.user_config_dir(APP_DIR_NAME, appauthor=False))


def log_dir() -> Path:
    if _override is not None or os.environ.get("UNIONDESK_DATA_DIR"):
        return data_dir() / "logs"
    import platformdirs

    return Path(platformdirs.user_log_dir(APP_DIR_NAME, appauthor=False))


def database_path(base: Path | None = None) -> Path:
    return (base or data_dir()) / DB_FILENAME


def ensure_private_dir(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    try:
        os.chmod(path, 0o700)
    except OSError:
        pass
    return path
