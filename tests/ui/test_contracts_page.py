"""The contracts page as a chair uses it: list, draft tree with the clause library, versions and redline,
negotiation checks, the vote form, deadlines; and the start page's reminders."""

from __future__ import annotations

from app.services import contracts as cs
from ui.modules import MODULES
from ui.qt import *


def contracts_page(window):
    window.nav.setCurrentRow([m.key for m in MODULES].index("contracts"))
    return window.pages["contracts"]


def test_list_shows_the_demo_contracts(window, demo_db):
    page = contracts_page(window)
    m = page.model
    assert m.rowCount() == 2
    assert [m.data(m.index(r, 1)) for r in range(2)] == ["综合集体合同", "工资专项集体合同"]
    assert m.data(m.index(0, 3)) == "已生效" and m.data(m.index(1, 3)) == "协商中"
    assert "已生效" in page.header.text()


def test_draft_tree_is_numbered_and_clause_insert_then_save_makes_a_version(window, demo_db, monkeypatch):
    page = contracts_page(window)
    wage = next(r.id for r in cs.list_contracts(demo_db) if r.kind == "wage")
    page.select(wage)
    tree = page.draft.tree
    assert tree.topLevelItem(0).text(0).startswith("第一章　总则")
    assert tree.topLevelItem(0).child(0).text(0).startswith("第一条　")
    before = len(cs.versions(demo_db, wage))
    # insert the "争议处理" clause from the library into the chapter of the current item
    lib = page.draft.library
    row = next(i for i in range(lib.count()) if "争议" in lib.item(i).text())
    lib.setCurrentRow(row)
    tree.setCurrentItem(tree.topLevelItem(1))
    page.draft.insert_clause()
    cur = tree.currentItem()
    assert cur.parent() is not None and "争议" in cur.text(0)
    # edit the text of the new article
    page.draft.text.setPlainText("因履行本合同发生争议，双方在10日内协商解决。")
    assert "10日内协商" in tree.currentItem().text(0)
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *a, **k: ("加争议条款", True)))
    page.draft.save()
    assert len(cs.versions(demo_db, wage)) == before + 1
    assert "10日内协商" in cs.plain_text(cs.draft(demo_db, wage))
    # the redline of the last two versions shows the insertion
    page.tabs.setCurrentWidget(page.versions)
    assert "新增" in page.versions.summary.text()
    assert "10日内协商" in page.versions.view.toPlainText()


def test_moving_an_article_renumbers(window, demo_db):
    page = contracts_page(window)
    tree = page.draft.tree
    ch = tree.topLevelItem(1)
    first = ch.child(0).data(0, Qt.ItemDataRole.UserRole)
    if ch.childCount() < 2:
        page.draft.tree.setCurrentItem(ch)
        page.draft.add_article("另一条。")
    tree.setCurrentItem(ch.child(0))
    page.draft.move(1)
    assert ch.child(1).data(0, Qt.ItemDataRole.UserRole) == first
    assert ch.child(0).text(0).startswith("第二条") and ch.child(1).text(0).startswith("第三条")


def test_negotiation_tab_shows_representative_findings(window, demo_db):
    page = contracts_page(window)
    wage = next(r.id for r in cs.list_contracts(demo_db) if r.kind == "wage")
    page.select(wage)
    n = page.negotiation
    assert n.reps.rowCount() == len(cs.representatives(demo_db, wage))
    assert "每方应不少于3人" in n.checks.text() and "补齐" in n.checks.text()
    assert n.meetings.rowCount() == 3


def test_vote_form_tells_the_result_as_figures_are_typed(window):
    from ui.contracts.forms import VoteDialog

    dlg = VoteDialog(window)
    dlg.spins["total"].setValue(30)
    dlg.spins["present"].setValue(20)
    dlg.spins["in_favour"].setValue(15)
    assert dlg.result.text().startswith("通过")
    dlg.spins["in_favour"].setValue(14)
    assert dlg.result.text().startswith("未通过") and "半数以上" in dlg.result.text()
    dlg.spins["present"].setValue(31)
    assert "多于应到人数" in dlg.result.text()


def test_vote_form_takes_the_figures_of_a_congress_meeting(window, demo_db):
    from app.services import contracts as cs
    from ui.contracts.forms import VoteDialog

    meetings = cs.congress_meetings(demo_db)
    dlg = VoteDialog(window, "national", meetings)
    dlg.meeting.setCurrentIndex(1)
    m = meetings[0]
    assert dlg.spins["total"].value() == m.total and not dlg.spins["total"].isEnabled()
    assert dlg.spins["present"].value() == m.present and dlg.meeting_id() == m.id


