"""``uniondesk selftest``: open the main window offscreen and visit every module view."""

from __future__ import annotations

from app.i18n import _
from app.storage.db import Database
from ui.qt import *


def run_selftest(db: Database) -> list[str]:
    from ui.application import make_app, open_main_window
    from ui.modules import MODULES

    app = make_app()
    problems: list[str] = []
    win = open_main_window(db)
    win.show()
    app.processEvents()
    for i, m in enumerate(MODULES):
        try:
            win.nav.setCurrentRow(i)
            app.processEvents()
            page = win.pages.get(m.key)
            if page is None or win.stack.currentWidget() is not page:
                problems.append(_("模块“{m}”的页面没有显示").format(m=_(m.title)))
        except Exception as e:  # noqa: BLE001
            problems.append(_("模块“{m}”出错：{e}").format(m=_(m.title), e=e))
    win.close()
    app.processEvents()
    return problems
