"""首页: the union at a glance and what is due (reminders from every module)."""

from __future__ import annotations

from app.i18n import _
from app.services import org as org_service
from app.services import reminders, roster
from ui.context import AppContext
from ui.modules import MODULES
from ui.qt import *


class HomePage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.title = QLabel()
        self.title.setObjectName("home_title")
        self.title.setStyleSheet("font-size: 20px; font-weight: bold;")
        self.summary = QLabel()
        self.summary.setObjectName("home_summary")
        self.summary.setWordWrap(True)
        self.reminders = QListWidget()
        self.reminders.setObjectName("reminders")
        self.reminders.itemActivated.connect(self._open_reminder)
        lay = QVBoxLayout(self)
        lay.addWidget(self.title)
        lay.addWidget(self.summary)
        lay.addWidget(QLabel(_("待办与提醒")))
        lay.addWidget(self.reminders, 1)
        ctx.changed.connect(self._on_changed)
        self.activate()

    def _on_changed(self, _area: str) -> None:
        """Counted again when shown: an edit in another module (each undo, each import) does not recount the
        roster and collect every module's reminders for a page nobody is looking at."""
        if self.isVisible():
            self.activate()

    def activate(self) -> None:
        org = org_service.get_org(self.ctx.db)
        self.title.setText(org.union_name if org else _("工会工作台"))
        in_union = roster.count(self.ctx.db, "", roster.Filters(statuses=roster.IN_UNION_STATUSES))
        women = roster.count(self.ctx.db, "", roster.Filters(statuses=roster.IN_UNION_STATUSES, sex="女"))
        migrant = roster.count(self.ctx.db, "", roster.Filters(statuses=roster.IN_UNION_STATUSES, migrant_worker=True))
        parts = [_("会员 {n} 人（女 {w} 人，农民工 {m} 人）").format(n=in_union, w=women, m=migrant)]
        if org:
            parts.append(_("单位：{e}；上级工会：{p}；职工 {s} 人").format(
                e=org.enterprise_name or "—", p=org.parent_union or "—", s=org.staff_count))
        self.summary.setText("\n".join(parts))
        self.reminders.clear()
        items = reminders.collect(self.ctx.db)
        if not items:
            self.reminders.addItem(_("目前没有到期事项。"))
        for r in items:
            text = (r.due.isoformat() + "  " if r.due else "") + r.text
            it = QListWidgetItem(text)
            it.setData(Qt.ItemDataRole.UserRole, r.area)
            title = next((_(m.title) for m in MODULES if m.key == r.area), "")
            if title:
                it.setToolTip(_("双击打开“{m}”").format(m=title))
            if r.severity == "overdue":
                it.setForeground(QColor("#c0392b"))
            elif r.severity == "warning":
                it.setForeground(QColor("#b9770e"))
            self.reminders.addItem(it)

    def _open_reminder(self, item: QListWidgetItem) -> None:
        """Open the module a reminder belongs to (double click or Enter)."""
        area = item.data(Qt.ItemDataRole.UserRole)
        win = self.window()
        if area and hasattr(win, "specs") and area in win.specs:
            win.show_module(area)
