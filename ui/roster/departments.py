"""The department/team tree (部门/班组): filter the roster by a department and its teams; add, rename, delete."""

from __future__ import annotations

from app.errors import DomainError
from app.i18n import _
from app.services import roster
from ui.context import AppContext
from ui.dialogs import confirm, show_error
from ui.qt import *


class DepartmentTree(QWidget):
    selected = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.tree = QTreeWidget()
        self.tree.setObjectName("department_tree")
        self.tree.setHeaderLabels([_("部门/班组"), _("人数")])
        self.tree.setColumnWidth(0, 150)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.customContextMenuRequested.connect(self._menu)
        self.tree.currentItemChanged.connect(lambda *_a: self.selected.emit())
        add = QToolButton()
        add.setText(_("新建"))
        add.clicked.connect(lambda: self.add_department(self.current_department()))
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.tree)
        lay.addWidget(add, 0, Qt.AlignmentFlag.AlignLeft)
        self.reload()

    def reload(self) -> None:
        current = self.current_department()
        self.tree.blockSignals(True)
        self.tree.clear()
        nodes = roster.list_departments(self.ctx.db)
        # members in the union, those without a department included (the departments' counts leave them out)
        total = roster.count(self.ctx.db, "", roster.Filters(statuses=roster.IN_UNION_STATUSES))
        root = QTreeWidgetItem([_("全部会员"), str(total)])
        root.setData(0, Qt.ItemDataRole.UserRole, None)
        self.tree.addTopLevelItem(root)
        select = root

        def add(parent: QTreeWidgetItem, n: roster.DepartmentNode) -> None:
            nonlocal select
            item = QTreeWidgetItem([n.name, str(self._total(n))])
            item.setData(0, Qt.ItemDataRole.UserRole, n.id)
            parent.addChild(item)
            if n.id == current:
                select = item
            for c in n.children:
                add(item, c)

        for n in nodes:
            add(root, n)
        self.tree.expandAll()
        self.tree.setCurrentItem(select)
        self.tree.blockSignals(False)
        if self.current_department() != current:  # the selected department is gone: the list shows everyone
            self.selected.emit()

    def _total(self, n: roster.DepartmentNode) -> int:
        return n.member_count + sum(self._total(c) for c in n.children)

    def current_department(self) -> int | None:
        item = self.tree.currentItem()
        return item.data(0, Qt.ItemDataRole.UserRole) if item else None

    def _menu(self, pos: QPoint) -> None:
        dept = self.current_department()
        menu = QMenu(self)
        menu.addAction(_("新建部门/班组…"), lambda: self.add_department(dept))
        if dept is not None:
            menu.addAction(_("重命名…"), lambda: self.rename(dept))
            menu.addAction(_("删除"), lambda: self.delete(dept))
        menu.exec(self.tree.viewport().mapToGlobal(pos))

    def add_department(self, parent_id: int | None) -> None:
        name, ok = QInputDialog.getText(self, _("新建部门/班组"), _("名称："))
        if not ok or not name.strip():
            return
        try:
            roster.create_department(self.ctx.db, name, parent_id, kind="班组" if parent_id else "部门")
        except DomainError as e:
            show_error(self, e)
            return
        self.ctx.notify("departments")

    def rename(self, dept_id: int) -> None:
        item = self.tree.currentItem()
        name, ok = QInputDialog.getText(self, _("重命名"), _("新名称："), text=item.text(0) if item else "")
        if not ok:
            return
        try:
            roster.rename_department(self.ctx.db, dept_id, name)
        except DomainError as e:
            show_error(self, e)
            return
        self.ctx.notify("roster")

    def delete(self, dept_id: int) -> None:
        if not confirm(self, _("删除部门"), _("确定删除所选部门吗？"), _("删除")):
            return
        try:
            roster.delete_department(self.ctx.db, dept_id)
        except DomainError as e:
            show_error(self, e)
            return
        self.ctx.notify("departments")
