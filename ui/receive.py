"""A double-clicked upward bundle (.udbundle): the receiver's import in a window.

The installers associate the bundle file type with UnionDesk (docs/packaging.md). Started on such a file:

- on the higher-level union's computer (a receiver set up with ``uniondesk hub init``) the bundle is verified and
  imported at once, as ``uniondesk hub import`` does, and the window says what happened: imported (which union,
  which number, snapshot or delta, which level), already imported, older than what is there, or refused with its
  numbered reason.
  More bundles can be imported from there, and the summary table written;
- anywhere else (an enterprise union's computer) it says what the file is and where it has to go, then the program
  starts as usual.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from app.errors import DomainError
from app.i18n import _, ngettext
from app.sync import hub as hubmod
from app.sync.errors import BundleRefused
from ui.dialogs import info, show_error
from ui.qt import *
from ui.tasks import run_task

OK_COLOUR, REFUSED_COLOUR = "#1b5e20", "#9c0006"  # green: in (or in already); red: refused, nothing changed


def open_receiver() -> hubmod.Hub | None:
    """The receiver of this computer, or None when it has none (not set up with ``uniondesk hub init``)."""
    try:
        h = hubmod.open_hub(hubmod.hub_data_dir())
    except DomainError as e:
        if e.code == "hub.not_initialised":
            return None
        raise
    if not h.org_code:  # a folder opened once but never initialised
        h.close()
        return None
    return h


def outcome_text(path: Path, r: hubmod.ImportResult | BundleRefused) -> tuple[str, bool]:
    """One file's outcome in words, and whether it went in (or was in already)."""
    if isinstance(r, BundleRefused):
        return _("{file}：未导入。{reason}").format(file=path.name, reason=r.message), False
    text = _("{file}：{outcome}").format(file=path.name, outcome=r.message)
    if r.warnings:
        text += "\n" + "\n".join(r.warnings)
    return text, True


class ReceiveDialog(QDialog):
    """Imports bundle files into this computer's receiver (off the GUI thread) and shows each outcome."""

    def __init__(self, receiver: hubmod.Hub, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.receiver = receiver
        self.setWindowTitle(_("接收上报数据包"))
        self.setMinimumWidth(560)
        me = hubmod.info(receiver)
        lay = QVBoxLayout(self)
        head = QLabel(_("上级工会接收端：{name}（{org}）").format(name=me.get("name", ""), org=receiver.org_code))
        head.setStyleSheet("font-size: 16px; font-weight: bold;")
        lay.addWidget(head)
        lay.addWidget(QLabel(_("每个数据包都先核对签名和收件人，再在一个事务中导入；同一个数据包导入两次不会重复计算。")))
        self.results = QListWidget()
        self.results.setWordWrap(True)
        self.results.setMinimumHeight(180)
        lay.addWidget(self.results, 1)
        self.summary = QLabel("")
        self.summary.setWordWrap(True)
        lay.addWidget(self.summary)
        buttons = QDialogButtonBox()
        self.more_button = buttons.addButton(_("导入其他数据包…"), QDialogButtonBox.ButtonRole.ActionRole)
        self.more_button.clicked.connect(self.choose_files)
        self.report_button = buttons.addButton(_("生成汇总表…"), QDialogButtonBox.ButtonRole.ActionRole)
        self.report_button.clicked.connect(self.write_report)
        close = buttons.addButton(_("关闭"), QDialogButtonBox.ButtonRole.RejectRole)
        close.clicked.connect(self.reject)
        lay.addWidget(buttons)
        self.imported = 0
        self.refused = 0

    def import_files(self, files: list[Path]) -> None:
        """Verify and import ``files`` (in order; a gap filled by a later file is retried, as on the command line)."""
        if not files:
            return
        self.more_button.setEnabled(False)

        def work(progress: Any) -> list[tuple[Path, hubmod.ImportResult | BundleRefused]]:
            return hubmod.import_files(self.receiver, files)

        def done(results: list[tuple[Path, hubmod.ImportResult | BundleRefused]]) -> None:
            self.more_button.setEnabled(True)
            self.show_results(results)

        def failed(e: BaseException) -> None:
            self.more_button.setEnabled(True)
            show_error(self, e, _("导入失败"))

        run_task(self, _("正在核对并导入数据包"), work, on_done=done, on_error=failed, cancellable=False)

    def show_results(self, results: list[tuple[Path, hubmod.ImportResult | BundleRefused]]) -> None:
        for path, r in results:
            text, ok = outcome_text(path, r)
            item = QListWidgetItem(text)
            item.setForeground(QColor(OK_COLOUR if ok else REFUSED_COLOUR))
            self.results.addItem(item)
            if ok:
                self.imported += 1
            else:
                self.refused += 1
        self.summary.setText(_("导入或已有：{ok}个；未导入：{bad}个。未导入的数据包没有改动任何数据，"
                               "请按原因处理后重新导入。").format(ok=self.imported, bad=self.refused)
                             if self.refused else _("导入或已有：{ok}个。").format(ok=self.imported))
        self.summary.setStyleSheet(f"color: {REFUSED_COLOUR if self.refused else OK_COLOUR};")

    def choose_files(self) -> None:
        files, _f = QFileDialog.getOpenFileNames(self, _("选择数据包"), "",
                                                 _("工会数据包 (*.udbundle *.asc);;所有文件 (*)"))
        self.import_files([Path(f) for f in files])

    def write_report(self, path: str | None = None) -> None:
        if not path:
            path, _f = QFileDialog.getSaveFileName(self, _("保存汇总表"), _("汇总表.xlsx"), "Excel (*.xlsx)")
        if not path:
            return
        target = Path(path)

        def work(progress: Any) -> int:
            return hubmod.write_report(self.receiver, target)

        run_task(self, _("正在生成汇总表"), work, cancellable=False,
                 on_done=lambda n: info(self, _("汇总表"), ngettext(
                     "已写出汇总表 {path}（{n}个单位）", "已写出汇总表 {path}（{n}个单位）", n).format(path=target, n=n)))


def not_a_receiver_text(path: Path) -> str:
    return _("“{file}”是基层工会上报给上级工会的数据包。它已加密，只有收件的上级工会才能打开。\n\n"
             "基层工会：请把这个文件交给上级工会（U盘、电子邮件或上报平台），不需要在本机打开。\n"
             "上级工会：本机还没有设置接收端，请先运行 uniondesk hub init 设置接收端，再打开数据包。").format(
        file=path.name)


def receive(path: Path) -> bool:
    """Started on the bundle ``path``: the receiver's import window (True: it ran and the program should end), or
    a word on what the file is when this computer has no receiver (False: start the program as usual)."""
    try:
        receiver = open_receiver()
    except DomainError as e:
        show_error(None, e, _("无法打开接收端"))
        return True
    if receiver is None:
        info(None, _("上报数据包"), not_a_receiver_text(path))
        return False
    try:
        dlg = ReceiveDialog(receiver)
        dlg.show()
        dlg.import_files([path])
        dlg.exec()
    finally:
        from ui.tasks import wait_all

        wait_all()
        receiver.close()
    return True
