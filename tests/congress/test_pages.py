"""The congress and motions pages as a user drives them (pytest-qt, offscreen)."""

from __future__ import annotations

from datetime import date

from app.services import congress, motions
from tests.ui.conftest import type_text
from ui.congress import common


def page(window, key):
    return window.show_module(key)


def answer(monkeypatch, values):
    """The next field dialog is 'filled in' with ``values`` (merged over its defaults)."""
    def fake(parent, title, fields, defaults=None):
        out = dict(defaults or {})
        out.update(values)
        return out
    monkeypatch.setattr("ui.congress.motions_page.ask", fake)
    monkeypatch.setattr("ui.congress.page.ask", fake)


def test_congress_page_shows_representatives_findings_and_votes(window, demo_db):
    p = page(window, "congress")
    reps = congress.list_representatives(demo_db, congress.current_term(demo_db).id, include_ended=True)
    assert p.reps.rowCount() == len(reps)
    assert "中层以上管理人员和领导人员 10 名" in p.summary.text()
    texts = [p.findings.item(r, 1).text() for r in range(p.findings.rowCount())]
    cites = [p.findings.item(r, 2).text() for r in range(p.findings.rowCount())]
    assert any("中层以上管理人员" in t for t in texts) and all(cites)
    assert p.tabs.tabText(1).endswith("（1）")
    assert p.meetings.count() == len(congress.list_meetings(demo_db)) >= 2
    p.meetings.setCurrentRow(1)
    results = [p.votes.item(r, 8).text() for r in range(p.votes.rowCount())]
    assert "通过" in results and "未通过" in results
    assert "出席" in p.meeting_info.text()


def test_recording_a_vote_from_the_page(window, demo_db, monkeypatch):
    p = page(window, "congress")
    p.meetings.setCurrentRow(1)
    before = p.votes.rowCount()
    answer(monkeypatch, {"title": "女职工权益保护专项集体合同（草案）", "for_": 30, "against": 1, "abstain": 0,
                         "important": True, "secret": True, "on": date.today()})
    p.add_vote()
    assert p.votes.rowCount() == before + 1
    assert p.votes.item(before, 0).text() == "女职工权益保护专项集体合同（草案）"
    assert p.votes.item(before, 8).text() == "通过"


def test_motions_page_filters_by_state(window, demo_db, qtbot):
    p = page(window, "motions")
    total = motions.dashboard(demo_db, p.meeting_id()).total
    assert p.model.rowCount() == total
    handling = [i for i in range(p.state_list.count()) if p.state_list.item(i).text().startswith("办理中")][0]
    p.state_list.setCurrentRow(handling)
    n = p.model.rowCount()
    assert n and all(p.model.data(p.model.index(r, 2)).startswith("办理中") for r in range(n))
    p.state_list.setCurrentRow(p.state_list.count() - 1)  # 超期需督办
    assert all("超期" in p.model.data(p.model.index(r, 2)) for r in range(p.model.rowCount()))
    p.state_list.setCurrentRow(0)
    type_text(p.search, "食堂")
    qtbot.waitUntil(lambda: p.model.rowCount() < total, timeout=3000)
    assert all("食堂" in p.model.data(p.model.index(r, 1)) for r in range(p.model.rowCount()))


def test_walking_a_motion_through_the_page(window, demo_db, monkeypatch):
    p = page(window, "motions")
    reviewing = motions.list_motions(demo_db, motions.Filters(meeting_id=p.meeting_id(), states=("reviewing",)))[0]
    p.select(reviewing.id)
    assert p.current_id() == reviewing.id
    assert p.action_buttons["accept"].isEnabled() and not p.action_buttons["reply"].isEnabled()
    answer(monkeypatch, {"opinion": "同意立案"})
    p.action_buttons["accept"].click()
    assert motions.detail(demo_db, reviewing.id).motion.state == "accepted"
    assert p.action_buttons["assign"].isEnabled()
    # a refused step shows the reason and changes nothing
    errors = []
    monkeypatch.setattr("ui.congress.motions_page.show_error", lambda parent, e: errors.append(str(e)))
    answer(monkeypatch, {"lead": None, "assist": [], "due": date.today()})
    p.do("assign")
    assert errors and "主办部门" in errors[0]
    steps = [p.timeline.topLevelItem(i).text(1) for i in range(p.timeline.topLevelItemCount())]
    assert steps[-1] == "立案" and "提交审查" in steps
    assert "同意立案" in p.form.toPlainText()


