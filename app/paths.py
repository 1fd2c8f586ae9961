"""Where things live. ``--data-dir`` / ``UNIONDESK_DATA_DIR`` override the platform data folder."""

from __future__ import annotations

import os
from pathlib import Path
from typing import BinaryIO

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


# Files holding personal data (the database and its -wal/-shm, backups, handover packages, bundles, key files) are
# readable by the user only, and so are the folders that hold them (PIPL Art. 51: technical security measures).
# On Windows chmod only sets or clears read-only; the user's profile folder is private there already.
PRIVATE_FILE_MODE = 0o600
PRIVATE_DIR_MODE = 0o700
SQLITE_SIDE_FILES = ("-wal", "-shm", "-journal")


def ensure_private_dir(path: Path) -> Path:
    """Create ``path`` (and its parents) if needed; the folder itself is the user's only (0700)."""
    path.mkdir(mode=PRIVATE_DIR_MODE, parents=True, exist_ok=True)
    try:
        os.chmod(path, PRIVATE_DIR_MODE)
    except OSError:
        pass
    return path


def make_private(path: str | os.PathLike) -> None:
    """Make an existing file the user's only (0600); nothing happens when it is not there."""
    if os.name != "posix":
        return
    try:
        os.chmod(path, PRIVATE_FILE_MODE)
    except OSError:
        pass


def open_private(path: str | os.PathLike, mode: str = "wb") -> BinaryIO:
    """Open ``path`` for writing (created or truncated), readable by the user only from its first byte."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags, PRIVATE_FILE_MODE)
    make_private(path)  # a file that was there before keeps its mode through O_CREAT
    return os.fdopen(fd, mode)  # type: ignore[return-value]


def copy_private(source: str | os.PathLike, target: str | os.PathLike) -> None:
    """``shutil.copyfile`` whose copy is the user's only (copyfile gives 0644 under the usual umask)."""
    import shutil

    with open(source, "rb") as src, open_private(target) as dst:
        shutil.copyfileobj(src, dst, 1 << 20)


def private_database(path: str | os.PathLike) -> None:
    """Before SQLite opens ``path``: create it empty with 0600 if it is not there (SQLite would make it 0644, and
    it gives the -wal/-shm/-journal it creates later the database file's mode), and tighten a database made by an
    earlier version together with the side files lying beside it."""
    if os.name != "posix":
        return
    p = os.fspath(path)
    if p.startswith(":memory:") or p.startswith("file:") or not p:
        return
    try:
        os.close(os.open(p, os.O_WRONLY | os.O_CREAT, PRIVATE_FILE_MODE))
    except OSError:
        return  # no folder, read-only medium …: SQLite says so when it opens the file
    for f in (p, *(p + s for s in SQLITE_SIDE_FILES)):
        make_private(f)
