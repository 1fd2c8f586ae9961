"""The roster page: department tree, search-as-you-type, filters, the lazy member table, editor, export."""

from __future__ import annotations

import importlib.util

from app.errors import DomainError
from app.i18n import _
from app.services import privacy, roster
from app.validation.codes import code_choices
from ui.context import AppContext
from ui.dialogs import confirm, info, show_error
from ui.qt import *
from ui.roster.departments import DepartmentTree
from ui.roster.model import COLUMNS, SORTABLE, RosterModel


class RosterPage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.model = RosterModel(ctx.db, self)
        self._editors: list[QDialog] = []

        # toolbar ------------------------------------------------------------------------------------------
        self.toolbar = QToolBar()
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        st = self.style()
        self.new_action = self._action(_("新增会员"), "SP_FileIcon", QKeySequence.StandardKey.New, self.new_member)
        self.edit_action = self._action(_("编辑"), "SP_FileDialogContentsView", None, self.open_current)
        self.delete_action = self._action(_("删除"), "SP_TrashIcon", None, self.delete_current)
        self.toolbar.addSeparator()
        if importlib.util.find_spec("ui.roster_import") is not None:
            self.import_action = self._action(_("导入…"), "SP_ArrowDown", None, self.import_file)
        self.export_action = self._action(_("导出…"), "SP_DialogSaveButton", None, self.export)
        if importlib.util.find_spec("ui.print_preview") is not None:  # the documents module
            self.print_roster_action = self._action(_("打印名册"), "SP_FileDialogListView", None, self.print_roster)
            self.print_member_action = self._action(_("打印登记表"), "SP_FileDialogInfoView", None,
                                                    self.print_member)
        self.toolbar.addSeparator()
        self.unmask_action = QAction(_("显示完整号码"), self, checkable=True)
        self.unmask_action.setObjectName("unmask")
        self.unmask_action.toggled.connect(self.set_unmasked)
        self.toolbar.addAction(self.unmask_action)
        del st

        # search and filters ------------------------------------------------------------------------------
        self.search = QLineEdit()
        self.search.setObjectName("search")
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(_("搜索：姓名、拼音或首字母（如 zs）、证件号或手机号尾号（Ctrl+F）"))
        self.search_timer = QTimer(self)
        self.search_timer.setSingleShot(True)
        self.search_timer.setInterval(150)
        self.search_timer.timeout.connect(self.apply_search)
        self.search.textChanged.connect(self.search_timer.start)
        QShortcut(QKeySequence.StandardKey.Find, self, activated=self.focus_search)

        self.status_filter = QComboBox()
        self.status_filter.setObjectName("status_filter")
        self.status_filter.addItem(_("在会（含保留会籍）"), roster.IN_UNION_STATUSES)
        self.status_filter.addItem(_("全部状态"), ())
        for code in roster.STATUSES:
            self.status_filter.addItem(roster.status_label(code), (code,))
        self.sex_filter = QComboBox()
        self.sex_filter.setObjectName("sex_filter")
        self.sex_filter.addItem(_("性别不限"), None)
        for label, code in code_choices("sex"):
            self.sex_filter.addItem(label, code)
        self.migrant_filter = QCheckBox(_("农民工"))
        self.dispatched_filter = QCheckBox(_("劳务派遣"))
        self.model_worker_filter = QCheckBox(_("劳模"))
        for w in (self.status_filter, self.sex_filter):
            w.currentIndexChanged.connect(self.apply_search)
        for w in (self.migrant_filter, self.dispatched_filter, self.model_worker_filter):
            w.toggled.connect(self.apply_search)
        self.count_label = QLabel()
        self.count_label.setObjectName("count")

        filters = QHBoxLayout()
        filters.addWidget(self.search, 3)
        for w in (self.status_filter, self.sex_filter, self.migrant_filter, self.dispatched_filter,
                  self.model_worker_filter):
            filters.addWidget(w)
        filters.addWidget(self.count_label)

        # table -------------------------------------------------------------------------------------------
        self.table = QTableView()
        self.table.setObjectName("roster_table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)  # by name, as the model is
        self.table.setSortingEnabled(True)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().sortIndicatorChanged.connect(self._sort_indicator_changed)
        widths = {"name": 90, "sex": 44, "birth_date": 96, "department": 130, "post": 90, "id_number": 170,
                  "mobile": 110, "join_date": 96, "status": 80}
        fm = self.table.fontMetrics()  # 性别 reads 男/女 or Male/Female
        widths["sex"] = max(widths["sex"], *(fm.horizontalAdvance(t) + 16 for t, _c in code_choices("sex")))
        for i, (key, _label) in enumerate(COLUMNS):
            if key in widths:
                self.table.setColumnWidth(i, widths[key])
        # Enter and a double click open the member. Not through ``activated``: Qt emits it after
        # ``doubleClicked`` for the same double click, which opened the editor a second time once the first closed.
        self.table.doubleClicked.connect(lambda _i: self.open_current())
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            QShortcut(QKeySequence(key), self.table, activated=self.open_current,
                      context=Qt.ShortcutContext.WidgetShortcut)

        self.departments = DepartmentTree(ctx, self)
        self.departments.selected.connect(self.apply_search)

        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.addLayout(filters)
        rl.addWidget(self.table)
        split = QSplitter()
        split.addWidget(self.departments)
        split.addWidget(right)
        split.setStretchFactor(1, 1)
        split.setSizes([220, 900])
        lay = QVBoxLayout(self)
        lay.addWidget(self.toolbar)
        lay.addWidget(split)

        ctx.changed.connect(self._on_changed)
        self.apply_search()

    def _action(self, text: str, icon: str, shortcut, slot) -> QAction:
        a = QAction(self.style().standardIcon(getattr(QStyle.StandardPixmap, icon)), text, self)
        if shortcut is not None:
            a.setShortcut(shortcut)
            a.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        a.triggered.connect(slot)
        self.toolbar.addAction(a)
        self.addAction(a)
        return a

    # search ------------------------------------------------------------------------------------------------
    def current_filters(self) -> roster.Filters:
        return roster.Filters(
            department_id=self.departments.current_department(),
            statuses=tuple(self.status_filter.currentData() or ()),
            sex=self.sex_filter.currentData(),
            migrant_worker=True if self.migrant_filter.isChecked() else None,
            dispatched=True if self.dispatched_filter.isChecked() else None,
            model_worker=True if self.model_worker_filter.isChecked() else None,
        )

    def apply_search(self) -> None:
        self.search_timer.stop()
        self.model.set_search(self.search.text(), self.current_filters())
        self._show_count()

    def _show_count(self) -> None:
        self.count_label.setText(_("共 {n} 人").format(n=len(self.model.ids)))

    def _sort_indicator_changed(self, column: int, _order: Qt.SortOrder) -> None:
        """A click on a column that does not sort (证件号码, 移动电话, 标记) leaves the list as it is, and so does
        the arrow in the header: it goes back to the column the list is sorted by."""
        if COLUMNS[column][0] in SORTABLE:
            return
        keys = [k for k, _label in COLUMNS]
        header = self.table.horizontalHeader()
        header.blockSignals(True)
        header.setSortIndicator(keys.index(self.model.sort_key) if self.model.sort_key in keys else 0,
                                Qt.SortOrder.DescendingOrder if self.model.descending else Qt.SortOrder.AscendingOrder)
        header.blockSignals(False)
        header.viewport().update()

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def activate(self) -> None:
        self.table.setFocus()

    def _on_changed(self, area: str) -> None:
        if area == "roster":
            self.reload_keeping_place()
            self.departments.reload()
        elif area == "departments":
            self.departments.reload()

    def reload_keeping_place(self) -> None:
        """Run the search again after a change (an edit, an undo, an import) without losing the user's place: the
        selected members stay selected, the current one stays current, and the list does not jump to the top."""
        current = self.current_id()
        selected = set(self.selected_ids())
        column = max(self.table.currentIndex().column(), 0)
        scroll = self.table.verticalScrollBar().value()
        self.model.reload()
        self._show_count()
        self.table.verticalScrollBar().setValue(scroll)
        if not selected and current is None:
            return
        sel = QItemSelection()
        last = self.model.columnCount() - 1
        for r, mid in enumerate(self.model.ids):
            if mid in selected:
                sel.select(self.model.index(r, 0), self.model.index(r, last))
        sm = self.table.selectionModel()
        row = self.model.row_of(current) if current is not None else -1
        if row >= 0:
            sm.setCurrentIndex(self.model.index(row, column), QItemSelectionModel.SelectionFlag.NoUpdate)
        sm.select(sel, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        if row >= 0:
            self.table.scrollTo(self.model.index(row, column))

    # actions -----------------------------------------------------------------------------------------------
    def selected_ids(self) -> list[int]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [mid for r in rows if (mid := self.model.member_id(r)) is not None]

    def current_id(self) -> int | None:
        idx = self.table.currentIndex()
        return self.model.member_id(idx.row()) if idx.isValid() else None

    def new_member(self) -> None:
        from ui.roster.editor import MemberEditor

        dlg = MemberEditor(self.ctx, None, self)
        dept = self.departments.current_department()
        if dept is not None:
            dlg.set_values({"department_id": dept})
        dlg.saved.connect(self._select_member)
        dlg.exec()

    def open_current(self) -> None:
        mid = self.current_id()
        if mid is None:
            return
        from ui.roster.editor import MemberEditor

        dlg = MemberEditor(self.ctx, mid, self)
        dlg.exec()

    def _select_member(self, member_id: int) -> None:
        """The new member becomes the current row (when the search and filters show them)."""
        r = self.model.row_of(member_id)
        if r >= 0:
            self.table.selectRow(r)
            self.table.scrollTo(self.model.index(r, 0))

    def delete_current(self) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        if len(ids) > 1:
            info(self, _("删除会员"), _("一次只能删除一名会员。会员离开工会时，请在会籍记录中登记“转出”或“退会”。"))
            return
        m = roster.get_member(self.ctx.db, ids[0])
        if not confirm(self, _("删除会员"), _("确定删除会员 {name} 及其会籍记录吗？\n（会员离开工会时，通常应登记“转出”或“退会”，而不是删除。可用“撤销”恢复。）").format(name=m.name), _("删除")):
            return
        try:
            snap = roster.delete_member(self.ctx.db, ids[0])
        except DomainError as e:
            show_error(self, e)
            return
        from ui.roster.commands import DeleteMember

        self.ctx.undo_stack.push(DeleteMember(self.ctx, snap, m.name))
        self.ctx.notify("roster")

    def set_unmasked(self, on: bool) -> None:
        if on:
            if not confirm(self, _("显示完整号码"), _("将在列表中显示完整的证件号码和手机号码。此操作会记入审计日志。"), _("显示")):
                self.unmask_action.setChecked(False)
                return
            privacy.record_audit(self.ctx.db, "unmask", table="member", text="roster list")
        self.model.unmasked = on
        self.model.refresh_rows()

    def _view_ids(self) -> list[int]:
        """The members the list shows, after a search still waiting for its typing pause has run."""
        if self.search_timer.isActive():
            self.apply_search()
        return list(self.model.ids)

    def export(self) -> None:
        path, chosen = QFileDialog.getSaveFileName(self, _("导出会员名册"), _("会员名册.xlsx"),
                                                   "Excel (*.xlsx);;CSV (*.csv)")
        if not path:
            return
        if not path.lower().endswith((".xlsx", ".csv")):
            path += ".csv" if chosen.startswith("CSV") else ".xlsx"
        ids = self._view_ids()
        from app.services import roster_export
        from ui.tasks import run_task

        def work(progress):
            return roster_export.export_file(self.ctx.db, path, ids, progress=progress)  # the view as filtered

        run_task(self, _("正在导出会员名册"), work,
                 on_done=lambda n: info(self, _("导出完成"), _("已导出{n}名会员到\n{path}").format(n=n, path=path)))

    def _print_unmasked(self) -> bool:
        """Full numbers on paper only while the list shows them, and only after a second confirmation."""
        return self.model.unmasked and confirm(
            self, _("打印完整号码"), _("列表正在显示完整号码。打印件也要印出完整的证件号码和手机号码吗？"
                                       "此操作会记入审计日志。"), _("打印完整号码"))

    def print_roster(self) -> None:
        from app.documents.roster_docs import roster_document
        from ui.print_preview import show_print_preview

        ids, db, unmask = self._view_ids(), self.ctx.db, self._print_unmasked()
        show_print_preview(self, lambda: roster_document(db, ids=ids, unmask=unmask), _("会员名册"))

    def print_member(self) -> None:
        mid = self.current_id()
        if mid is None:
            info(self, _("打印登记表"), _("请先在列表中选中一名会员。"))
            return
        from app.documents.roster_docs import member_form_document
        from ui.print_preview import show_print_preview

        db, unmask = self.ctx.db, self._print_unmasked()
        name = self.model.data(self.model.index(self.table.currentIndex().row(), 0)) or ""
        show_print_preview(self, lambda: member_form_document(db, mid, unmask=unmask),
                           _("会员登记表-{name}").format(name=name))

    def import_file(self) -> None:
        from ui.roster_import import run_import_wizard  # provided by the import module

        run_import_wizard(self.ctx, self)
