"""The union itself: first-start setup and the union page."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlmodel import select

from app.errors import DomainError, Problem, ValidationFailed
from app.i18n import _
from app.models import Organisation
from app.storage.db import Database
from app.validation import uscc

EDITABLE_FIELDS = (
    "union_name", "union_credit_code", "enterprise_name", "enterprise_credit_code", "address", "region",
    "enterprise_nature", "economic_type", "industry", "staff_count", "female_staff_count", "parent_union",
    "founded_on", "union_type", "chair_name", "phone", "profile",
)
PROFILES = ("national", "shanghai", "zhejiang")


@dataclass
class OrgCheck:
    problems: list[Problem]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]


def get_org(db: Database) -> Organisation | None:
    with db.session() as s:
        return s.exec(select(Organisation).order_by(Organisation.id)).first()  # type: ignore[arg-type]


def is_set_up(db: Database) -> bool:
    return get_org(db) is not None


def validate(values: dict[str, Any]) -> list[Problem]:
    problems: list[Problem] = []
    if not str(values.get("union_name", "")).strip():
        problems.append(Problem("org.union_name.required", "union_name", _("请填写工会名称")))
    for fld, label in (("enterprise_credit_code", _("单位统一社会信用代码")),
                       ("union_credit_code", _("工会统一社会信用代码"))):
        code = str(values.get(fld) or "").strip()
        if code:
            msg = uscc.check(code)
            if msg:
                # Some real codes fail the check: warn, never block (DOMAIN §1).
                problems.append(Problem("org.uscc", fld, f"{label}：{msg}", severity="warning"))
    try:
        staff = int(values.get("staff_count") or 0)
        if staff < 0:
            raise ValueError
    except (TypeError, ValueError):
        problems.append(Problem("org.staff_count", "staff_count", _("职工人数应为不小于0的整数")))
    if values.get("profile", "national") not in PROFILES:
        problems.append(Problem("org.profile", "profile", _("未知的地区规则：{p}").format(p=values.get("profile"))))
    return problems


def save_org(db: Database, values: dict[str, Any]) -> tuple[Organisation, list[Problem]]:
    """Create or update the union's record. Errors raise; warnings are returned for display."""
    unknown = set(values) - set(EDITABLE_FIELDS) - {"is_sample"}
    if unknown:
        raise DomainError("org.unknown_field", _("未知字段：{f}").format(f=", ".join(sorted(unknown))))
    problems = validate(values)
    errors = [p for p in problems if p.is_error]
    if errors:
        raise ValidationFailed(errors)
    with db.session(write=True) as s:
        org = s.exec(select(Organisation).order_by(Organisation.id)).first()  # type: ignore[arg-type]
        if org is None:
            org = Organisation()
        for k, v in values.items():
            if k in ("staff_count", "female_staff_count"):
                v = int(v or 0)
            if k.endswith("credit_code") and v:
                v = uscc.normalise(v)
            setattr(org, k, v)
        s.add(org)
        s.flush()
        s.refresh(org)
    return org, [p for p in problems if not p.is_error]
