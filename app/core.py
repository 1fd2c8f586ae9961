"""Opening the union's data for a front end (GUI, CLI, tests). One entry point so key handling,
locking and backups (issue: safety) plug in here and nowhere else."""

from __future__ import annotations

from pathlib import Path

from app import paths
from app.storage.database import open_database
from app.storage.db import Database


def open_data(data_dir: Path | None = None, *, create: bool = True, interactive: bool = False,
              check: bool = True) -> Database:
    """Open the database of ``data_dir`` (default: the configured data folder).

    ``create``: make a new database when none exists. ``interactive``: a person is at the keyboard (may be asked
    for a passphrase by the caller's prompt hooks). ``check``: run the quick integrity check before opening
    (the window runs it in the background instead, after it is shown).
    """
    base = data_dir or paths.data_dir()
    if not create and not paths.database_path(base).exists():
        from app.errors import DomainError
        from app.i18n import _

        raise DomainError("storage.no_database",
                          _("数据文件夹 {path} 中还没有数据。请先运行 uniondesk 完成设置，或运行 uniondesk demo 生成示例数据。")
                          .format(path=base))
    return open_database(base, check=check)
