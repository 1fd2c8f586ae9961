"""Privacy (PIPL): consent for sensitive fields, and audit entries for deliberate acts (unmasking, export).

Changes to personal data are audited automatically on flush (app/storage/tracking.py); this module records the
acts that are not data changes, and guards sensitive fields behind a recorded consent (Art. 29).
"""

from __future__ import annotations

from datetime import date

from sqlmodel import Session, select

from app.errors import DomainError
from app.i18n import N_, _
from app.models import AuditLog, Consent
from app.storage.db import Database
from app.validation.dates import parse_date

# Consent scopes. Modules may add their own scope names.
SCOPES: dict[str, str] = {
    "hardship.sensitive": N_("困难帮扶：健康、残疾、收入、银行账户、子女信息（敏感个人信息）"),
    "hardship.publicity": N_("困难帮扶：在公示名单中公开"),
}


def record_audit(db: Database | None, action: str, *, table: str = "", uuid: str = "", label: str = "",
                 text: str = "", session: Session | None = None) -> None:
    """Write one audit entry (who, when, what) for an act such as "unmask", "export", "print"."""
    def add(s: Session) -> None:
        s.add(AuditLog(actor=s.info.get("actor", ""), action=action, table_name=table, record_uuid=uuid,
                       record_label=label, changes=text))

    if session is not None:
        add(session)
        return
    assert db is not None
    with db.session(write=True) as s:
        add(s)


def active_consent(s: Session, subject_uuid: str, scope: str, on: date | None = None) -> Consent | None:
    on = on or date.today()
    rows = s.exec(select(Consent).where(Consent.subject_uuid == subject_uuid, Consent.scope == scope)).all()
    for c in rows:
        if c.given_on <= on and (c.withdrawn_on is None or c.withdrawn_on > on):
            return c
    return None


def has_consent(db: Database, subject_uuid: str, scope: str) -> bool:
    with db.session() as s:
        return active_consent(s, subject_uuid, scope) is not None


def require_consent(s: Session, subject_uuid: str, scope: str, field: str | None = None) -> None:
    """Raise unless a consent for ``scope`` is in force for the subject (call inside the writing session)."""
    if active_consent(s, subject_uuid, scope) is None:
        raise DomainError("privacy.no_consent",
                          _("填写这些信息需要本人单独同意（《个人信息保护法》第二十九条）。请先登记同意书：{scope}")
                          .format(scope=_(SCOPES.get(scope, scope))), field)


def record_consent(db: Database, subject_uuid: str, scope: str, given_on: object, *, method: str = "书面",
                   evidence: str = "", note: str = "") -> Consent:
    d = parse_date(given_on)
    if d is None:
        raise DomainError("privacy.consent_date", _("请填写同意日期"), "given_on")
    if d > date.today():
        raise DomainError("privacy.consent_date", _("同意日期不能晚于今天"), "given_on")
    with db.session(write=True) as s:
        c = Consent(subject_uuid=subject_uuid, scope=scope, given_on=d, method=method, evidence=evidence,
                    note=note)
        s.add(c)
        s.flush()
        s.refresh(c)
        return c


def withdraw_consent(db: Database, consent_id: int, on: object | None = None) -> Consent:
    d = parse_date(on) if on else date.today()
    with db.session(write=True) as s:
        c = s.get(Consent, consent_id)
        if c is None:
            raise DomainError("privacy.consent_missing", _("同意记录不存在"))
        c.withdrawn_on = d
        s.add(c)
        s.flush()
        s.refresh(c)
        return c
