"""Starting the window: QApplication, translations (ours + Qt's own), opening the data, first-start setup."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from app import __version__, paths
from app.errors import DomainError
from app.i18n import _, current_language
from ui.qt import *


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
    app.setApplicationVersion(__version__)
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
    app = make_app()
    install_excepthook()
    from app.core import open_data
    from ui.dialogs import show_error

    try:
        db = open_data(paths.data_dir(), interactive=True)
    except DomainError as e:
        show_error(None, e, _("无法打开数据"))
        return 1
    from ui.setup_wizard import ensure_set_up

    if not ensure_set_up(db):
        db.close()
        return 0
    win = open_main_window(db)
    win.show()
    rc = app.exec()
    db.close()
    return int(rc)
