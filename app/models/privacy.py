"""Consent records (PIPL Art. 29: separate consent for sensitive personal information)."""

from __future__ import annotations

from datetime import date

from sqlmodel import Field

from app.models.base import AUDITED_TABLES, SyncedTable


class Consent(SyncedTable, table=True):
    """A person's separate consent for one scope (e.g. "hardship.sensitive", "hardship.publicity").

    ``subject_uuid`` is the uuid of the member (or household file) the consent is about. Withdrawn consent keeps
    its row with ``withdrawn_on`` set: the history stays auditable.
    """

    __tablename__ = "consent"
    id: int | None = Field(default=None, primary_key=True)
    subject_uuid: str = Field(max_length=36, index=True)
    scope: str = Field(max_length=50, index=True)
    given_on: date
    method: str = Field(default="书面", max_length=20)   # 书面 / 电子 …
    evidence: str = Field(default="", max_length=200)   # where the signed form is kept
    withdrawn_on: date | None = None
    note: str = Field(default="")


AUDITED_TABLES.add("consent")
