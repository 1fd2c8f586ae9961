"""Schema migrations (Alembic), run on open inside one transaction, after a backup.

A database whose revision this program does not know was written by a newer UnionDesk: refused, never "repaired".
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection, Engine

from app.errors import DomainError
from app.i18n import _

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


def script_directory() -> ScriptDirectory:
    return ScriptDirectory.from_config(alembic_config())


def head_revision() -> str:
    head = script_directory().get_current_head()
    assert head is not None
    return head


def known_revisions() -> list[str]:
    return [s.revision for s in script_directory().walk_revisions()]


def current_revision(conn: Connection) -> str | None:
    return MigrationContext.configure(conn).get_current_revision()


class NewerDatabase(DomainError):
    pass


def needs_upgrade(engine: Engine) -> tuple[str | None, str]:
    with engine.connect() as conn:
        cur = current_revision(conn)
    head = head_revision()
    if cur is not None and cur not in known_revisions():
        raise NewerDatabase(
            "storage.newer_database",
            _("这个数据文件是由更新版本的工会工作台创建的（结构版本 {rev}），本程序无法打开。"
              "请安装最新版本后再打开，数据没有被修改。").format(rev=cur),
        )
    return cur, head


def upgrade(engine: Engine, *, before: Callable[[str | None, str], None] | None = None) -> bool:
    """Bring the schema to head in one transaction. Returns True if anything ran.

    ``before(current, head)`` runs first when an upgrade of an existing database is needed (the backup).
    """
    cur, head = needs_upgrade(engine)
    if cur == head:
        return False
    if cur is not None and before is not None:
        before(cur, head)
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
    return True
