"""Change tracking on every Session flush: rv counter, updated_at, tombstones, audit log.

One place, so no service can forget it. The actor ("who") comes from ``session.info["actor"]``.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from sqlalchemy import event, inspect, text
from sqlalchemy.orm import Session

from app.models.base import (
    AUDIT_IGNORED_COLUMNS,
    AUDIT_MASKED_COLUMNS,
    AUDITED_TABLES,
    AuditLog,
    SyncedTable,
    Tombstone,
    utcnow,
)


def _jsonable(v: Any) -> Any:
    if isinstance(v, datetime | date):
        return v.isoformat()
    return v


def mask_value(column: str, v: Any) -> Any:
    """What the audit log keeps for a masked column: enough to recognise a change, not the number."""
    if v in (None, ""):
        return v
    s = str(v)
    if len(s) <= 4:
        return "*" * len(s)
    return s[:3] + "*" * (len(s) - 7) + s[-4:] if len(s) > 7 else "*" * (len(s) - 4) + s[-4:]


def next_rv(session: Session, n: int = 1) -> int:
    """Reserve ``n`` change numbers; returns the first. Stored in meta('rv') in the same transaction."""
    row = session.execute(
        text("UPDATE meta SET value = CAST(CAST(value AS INTEGER) + :n AS TEXT) WHERE key = 'rv' RETURNING value"),
        {"n": n},
    ).first()
    if row is None:
        session.execute(text("INSERT INTO meta(key, value) VALUES ('rv', :n)"), {"n": str(n)})
        return 1
    return int(row[0]) - n + 1


def _label(obj: Any) -> str:
    for attr in ("name", "title", "union_name", "kind"):
        v = getattr(obj, attr, None)
        if v:
            return str(v)[:200]
    return ""


def _changes(obj: Any, new: bool) -> dict[str, list[Any]]:
    state = inspect(obj)
    out: dict[str, list[Any]] = {}
    for attr in state.mapper.column_attrs:
        key = attr.key
        if key in AUDIT_IGNORED_COLUMNS or key == "id" or key == "uuid":
            continue
        hist = state.attrs[key].history
        if new:
            val = getattr(obj, key)
            if val in (None, "", False):
                continue
            old = None
        else:
            if not hist.has_changes():
                continue
            old = hist.deleted[0] if hist.deleted else None
            val = hist.added[0] if hist.added else None
            if old == val:
                continue
        if key in AUDIT_MASKED_COLUMNS:
            old, val = mask_value(key, old), mask_value(key, val)
        out[key] = [_jsonable(old), _jsonable(val)]
    return out


def _before_flush(session: Session, flush_context: Any, instances: Any) -> None:
    if session.info.get("tracking_disabled"):
        return
    synced_new = [o for o in session.new if isinstance(o, SyncedTable)]
    synced_dirty = [o for o in session.dirty if isinstance(o, SyncedTable) and session.is_modified(o)]
    synced_deleted = [o for o in session.deleted if isinstance(o, SyncedTable)]
    total = len(synced_new) + len(synced_dirty) + len(synced_deleted)
    actor = session.info.get("actor", "")
    audit_rows: list[AuditLog] = []
    now = utcnow()
    if total:
        rv = next_rv(session, total)
        for obj in synced_new:
            obj.rv = rv
            rv += 1
            if obj.__tablename__ in AUDITED_TABLES:
                audit_rows.append(AuditLog(at=now, actor=actor, action="create", table_name=obj.__tablename__,
                                           record_uuid=obj.uuid, record_label=_label(obj),
                                           changes=json.dumps(_changes(obj, True), ensure_ascii=False)))
        for obj in synced_dirty:
            if obj.__tablename__ in AUDITED_TABLES:
                ch = _changes(obj, False)
                if ch:
                    audit_rows.append(AuditLog(at=now, actor=actor, action="update", table_name=obj.__tablename__,
                                               record_uuid=obj.uuid, record_label=_label(obj),
                                               changes=json.dumps(ch, ensure_ascii=False)))
            obj.rv = rv
            obj.updated_at = now
            rv += 1
        for obj in synced_deleted:
            session.add(Tombstone(table_name=str(obj.__tablename__), uuid=obj.uuid, rv=rv, deleted_at=now))
            rv += 1
            if obj.__tablename__ in AUDITED_TABLES:
                audit_rows.append(AuditLog(at=now, actor=actor, action="delete", table_name=obj.__tablename__,
                                           record_uuid=obj.uuid, record_label=_label(obj), changes=""))
    if audit_rows and not session.info.get("audit_disabled"):
        session.add_all(audit_rows)


def install(session_class: type[Session] = Session) -> None:
    if not event.contains(session_class, "before_flush", _before_flush):
        event.listen(session_class, "before_flush", _before_flush)
