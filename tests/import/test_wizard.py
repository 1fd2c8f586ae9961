"""The import wizard as a user drives it: choose a file, check the mapping, preview with a filter on problems,
import with progress, summary with the error report; Cancel during the import leaves the roster as it was."""

from __future__ import annotations

from datetime import date

import pytest

from app.services import roster
from app.services import roster_import as ri
from ui.qt import QDesktopServices, QDialog, Qt

from ..import_helpers import snapshot
from .corpus import make_id


@pytest.fixture
def page(qtbot, demo_db, monkeypatch):
    from ui import dialogs
    from ui.application import make_app, open_main_window

    monkeypatch.setattr(dialogs, "confirm", lambda *a, **k: True)
    errors: list = []
    monkeypatch.setattr("ui.roster_import.wizard.show_error", lambda parent, exc, *a: errors.append(exc))
    make_app()
    win = open_main_window(demo_db)
    qtbot.addWidget(win)
    win.show()
    win.show_module("roster")
    page = win.pages["roster"]
    page.errors = errors
    return page


def _csv(path, n_good: int, bad: bool = True):
    lines = ["花名册（人事部导出）", "序号,职工姓名,\"身份证号码\n(18位)\",联系电话,部门,备注说明"]
    for k in range(n_good):
        lines.append(f"{k + 1},新人{k},{make_id('330106', date(1980 + k % 20, 1 + k % 12, 1 + k % 28), k % 1000)},"
                     f"1380000{k:04d},质量部/新班组,")
    if bad:
        lines.append(f"{n_good + 1},坏行,123456,12,,")
    path.write_text("\n".join(lines) + "\n", encoding="gb18030")
    return path


def _next(wizard, qtbot, step: int, timeout: int = 10000) -> None:
    """Press 下一步 and wait for the wizard to reach ``step`` (0 file, 1 mapping, 2 preview …)."""
    qtbot.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wizard.stack.currentIndex() == step, timeout=timeout)


def _open(page, qtbot, path):
    page.import_action.trigger()
    wizard = page.findChild(QDialog, "ImportWizard")
    assert wizard is not None and wizard.isVisible()
    assert wizard.isModal()  # an edit in the roster would wait for the import's write lock with the window frozen
    wizard.path_edit.setText(str(path))
    return wizard


def test_wizard_end_to_end(page, qtbot, tmp_path, demo_db, monkeypatch):
    f = _csv(tmp_path / "名单.csv", 3)
    before = roster.count(demo_db)
    shown = page.model.rowCount()
    wizard = _open(page, qtbot, f)
    _next(wizard, qtbot, 1, 10000)
    # the mapping: 职工姓名 → 姓名, 身份证号码 → 证件号码 …; 备注说明 → 备注 is changed to "not imported"
    labels = {wizard.mapping_table.item(r, 1).text(): wizard.mapping_table.cellWidget(r, 2).currentText()
              for r in range(wizard.mapping_table.rowCount())}
    assert labels["职工姓名"] == "姓名" and labels["身份证号码 (18位)"] == "证件号码"
    assert labels["联系电话"] == "移动电话" and labels["部门"] == "部门/班组"
    notes_combo = wizard.combos[5]
    notes_combo.setCurrentIndex(0)
    _next(wizard, qtbot, 2, 10000)
    assert "新增3" in wizard.summary_label.text() and "有问题1" in wizard.summary_label.text()
    # the problems are shown first; the filter switches views
    assert wizard.preview_model.rowCount() == 1
    assert wizard.preview_model.data(wizard.preview_model.index(0, 0)) == "6"
    assert "证件号码" in wizard.preview_model.data(wizard.preview_model.index(0, 4))
    wizard.filter_combo.setCurrentIndex(0)
    assert wizard.preview_model.rowCount() == 4
    # invalid rows: importing needs "only the rows without problems"
    assert not wizard.next_button.isEnabled()
    wizard.skip_invalid.setChecked(True)
    assert wizard.next_button.isEnabled()
    _next(wizard, qtbot, 3, 20000)
    assert roster.count(demo_db) == before + 3
    assert "新增3名" in wizard.result_label.text()
    assert "质量部/新班组" in roster.department_paths(demo_db).values()
    report = tmp_path / "名单-错误报告.xlsx"
    assert report.exists() and str(report) in wizard.result_label.text()
    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()))
    assert wizard.open_report_button.isVisible()
    qtbot.mouseClick(wizard.open_report_button, Qt.MouseButton.LeftButton)
    assert opened == [str(report)]
    # the roster page shows the new members
    qtbot.waitUntil(lambda: page.model.rowCount() == shown + 3, timeout=5000)
    # the mapping choice is remembered: next time 备注说明 is not imported
    _sheet, mapping = ri.detect_mapping(demo_db, f)
    assert mapping.fields[5] is None
    assert not page.errors
    grab = wizard.grab()
    grab.save(str(tmp_path / "wizard.png"))


def test_cancel_during_the_import_leaves_the_roster_as_it_was(page, qtbot, tmp_path, demo_db):
    f = _csv(tmp_path / "大名单.csv", 6000, bad=False)
    snap = snapshot(demo_db)
    wizard = _open(page, qtbot, f)
    _next(wizard, qtbot, 1, 10000)
    _next(wizard, qtbot, 2, 30000)
    assert wizard.preview.count("new") == 6000
    snap = snapshot(demo_db)  # (checking remembered nothing new; the roster itself is unchanged)
    qtbot.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)
    wizard.task.cancel()  # the user presses Cancel in the progress dialog
    qtbot.waitUntil(lambda: wizard.cancelled, timeout=60000)
    assert "导入已取消" in wizard.summary_label.text()
    assert snapshot(demo_db) == snap
    assert wizard.stack.currentIndex() == 2 and wizard.next_button.isEnabled()


