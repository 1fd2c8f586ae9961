"""The main window: navigation on the left (only modules that exist), pages on the right, menus, status bar."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from app import settings, version
from app.i18n import LANGUAGES, _, current_language
from ui.modules import MODULES, ModuleSpec
from ui.qt import (  # explicit: this module is on the start-up path (see ui/qt.py)
    QAction,
    QActionGroup,
    QCloseEvent,
    QKeySequence,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QSize,
    QSplitter,
    QStackedWidget,
    QStyle,
    Qt,
    QWidget,
)

if TYPE_CHECKING:
    from ui.context import AppContext


class MainWindow(QMainWindow):
    """Built in two steps so it can be shown at once: the frame (navigation, menus) without data, then
    :meth:`attach` once the database is open, which builds the pages."""

    def __init__(self, ctx: AppContext | None = None) -> None:
        super().__init__()
        self.ctx: AppContext | None = None
        self.setObjectName("MainWindow")
        self.setWindowTitle(_("工会工作台"))
        self.resize(1280, 800)
        self.pages: dict[str, QWidget] = {}
        self.specs: dict[str, ModuleSpec] = {m.key: m for m in MODULES}

        central = QSplitter(Qt.Orientation.Horizontal)
        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setIconSize(QSize(20, 20))
        self.nav.setMaximumWidth(200)
        self.nav.setMinimumWidth(140)
        for m in MODULES:
            item = QListWidgetItem(_(m.title))
            if m.icon and hasattr(QStyle.StandardPixmap, m.icon):
                item.setIcon(self.style().standardIcon(getattr(QStyle.StandardPixmap, m.icon)))
            item.setData(Qt.ItemDataRole.UserRole, m.key)
            item.setSizeHint(QSize(120, 36))
            self.nav.addItem(item)
        self.stack = QStackedWidget()
        self.loading = QLabel(_("正在打开数据…"))
        self.loading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack.addWidget(self.loading)
        central.addWidget(self.nav)
        central.addWidget(self.stack)
        central.setStretchFactor(1, 1)
        central.setCollapsible(0, False)
        central.setSizes([170, 1100])
        self.setCentralWidget(central)
        self.nav.setEnabled(False)
        self.nav.currentRowChanged.connect(self._on_nav)

        self._build_menus()
        self.status_label = QLabel()
        self.statusBar().addPermanentWidget(self.status_label)
        if ctx is not None:
            self.attach(ctx)

    def attach(self, ctx: AppContext) -> None:
        """The data is open: wire the undo stack, build the first page."""
        self.ctx = ctx
        undo = ctx.undo_stack.createUndoAction(self, _("撤销"))
        undo.setShortcut(QKeySequence.StandardKey.Undo)
        redo = ctx.undo_stack.createRedoAction(self, _("重做"))
        redo.setShortcut(QKeySequence.StandardKey.Redo)
        self.edit_menu.addAction(undo)
        self.edit_menu.addAction(redo)
        self.undo_action, self.redo_action = undo, redo
        self.status_label.setText(_("数据文件：{path}").format(path=ctx.db.path))
        self.setWindowTitle(_("工会工作台") + f" {version()}")
        self.nav.setEnabled(True)
        self.nav.setCurrentRow(0)
        self._on_nav(0)

    # navigation --------------------------------------------------------------------------------------------
    def page(self, key: str) -> QWidget:
        """The page of module ``key``, built on first use."""
        if key not in self.pages:
            spec = self.specs[key]
            modname, clsname = spec.page.split(":")
            cls = getattr(importlib.import_module(modname), clsname)
            w = cls(self.ctx, self)
            w.setObjectName(f"page_{key}")
            self.pages[key] = w
            self.stack.addWidget(w)
        return self.pages[key]

    def show_module(self, key: str) -> QWidget:
        keys = [m.key for m in MODULES]
        self.nav.setCurrentRow(keys.index(key))
        return self.pages[key]

    def _on_nav(self, row: int) -> None:
        if row < 0 or self.ctx is None:
            return
        key = MODULES[row].key
        w = self.page(key)
        self.stack.setCurrentWidget(w)
        if hasattr(w, "activate"):
            w.activate()

    # menus -------------------------------------------------------------------------------------------------
    def _build_menus(self) -> None:
        mb = self.menuBar()
        file_menu = mb.addMenu(_("文件(&F)"))
        quit_act = QAction(_("退出(&X)"), self)
        quit_act.setShortcut(QKeySequence.StandardKey.Quit)
        quit_act.triggered.connect(self.close)
        file_menu.addAction(quit_act)

        self.edit_menu = mb.addMenu(_("编辑(&E)"))

        view = mb.addMenu(_("视图(&V)"))
        lang_menu = view.addMenu(_("界面语言"))
        group = QActionGroup(self)
        for code, label in LANGUAGES.items():
            a = QAction(label, self, checkable=True)
            a.setChecked(code == current_language())
            a.triggered.connect(lambda _checked=False, c=code: self._set_language(c))
            group.addAction(a)
            lang_menu.addAction(a)

        help_menu = mb.addMenu(_("帮助(&H)"))
        about = QAction(_("关于工会工作台"), self)
        about.triggered.connect(self._about)
        help_menu.addAction(about)
        self.file_menu, self.help_menu = file_menu, help_menu

    def _set_language(self, code: str) -> None:
        from ui.dialogs import info, show_error

        try:
            settings.set_values(language=code)
        except OSError as e:  # a read-only or full settings folder: say so instead of the crash dialog
            show_error(self, _("无法保存界面语言设置：{err}").format(err=e))
            return
        info(self, _("界面语言"), _("界面语言将在下次启动时切换。"))

    def _about(self) -> None:
        try:
            from ui.about import show_about  # packaging issue provides the full dialog with licences
        except ImportError:
            QMessageBox.about(self, _("关于工会工作台"), _("工会工作台 {v}").format(v=version()))
            return
        show_about(self)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        for w in self.pages.values():
            if hasattr(w, "can_close") and not w.can_close():
                event.ignore()
                return
        event.accept()
