"""A small congress on an empty database: a term, 12 representatives, one meeting with an open window."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date

import pytest

from app.services import congress, org, roster
from app.services.demo import random_id


@dataclass
class Setup:
    db: object
    term_id: int
    meeting_id: int
    reps: list[int]
    depts: dict[str, int]


def make_congress(db, *, profile: str = "national", reps: int = 12, staff: int = 300) -> Setup:
    org.save_org(db, {"union_name": "测试工会", "enterprise_name": "测试公司", "staff_count": staff,
                      "female_staff_count": 0, "profile": profile})
    depts = {name: roster.create_department(db, name).id for name in ("生产部", "后勤部", "人力资源部")}
    names = "赵一 钱二 孙三 李四 周五 吴六 郑七 王八 冯九 陈十 褚甲 卫乙 蒋丙 沈丁 韩戊 杨己".split()
    rng = random.Random(7)
    members = [roster.create_member(db, {"name": names[i % len(names)] + ("" if i < len(names) else str(i)),
                                         "sex": "男", "birth_date": "1990-05-0" + str(1 + i % 9),
                                         "id_number": random_id(rng, date(1990, 5, 1 + i % 9), "男"),
                                         "department_id": list(depts.values())[i % 3],
                                         "join_date": "2020-01-01"}).id for i in range(reps)]
    term = congress.create_term(db, 3, "2025-01-01", "2027-12-31")
    rep_ids = [congress.elect_representative(db, term.id, mid, "一线职工", "2025-01-01").id for mid in members]
    meeting = congress.create_meeting(db, term.id, held_on="2025-03-20", closed_on="2025-03-21",
                                      collect_from="2025-02-01", collect_until="2025-03-31")
    return Setup(db, term.id, meeting.id, rep_ids, depts)


_TEMPLATE: dict[str, object] = {}


@pytest.fixture
def cg(tmp_path):
    """The small congress, built once per session and copied per test (the state-machine matrix runs it often)."""
    import shutil
    import tempfile
    from pathlib import Path

    from app import paths
    from app.core import open_data

    if "dir" not in _TEMPLATE:
        d = Path(tempfile.mkdtemp(prefix="uniondesk-congress-"))
        db = open_data(d)
        setup = make_congress(db)
        with db.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        db.close()
        _TEMPLATE.update(dir=d, setup=setup)
    dest = paths.data_dir()
    dest.mkdir(parents=True, exist_ok=True)
    for f in Path(_TEMPLATE["dir"]).iterdir():  # type: ignore[arg-type]
        if f.is_file():
            shutil.copy2(f, dest / f.name)
    db = open_data(dest)
    t: Setup = _TEMPLATE["setup"]  # type: ignore[assignment]
    yield Setup(db, t.term_id, t.meeting_id, t.reps, t.depts)
    db.close()


TODAY = date(2025, 3, 25)


from tests.ui.conftest import window  # noqa: E402,F401  (the main-window fixture for the page tests)