def test_life_tab_offers_only_the_next_steps(window, demo_db):
    page = contracts_page(window)
    comp = next(r.id for r in cs.list_contracts(demo_db) if r.kind == "comprehensive")
    page.select(comp)
    b = page.life.buttons
    assert b["renew"].isEnabled() and b["change"].isEnabled()
    assert not b["vote"].isEnabled() and not b["sign"].isEnabled()
    assert page.life.timeline.rowCount() >= 8
    assert not page.life.wage.isVisibleTo(page.life)


def test_deadlines_view_and_start_page(window, demo_db):
    page = contracts_page(window)
    page.top.setCurrentWidget(page.deadlines)
    t = page.deadlines.table
    assert t.rowCount() >= 2
    assert "补齐协商代表空缺" in t.item(0, 3).text()
    window.nav.setCurrentRow(0)
    home = window.pages["home"]
    texts = [home.reminders.item(i).text() for i in range(home.reminders.count())]
    assert any("集体合同《" in x and "补齐协商代表空缺" in x for x in texts)


def test_print_filing_pack_opens_the_preview(window, demo_db, qtbot):
    import pytest

    pytest.importorskip("PySide6.QtPdf")
    from ui import print_preview

    print_preview._open.clear()
    page = contracts_page(window)
    wage = next(r.id for r in cs.list_contracts(demo_db) if r.kind == "wage")
    page.select(wage)
    page.print_filing_pack()
    qtbot.waitUntil(lambda: print_preview.last_preview() is not None, timeout=30000)
    dlg = print_preview.last_preview()
    assert dlg.doc.title == "集体合同审查报送材料"
    dlg.close()
    print_preview._open.clear()


def test_new_contract_then_record_offer_and_representative(window, demo_db, monkeypatch):
    from ui.contracts import forms

    page = contracts_page(window)
    monkeypatch.setattr(forms.NewContractDialog, "exec", lambda self: (self.kind.setCurrentIndex(
        self.kind.findData("safety")), self.title.setText("劳动安全卫生专项集体合同（草案）"), True)[-1])
    page.new_contract()
    assert page.model.rowCount() == 3
    assert page.current_id == 3 and "劳动安全卫生" in page.header.text()
    assert page.draft.tree.topLevelItemCount() > 3          # started from the clause library
    monkeypatch.setattr(forms.OfferDialog, "exec", lambda self: True)
    page.negotiation.add_offer()
    assert page.negotiation.offers.rowCount() == 1
    assert cs.get_contract(demo_db, 3).state == "negotiating"

    def fill(self):
        self.name.setText("新代表")
        self.chief.setChecked(True)
        return True

    monkeypatch.setattr(forms.RepDialog, "exec", fill)
    page.negotiation.add_rep()
    assert page.negotiation.reps.rowCount() == 1
    assert "不是工会主席" in page.negotiation.checks.text()   # a worker chief who is not the chair, no 委托书


def test_life_step_publish_records_the_date(window, demo_db, monkeypatch):
    from ui.contracts import forms

    page = contracts_page(window)
    comp = next(r.id for r in cs.list_contracts(demo_db) if r.kind == "comprehensive")
    # take the publication back out so the step is offered again
    from app.models.contracts import Contract

    with demo_db.session(write=True) as s:
        c = s.get(Contract, comp)
        c.published_on = None
        s.add(c)
    page.current_id = None
    page.refresh(comp)
    assert page.life.buttons["publish"].isEnabled()
    monkeypatch.setattr(forms.DateNoteDialog, "exec", lambda self: (self.text.setText("公告栏"), True)[-1])
    page.life.step("publish")
    assert cs.get_contract(demo_db, comp).published_on is not None
    assert not page.life.buttons["publish"].isEnabled()
    tl = page.life.timeline
    assert any(tl.item(r, 1).text() == "向全体职工公布" and tl.item(r, 2).text() == "公告栏" for r in range(tl.rowCount()))


def test_a_deadline_in_a_year_without_a_holiday_notice_says_why_it_is_marked(window, demo_db, monkeypatch):
    from datetime import date

    from app.rules import contracts as rules

    items = [cs.DeadlineItem(1, "综合集体合同", "报送审查", date(2026, 3, 2), "open", "cite", False),
             cs.DeadlineItem(1, "综合集体合同", "报送审查", rules.filing_deadline(date(2027, 9, 28)).due, "open", "cite",
                             rules.filing_deadline(date(2027, 9, 28)).approximate)]
    assert items[1].approximate  # 2027's 放假安排 is not in the calendar
    monkeypatch.setattr(cs, "deadlines", lambda db: items)
    page = contracts_page(window)
    page.top.setCurrentWidget(page.deadlines)
    page.deadlines.load()
    t = page.deadlines.table
    assert t.item(0, 0).text() == "2026-03-02" and not t.item(0, 0).toolTip()
    assert t.item(1, 0).text().endswith("*") and "程序未收录该年的放假安排" in t.item(1, 0).toolTip()
