"""Error and message dialogs: one plain sentence, details folded, a copy button (Calibre's error_dialog)."""

from __future__ import annotations

import traceback

from app.errors import DomainError
from app.i18n import _
from ui.qt import *


class ErrorDialog(QDialog):
    def __init__(self, parent: QWidget | None, message: str, details: str = "", title: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle(title or _("出错了"))
        self.setMinimumWidth(420)
        lay = QVBoxLayout(self)
        row = QHBoxLayout()
        icon = QLabel()
        icon.setPixmap(self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning).pixmap(32, 32))
        row.addWidget(icon, 0, Qt.AlignmentFlag.AlignTop)
        self.message_label = QLabel(message)
        self.message_label.setWordWrap(True)
        self.message_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        row.addWidget(self.message_label, 1)
        lay.addLayout(row)
        self.details = QPlainTextEdit(details)
        self.details.setReadOnly(True)
        self.details.setVisible(False)
        self.details.setMinimumHeight(160)
        lay.addWidget(self.details)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("确定"))
        if details:
            more = buttons.addButton(_("详细信息"), QDialogButtonBox.ButtonRole.ActionRole)
            more.setCheckable(True)
            more.toggled.connect(self.details.setVisible)
        copy = buttons.addButton(_("复制"), QDialogButtonBox.ButtonRole.ActionRole)
        copy.clicked.connect(self._copy)
        buttons.accepted.connect(self.accept)
        lay.addWidget(buttons)
        self._text = message + ("\n\n" + details if details else "")

    def _copy(self) -> None:
        QGuiApplication.clipboard().setText(self._text)


def error_text(exc: BaseException) -> tuple[str, str]:
    if isinstance(exc, DomainError):
        return exc.message, exc.details or ""
    return (_("发生了意外错误：{err}").format(err=exc),
            "".join(traceback.format_exception(type(exc), exc, exc.__traceback__)))


def show_error(parent: QWidget | None, exc: BaseException | str, title: str = "") -> None:
    msg, details = (exc, "") if isinstance(exc, str) else error_text(exc)
    dlg = ErrorDialog(parent, msg, details, title)
    dlg.exec()


def confirm(parent: QWidget | None, title: str, text: str, ok_text: str = "") -> bool:
    box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=parent)
    yes = box.addButton(ok_text or _("确定"), QMessageBox.ButtonRole.AcceptRole)
    box.addButton(_("取消"), QMessageBox.ButtonRole.RejectRole)
    box.exec()
    return box.clickedButton() is yes


def info(parent: QWidget | None, title: str, text: str) -> None:
    box = QMessageBox(QMessageBox.Icon.Information, title, text, parent=parent)
    box.addButton(_("确定"), QMessageBox.ButtonRole.AcceptRole)
    box.exec()
