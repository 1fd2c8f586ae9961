"""Roster service: validation that says what and where, one ID = one member, history, search, export."""

from __future__ import annotations

from datetime import date

import pytest
from python_calamine import CalamineWorkbook

from app.errors import DomainError, ValidationFailed
from app.services import roster, roster_export

ZENG = {"name": "曾志伟", "id_number": "11010519491231002X", "mobile": "13800138000", "sex": "女"}


def test_id_number_fills_birth_date_and_sex(empty_db):
    m = roster.create_member(empty_db, {"name": "曾志伟", "id_number": "11010519491231002x"})
    assert m.id_number == "11010519491231002X"
    assert m.birth_date == date(1949, 12, 31) and m.sex == "女"
    assert m.status == "active"
    assert [e.kind for e in roster.list_events(empty_db, m.id)] == ["入会"]


def test_inconsistent_birth_date_and_sex_are_named(empty_db):
    with pytest.raises(ValidationFailed) as e:
        roster.create_member(empty_db, {"name": "张三", "id_number": "11010519491231002X", "sex": "男",
                                        "birth_date": "1950-01-01"})
    fields = {p.field for p in e.value.problems}
    assert fields == {"sex", "birth_date"}
    assert "1949-12-31" in e.value.message


def test_missing_name_and_bad_phone(empty_db):
    with pytest.raises(ValidationFailed) as e:
        roster.create_member(empty_db, {"name": "", "id_number": "11010519491231002X", "mobile": "12345"})
    msgs = {p.field: p.message for p in e.value.problems}
    assert "姓名" in msgs["name"] and "手机号码" in msgs["mobile"]


def test_one_id_number_one_member(empty_db):
    roster.create_member(empty_db, ZENG)
    with pytest.raises(DomainError) as e:
        roster.create_member(empty_db, {**ZENG, "name": "别人"})
    assert e.value.code == "member.id.duplicate" and e.value.field == "id_number"
    assert "曾志伟" in e.value.message


def test_status_derives_from_history(empty_db):
    m = roster.create_member(empty_db, {**ZENG, "join_date": "2010-01-01"})
    roster.add_event(empty_db, m.id, "保留", "2020-03-01", "退休")
    assert roster.get_member(empty_db, m.id).status == "retained"
    ev = roster.add_event(empty_db, m.id, "转出", "2021-03-01", "劳动(工作)关系发生变化")
    assert ev.reason == "劳动（工作）关系发生变化"
    assert roster.get_member(empty_db, m.id).status == "transferred_out"
    roster.delete_event(empty_db, ev.id)
    assert roster.get_member(empty_db, m.id).status == "retained"
    with pytest.raises(DomainError):
        roster.add_event(empty_db, m.id, "开除", "2021-03-01")


@pytest.mark.parametrize("query", ["曾", "志伟", "zzw", "zengzhiwei", "zeng", "002X", "002x", "8000", "13800138000"])
def test_search_finds_by_every_key(empty_db, query):
    roster.create_member(empty_db, ZENG)
    roster.create_member(empty_db, {"name": "李四", "id_number": "110105198001011238", "mobile": "13900001111"})
    hits = [r.name for r in roster.search(empty_db, query)]
    assert hits == ["曾志伟"]


def test_heteronym_surname_sorts_by_its_surname_reading(empty_db):
    # 曾 is read zēng as a surname; pypinyin alone says céng and would sort 曾 before 陈 (chen).
    roster.create_member(empty_db, ZENG)
    roster.create_member(empty_db, {"name": "陈红", "id_number": "110105198001011238"})
    roster.create_member(empty_db, {"name": "单田芳", "id_number": "110105195001010012"})
    assert [r.name for r in roster.search(empty_db, "")] == ["陈红", "单田芳", "曾志伟"]


def test_filters_and_department_subtree(demo_db):
    depts = roster.list_departments(demo_db)
    prod = next(d for d in depts if d.name == "生产部")
    team_ids = {c.id for c in prod.children}
    rows = roster.search(demo_db, "", roster.Filters(department_id=prod.id), limit=1000)
    assert rows and all(r.department in {c.name for c in prod.children} for r in rows)
    assert len(rows) == roster.count(demo_db, "", roster.Filters(department_id=prod.id))
    women = roster.search(demo_db, "", roster.Filters(sex="女"), limit=1000)
    assert women and all(r.sex == "女" for r in women)
    assert team_ids


def test_department_rules(empty_db):
    d = roster.create_department(empty_db, "生产部")
    roster.create_department(empty_db, "一班", d.id)
    with pytest.raises(DomainError):
        roster.create_department(empty_db, "一班", d.id)
    with pytest.raises(DomainError) as e:
        roster.delete_department(empty_db, d.id)
    assert e.value.code == "department.has_children"


