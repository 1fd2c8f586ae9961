"""The hardship window as the chair uses it: filters, the editor behind consent, a campaign ticked off."""

from __future__ import annotations

from datetime import date

from app.services import hardship as hs
from ui.qt import QDialog, Qt


def hardship_page(window):
    return window.show_module("hardship")


def test_files_list_filters_and_masks(window, demo_db):
    page = hardship_page(window)
    total = page.model.rowCount()
    assert total == len(hs.list_files(demo_db)) and total >= 10
    assert all("********" in page.model.data(page.model.index(r, 2)) for r in range(total))
    page.category_filter.setCurrentIndex(page.category_filter.findData("深度困难"))
    page.state_filter.setCurrentIndex(page.state_filter.findData("在档"))
    n = page.model.rowCount()
    assert 0 < n < total
    assert {page.model.data(page.model.index(r, 3)) for r in range(n)} == {"深度困难"}
    assert {page.model.data(page.model.index(r, 4)) for r in range(n)} == {"在档"}
    assert all(page.model.data(page.model.index(r, 7)) for r in range(n))   # re-check due dates shown
    assert page.count_label.text() == f"共 {n} 户"


def test_editor_locks_sensitive_fields_until_consent(window, qtbot, hdb_in_window):
    from ui.hardship.editor import FileEditor

    db, fid = hdb_in_window
    ed = FileEditor(window.ctx, fid, window)
    qtbot.addWidget(ed)
    assert not ed.widgets["health"].isEnabled() and not ed.widgets["own_monthly_income"].isEnabled()
    assert ed.widgets["address"].isEnabled()
    assert "未登记同意" in ed.consent_label.text()
    hs.give_consent(db, fid, hs.SENSITIVE, date.today())
    ed.load()
    assert ed.widgets["health"].isEnabled()
    ed.widgets["health"].setText("尿毒症")
    ed.widgets["own_monthly_income"].setText("900")
    ed.widgets["household_size"].setValue(3)
    ed.main_cause.setCurrentIndex(ed.main_cause.findData("因病"))
    assert ed.save(), ed.error.text()
    f = hs.get_file(db, fid).file
    assert f.health == "尿毒症" and f.own_monthly_income_fen == 90_000 and f.category == "深度困难"
    assert "深度困难" in ed.computation.toPlainText() and "300.00" in ed.computation.toPlainText()
    ed.widgets["household_size"].setValue(1)                      # live recomputation while typing
    assert "900.00" in ed.computation.toPlainText()


def test_campaign_tick_off_updates_what_is_left(window, qtbot, demo_db):
    from ui.hardship.dialogs import VisitDialog

    page = hardship_page(window)
    page.tabs.setCurrentIndex(1)
    assert page.campaign_box.count() >= 1
    cid = page.campaign_box.currentData()
    before = hs.campaign_progress(demo_db, cid)
    if not before.left:
        return
    visit_id = before.left[0][0].id
    dlg = VisitDialog(window.ctx, visit_id, page)
    qtbot.addWidget(dlg)
    dlg.visitors.setText("王建国")
    dlg._ok()
    assert dlg.result() == QDialog.DialogCode.Accepted, dlg.error.text()
    window.ctx.notify("hardship")
    after = hs.campaign_progress(demo_db, cid)
    assert len(after.left) == len(before.left) - 1
    assert f"还剩 {len(after.left)} 户" in page.progress_label.text()


def test_payment_over_cap_is_refused_in_the_dialog(window, qtbot, demo_db):
    from ui.hardship.dialogs import PaymentDialog

    fid = hs.list_files(demo_db, state=hs.FILED)[0].id
    dlg = PaymentDialog(window.ctx, fid, hardship_page(window))
    qtbot.addWidget(dlg)
    dlg.aid_type.setCurrentIndex(dlg.aid_type.findData("生活救助"))
    dlg.amount.setText("5000.01")
    dlg._ok()
    assert not dlg.error.isHidden() and "上限" in dlg.error.text()
    assert dlg.result() != QDialog.DialogCode.Accepted


def test_withdrawing_consent_in_the_editor_erases_and_locks(window, qtbot, hdb_in_window):
    from ui.hardship.editor import FileEditor

    db, fid = hdb_in_window
    hs.give_consent(db, fid, hs.SENSITIVE, date.today())
    hs.update_file(db, fid, {"health": "癌症"})
    ed = FileEditor(window.ctx, fid, window)
    qtbot.addWidget(ed)
    assert not ed.withdraw_btn.isHidden() and ed.widgets["health"].text() == "癌症"
    ed._withdraw()                     # confirm() is answered "yes" by the window fixture
    assert hs.get_file(db, fid).file.health == ""
    assert not ed.widgets["health"].isEnabled() and ed.widgets["health"].text() == ""


def test_new_campaign_from_the_dialog_creates_the_visit_tasks(window, qtbot, demo_db):
    from ui.hardship.dialogs import CampaignDialog

    page = hardship_page(window)
    dlg = CampaignDialog(window.ctx, page)
    qtbot.addWidget(dlg)
    dlg.name.setText("中秋节慰问")
    dlg.kind.setCurrentIndex(dlg.kind.findData("节日慰问"))
    for c, cb in dlg.cats.items():
        cb.setChecked(c == "深度困难")
    dlg.extra.item(0).setCheckState(Qt.CheckState.Checked)
    dlg.cash.setText("300")
    dlg._ok()
    assert dlg.result() == QDialog.DialogCode.Accepted, dlg.error.text()
    p = hs.campaign_progress(demo_db, dlg.campaign_id)
    deep = [r for r in hs.list_files(demo_db, state=hs.FILED) if r.category == "深度困难"]
    assert len(p.left) >= len(deep) and p.done == []
    assert all(v.cash_fen == 30_000 and v.kind == "节日慰问" for v, _n in p.left)
    window.ctx.notify("hardship")
    page.campaign_box.setCurrentIndex(page.campaign_box.findData(dlg.campaign_id))
    assert page.visit_table.rowCount() == len(p.left)
    assert f"还剩 {len(p.left)} 户" in page.progress_label.text()


def test_money_in_the_fund_ledger_lines_up_on_the_right(window, demo_db):
    page = hardship_page(window)
    page.reload_ledger()
    t = page.ledger_table
    assert t.rowCount() > 0
    right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
    for c in (1, 2, 3, 4):  # 预算 / 已支出 / 余额 / 笔数: digits under digits
        assert Qt.AlignmentFlag(t.item(0, c).textAlignment()) == right, t.horizontalHeaderItem(c).text()
    assert Qt.AlignmentFlag(t.item(0, 0).textAlignment()) != right  # the category reads as text
    if page.payment_table.rowCount():
        assert Qt.AlignmentFlag(page.payment_table.item(0, 4).textAlignment()) == right
