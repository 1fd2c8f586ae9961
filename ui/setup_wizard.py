"""First start: a short setup of the union (name, enterprise, credit code — warned, not blocked —, parent union,
chair, staff count), or "open sample data". Everything is editable later on the 工会信息 page."""

from __future__ import annotations

from app.errors import DomainError
from app.i18n import _
from app.services import demo
from app.services import org as org_service
from app.storage.db import Database
from ui.dialogs import show_error
from ui.org_form import OrgForm
from ui.qt import *


class SetupDialog(QDialog):
    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.setObjectName("SetupDialog")
        self.setWindowTitle(_("欢迎使用工会工作台"))
        self.setMinimumWidth(560)
        intro = QLabel(_("请先填写本工会的基本信息（以后可在“工会信息”中修改）。\n也可以先打开示例数据看看程序能做什么。"))
        intro.setWordWrap(True)
        self.form = OrgForm(self, compact=True)
        buttons = QDialogButtonBox()
        self.sample_button = buttons.addButton(_("打开示例数据"), QDialogButtonBox.ButtonRole.ActionRole)
        self.sample_button.setObjectName("open_sample")
        self.ok_button = buttons.addButton(_("开始使用"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok_button.setObjectName("start")
        cancel = buttons.addButton(_("退出"), QDialogButtonBox.ButtonRole.RejectRole)
        del cancel
        self.sample_button.clicked.connect(self.open_sample)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(intro)
        lay.addWidget(self.form)
        lay.addWidget(buttons)

    def save(self) -> None:
        if not self.form.check():
            return
        try:
            org_service.save_org(self.db, self.form.values())
        except DomainError as e:
            show_error(self, e)
            return
        from app.sync.keys import create_at_setup

        create_at_setup(self.db)  # the union's signing key for upward bundles, when the keyring allows
        self.accept()

    def open_sample(self) -> None:
        from ui.tasks import run_task

        self.setEnabled(False)

        def done(_r: object) -> None:
            self.setEnabled(True)
            self.accept()

        def failed(e: BaseException) -> None:
            self.setEnabled(True)
            show_error(self, e)

        run_task(self, _("正在生成示例数据"), lambda progress: demo.run_demo(self.db, members=500, seed=1),
                 on_done=done, on_error=failed, cancellable=False)


def ensure_set_up(db: Database, parent: QWidget | None = None) -> bool:
    """Show the setup dialog when the union is not set up yet. False when the user quit."""
    if org_service.is_set_up(db):
        return True
    return SetupDialog(db, parent).exec() == QDialog.DialogCode.Accepted
