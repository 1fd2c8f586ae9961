"""The roster window as a user drives it: search as you type, filters, edit a member, undo and redo."""

from __future__ import annotations

from app.services import roster
from tests.ui.conftest import type_text
from ui.modules import MODULES
from ui.qt import *


def roster_page(window):
    window.show_module("roster") if "roster" in window.pages else window.nav.setCurrentRow(
        [m.key for m in MODULES].index("roster"))
    return window.pages["roster"]


def test_navigation_lists_only_real_modules(window):
    titles = [window.nav.item(i).text() for i in range(window.nav.count())]
    assert titles[:2] == ["首页", "会员名册"]
    assert len(titles) == len(MODULES)
    for i in range(window.nav.count()):
        window.nav.setCurrentRow(i)
        assert window.stack.currentWidget() is window.pages[MODULES[i].key]


def test_typing_in_the_search_box_filters_the_table(window, qtbot, demo_db):
    page = roster_page(window)
    total = page.model.rowCount()
    target = roster.search(demo_db, "", limit=1)[0]
    type_text(page.search, target.name)
    qtbot.waitUntil(lambda: page.model.rowCount() < total, timeout=3000)
    names = [page.model.data(page.model.index(r, 0)) for r in range(page.model.rowCount())]
    assert target.name in names and all(target.name in n for n in names)
    assert page.count_label.text() == f"共 {len(names)} 人"
    page.search.clear()
    qtbot.waitUntil(lambda: page.model.rowCount() == total, timeout=3000)


def test_id_numbers_are_masked_in_the_list(window, demo_db):
    page = roster_page(window)
    shown = page.model.data(page.model.index(0, 5))
    assert "********" in shown and len(shown) == 18


def test_status_filter_shows_those_who_left(window, qtbot, demo_db):
    page = roster_page(window)
    idx = page.status_filter.findText("已转出")
    page.status_filter.setCurrentIndex(idx)
    n = page.model.rowCount()
    assert n == roster.count(demo_db, "", roster.Filters(statuses=("transferred_out",))) and n > 0
    assert {page.model.data(page.model.index(r, 8)) for r in range(n)} == {"已转出"}


def test_edit_member_then_undo_and_redo(window, qtbot, demo_db):
    from ui.roster.editor import MemberEditor

    page = roster_page(window)
    page.table.selectRow(0)
    mid = page.current_id()
    before = roster.get_member(demo_db, mid)
    dlg = MemberEditor(window.ctx, mid, page)
    qtbot.addWidget(dlg)
    post = dlg.widgets["post"]
    post.clear()
    type_text(post, "安全员")
    dlg.save()
    assert roster.get_member(demo_db, mid).post == "安全员"
    assert page.model.data(page.model.index(page.model.row_of(mid), 4)) == "安全员"
    window.undo_action.trigger()
    assert roster.get_member(demo_db, mid).post == before.post
    assert page.model.data(page.model.index(page.model.row_of(mid), 4)) == before.post
    window.redo_action.trigger()
    assert roster.get_member(demo_db, mid).post == "安全员"


def test_editor_shows_what_is_wrong_inline_and_blocks_saving(window, qtbot, demo_db):
    from ui.roster.editor import MemberEditor

    dlg = MemberEditor(window.ctx, None, window)
    qtbot.addWidget(dlg)
    dlg.show()
    type_text(dlg.widgets["name"], "新会员")
    qtbot.keyClicks(dlg.widgets["id_number"], "110105198001011239")
    qtbot.waitUntil(lambda: dlg.errors["id_number"].isVisible(), timeout=3000)
    assert "校验位" in dlg.errors["id_number"].text()
    assert not dlg.save_button.isEnabled()
    dlg.widgets["id_number"].setText("110105198001011238")
    qtbot.waitUntil(lambda: dlg.save_button.isEnabled(), timeout=3000)
    assert dlg.widgets["birth_date"].text() == "1980-01-01"  # filled from the ID number
    dlg.save()
    assert roster.find_by_id_number(demo_db, "110105198001011238").name == "新会员"
    window.undo_action.trigger()
    assert roster.find_by_id_number(demo_db, "110105198001011238") is None


def test_delete_then_undo_brings_the_member_back(window, qtbot, demo_db):
    page = roster_page(window)
    page.table.selectRow(3)
    mid = page.current_id()
    m = roster.get_member(demo_db, mid)
    n = roster.count(demo_db)
    page.delete_current()
    assert roster.count(demo_db) == n - 1
    window.undo_action.trigger()
    assert roster.count(demo_db) == n
    assert roster.find_by_id_number(demo_db, m.id_number).uuid == m.uuid


