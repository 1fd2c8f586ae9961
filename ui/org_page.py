"""工会信息: the union's own record, editable at any time."""

from __future__ import annotations

from app.errors import DomainError
from app.i18n import _
from app.services import org as org_service
from ui.context import AppContext
from ui.dialogs import show_error
from ui.org_form import OrgForm
from ui.qt import *


class OrgPage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.form = OrgForm(self)
        save = QPushButton(_("保存"))
        save.setObjectName("save_org")
        save.clicked.connect(self.save)
        self.saved_label = QLabel()
        title = QLabel(_("工会信息"))
        title.setStyleSheet("font-size: 18px; font-weight: bold;")
        inner = QWidget()
        il = QVBoxLayout(inner)
        il.addWidget(title)
        il.addWidget(self.form)
        row = QHBoxLayout()
        row.addWidget(save)
        row.addWidget(self.saved_label, 1)
        il.addLayout(row)
        il.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        lay = QVBoxLayout(self)
        lay.addWidget(scroll)
        self.activate()

    def activate(self) -> None:
        org = org_service.get_org(self.ctx.db)
        if org is not None:
            self.form.set_values(org.model_dump())
        self.form.check()
        self.saved_label.clear()

    def save(self) -> None:
        if not self.form.check():
            return
        try:
            _org, warnings = org_service.save_org(self.ctx.db, self.form.values())
        except DomainError as e:
            show_error(self, e)
            return
        self.saved_label.setText(_("已保存") + ("；" + "；".join(w.message for w in warnings) if warnings else ""))
        self.ctx.notify("org")
