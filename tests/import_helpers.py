"""Helpers shared by the import tests (kept outside tests/import so the package name stays importable)."""

from __future__ import annotations

from sqlalchemy import text

from app.services import roster


def member_by_id_number(db, idn):
    m = roster.find_by_id_number(db, idn)
    assert m is not None, idn
    return m


def snapshot(db) -> tuple:
    """Everything an import could change: members, events, departments and the change counter."""
    with db.engine.connect() as conn:
        members = conn.execute(text("SELECT * FROM member ORDER BY id")).all()
        events = conn.execute(text("SELECT * FROM membership_event ORDER BY id")).all()
        depts = conn.execute(text("SELECT * FROM department ORDER BY id")).all()
        rv = conn.execute(text("SELECT value FROM meta WHERE key='rv'")).scalar()
    return (tuple(members), tuple(events), tuple(depts), rv)