def test_dashboard_and_report_tabs(window, demo_db):
    p = page(window, "motions")
    p.tabs.setCurrentIndex(1)
    assert p.overdue.topLevelItemCount() > 0 and p.awaiting.count() == 3
    assert p.stats.item(0, 2).text().endswith("%")
    p.tabs.setCurrentIndex(2)
    text = p.report.toPlainText()
    assert "立案率" in text and "满意率" in text
    p.report.setPlainText(text + "\n\n补充：感谢各承办部门。")
    p.save_report()
    assert motions.report_text(demo_db, p._report_meeting())[1] is True
    assert "已保存" in p.report_state.text()


def test_field_dialog_round_trip(qtbot):
    dlg = common.FieldDialog(None, "t", [("a", "A", "text", None), ("b", "B", "int", None),
                                         ("c", "C", "choice", ["满意", "不满意"]), ("d", "D", "date", None),
                                         ("e", "E", "multi", [("x", 1), ("y", 2)]), ("f", "F", "bool", None)],
                             {"a": "甲", "b": 3, "c": "不满意", "d": date(2025, 1, 2), "e": [2], "f": True})
    qtbot.addWidget(dlg)
    assert dlg.values() == {"a": "甲", "b": 3, "c": "不满意", "d": date(2025, 1, 2), "e": [2], "f": True}


def test_attachments_from_the_page(window, demo_db, monkeypatch, tmp_path):
    p = page(window, "motions")
    f = tmp_path / "现场照片.txt"
    f.write_text("照片说明", encoding="utf-8")
    monkeypatch.setattr("ui.congress.motions_page.QFileDialog.getOpenFileName", lambda *a, **k: (str(f), ""))
    opened = []
    monkeypatch.setattr("ui.congress.motions_page.QDesktopServices.openUrl", lambda url: opened.append(url))
    p.attach()
    assert "现场照片.txt" in p.form.toPlainText()
    p.open_attachment()
    assert opened and p.last_opened.read_text(encoding="utf-8") == "照片说明"


def test_report_deadline_in_a_year_without_a_holiday_notice_is_marked_approximate(window, demo_db):
    """Shanghai: report within 7 working days of closing. 2027's 放假安排 is not known to the program: the page says
    the date is approximate; a date in a year the calendar lists gets no such note."""
    from app.services import org

    current = org.get_org(demo_db)
    org.save_org(demo_db, {"union_name": current.union_name, "enterprise_name": current.enterprise_name,
                           "staff_count": current.staff_count, "profile": "shanghai"})
    term = congress.current_term(demo_db)
    congress.create_meeting(demo_db, term.id, number=90, held_on="2026-03-02", closed_on="2026-03-03")
    congress.create_meeting(demo_db, term.id, number=91, held_on="2027-03-02", closed_on="2027-03-03")
    p = page(window, "congress")
    p.reload()
    shown = {}
    for row in range(p.meetings.count()):
        p.meetings.setCurrentRow(row)
        shown[p.meetings.item(row).text()] = p.meeting_info.text()
    by_year = {y: [t for label, t in shown.items() if "报告上一级工会期限：" + y in t] for y in ("2026", "2027")}
    assert by_year["2026"] and by_year["2027"]
    assert all("约：" not in t for t in by_year["2026"])
    assert all("约：程序未收录该年的放假安排" in t for t in by_year["2027"])
