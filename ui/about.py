"""Help → About: the version (``app.__version__``, from pyproject), where the data lives, and every third-party
component we ship with its licence text (``resources/licenses``, via ``app.licenses``)."""

from __future__ import annotations

import sys

from app import licenses, paths, version
from app.i18n import _
from app.resources import resource_path
from ui.qt import (  # explicit: this module is on the start-up path (see ui/qt.py)
    QDialog,
    QDialogButtonBox,
    QFontDatabase,
    QGuiApplication,
    QHBoxLayout,
    QIcon,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QSize,
    QSplitter,
    Qt,
    QTextCursor,
    QVBoxLayout,
    QWidget,
    qVersion,
)

ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def application_icon() -> QIcon:
    """The UnionDesk icon (resources/icons, rendered from uniondesk.svg by packaging/make_icons.py)."""
    icon = QIcon()
    for s in ICON_SIZES:
        p = resource_path("icons", f"uniondesk-{s}.png")
        if p.is_file():
            icon.addFile(str(p), QSize(s, s))
    return icon


def version_text() -> str:
    from PySide6 import __version__ as pyside_version

    return _("工会工作台 {v}（Python {py}，Qt {qt}，PySide6 {ps}，{plat}）").format(
        v=version(), py=sys.version.split()[0], qt=qVersion(), ps=pyside_version, plat=sys.platform)


class AboutDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("关于工会工作台"))
        self.resize(900, 600)
        lay = QVBoxLayout(self)

        head = QHBoxLayout()
        logo = QLabel()
        logo.setPixmap(application_icon().pixmap(64, 64))
        head.addWidget(logo, 0, Qt.AlignmentFlag.AlignTop)
        text = QVBoxLayout()
        title = QLabel(_("工会工作台 UnionDesk"))
        f = title.font()
        f.setPointSizeF(f.pointSizeF() * 1.5)
        f.setBold(True)
        title.setFont(f)
        text.addWidget(title)
        self.version_label = QLabel(_("版本 {v}").format(v=version()))
        self.version_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        text.addWidget(self.version_label)
        blurb = QLabel(_("面向企业工会委员会的离线桌面工作台：会员名册、职代会与提案、集体合同、困难职工帮扶。"
                         "数据只保存在本机。"))
        blurb.setWordWrap(True)
        text.addWidget(blurb)
        data = QLabel(_("数据文件夹：{path}").format(path=paths.data_dir()))
        data.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        data.setWordWrap(True)
        text.addWidget(data)
        head.addLayout(text, 1)
        lay.addLayout(head)

        lay.addWidget(QLabel(_("本程序包含以下第三方组件，按各自的许可证使用（点击查看许可证全文）：")))
        split = QSplitter(Qt.Orientation.Horizontal)
        self.components = licenses.components()
        self.list = QListWidget()
        for c in self.components:
            item = QListWidgetItem(f"{c.label} — {c.license}")
            item.setToolTip(c.url)
            self.list.addItem(item)
        self.text = QPlainTextEdit()
        self.text.setReadOnly(True)
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)  # licence texts are pre-wrapped
        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        self.text.setFont(mono)
        split.addWidget(self.list)
        split.addWidget(self.text)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        lay.addWidget(split, 1)
        self.list.currentRowChanged.connect(self._show_license)

        qt_note = QLabel(_("Qt 库以 GNU LGPL 第3版授权，以独立的动态库形式随附在程序文件夹中，可以替换为兼容的版本。"))
        qt_note.setWordWrap(True)
        lay.addWidget(qt_note)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(_("关闭"))
        copy = buttons.addButton(_("复制版本信息"), QDialogButtonBox.ButtonRole.ActionRole)
        copy.clicked.connect(self._copy_version)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        if self.components:
            self.list.setCurrentRow(0)

    def _show_license(self, row: int) -> None:
        if 0 <= row < len(self.components):
            try:
                self.text.setPlainText(licenses.license_text(self.components[row]))
            except OSError as e:
                self.text.setPlainText(_("许可证文本缺失：{err}").format(err=e))
            self.text.moveCursor(QTextCursor.MoveOperation.Start)

    def _copy_version(self) -> None:
        QGuiApplication.clipboard().setText(version_text())


def show_about(parent: QWidget | None = None) -> None:
    """Help → About (called by ui/main_window.py)."""
    AboutDialog(parent).exec()
