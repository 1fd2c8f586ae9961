"""Asking for a passphrase in the window: unlocking the data, choosing a recovery or handover passphrase."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from app.errors import DomainError
from app.i18n import _
from app.storage import keys
from ui.qt import *

if TYPE_CHECKING:
    from app.storage.db import Database



class PassphraseDialog(QDialog):
    """``purpose``: "unlock" (one field) · "new" (recovery passphrase, twice) · "handover" (twice) · "package"."""

    def __init__(self, purpose: str, parent: QWidget | None = None, error: str = "") -> None:
        super().__init__(parent)
        self.purpose = purpose
        self.setObjectName("PassphraseDialog")
        twice = purpose in ("new", "handover")
        titles = {
            "unlock": _("输入恢复口令"), "new": _("设置恢复口令"), "handover": _("设置交接口令"),
            "package": _("输入交接口令"), "idle": _("已锁定"),
        }
        intros = {
            "unlock": _("系统钥匙串中没有这份数据的密钥（例如换了电脑）。请输入设置时选定的恢复口令。"),
            "new": _("数据会加密保存，密钥存放在系统钥匙串中。请再设置一个恢复口令：钥匙串丢失或换电脑时，"
                     "用它打开数据。请把口令写在纸上，单独妥善保管。口令遗失将无法恢复数据。"),
            "handover": _("交接包用一个新的交接口令保护。请把口令写在纸上，当面交给新任主席，不要和交接包放在一起。"),
            "package": _("请输入交接包（或备份）的口令。"),
            "idle": _("工会工作台闲置后已锁定，请输入恢复口令继续。"),
        }
        self.setWindowTitle(titles.get(purpose, titles["unlock"]))
        self.setMinimumWidth(460)
        lay = QVBoxLayout(self)
        intro = QLabel(intros.get(purpose, intros["unlock"]))
        intro.setWordWrap(True)
        lay.addWidget(intro)
        form = QFormLayout()
        self.first = QLineEdit()
        self.first.setObjectName("passphrase")
        self.first.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(_("口令"), self.first)
        self.second: QLineEdit | None = None
        if twice:
            self.second = QLineEdit()
            self.second.setObjectName("passphrase_again")
            self.second.setEchoMode(QLineEdit.EchoMode.Password)
            form.addRow(_("再输入一次"), self.second)
        lay.addLayout(form)
        self.show_box = QCheckBox(_("显示口令"))
        self.show_box.toggled.connect(self._toggle_echo)
        lay.addWidget(self.show_box)
        self.error = QLabel(error)
        self.error.setObjectName("passphrase_error")
        self.error.setStyleSheet("color: #b00020;")
        self.error.setWordWrap(True)
        lay.addWidget(self.error)
        buttons = QDialogButtonBox()
        self.open_package = False
        if purpose == "new":  # first start: the incoming chair may open the outgoing chair's package instead
            pkg = buttons.addButton(_("打开交接包或备份…"), QDialogButtonBox.ButtonRole.ActionRole)
            pkg.setObjectName("open_package")
            pkg.clicked.connect(self._choose_package)
        ok = buttons.addButton(_("确定"), QDialogButtonBox.ButtonRole.AcceptRole)
        ok.setObjectName("ok")
        cancel_text = _("以后再设置") if purpose == "new" else _("取消")
        buttons.addButton(cancel_text, QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self._check)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)

    def _toggle_echo(self, on: bool) -> None:
        mode = QLineEdit.EchoMode.Normal if on else QLineEdit.EchoMode.Password
        self.first.setEchoMode(mode)
        if self.second is not None:
            self.second.setEchoMode(mode)

    def _check(self) -> None:
        value = self.first.text()
        if not value:
            self.error.setText(_("请输入口令"))
            return
        if self.second is not None:
            try:
                keys.check_new_passphrase(value)
            except DomainError as e:
                self.error.setText(e.message)
                return
            if self.second.text() != value:
                self.error.setText(_("两次输入的口令不一致"))
                return
        self.accept()

    def value(self) -> str:
        return self.first.text()

    def _choose_package(self) -> None:
        self.open_package = True
        self.done(OPEN_PACKAGE)


OPEN_PACKAGE = 2  # dialog result: open a handover package instead of creating new data


class _OpenPackage(Exception):
    pass


def ask_passphrase(parent: QWidget | None, purpose: str, error: str = "") -> str | None:
    dlg = PassphraseDialog(purpose, parent, error)
    result = dlg.exec()
    if result == OPEN_PACKAGE:
        raise _OpenPackage()
    return dlg.value() if result == QDialog.DialogCode.Accepted else None


def open_package_in_window(parent: QWidget | None, data_dir: Path) -> Database | None:
    """First start on the incoming chair's laptop: open a handover package (or a USB backup with its .key)."""
    from app.core import open_data
    from app.storage.handover import PACKAGE_SUFFIX, open_package

    path, _f = QFileDialog.getOpenFileName(parent, _("打开交接包或备份"), "",
                                           _("交接包或备份 (*{suffix} *.db)").format(suffix=PACKAGE_SUFFIX))
    if not path:
        return None
    error = ""
    while True:
        passphrase = ask_passphrase(parent, "package", error)
        if passphrase is None:
            return None
        try:
            open_package(Path(path), data_dir, passphrase)
        except DomainError as e:
            if e.code != "keys.wrong_passphrase":
                raise
            error = e.message
            continue
        return open_data(data_dir, create=False, check=False, passphrase=passphrase)


def gui_ask(parent: QWidget | None):  # noqa: ANN201 — keys.Ask
    return lambda purpose: ask_passphrase(parent, purpose)


def open_data_in_window(parent: QWidget | None, data_dir: Path) -> Database:
    """Open the data for the window: the keyring, else the passphrase dialog — asked again after a wrong
    passphrase (the message says so) until it opens or the user cancels."""
    from app.core import open_data

    error = ""
    while True:
        def ask(purpose: str, _err: str = error) -> str | None:
            return ask_passphrase(parent, purpose, _err)

        try:
            return open_data(data_dir, interactive=True, check=False, ask=ask)
        except _OpenPackage:
            db = open_package_in_window(parent, data_dir)
            if db is not None:
                return db
            error = ""
        except DomainError as e:
            if e.code != "keys.wrong_passphrase":
                raise
            error = e.message
