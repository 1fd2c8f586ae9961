"""Storage: migrations, newer databases refused, pragmas, sync identity (rv, tombstones), audit log."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import text
from sqlmodel import select

from app import paths
from app.core import open_data
from app.models import AuditLog, Member, Tombstone
from app.services import roster
from app.storage import migrate
from app.storage.database import open_database

ALICE = {"name": "张三", "id_number": "11010519491231002X", "mobile": "13800138000"}


def test_new_database_is_at_head_with_wal_and_foreign_keys(empty_db):
    with empty_db.engine.connect() as conn:
        assert migrate.current_revision(conn) == migrate.head_revision()
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_upgrade_chain_from_every_revision(tmp_path):
    """A database left at any earlier revision upgrades to head (fixture of every earlier schema)."""
    from alembic import command

    revs = list(reversed(migrate.known_revisions()))
    for i, rev in enumerate(revs[:-1]):
        d = tmp_path / f"r{i}"
        d.mkdir()
        from app.storage.db import make_engine

        engine = make_engine(paths.database_path(d))
        cfg = migrate.alembic_config()
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, rev)
        engine.dispose()
        backups: list[str] = []
        db = open_database(d, before_migrate=lambda _db, cur, head: backups.append(cur or ""))
        with db.engine.connect() as conn:
            assert migrate.current_revision(conn) == migrate.head_revision()
        assert backups == [rev]  # the backup hook ran before the upgrade
        db.close()


def test_database_from_a_newer_version_is_refused_untouched(tmp_path):
    d = tmp_path / "newer"
    db = open_database(d)
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999_future'"))
    db.close()
    before = paths.database_path(d).read_bytes()
    with pytest.raises(migrate.NewerDatabase) as e:
        open_database(d)
    assert "更新版本" in e.value.message
    assert paths.database_path(d).read_bytes() == before


def test_rv_increases_and_delete_leaves_tombstone(empty_db):
    m = roster.create_member(empty_db, ALICE)
    rv1 = m.rv
    m2 = roster.update_member(empty_db, m.id, {"post": "焊工"})
    assert m2.rv > rv1
    assert m2.updated_at >= m.updated_at
    roster.delete_member(empty_db, m.id)
    with empty_db.session() as s:
        tomb = s.exec(select(Tombstone).where(Tombstone.uuid == m.uuid)).one()
        assert tomb.table_name == "member" and tomb.rv > m2.rv


def test_audit_log_records_who_what_old_new_with_numbers_masked(empty_db):
    empty_db.actor = "王主席"
    m = roster.create_member(empty_db, ALICE)
    roster.update_member(empty_db, m.id, {"mobile": "13900139000"})
    with empty_db.session() as s:
        logs = s.exec(select(AuditLog).where(AuditLog.record_uuid == m.uuid).order_by(AuditLog.id)).all()
    assert [log.action for log in logs] == ["create", "update"]
    assert all(log.actor == "王主席" for log in logs)
    change = json.loads(logs[1].changes)
    assert change == {"mobile": ["138****8000", "139****9000"]}
    assert "11010519491231002X" not in logs[0].changes


def test_failed_transaction_leaves_nothing(empty_db):
    with pytest.raises(RuntimeError):
        with empty_db.session(write=True) as s:
            s.add(Member(name="李四", id_number="110105198001011238", sex="男"))
            s.flush()
            raise RuntimeError("boom")
    assert roster.count(empty_db) == 0


def test_open_data_without_database_and_create_false_says_how(tmp_path):
    from app.errors import DomainError

    with pytest.raises(DomainError) as e:
        open_data(tmp_path / "nothing", create=False)
    assert "uniondesk demo" in e.value.message


def test_fast_revision_reader_agrees_with_alembic():
    head, known = migrate._revision_graph()
    assert head == migrate.head_revision()
    assert known == set(migrate.known_revisions())