def test_keyboard_ctrl_f_focuses_search(window, qtbot):
    page = roster_page(window)
    window.activateWindow()
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.search, timeout=2000)


def test_keyboard_ctrl_n_opens_a_new_member_form(window, qtbot, monkeypatch):
    from ui.roster import editor

    opened = []
    monkeypatch.setattr(editor.MemberEditor, "exec", lambda self: opened.append(self) or 0)
    page = roster_page(window)
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert opened and opened[0].member_id is None


def test_department_tree_filters(window, qtbot, demo_db):
    page = roster_page(window)
    tree = page.departments.tree
    root = tree.topLevelItem(0)
    prod = next(root.child(i) for i in range(root.childCount()) if root.child(i).text(0) == "生产部")
    tree.setCurrentItem(prod)
    qtbot.waitUntil(lambda: page.model.rowCount() == int(prod.text(1)), timeout=2000)


def test_export_runs_off_the_gui_thread_and_writes_the_file(window, qtbot, demo_db, tmp_path, monkeypatch):
    page = roster_page(window)
    out = tmp_path / "out.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    import ui.roster.page as page_mod

    done = []
    monkeypatch.setattr(page_mod, "info", lambda *a, **k: done.append(a))
    page.export()
    qtbot.waitUntil(lambda: bool(done), timeout=20000)
    assert out.exists() and out.stat().st_size > 1000


def test_reminder_opens_its_module(window, qtbot, monkeypatch):
    from app.services import reminders

    home = window.pages["home"]
    monkeypatch.setattr(reminders, "collect", lambda db: [reminders.Reminder(None, "核对名册", "roster", "warning")])
    home.activate()
    item = home.reminders.item(0)
    assert item.text() == "核对名册"
    home._open_reminder(item)
    assert window.stack.currentWidget() is window.pages["roster"]


def test_cli_output_into_a_closed_pipe_is_not_a_crash(tmp_path):
    import os
    import subprocess
    import sys

    env = {**os.environ, "UNIONDESK_DATA_DIR": str(tmp_path)}
    subprocess.run([sys.executable, "-m", "app", "demo", "--members", "3000"], env=env, check=True,
                   capture_output=True)
    # ~190 kB of output: more than a pipe holds, so the writer meets the closed pipe
    r = subprocess.run(f"{sys.executable} -m app roster search '' --limit 100000 | head -1", shell=True, env=env,
                       capture_output=True, text=True)
    assert "内部错误" not in r.stderr and not list((tmp_path / "logs").glob("crash-*"))


def _unreferenced_row(page, db) -> int:
    """A row whose member no other module points at (congress representatives cannot be deleted)."""
    from sqlmodel import select

    from app.models.congress import Representative
    from app.models.contracts import ContractRepresentative
    from app.models.hardship import HardshipFile

    with db.session() as s:
        used = set(s.exec(select(Representative.member_id)).all())
        used |= set(s.exec(select(HardshipFile.member_id)).all())
        used |= set(s.exec(select(ContractRepresentative.member_id)).all())
    return next(r for r, mid in enumerate(page.model.ids) if mid not in used)


def test_undo_still_finds_a_member_whose_deletion_was_undone(window, qtbot, demo_db):
    """Edit, delete, undo the deletion, undo the edit: the edit's command used to hold the member's old id, which
    the restored member no longer had (NotFound out of QUndoCommand.undo)."""
    from ui.roster.editor import MemberEditor

    page = roster_page(window)
    page.table.selectRow(_unreferenced_row(page, demo_db))
    mid = page.current_id()
    before = roster.get_member(demo_db, mid)
    dlg = MemberEditor(window.ctx, mid, page)
    qtbot.addWidget(dlg)
    dlg.widgets["post"].setText("安全员")
    dlg.save()
    assert page.selected_ids() == [mid]  # the edit kept the selection
    page.delete_current()
    assert roster.find_by_id_number(demo_db, before.id_number) is None
    window.undo_action.trigger()  # the deletion
    window.undo_action.trigger()  # the edit
    back = roster.find_by_id_number(demo_db, before.id_number)
    assert back.uuid == before.uuid and back.post == before.post
    window.redo_action.trigger()
    window.redo_action.trigger()
    assert roster.find_by_id_number(demo_db, before.id_number) is None


