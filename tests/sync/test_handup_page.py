"""The "hand up" page as a chair uses it: recipient, key, preview by level, export with progress, history."""

from __future__ import annotations

import json

import pytest

from app.sync import agefmt, exporter, keys
from ui.modules import MODULES
from ui.qt import QFileDialog, QInputDialog


@pytest.fixture
def window(qtbot, demo_db, monkeypatch):
    from ui import dialogs
    from ui.application import make_app, open_main_window

    monkeypatch.setattr(dialogs, "confirm", lambda *a, **k: True)
    monkeypatch.setattr("ui.handup.page.info", lambda *a, **k: None)
    make_app()
    win = open_main_window(demo_db)
    qtbot.addWidget(win)
    win.show()
    return win


def handup(window):
    window.nav.setCurrentRow([m.key for m in MODULES].index("handup"))
    return window.pages["handup"]


def test_page_guides_then_exports_and_shows_history(window, demo_db, qtbot, tmp_path, monkeypatch):
    page = handup(window)
    assert "还没有添加上级工会" in page.recipient_label.text()
    assert "还没有签名密钥" in page.key_label.text()
    assert "会员合计" in page.preview_label.text()
    # the chair adds the higher-level union and creates the key
    _ident, rec = agefmt.new_identity()
    exporter.add_recipient(demo_db, rec, "HK-ZGH", "海口市总工会", "ab" * 32)
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *a, **k: ("", True)))
    page.create_key_btn.click()
    assert keys.active_key(demo_db) is not None
    assert page.key_label.text() == keys.fingerprint(keys.active_key(demo_db).key_id)
    assert "海口市总工会" in page.recipient_label.text()
    # L1 preview names the records and that they are pseudonymous
    page.level.setCurrentIndex(1)
    assert "会员 200" in page.preview_label.text() and "化名" in page.preview_label.text()
    assert not page.confirm_box.isEnabled()
    # L2 without the confirmation is refused with a message, nothing written
    errors = []
    monkeypatch.setattr("ui.handup.page.show_error", lambda parent, e: errors.append(e))
    page.level.setCurrentIndex(2)
    page.export_btn.click()
    assert errors and errors[0].code == "sync.confirm"
    # L2 says how many people go up by name, for the purpose chosen
    for i in range(page.purpose.count()):
        page.purpose.setCurrentIndex(i)
        n = exporter.preview(demo_db, "L2", purpose=page.purpose.currentData())["identified"]
        assert f"实名上报 {n} 人" in page.preview_label.text() and page.purpose.currentText() in page.preview_label.text()
        assert n < 200
    # an L1 export through the file dialog, with the task runner
    page.level.setCurrentIndex(1)
    out = tmp_path / "hand-up.age"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(out), "")))
    page.export_btn.click()
    qtbot.waitUntil(lambda: page.history.rowCount() == 1, timeout=20000)
    assert out.read_bytes().startswith(b"age-encryption.org/v1")
    assert page.history.item(0, 0).text() == "1" and page.history.item(0, 3).text() == "L1"
    assert "会员 200" in page.history.item(0, 4).text()
    hist = exporter.history(demo_db)
    assert json.loads(hist[0].counts)["records"]["member"] == 200
    page.grab().save(str(tmp_path / "handup.png"))
