"""Starting the window: QApplication, translations (ours + Qt's own), opening the data, first-start setup."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from app import paths, version
from app.errors import DomainError
from app.filetypes import OPEN_FILE_ENV
from app.i18n import _, current_language
from ui.qt import (  # explicit: this module is on the start-up path (see ui/qt.py)
    QApplication,
    QGuiApplication,
    QLibraryInfo,
    QMainWindow,
    QTimer,
    QTranslator,
    QWidget,
)


def install_qt_translations(app: QApplication) -> None:
    """Qt's own dialogs (file dialogs, buttons) in the UI language."""
    if current_language() != "zh_CN":
        return
    tr_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    for name in ("qtbase_zh_CN",):
        t = QTranslator(app)
        if t.load(name, tr_dir):
            app.installTranslator(t)


def make_app(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv or sys.argv[:1])
    app.setApplicationName("UnionDesk")
    app.setApplicationDisplayName(_("工会工作台"))
    app.setOrganizationName("UnionDesk")
    from ui.about import application_icon

    QApplication.setWindowIcon(application_icon())
    QGuiApplication.setDesktopFileName("uniondesk")  # matches packaging/linux/uniondesk.desktop (taskbar icon on Linux)
    install_qt_translations(app)
    return app


def install_excepthook() -> None:
    """Last-resort crash handler: write a log and tell the user where it is (Picard)."""
    def hook(exc_type, exc, tb):  # type: ignore[no-untyped-def]
        from app.cli import write_crash_log

        try:
            path: Path | None = write_crash_log(exc)
        except OSError:
            path = None
        sys.__excepthook__(exc_type, exc, tb)
        try:
            from ui.dialogs import ErrorDialog

            msg = _("程序遇到意外错误。详细信息已写入：{path}").format(path=path or "—")
            ErrorDialog(None, msg, "".join(__import__("traceback").format_exception(exc_type, exc, tb))).exec()
        except Exception:  # noqa: BLE001
            pass

    sys.excepthook = hook


def open_main_window(db) -> QMainWindow:  # type: ignore[no-untyped-def]
    from ui.context import AppContext
    from ui.main_window import MainWindow

    ctx = AppContext(db)
    win = MainWindow(ctx)
    return win


def run_gui(args: argparse.Namespace) -> int:
    """Show the window at once, then open the data (the storage layer's imports and the database checks
    happen after the window is on screen; the navigation is enabled when the pages are ready)."""
    app = make_app()
    install_excepthook()
    opened = os.environ.pop(OPEN_FILE_ENV, "")  # started on a bundle file (a double-click)
    if opened:
        from ui.receive import receive

        if receive(Path(opened)):  # this computer's receiver imported it: nothing else to start
            return 0
    from ui.main_window import MainWindow

    win = MainWindow()
    win.show()
    probe = os.environ.get("UNIONDESK_STARTUP_PROBE")  # bench/bench_roster.py measures start-up with it
    if probe:
        print("UNIONDESK_WINDOW_SHOWN", flush=True)
    state: dict = {"rc": 0, "db": None}

    def load() -> None:
        app.setApplicationVersion(version())
        from ui.dialogs import show_error
        from ui.safety.passphrase import open_data_in_window

        try:
            db = open_data_in_window(win, paths.data_dir())  # keyring, else the passphrase dialog
        except DomainError as e:
            show_error(win, e, _("无法打开数据"))
            state["rc"] = 1
            app.quit()
            return
        state["db"] = db
        from ui.setup_wizard import ensure_set_up

        if not ensure_set_up(db, win):
            app.quit()
            return
        from ui.context import AppContext

        win.attach(AppContext(db))
        from ui.safety.guard import install_guard

        install_guard(win, db)  # backups every 30 minutes while changed and on close; idle lock
        if probe:
            print("UNIONDESK_DATA_SHOWN", flush=True)
            app.quit()
            return
        check_integrity_in_background(win, db)

    QTimer.singleShot(0, load)
    rc = app.exec()
    if state["db"] is not None:
        state["db"].close()
    return int(state["rc"] or rc)


def check_integrity_in_background(parent: QWidget, db) -> None:  # type: ignore[no-untyped-def]
    """The quick integrity check of the open database, off the GUI thread; a damaged file is reported."""
    from app.storage.database import integrity_check
    from ui.dialogs import ErrorDialog
    from ui.tasks import run_task

    def done(problems: list[str]) -> None:
        if problems:
            from ui.safety.recover import offer_restore

            if offer_restore(parent, db, problems):
                return
            ErrorDialog(parent, _("数据文件检查发现问题，请尽快从备份恢复：{path}").format(path=db.path),
                        "\n".join(problems[:50])).exec()

    run_task(parent, _("正在检查数据"), lambda progress: integrity_check(db, quick=True), on_done=done,
             cancellable=False)
