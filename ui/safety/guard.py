"""While the window is open: a backup every 30 minutes when something changed, one on close, and the optional
lock after idle time (the recovery passphrase unlocks)."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from app.i18n import _
from app.services import privacy
from app.storage import backup, secure
from ui.qt import *

if TYPE_CHECKING:
    from app.storage.db import Database


class SafetyGuard(QObject):
    backed_up = Signal(str)

    def __init__(self, window: QWidget, db: Database) -> None:
        super().__init__(window)
        self.window = window
        self.db = db
        self.last_input = time.monotonic()
        self.locked = False
        self.backup_timer = QTimer(self)
        self.backup_timer.setInterval(backup.AUTO_INTERVAL_MINUTES * 60_000)
        self.backup_timer.timeout.connect(self.periodic_backup)
        self.backup_timer.start()
        self.idle_timer = QTimer(self)
        self.idle_timer.setInterval(15_000)
        self.idle_timer.timeout.connect(self.check_idle)
        self.idle_timer.start()
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
            app.aboutToQuit.connect(self.backup_on_close)

    # backups -----------------------------------------------------------------------------------------------
    def periodic_backup(self) -> None:
        from ui.tasks import run_task

        def done(info: object) -> None:
            if info is not None:
                self.backed_up.emit(getattr(info, "id", ""))

        run_task(None, _("正在备份"), lambda progress: backup.backup_if_changed(self.db, "auto"), on_done=done,
                 on_error=lambda e: None, cancellable=False)

    def backup_on_close(self) -> None:
        try:
            backup.backup_if_changed(self.db, "close")
        except Exception:  # noqa: BLE001 — closing must not fail; the data itself is safe in the database
            pass

    # idle lock ---------------------------------------------------------------------------------------------
    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() in (QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove,
                            QEvent.Type.Wheel):
            self.last_input = time.monotonic()
        return False

    def check_idle(self) -> None:
        minutes = privacy.idle_lock_minutes()
        if self.locked or not minutes or secure.recovery_missing(self.db.path.parent):
            return
        if time.monotonic() - self.last_input >= minutes * 60:
            self.lock_now()

    def lock_now(self) -> None:
        """Hide the window's content until the recovery passphrase is entered."""
        from ui.safety.passphrase import PassphraseDialog

        self.locked = True
        central = self.window.centralWidget() if isinstance(self.window, QMainWindow) else None
        if central is not None:
            central.setVisible(False)
        try:
            error = ""
            while True:
                dlg = PassphraseDialog("idle", self.window, error)
                if dlg.exec() == QDialog.DialogCode.Accepted:
                    if secure.verify_passphrase(self.db.path.parent, dlg.value()):
                        break
                    error = _("口令不正确")
                else:  # "cancel" on the lock quits the program (after the closing backup)
                    QApplication.quit()
                    break
        finally:
            if central is not None:
                central.setVisible(True)
            self.locked = False
            self.last_input = time.monotonic()


def install_guard(window: QWidget, db: Database) -> SafetyGuard:
    guard = SafetyGuard(window, db)
    window.setProperty("safety_guard", True)
    window._safety_guard = guard  # type: ignore[attr-defined]  # kept alive with the window
    return guard