def test_a_department_name_that_several_share_is_not_guessed(empty_db):
    a = roster.create_department(empty_db, "生产部")
    b = roster.create_department(empty_db, "技术部")
    a1 = roster.create_department(empty_db, "一班", a.id)
    b1 = roster.create_department(empty_db, "一班", b.id)
    assert roster.find_department_by_path(empty_db, "技术部/一班") == b1.id
    assert roster.find_department_by_path(empty_db, "生产部/一班") == a1.id
    assert roster.find_department_by_path(empty_db, "生产部") == a.id
    with pytest.raises(DomainError) as e:
        roster.find_department_by_path(empty_db, "一班")
    assert e.value.code == "department.ambiguous" and "生产部/一班" in e.value.message
    assert roster.find_department_by_path(empty_db, "二班") is None


def test_delete_and_restore_keeps_identity_and_history(empty_db):
    m = roster.create_member(empty_db, {**ZENG, "join_date": "2010-01-01"})
    roster.add_event(empty_db, m.id, "保留", "2020-03-01", "退休")
    snap = roster.delete_member(empty_db, m.id)
    assert roster.count(empty_db) == 0
    back = roster.restore_member(empty_db, snap)
    assert back.uuid == m.uuid and back.status == "retained"
    assert [e.kind for e in roster.list_events(empty_db, back.id)] == ["入会", "保留"]


def test_restore_keeps_the_id_while_it_is_free(empty_db):
    m = roster.create_member(empty_db, ZENG)
    snap = roster.delete_member(empty_db, m.id)
    assert roster.restore_member(empty_db, snap).id == m.id
    assert roster.member_id_by_uuid(empty_db, m.uuid) == m.id


def test_a_congress_representative_cannot_be_deleted(demo_db):
    """congress_representative.member_id is ON DELETE RESTRICT: deleting such a member used to end in an
    IntegrityError out of the flush (a crash dialog in the window); it is a DomainError that says what to do."""
    from sqlmodel import select

    from app.models.congress import Representative

    with demo_db.session() as s:
        mid = s.exec(select(Representative.member_id)).first()
    assert mid is not None
    n = roster.count(demo_db)
    with pytest.raises(DomainError) as e:
        roster.delete_member(demo_db, mid)
    assert e.value.code == "member.in_use" and "职工代表" in e.value.message and "退会" in e.value.message
    assert roster.count(demo_db) == n


def test_undoing_a_delete_links_the_hardship_file_again(demo_db):
    """hardship_file.member_id is ON DELETE SET NULL: the deletion unlinks the file (tracked, so the change
    travels upward), and restoring the member links it again."""
    from sqlmodel import select

    from app.models.congress import Representative
    from app.models.hardship import HardshipFile

    with demo_db.session() as s:
        reps = set(s.exec(select(Representative.member_id)).all())
        f = next(f for f in s.exec(select(HardshipFile).where(HardshipFile.member_id.is_not(None))).all()
                 if f.member_id not in reps)
        fid, mid, rv = f.id, f.member_id, f.rv
    snap = roster.delete_member(demo_db, mid)
    with demo_db.session() as s:
        f = s.get(HardshipFile, fid)
        assert f.member_id is None and f.rv > rv
    back = roster.restore_member(demo_db, snap)
    assert back.id == mid
    with demo_db.session() as s:
        assert s.get(HardshipFile, fid).member_id == mid


def test_resolve_member_lists_candidates(empty_db):
    roster.create_member(empty_db, {"name": "王芳", "id_number": "110105198001011238"})
    roster.create_member(empty_db, {"name": "王芳", "id_number": "110105195001010012"})
    with pytest.raises(DomainError) as e:
        roster.resolve_member(empty_db, "王芳")
    assert e.value.code == "member.ambiguous" and "110105********1238" in e.value.message
    assert roster.resolve_member(empty_db, "110105198001011238").name == "王芳"


def test_export_has_template_layout_and_ids_as_text(demo_db, tmp_path):
    out = tmp_path / "roster.xlsx"
    n = roster_export.export_xlsx(demo_db, out)
    rows = CalamineWorkbook.from_path(str(out)).get_sheet_by_name("会员信息").to_python()
    assert rows[1][0] == "海南省工会会员信息采集表"
    assert rows[3][:3] == ["序号", "姓名", "性别"] and rows[3][7].startswith("证件号码")
    assert len(rows) - 4 == n == roster.count(demo_db)
    ids = [r[7] for r in rows[4:]]
    assert all(isinstance(i, str) and len(i) == 18 for i in ids)
    first = roster.search(demo_db, "", limit=1)[0]
    assert rows[4][1] == first.name


def test_export_cancel_leaves_no_file(demo_db, tmp_path):
    out = tmp_path / "roster.xlsx"
    with pytest.raises(roster_export.ExportCancelled):
        roster_export.export_xlsx(demo_db, out, progress=lambda d, t: False)
    assert not out.exists() and not list(tmp_path.glob("*.part"))
