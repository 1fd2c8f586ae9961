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