def test_an_undo_that_cannot_be_done_is_reported_and_dropped(window, qtbot, demo_db, monkeypatch):
    import ui.dialogs

    page = roster_page(window)
    page.table.selectRow(_unreferenced_row(page, demo_db))
    mid = page.current_id()
    m = roster.get_member(demo_db, mid)
    page.delete_current()
    # meanwhile the same person is entered again (by hand or by an import): the deletion cannot be undone
    roster.create_member(demo_db, {"name": m.name, "id_number": m.id_number})
    shown = []
    monkeypatch.setattr(ui.dialogs, "show_error", lambda parent, exc, title="": shown.append(exc))
    window.undo_action.trigger()
    assert shown and shown[0].code == "member.id.duplicate"
    assert not window.ctx.undo_stack.canUndo() or window.ctx.undo_stack.undoText() != f"删除会员 {m.name}"


def test_deleting_a_congress_representative_says_why_instead_of_crashing(window, demo_db, monkeypatch):
    from sqlmodel import select

    import ui.roster.page as page_mod
    from app.models.congress import Representative

    with demo_db.session() as s:
        mid = s.exec(select(Representative.member_id)).first()
    page = roster_page(window)
    page.status_filter.setCurrentIndex(1)  # every status
    page.table.selectRow(page.model.row_of(mid))
    shown = []
    monkeypatch.setattr(page_mod, "show_error", lambda parent, exc, *a: shown.append(exc))
    n = roster.count(demo_db)
    page.delete_current()
    assert shown and shown[0].code == "member.in_use"
    assert roster.count(demo_db) == n and not window.ctx.undo_stack.canUndo()


def test_an_edit_keeps_the_selection_and_the_place_in_the_list(window, qtbot, demo_db):
    from ui.roster.editor import MemberEditor

    page = roster_page(window)
    page.table.resize(900, 300)
    row = 150
    page.table.selectRow(row)
    page.table.scrollTo(page.model.index(row, 0))
    mid = page.current_id()
    scroll = page.table.verticalScrollBar().value()
    assert scroll > 0
    dlg = MemberEditor(window.ctx, mid, page)
    qtbot.addWidget(dlg)
    dlg.widgets["post"].setText("安全员")
    dlg.save()
    assert page.current_id() == mid and page.selected_ids() == [mid]  # Enter opens the same member again
    assert page.table.verticalScrollBar().value() == scroll
    window.undo_action.trigger()
    assert page.current_id() == mid and page.selected_ids() == [mid]


def test_deleting_the_selected_department_shows_everyone(window, qtbot, demo_db, monkeypatch):
    page = roster_page(window)
    tree = page.departments.tree
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("空部门", True))
    page.departments.add_department(None)
    root = tree.topLevelItem(0)
    item = next(root.child(i) for i in range(root.childCount()) if root.child(i).text(0) == "空部门")
    tree.setCurrentItem(item)
    assert page.model.rowCount() == 0
    page.departments.delete(item.data(0, Qt.ItemDataRole.UserRole))
    assert tree.currentItem() is tree.topLevelItem(0)
    assert page.model.rowCount() == int(tree.topLevelItem(0).text(1)) > 0
    assert page.count_label.text() == f"共 {page.model.rowCount()} 人"


def test_all_members_counts_those_without_a_department(window, demo_db):
    page = roster_page(window)
    roster.create_member(demo_db, {"name": "无部门", "id_number": "11010519491231002X"})
    window.ctx.notify("roster")
    assert int(page.departments.tree.topLevelItem(0).text(1)) == page.model.rowCount() == roster.count(
        demo_db, "", roster.Filters(statuses=roster.IN_UNION_STATUSES))


def test_a_column_that_does_not_sort_keeps_the_sort_arrow_where_the_order_is(window, demo_db):
    page = roster_page(window)
    header = page.table.horizontalHeader()
    header.setSortIndicator(2, Qt.SortOrder.DescendingOrder)  # 出生日期
    assert page.model.sort_key == "birth_date"
    first = page.model.ids[:5]
    header.setSortIndicator(5, Qt.SortOrder.AscendingOrder)  # 证件号码: not sortable
    assert header.sortIndicatorSection() == 2 and header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    assert page.model.ids[:5] == first


def test_a_blank_new_member_form_says_what_is_missing_not_how_many_errors(window, qtbot):
    from ui.roster.editor import MemberEditor

    dlg = MemberEditor(window.ctx, None, window)
    qtbot.addWidget(dlg)
    assert not any(e.isVisibleTo(dlg) for e in dlg.errors.values())
    assert dlg.summary.text() == "还需填写：姓名、证件号码"
    assert not dlg.save_button.isEnabled()
    dlg.save()  # tried: now the fields say it themselves
    assert dlg.errors["name"].isVisibleTo(dlg) and dlg.summary.text() == "有2处需要修改"


