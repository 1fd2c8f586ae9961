from __future__ import annotations

import pytest


@pytest.fixture
def window(qtbot, demo_db, monkeypatch):
    """The main window over the demo data; dialogs that would block are answered 'yes'."""
    from ui import dialogs
    from ui.application import make_app, open_main_window

    monkeypatch.setattr(dialogs, "confirm", lambda *a, **k: True)
    make_app()
    win = open_main_window(demo_db)
    qtbot.addWidget(win)
    win.show()
    return win


def type_text(widget, text: str) -> None:
    """Type like a user, Chinese included (QTest.keyClicks asserts on non-ASCII characters)."""
    from ui.qt import QApplication, QEvent, QKeyEvent, Qt

    widget.setFocus()
    for ch in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, ch))