def test_a_file_without_a_header_says_so(page, qtbot, tmp_path):
    f = tmp_path / "乱.csv"
    f.write_text("a,b,c\n1,2,3\n", encoding="utf-8")
    wizard = _open(page, qtbot, f)
    qtbot.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(page.errors), timeout=10000)
    assert page.errors[0].code == "import.no_header"
    assert wizard.stack.currentIndex() == 0


def test_window_exports_the_filtered_view_as_csv(page, qtbot, tmp_path, monkeypatch, demo_db):
    from ui.qt import QFileDialog

    out = tmp_path / "筛选结果.csv"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), "CSV (*.csv)"))
    done = []
    monkeypatch.setattr("ui.roster.page.info", lambda *a, **k: done.append(a))
    page.sex_filter.setCurrentIndex(2)  # 女
    qtbot.waitUntil(lambda: page.model.rowCount() < roster.count(demo_db), timeout=3000)
    shown = page.model.rowCount()
    page.export_action.trigger()
    qtbot.waitUntil(lambda: bool(done), timeout=20000)
    lines = out.read_text(encoding="utf-8-sig").splitlines()
    assert len(lines) == shown + 1
    assert all(",女," in line for line in lines[1:])


def test_cancel_while_checking_gives_the_buttons_back(page, qtbot, tmp_path):
    f = _csv(tmp_path / "大名单.csv", 6000, bad=False)
    wizard = _open(page, qtbot, f)
    _next(wizard, qtbot, 1, 10000)
    qtbot.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)
    wizard.task.cancel()
    qtbot.waitUntil(lambda: wizard.next_button.isEnabled(), timeout=30000)
    assert wizard.stack.currentIndex() == 1 and wizard.preview is None


def test_checking_again_without_problems_shows_every_row(page, qtbot, tmp_path):
    """The filter was only ever set to 有问题: a second check of a clean file kept it, and the table was empty."""
    bad = _csv(tmp_path / "有错.csv", 2)
    good = _csv(tmp_path / "无错.csv", 3, bad=False)
    wizard = _open(page, qtbot, bad)
    _next(wizard, qtbot, 1, 10000)
    _next(wizard, qtbot, 2, 10000)
    assert wizard.filter_combo.currentData() == "invalid" and wizard.preview_model.rowCount() == 1
    qtbot.mouseClick(wizard.back_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(wizard.back_button, Qt.MouseButton.LeftButton)
    wizard.path_edit.setText(str(good))
    _next(wizard, qtbot, 1, 10000)
    qtbot.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wizard.stack.currentIndex() == 2 and wizard.preview.path == good, timeout=10000)
    assert wizard.filter_combo.currentData() == "all" and wizard.preview_model.rowCount() == 3
    # a masked ID number fits its column
    shown = wizard.preview_model.data(wizard.preview_model.index(0, 3))
    assert wizard.preview_view.columnWidth(3) > wizard.preview_view.fontMetrics().horizontalAdvance(shown)


def test_the_wizards_cancel_button_during_the_import_stops_it(page, qtbot, tmp_path, demo_db):
    """Before the progress dialog shows (0.5 s) the wizard's own 取消 can be pressed: it used to close the wizard
    and leave the import running — the members were written, and the list did not show them."""
    f = _csv(tmp_path / "大名单.csv", 3000, bad=False)
    wizard = _open(page, qtbot, f)
    _next(wizard, qtbot, 1, 10000)
    _next(wizard, qtbot, 2, 30000)
    snap = snapshot(demo_db)
    qtbot.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(wizard.finished, timeout=60000):  # closed once the import has stopped
        qtbot.mouseClick(wizard.close_button, Qt.MouseButton.LeftButton)
        assert wizard.isVisible()
    assert snapshot(demo_db) == snap


def test_the_wizards_cancel_button_while_checking_closes_it_when_stopped(page, qtbot, tmp_path):
    f = _csv(tmp_path / "大名单.csv", 6000, bad=False)
    wizard = _open(page, qtbot, f)
    _next(wizard, qtbot, 1, 10000)
    qtbot.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(wizard.finished, timeout=30000):
        wizard.reject()  # Esc
        assert wizard.task.cancelled
    assert not page.errors


def test_an_error_report_that_cannot_be_written_does_not_hide_the_import(page, qtbot, tmp_path, demo_db,
                                                                         monkeypatch):
    """The report is written after the members are: a failure there used to show as a failed import (error
    dialog, the wizard still offering 导入) although the members were in the roster."""
    f = _csv(tmp_path / "名单.csv", 2)
    before = roster.count(demo_db)

    def no_report(preview, path):
        raise ri.DomainError("report.failed", "磁盘已满")

    monkeypatch.setattr(ri, "write_error_report", no_report)
    wizard = _open(page, qtbot, f)
    _next(wizard, qtbot, 1, 10000)
    _next(wizard, qtbot, 2, 10000)
    wizard.skip_invalid.setChecked(True)
    _next(wizard, qtbot, 3, 20000)
    assert roster.count(demo_db) == before + 2 and not page.errors
    text = wizard.result_label.text()
    assert "新增2名" in text and "错误报告没有写成：磁盘已满" in text
    assert not wizard.open_report_button.isVisible()
