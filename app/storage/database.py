"""Opening the database: engine, integrity check, migrations, first-run bookkeeping."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from app import paths
from app.errors import DomainError
from app.i18n import _
from app.storage import migrate
from app.storage.db import Database, make_engine


class CorruptDatabase(DomainError):
    pass


def integrity_check(db: Database, *, quick: bool = True) -> list[str]:
    """Return the problems SQLite reports (empty list = sound)."""
    pragma = "quick_check" if quick else "integrity_check"
    try:
        with db.engine.connect() as conn:
            rows = [r[0] for r in conn.exec_driver_sql(f"PRAGMA {pragma}").fetchall()]
            fk = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    except SQLAlchemyError as e:  # a page that does not even decrypt (SQLCipher's HMAC check)
        return [str(getattr(e, "orig", e))]
    problems = [r for r in rows if r != "ok"]
    problems += [_("外键错误：表 {table} 第 {row} 行").format(table=r[0], row=r[1]) for r in fk]
    return problems


def open_database(data_dir: Path | None = None, *, key: bytes | None = None, check: bool = True,
                  before_migrate: Callable[[Database, str | None, str], None] | None = None) -> Database:
    """Open (creating if needed) the database in ``data_dir`` and migrate it to the current schema."""
    base = paths.ensure_private_dir(data_dir or paths.data_dir())
    path = paths.database_path(base)
    engine = make_engine(path, key)
    db = Database(path, engine, key)
    try:
        existed = path.exists() and path.stat().st_size > 0
        if existed and check:
            problems = integrity_check(db, quick=True)
            if problems:
                raise CorruptDatabase(
                    "storage.corrupt",
                    _("数据文件已损坏，无法安全打开：{path}。请从备份恢复。").format(path=path),
                    details="\n".join(problems[:20]),
                )
        hook = (lambda cur, head: before_migrate(db, cur, head)) if before_migrate else None
        migrate.upgrade(engine, before=hook)
        with engine.begin() as conn:
            conn.execute(text("INSERT OR IGNORE INTO meta(key, value) VALUES ('rv', '0')"))
    except BaseException:
        db.close()
        raise
    return db
