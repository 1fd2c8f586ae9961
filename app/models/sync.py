"""Tables of the sync module (enterprise side): signing keys, recipients, rotations, the history of bundles sent.

The receiver (``uniondesk hub``) keeps its own tables in its own database (app/sync/hubstore.py), not here.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from app.models.base import utcnow


class SigningKey(SQLModel, table=True):
    """The union's Ed25519 signing keys. The private key lives in the keyring and/or a passphrase file."""

    __tablename__ = "sync_signing_key"
    id: int | None = Field(default=None, primary_key=True)
    key_id: str = Field(max_length=64, unique=True)
    public_key: str = Field(max_length=64)          # base64 of the raw 32 bytes
    status: str = Field(default="active", max_length=10)  # active | retired
    created_at: datetime = Field(default_factory=utcnow)
    retired_at: datetime | None = None
    in_keyring: bool = Field(default=False)
    key_file: str = Field(default="", max_length=300)   # passphrase-protected file (age scrypt), if written


class SyncRecipient(SQLModel, table=True):
    """A higher-level union the bundles go to: its age recipient and the pseudonym key it agreed with us."""

    __tablename__ = "sync_recipient"
    id: int | None = Field(default=None, primary_key=True)
    org_code: str = Field(max_length=40, unique=True)
    name: str = Field(max_length=200)
    age_recipient: str = Field(max_length=100)
    pseudonym_key: str = Field(default="", max_length=128)  # hex, for L1 pseudonyms
    added_at: datetime = Field(default_factory=utcnow)
    active: bool = Field(default=True)


class KeyRotation(SQLModel, table=True):
    """A chair change: a statement {old key, new key, last seq of the old key} signed by both keys."""

    __tablename__ = "sync_key_rotation"
    id: int | None = Field(default=None, primary_key=True)
    old_key_id: str = Field(max_length=64)
    new_key_id: str = Field(max_length=64, unique=True)
    last_seq_old: int
    statement: str            # canonical JSON
    sig_old: str              # base64
    sig_new: str              # base64
    created_at: datetime = Field(default_factory=utcnow)


class BundleExport(SQLModel, table=True):
    """One bundle sent: its seq (never reused, recorded in the export's own transaction) and counts only."""

    __tablename__ = "sync_bundle_export"
    id: int | None = Field(default=None, primary_key=True)
    seq: int = Field(unique=True)
    bundle_id: str = Field(max_length=36, unique=True)
    stream_id: str = Field(max_length=36)
    kind: str = Field(max_length=10)          # snapshot | delta
    base_seq: int = Field(default=0)
    level: str = Field(max_length=2)          # L0 | L1 | L2
    purpose: str = Field(default="", max_length=200)
    recipient_org: str = Field(max_length=40)
    key_id: str = Field(max_length=64)
    file_name: str = Field(default="", max_length=300)
    counts: str = Field(default="{}")         # JSON {table: n}
    max_rv: int = Field(default=0)
    manifest_sha256: str = Field(max_length=64)
    created_at: datetime = Field(default_factory=utcnow)
    acknowledged: bool = Field(default=False)