def test_a_double_click_opens_the_member_once_and_enter_opens_it_too(window, qtbot, monkeypatch):
    from ui.roster import editor

    opened = []
    monkeypatch.setattr(editor.MemberEditor, "exec", lambda self: opened.append(self.member_id) or 0)
    page = roster_page(window)
    where = page.table.visualRect(page.model.index(1, 0)).center()
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=where)
    qtbot.mouseDClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=where)
    assert opened == [page.model.member_id(1)]  # once (activated used to open it again after the double click)
    window.activateWindow()
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert opened == [page.model.member_id(1)] * 2


def test_export_right_after_typing_exports_what_was_typed_for(window, qtbot, demo_db, tmp_path, monkeypatch):
    """The search runs after a 150 ms typing pause; an export (or print) started within it used to take the list
    as it was before the typing."""
    import ui.roster.page as page_mod

    page = roster_page(window)
    target = roster.search(demo_db, "", limit=1)[0]
    out = tmp_path / "out.csv"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), "CSV (*.csv)"))
    done = []
    monkeypatch.setattr(page_mod, "info", lambda *a, **k: done.append(a))
    type_text(page.search, target.name)
    assert page.search_timer.isActive()
    page.export()
    qtbot.waitUntil(lambda: bool(done), timeout=20000)
    lines = out.read_text(encoding="utf-8-sig").splitlines()[1:]
    assert lines and all(target.name in line for line in lines)
    assert len(lines) == roster.count(demo_db, target.name, page.current_filters())


def test_a_language_that_cannot_be_saved_is_reported(window, monkeypatch):
    import ui.dialogs
    from app import settings

    def fail(**_kw):
        raise PermissionError(13, "Permission denied")

    shown = []
    monkeypatch.setattr(settings, "set_values", fail)
    monkeypatch.setattr(ui.dialogs, "show_error", lambda parent, exc, title="": shown.append(exc))
    monkeypatch.setattr(ui.dialogs, "info", lambda *a: shown.append("info"))
    window._set_language("en")
    assert len(shown) == 1 and "无法保存界面语言设置" in shown[0]


def test_esc_asks_before_dropping_what_was_typed(window, qtbot, monkeypatch):
    """Unsaved typing is only dropped after a confirmation, invalid text and a new member without a name
    included (the check compared the validated values, which leave invalid text out)."""
    import ui.roster.editor as editor_mod
    from ui.roster.editor import MemberEditor

    asked = []
    monkeypatch.setattr(editor_mod, "confirm", lambda *a, **k: asked.append(a[1]) or False)
    page = roster_page(window)
    dlg = MemberEditor(window.ctx, page.model.member_id(0), page)
    qtbot.addWidget(dlg)
    dlg.reject()
    assert not asked and dlg.result() == QDialog.DialogCode.Rejected  # nothing typed: closes at once
    dlg = MemberEditor(window.ctx, page.model.member_id(0), page)
    qtbot.addWidget(dlg)
    dlg.widgets["hire_date"].setText("2019-13-45")  # not a date
    dlg.reject()
    assert asked == ["放弃修改"]
    new = MemberEditor(window.ctx, None, page)
    qtbot.addWidget(new)
    new.set_values({"department_id": page.departments.tree.topLevelItem(0).child(0).data(0, Qt.ItemDataRole.UserRole)})
    new.reject()
    assert asked == ["放弃修改"]  # a preset department is not typing
    new = MemberEditor(window.ctx, None, page)
    qtbot.addWidget(new)
    new.widgets["post"].setText("电工")
    new.reject()
    assert asked == ["放弃修改"] * 2


def test_the_start_page_counts_again_when_shown_not_on_every_change(window, monkeypatch):
    from app.services import reminders

    calls = []
    real = reminders.collect
    monkeypatch.setattr(reminders, "collect", lambda db: calls.append(1) or real(db))
    roster_page(window)
    window.ctx.notify("roster")
    window.ctx.notify("departments")
    assert not calls
    window.show_module("home")
    assert calls == [1]
    window.ctx.notify("roster")  # shown: up to date at once
    assert calls == [1, 1]


def test_opening_the_roster_searches_once(window, monkeypatch):
    """Switching sorting on and the first sort used to run the whole search twice more (100,000 ids each)."""
    calls = []
    real = roster.search_ids
    monkeypatch.setattr(roster, "search_ids", lambda *a, **k: calls.append(a[1:]) or real(*a, **k))
    page = roster_page(window)
    assert len(calls) == 1 and page.model.rowCount() == page.model.rowCount() > 0
    header = page.table.horizontalHeader()
    assert header.sortIndicatorSection() == 0 and header.sortIndicatorOrder() == Qt.SortOrder.AscendingOrder
    header.setSortIndicator(0, Qt.SortOrder.DescendingOrder)
    assert len(calls) == 2 and page.model.descending
