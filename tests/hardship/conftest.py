from __future__ import annotations

from datetime import date

import pytest

from app.models import Member
from app.services import hardship as hs
from tests.ui.conftest import window  # noqa: F401  (the main window fixture)


def add_member(db, name="李秀英", idn="460105198503150027", sex="女"):
    with db.session(write=True) as s:
        m = Member(name=name, sex=sex, id_number=idn, birth_date=date(1985, 3, 15), mobile="13800138000")
        s.add(m)
        s.flush()
        return m.id


@pytest.fixture
def hdb(empty_db):
    """An empty database with the 低保 standard 750 yuan from 2020 on, and one member."""
    hs.set_standard(empty_db, "2020-01-01", "750", region="海口市", source="测试")
    empty_db.test_member = add_member(empty_db)
    return empty_db


def filed_file(db, *, annual_other="20000", own="800", size=3, member_id=None, on="2025-01-05"):
    """A file taken through the whole approval: consents, figures, survey, 公示, approvals, 在档."""
    f = hs.create_file(db, member_id or db.test_member, applied_on=on)
    hs.give_consent(db, f.id, hs.SENSITIVE, on)
    hs.give_consent(db, f.id, hs.PUBLICITY, on)
    hs.update_file(db, f.id, {"own_monthly_income": own, "other_annual_income": annual_other, "household_size": size,
                              "main_cause": "因病", "health": "尿毒症"})
    hs.advance(db, f.id, hs.SURVEY, on=on)
    hs.advance(db, f.id, hs.PUBLICITY_STATE, on=on)
    hs.advance(db, f.id, hs.APPROVAL, on=on)
    hs.add_review(db, f.id, "本单位工会", "同意", "符合条件", on=on)
    hs.add_review(db, f.id, "上级工会", "同意", "符合条件", on=on)
    hs.advance(db, f.id, hs.FILED, on=on)
    return f.id


@pytest.fixture
def hdb_in_window(demo_db):
    """A fresh file (no consent yet) for a demo member without one."""
    from sqlmodel import select

    from app.models.hardship import HardshipFile

    with demo_db.session() as s:
        taken = {f.member_id for f in s.exec(select(HardshipFile)).all()}
        m = s.exec(select(Member).where(Member.status == "active")).all()
    mid = next(x.id for x in m if x.id not in taken)
    f = hs.create_file(demo_db, mid)
    return demo_db, f.id
