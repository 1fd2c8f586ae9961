"""Opening the union's data for a front end (GUI, CLI, tests). The one entry point: key handling, the
single-instance lock, converting a plain database, backups before migrations all happen here and nowhere else."""

from __future__ import annotations

from pathlib import Path

from app import paths
from app.errors import DomainError
from app.i18n import _
from app.storage import keys, lock, secure
from app.storage.database import CorruptDatabase, open_database
from app.storage.db import Database

LOCK_WAIT_SECONDS = 5.0


def _has_database(path: Path) -> bool:
    return path.exists() and path.stat().st_size > 0


def open_data(data_dir: Path | None = None, *, create: bool = True, interactive: bool = False,
              ask: keys.Ask | None = None, lock_wait: float = LOCK_WAIT_SECONDS, check: bool = True,
              passphrase: str | None = None) -> Database:
    """Open the database of ``data_dir`` (default: the configured data folder).

    ``create``: make a new database when none exists. ``interactive``: a person is at the keyboard, so a missing
    passphrase may be asked for — with ``ask(purpose)`` (the window's dialog) or, by default, on the terminal.
    Raises :class:`DomainError` (wrong passphrase, data in use by another process, damaged file …) having
    touched nothing. ``passphrase`` (known already, e.g. just typed to open a handover package) comes before the
    passphrase file and asking. A damaged file raises ``storage.corrupt`` naming the newest sound backup.
    ``check=False`` skips the quick integrity check (the window runs it in the background after it is shown;
    restoring a backup over a damaged file needs it off).
    """
    base = data_dir or paths.data_dir()
    db_path = paths.database_path(base)
    exists = _has_database(db_path)
    if not create and not exists:
        raise DomainError("storage.no_database",
                          _("数据文件夹 {path} 中还没有数据。请先运行 uniondesk 完成设置，或运行 uniondesk demo 生成示例数据。")
                          .format(path=base))
    base = paths.ensure_private_dir(base)
    lock.acquire(base, wait=lock_wait)
    try:
        if not exists:
            key = secure.create_key(base, interactive=interactive, ask=ask, passphrase=passphrase)
        elif secure.is_plain(db_path):
            key = secure.create_key(base, interactive=interactive, ask=ask, passphrase=passphrase)
            secure.convert_plain(base, db_path, key)
        else:
            key = secure.obtain_key(base, db_path, interactive=interactive, ask=ask, passphrase=passphrase)
        try:
            db = open_database(base, key=key, check=check, before_migrate=_backup_before_migrate)
        except CorruptDatabase as e:
            raise _offer_backup(e, base, key) from None
    except BaseException:
        lock.release(base)
        raise
    db.on_close.append(lambda: lock.release(base))
    return db


def _offer_backup(e: CorruptDatabase, base: Path, key: bytes) -> CorruptDatabase:
    from app.storage.backup import newest_sound_backup

    b = newest_sound_backup(base, key)
    if b is None:
        return e
    msg = e.message + _("最近一份完好的备份是 {id}（{date}）。恢复命令：uniondesk backup restore {id}").format(
        id=b.id, date=b.local_time())
    out = CorruptDatabase(e.code, msg, details=e.details)
    out.backup_id = b.id  # type: ignore[attr-defined]
    return out


def _backup_before_migrate(db: Database, current: str | None, head: str) -> None:
    from app.storage.backup import create_backup

    create_backup(db, "migrate")
