"""Code values (性别, 民族, 学历 …, 会籍变化) are stored in Chinese and shown in the UI language."""

from __future__ import annotations

import pytest

from app.i18n import set_language
from app.services import roster
from tests.ui.test_roster_page import roster_page


@pytest.fixture
def english():
    set_language("en")
    yield
    set_language("zh_CN")


@pytest.fixture
def en_window(english, window):
    return window


def _combo_texts(cb) -> list[str]:
    return [cb.itemText(i) for i in range(cb.count())]


def _column(page, key: str) -> int:
    from ui.roster.model import COLUMNS

    return [k for k, _label in COLUMNS].index(key)


def test_english_roster_list_and_filter_show_english_values(en_window, demo_db):
    page = roster_page(en_window)
    col = _column(page, "sex")
    shown = {page.model.data(page.model.index(r, col)) for r in range(min(page.model.rowCount(), 200))}
    assert shown == {"Male", "Female"}
    assert _combo_texts(page.sex_filter)[1:] == ["Male", "Female"]
    page.sex_filter.setCurrentIndex(page.sex_filter.findText("Female"))
    assert page.model.rowCount() == roster.count(demo_db, "", page.current_filters()) > 0
    assert page.current_filters().sex == "女"  # the filter still asks for the stored code


def test_english_editor_shows_english_and_saves_the_chinese_code(en_window, qtbot, demo_db):
    from ui.roster.editor import MemberEditor

    page = roster_page(en_window)
    mid = page.model.member_id(0)
    before = roster.get_member(demo_db, mid)
    dlg = MemberEditor(en_window.ctx, mid, page)
    qtbot.addWidget(dlg)
    eth = dlg.widgets["ethnicity"]
    assert "Han" in _combo_texts(eth) and "汉族" not in _combo_texts(eth)
    assert dlg.widgets["sex"].currentText() == {"男": "Male", "女": "Female"}[before.sex]
    assert "Communist Youth League member" in _combo_texts(dlg.widgets["political_status"])
    assert "Junior college" in _combo_texts(dlg.widgets["education"])
    eth.setCurrentIndex(eth.findText("Mongol"))
    edu = dlg.widgets["education"]
    edu.setCurrentIndex(edu.findText("Postgraduate"))
    dlg.save()
    after = roster.get_member(demo_db, mid)
    assert (after.ethnicity, after.education) == ("蒙古族", "研究生")


def test_english_history_tab_shows_english_kinds_and_stores_chinese(en_window, qtbot, demo_db):
    from ui.roster.editor import MemberEditor

    page = roster_page(en_window)
    mid = page.model.member_id(0)
    dlg = MemberEditor(en_window.ctx, mid, page)
    qtbot.addWidget(dlg)
    h = dlg.history
    kinds = {h.table.item(r, 1).text() for r in range(h.table.rowCount())}
    assert kinds and kinds <= {"Joined", "Transferred in", "Membership kept", "Transferred out", "Expelled",
                               "Withdrew"}
    assert _combo_texts(h.kind) == ["Joined", "Transferred in", "Membership kept", "Transferred out", "Expelled",
                                    "Withdrew"]
    h.kind.setCurrentIndex(h.kind.findText("Transferred out"))
    h.date.setText("2026-01-05")
    h.reason.setCurrentIndex(h.reason.findText("Retired"))
    h.add_event()
    ev = [e for e in roster.list_events(demo_db, mid) if e.on_date.isoformat() == "2026-01-05"]
    assert [(e.kind, e.reason) for e in ev] == [("转出", "退休")]
    assert roster.get_member(demo_db, mid).status == "transferred_out"
    row = [r for r in range(h.table.rowCount()) if h.table.item(r, 0).text() == "2026-01-05"][0]
    assert (h.table.item(row, 1).text(), h.table.item(row, 2).text()) == ("Transferred out", "Retired")
    assert h.status.text().endswith("Transferred out")


def test_chinese_window_shows_the_chinese_codes(window, qtbot, demo_db):
    from ui.roster.editor import MemberEditor

    page = roster_page(window)
    col = _column(page, "sex")
    assert {page.model.data(page.model.index(r, col)) for r in range(min(page.model.rowCount(), 200))} == {"男", "女"}
    assert _combo_texts(page.sex_filter)[1:] == ["男", "女"]
    mid = page.model.member_id(0)
    dlg = MemberEditor(window.ctx, mid, page)
    qtbot.addWidget(dlg)
    assert "汉族" in _combo_texts(dlg.widgets["ethnicity"])
    assert _combo_texts(dlg.history.kind) == list(roster.EVENT_KINDS)


def test_english_hardship_file_shows_member_codes_and_keeps_them_chinese(en_window, qtbot, demo_db):
    from sqlmodel import select

    from app.models import Member
    from app.models.hardship import HardshipFile
    from app.services import hardship as hs
    from ui.hardship.editor import HOUSEHOLD_COLUMNS, FileEditor

    with demo_db.session() as s:
        taken = {f.member_id for f in s.exec(select(HardshipFile)).all()}
        m = next(x for x in s.exec(select(Member).where(Member.status == "active")).all() if x.id not in taken)
    with demo_db.session(write=True) as s:
        s.get(Member, m.id).political_status = "共青团员"
    f = hs.create_file(demo_db, m.id)
    hs.update_file(demo_db, f.id, {"ethnicity": "回族"}, household=[{"name": "王大海", "relation": "配偶", "sex": "男"}])
    ed = FileEditor(en_window.ctx, f.id, en_window)
    qtbot.addWidget(ed)
    assert ed.widgets["ethnicity"].text() == "Hui"
    assert ed.widgets["political_status"].text() == "Communist Youth League member"
    assert ed.widgets["work_status"].text() == "Employed"
    sex_col = [k for k, _l in HOUSEHOLD_COLUMNS].index("sex")
    assert ed.household.item(0, sex_col).text() == "Male"
    assert [ed.widgets["sex"].itemText(i) for i in range(ed.widgets["sex"].count())][1:] == ["Male", "Female"]
    ed.widgets["address"].setText("海口市龙华路1号")
    assert ed.save(), ed.error.text()
    saved = hs.get_file(demo_db, f.id)
    assert (saved.file.ethnicity, saved.file.political_status, saved.file.work_status) == ("回族", "共青团员", "在岗")
    assert [x.sex for x in saved.members] == ["男"]


def test_english_congress_representatives_show_english_sex(en_window, demo_db):
    p = en_window.show_module("congress")
    assert {p.reps.item(r, 1).text() for r in range(p.reps.rowCount())} <= {"Male", "Female"}
    assert p.reps.rowCount() > 0


def test_import_preview_shows_changed_code_values_in_the_ui_language():
    from app.services.roster_import import FieldChange
    from ui.roster_import.wizard import _change_text

    edu = FieldChange("education", "学历", "高中", "大专")
    event = FieldChange("event", "会籍变化", "", "转出 2026-01-05 退休")
    name = FieldChange("name", "姓名", "张三", "张叁")
    assert [_change_text(c) for c in (edu, event, name)] == ["学历：高中 → 大专", "会籍变化： → 转出 2026-01-05 退休",
                                                            "姓名：张三 → 张叁"]
    set_language("en")
    try:
        assert _change_text(edu) == "学历：Senior secondary school → Junior college"
        assert _change_text(event, empty="(empty)") == "会籍变化：(empty) → Transferred out 2026-01-05 Retired"
        assert _change_text(name) == "姓名：张三 → 张叁"
    finally:
        set_language("zh_CN")
