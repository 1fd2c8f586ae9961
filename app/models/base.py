"""Shared columns and bookkeeping tables.

Every record that travels upward (to the higher-level union) inherits :class:`SyncedTable`: a UUID, created_at,
updated_at and ``rv`` — a per-database monotonic change counter bumped on every write (see app/storage/tracking.py).
Deleting such a record leaves a :class:`Tombstone`. Changes to personal data are written to :class:`AuditLog`.
"""

from __future__ import annotations

import uuid as _uuid
from datetime import UTC, datetime

from sqlmodel import Field, SQLModel


def utcnow() -> datetime:
    return datetime.now(UTC)


def new_uuid() -> str:
    return str(_uuid.uuid4())


class SyncedTable(SQLModel):
    """Mixin (not a table) for records with sync identity."""

    uuid: str = Field(default_factory=new_uuid, max_length=36, unique=True, index=True)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    rv: int = Field(default=0, index=True)


# Tables whose every change is recorded in the audit log with old -> new values (personal data).
# Modules add their table names here (e.g. hardship files) at import time.
AUDITED_TABLES: set[str] = set()
# Columns never written to the audit log in clear (they are masked there).
AUDIT_MASKED_COLUMNS: set[str] = {"id_number", "mobile", "phone", "bank_account"}
# Derived columns not worth auditing.
AUDIT_IGNORED_COLUMNS: set[str] = {"updated_at", "rv", "created_at", "name_pinyin", "name_initials",
                                   "id_rev", "mobile_rev", "status", "status_since"}


class Meta(SQLModel, table=True):
    __tablename__ = "meta"
    key: str = Field(primary_key=True, max_length=64)
    value: str = Field(default="")


class Tombstone(SQLModel, table=True):
    __tablename__ = "tombstone"
    id: int | None = Field(default=None, primary_key=True)
    table_name: str = Field(max_length=64, index=True)
    uuid: str = Field(max_length=36, index=True)
    rv: int = Field(index=True)
    deleted_at: datetime = Field(default_factory=utcnow)


class AuditLog(SQLModel, table=True):
    __tablename__ = "audit_log"
    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, index=True)
    actor: str = Field(default="", max_length=100)
    action: str = Field(max_length=20, index=True)  # create | update | delete | unmask | export | print | ...
    table_name: str = Field(default="", max_length=64, index=True)
    record_uuid: str = Field(default="", max_length=36, index=True)
    record_label: str = Field(default="", max_length=200)
    changes: str = Field(default="")  # JSON {field: [old, new]} or free text for non-data actions
