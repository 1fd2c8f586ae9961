"""The 数据安全 page and the window's safety parts as a user drives them."""

from __future__ import annotations

import pytest

from app import paths
from app.core import open_data
from app.services import privacy
from app.storage import backup
from tests.conftest import MEMORY_KEYRING, TEST_PASSPHRASE
from tests.safety.helpers import add_member, no_keyring, passphrase_env, table_dump
from ui.modules import MODULES
from ui.qt import QDialog, Qt


@pytest.fixture
def window(qtbot, demo_db, monkeypatch):
    from ui import dialogs
    from ui.application import make_app, open_main_window
    from ui.safety import page as page_mod

    monkeypatch.setattr(dialogs, "confirm", lambda *a, **k: True)
    monkeypatch.setattr(page_mod, "confirm", lambda *a, **k: True)
    monkeypatch.setattr(page_mod, "info", lambda *a, **k: None)
    make_app()
    win = open_main_window(demo_db)
    qtbot.addWidget(win)
    win.show()
    return win


def safety_page(win):
    win.nav.setCurrentRow([m.key for m in MODULES].index("safety"))
    return win.pages["safety"]


def test_backup_now_and_restore_selected_from_the_page(window, qtbot, demo_db):
    from ui.tasks import wait_all

    page = safety_page(window)
    before = table_dump(demo_db)
    assert page.backup_table.rowCount() == 0
    qtbot.mouseClick(page.backup_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.backup_table.rowCount() == 1, timeout=10000)
    assert "会员 200" in page.backup_table.item(0, 3).text()
    add_member(demo_db, "页面新增")
    page.backup_table.selectRow(0)
    page.restore_selected()
    wait_all()
    qtbot.waitUntil(lambda: page.backup_table.rowCount() == 2, timeout=10000)
    assert table_dump(demo_db) == before
    assert page.backup_table.item(0, 2).text() == "恢复前"


def test_status_warns_when_no_recovery_passphrase_is_set(window, demo_db):
    from app.storage import keys

    rec = keys.read_record(keys.key_path(paths.data_dir()))
    rec.wrap = None
    keys.write_record(keys.key_path(paths.data_dir()), rec)
    page = safety_page(window)
    page.refresh_backups()
    assert "尚未设置恢复口令" in page.status_label.text()


def test_audit_log_viewer_filters(window, qtbot, demo_db):
    add_member(demo_db, "审计甲")
    page = safety_page(window)
    page.tabs.setCurrentIndex(2)
    total = page.audit_model.total
    assert total >= 2
    page.audit_text.setText("审计甲")
    qtbot.waitUntil(lambda: page.audit_model.total < total, timeout=3000)
    labels = {page.audit_model.data(page.audit_model.index(r, 4)) for r in range(page.audit_model.rowCount())}
    assert labels == {"审计甲"}
    assert page.audit_model.data(page.audit_model.index(0, 3)) == "会员"
    page.action_combo.setCurrentIndex(page.action_combo.findData("unmask"))
    qtbot.waitUntil(lambda: page.audit_model.total == 0, timeout=3000)


def test_retention_and_idle_lock_settings(window, demo_db):
    page = safety_page(window)
    page.tabs.setCurrentIndex(3)
    page.retention.setValue(5)
    page.save_retention()
    assert privacy.retention_years(demo_db) == 5
    assert page.anon_button.isEnabled() == bool(privacy.anonymise_candidates(demo_db))
    page.idle.setValue(15)
    assert privacy.idle_lock_minutes() == 15


def test_backup_on_close_only_when_changed(window, demo_db):
    from ui.safety.guard import install_guard

    guard = install_guard(window, demo_db)
    guard.backup_on_close()
    assert len(backup.list_backups(demo_db)) == 1
    guard.backup_on_close()
    assert len(backup.list_backups(demo_db)) == 1
    add_member(demo_db, "关闭前")
    guard.backup_on_close()
    assert backup.list_backups(demo_db)[0].reason == "close"


def test_idle_lock_asks_for_the_recovery_passphrase(window, demo_db, monkeypatch):
    from ui.safety import guard as guard_mod
    from ui.safety.passphrase import PassphraseDialog

    answers = iter(["wrong passphrase", TEST_PASSPHRASE])
    errors = []

    def fake_exec(self):
        errors.append(self.error.text())
        self.first.setText(next(answers))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(PassphraseDialog, "exec", fake_exec)
    g = guard_mod.install_guard(window, demo_db)
    privacy.set_idle_lock_minutes(1)
    g.last_input -= 120
    g.check_idle()
    assert errors == ["", "口令不正确"]
    assert not g.locked and window.centralWidget().isVisible()


def test_window_start_asks_again_after_a_wrong_passphrase(qtbot, demo_db, tmp_path, monkeypatch):
    demo_db.close()
    from ui.safety import passphrase

    answers = iter(["not it at all", TEST_PASSPHRASE])
    seen = []

    def fake_ask(parent, purpose, error=""):
        seen.append((purpose, error))
        return next(answers)

    monkeypatch.setattr(passphrase, "ask_passphrase", fake_ask)
    saved = dict(MEMORY_KEYRING.store)
    MEMORY_KEYRING.store.clear()
    try:
        with passphrase_env(None, tmp_path):
            db = passphrase.open_data_in_window(None, paths.data_dir())
            db.close()
    finally:
        MEMORY_KEYRING.store.update(saved)
    assert seen[0] == ("unlock", "") and "口令不正确" in seen[1][1]


def test_passphrase_dialog_checks_new_passphrases(qtbot):
    from ui.safety.passphrase import PassphraseDialog

    dlg = PassphraseDialog("new")
    qtbot.addWidget(dlg)
    dlg.first.setText("short")
    dlg.second.setText("short")
    dlg._check()
    assert "太短" in dlg.error.text() and dlg.result() == 0
    dlg.first.setText("long enough passphrase")
    dlg.second.setText("long enough passphrase!")
    dlg._check()
    assert "不一致" in dlg.error.text()
    dlg.second.setText("long enough passphrase")
    dlg._check()
    assert dlg.result() == QDialog.DialogCode.Accepted


def test_first_start_without_keyring_asks_for_a_recovery_passphrase(qtbot, tmp_path, monkeypatch):
    from ui.safety import passphrase

    monkeypatch.setattr(passphrase, "ask_passphrase", lambda parent, purpose, error="": "my recovery phrase")
    with no_keyring(), passphrase_env(None, tmp_path):
        db = passphrase.open_data_in_window(None, paths.data_dir())
        db.close()
        from app.storage.secure import verify_passphrase

        assert verify_passphrase(paths.data_dir(), "my recovery phrase")
        db = open_data(paths.data_dir(), passphrase="my recovery phrase")
        db.close()


def test_first_start_can_open_a_handover_package_instead(qtbot, demo_db, tmp_path, monkeypatch):
    from app.storage import handover
    from ui.safety import passphrase

    expected = table_dump(demo_db)
    pkg = tmp_path / "p.udhandover"
    handover.export_package(demo_db, pkg, "handover passphrase 1")
    demo_db.close()

    def fake_ask(parent, purpose, error=""):
        if purpose == "new":
            raise passphrase._OpenPackage()
        return "handover passphrase 1"

    monkeypatch.setattr(passphrase, "ask_passphrase", fake_ask)
    monkeypatch.setattr(passphrase.QFileDialog, "getOpenFileName", lambda *a, **k: (str(pkg), ""))
    laptop = tmp_path / "laptop"
    with passphrase_env(None, tmp_path):
        db = passphrase.open_data_in_window(None, laptop)
    try:
        assert table_dump(db) == expected
    finally:
        db.close()
