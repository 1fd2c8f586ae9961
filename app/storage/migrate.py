"""Schema migrations (Alembic), run on open inside one transaction, after a backup.

A database whose revision this program does not know was written by a newer UnionDesk: refused, never "repaired".
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import text
from sqlalchemy.engine import Connection, Engine

from app.errors import DomainError
from app.i18n import _

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
_REV_RE = re.compile(r'^revision\s*=\s*["\']([^"\']+)["\']', re.M)
_DOWN_RE = re.compile(r'^down_revision\s*=\s*(?:["\']([^"\']+)["\']|None)', re.M)


@cache
def _revision_graph() -> tuple[str, frozenset[str]]:
    """(head, all revisions) read straight from the migration files — opening a database that is already
    current then needs no Alembic import (it costs ~0.1 s at start-up). Alembic stays the authority when
    an upgrade runs; tests/test_storage.py checks that both agree."""
    revs: dict[str, str | None] = {}
    for f in (MIGRATIONS_DIR / "versions").glob("*.py"):
        src = f.read_text(encoding="utf-8")
        m, d = _REV_RE.search(src), _DOWN_RE.search(src)
        if m:
            revs[m.group(1)] = d.group(1) if d else None
    parents = {p for p in revs.values() if p}
    heads = [r for r in revs if r not in parents]
    return (heads[0] if len(heads) == 1 else ""), frozenset(revs)


def alembic_config() -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


def script_directory() -> ScriptDirectory:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config())


def head_revision() -> str:
    head = script_directory().get_current_head()
    assert head is not None
    return head


def known_revisions() -> list[str]:
    return [s.revision for s in script_directory().walk_revisions()]


def current_revision(conn: Connection) -> str | None:
    from alembic.runtime.migration import MigrationContext

    return MigrationContext.configure(conn).get_current_revision()


def _stored_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        has = conn.execute(text("SELECT 1 FROM sqlite_master WHERE type='table' AND name='alembic_version'")).first()
        if not has:
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


class NewerDatabase(DomainError):
    pass


def needs_upgrade(engine: Engine) -> tuple[str | None, str]:
    cur = _stored_revision(engine)
    fast_head, fast_known = _revision_graph()
    if cur is not None and fast_head and cur == fast_head:
        return cur, fast_head
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
    from alembic import command

    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
    return True
