"""Print preview: the PDF on screen (QtPdf), Print (system dialog), Save as PDF, Save as Word, Open in the system
viewer, and the font choice per role.

Other modules call::

    show_print_preview(parent, lambda: build_my_document(db, …), _("提案表"))

``build_doc`` and the rendering run off the GUI thread (ui.tasks.run_task) with progress and Cancel.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from app.documents import fonts
from app.documents.model import Document
from app.errors import DomainError
from app.i18n import _
from ui.dialogs import info, show_error
from ui.qt import *
from ui.qt_print import QPdfDocument, QPdfView, QPrintDialog, QPrinter
from ui.tasks import run_task

_open: list[PrintPreviewDialog] = []   # non-modal dialogs stay referenced while open


def _safe_name(name: str) -> str:
    return re.sub(r'[\\/:*?"<>|\s]+', "_", name).strip("_") or "document"


def show_print_preview(parent: QWidget | None, build_doc: Callable[[], Document], suggested_name: str, *,
                       docx: bool = True) -> Any:
    """Build and render the document in the background, then open the preview. Returns the task."""
    from app.documents.render import render_bytes

    def work(progress: Callable[..., bool]) -> tuple[Document, bytes, list[str]]:
        progress(0, 0, _("正在准备文档"))
        doc = build_doc()
        said: list[str] = []
        data = render_bytes(doc, "pdf", progress=progress, warn=said.append)
        return doc, data, said

    def done(result: tuple[Document, bytes, list[str]]) -> None:
        doc, data, said = result
        dlg = PrintPreviewDialog(parent, doc, data, suggested_name, warnings=said, docx=docx, rebuild=build_doc)
        dlg.show()
        dlg.raise_()

    return run_task(parent, _("正在生成打印预览"), work, on_done=done)


def last_preview() -> PrintPreviewDialog | None:
    return _open[-1] if _open else None


class PrintPreviewDialog(QDialog):
    def __init__(self, parent: QWidget | None, doc: Document, pdf: bytes, suggested_name: str, *,
                 warnings: list[str] | None = None, docx: bool = True,
                 rebuild: Callable[[], Document] | None = None) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(_("打印预览 — {name}").format(name=suggested_name))
        self.resize(900, 1000)
        self.doc = doc
        self.pdf_bytes = pdf
        self.name = suggested_name
        self.rebuild = rebuild
        self._temp_files: list[Path] = []
        _open.append(self)

        lay = QVBoxLayout(self)
        self.toolbar = QToolBar()
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        lay.addWidget(self.toolbar)
        self.print_action = self._action(_("打印…"), "SP_DialogApplyButton", self.print_document,
                                         QKeySequence.StandardKey.Print)
        self.save_pdf_action = self._action(_("另存为 PDF…"), "SP_DialogSaveButton", self.save_pdf,
                                            QKeySequence.StandardKey.Save)
        self.save_docx_action = self._action(_("另存为 Word…"), "SP_FileIcon", self.save_docx)
        self.save_docx_action.setVisible(docx)
        self.open_action = self._action(_("用系统程序打开"), "SP_DirOpenIcon", self.open_external)
        self.toolbar.addSeparator()
        self._action(_("放大"), "SP_ArrowUp", lambda: self.zoom(1.25), QKeySequence.StandardKey.ZoomIn)
        self._action(_("缩小"), "SP_ArrowDown", lambda: self.zoom(0.8), QKeySequence.StandardKey.ZoomOut)
        self._action(_("适合宽度"), "SP_TitleBarMaxButton", self.fit_width)
        self.toolbar.addSeparator()
        self.fonts_action = self._action(_("字体…"), "SP_FileDialogDetailedView", self.choose_fonts)

        self.warning = QLabel()
        self.warning.setObjectName("font_warning")
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet("background:#fff4ce; border:1px solid #e0c060; padding:6px;")
        self.warning.setVisible(bool(warnings))
        self.warning.setText("\n".join(warnings or []))
        lay.addWidget(self.warning)

        self.pdf = QPdfDocument(self) if QPdfDocument is not None else None
        self.view: QWidget
        if QPdfView is not None and self.pdf is not None:
            self.view = QPdfView(self)
            self.view.setPageMode(QPdfView.PageMode.MultiPage)
            self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
            self.view.setDocument(self.pdf)
        else:
            self.view = QLabel(_("此电脑缺少 PDF 预览组件，请用“用系统程序打开”查看。"))
        lay.addWidget(self.view, 1)
        self.status = QLabel()
        lay.addWidget(self.status)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(_("关闭"))
        buttons.rejected.connect(self.close)
        lay.addWidget(buttons)
        self._buffer: QBuffer | None = None
        self.load_pdf(pdf)

    def _action(self, text: str, icon: str, slot: Callable[[], None], shortcut: Any = None) -> QAction:
        a = QAction(self.style().standardIcon(getattr(QStyle.StandardPixmap, icon)), text, self)
        if shortcut is not None:
            a.setShortcut(shortcut)
        a.triggered.connect(slot)
        self.toolbar.addAction(a)
        return a

    # showing ------------------------------------------------------------------------------------------------
    def load_pdf(self, data: bytes) -> None:
        self.pdf_bytes = data
        if self.pdf is None:
            self.status.setText(_("共 {n} KB").format(n=len(data) // 1024))
            return
        old = self._buffer
        self._buffer = QBuffer(self)
        self._buffer.setData(QByteArray(data))
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.pdf.load(self._buffer)
        if old is not None:
            old.close()
            old.deleteLater()
        self.status.setText(_("共 {n} 页").format(n=self.page_count()))

    def page_count(self) -> int:
        return self.pdf.pageCount() if self.pdf is not None else 0

    def zoom(self, factor: float) -> None:
        if isinstance(self.view, QLabel):
            return
        view: Any = self.view
        view.setZoomMode(QPdfView.ZoomMode.Custom)
        view.setZoomFactor(max(0.2, min(5.0, view.zoomFactor() * factor)))

    def fit_width(self) -> None:
        if not isinstance(self.view, QLabel):
            view: Any = self.view
            view.setZoomMode(QPdfView.ZoomMode.FitToWidth)

    # saving -------------------------------------------------------------------------------------------------
    def _ask_path(self, title: str, suffix: str, filt: str) -> str | None:
        start = str(Path.home() / f"{_safe_name(self.name)}.{suffix}")
        path, _f = QFileDialog.getSaveFileName(self, title, start, filt)
        if not path:
            return None
        if not path.lower().endswith("." + suffix):
            path += "." + suffix
        return path

    def save_pdf(self) -> None:
        from app.fileio import atomic_write_bytes

        path = self._ask_path(_("另存为 PDF"), "pdf", "PDF (*.pdf)")
        if not path:
            return
        try:
            atomic_write_bytes(path, self.pdf_bytes)
        except OSError as e:
            show_error(self, DomainError("print.write", _("无法写入文件 {f}：{err}").format(f=path, err=e)))
            return
        self.status.setText(_("已保存到 {f}").format(f=path))

    def save_docx(self) -> None:
        from app.documents.render import render

        path = self._ask_path(_("另存为 Word 文档"), "docx", _("Word 文档 (*.docx)"))
        if not path:
            return
        doc = self.doc
        run_task(self, _("正在生成 Word 文件"), lambda progress: render(doc, path, progress=progress),
                 on_done=lambda p: self.status.setText(_("已保存到 {f}").format(f=p)))

    def open_external(self) -> Path:
        """Write the PDF to a private temp file and open it with the system's PDF viewer."""
        fd, tmp = tempfile.mkstemp(prefix=_safe_name(self.name) + "-", suffix=".pdf")
        with os.fdopen(fd, "wb") as fh:
            fh.write(self.pdf_bytes)
        path = Path(tmp)
        self._temp_files.append(path)
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
            info(self, _("无法打开"), _("没有找到打开 PDF 的程序。文件已保存在：\n{f}").format(f=path))
        return path

    # printing -----------------------------------------------------------------------------------------------
    def make_printer(self) -> QPrinter:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.name)
        printer.setFullPage(True)
        printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
        if self.pdf is not None and self.page_count():
            size = self.pdf.pagePointSize(0)
            orient = (QPageLayout.Orientation.Landscape if size.width() > size.height()
                      else QPageLayout.Orientation.Portrait)
            printer.setPageOrientation(orient)
        printer.setFromTo(1, max(1, self.page_count()))
        return printer

    def print_document(self) -> None:
        if self.pdf is None:
            self.open_external()
            return
        printer = self.make_printer()
        dlg = QPrintDialog(printer, self)
        dlg.setWindowTitle(_("打印"))
        dlg.setOption(QPrintDialog.PrintDialogOption.PrintPageRange, True)
        if dlg.exec() != QDialog.DialogCode.Accepted:
            return
        self.print_to(printer)

    def print_to(self, printer: QPrinter) -> int:
        """Draw each page (rendered by QtPdf at the printer's resolution, at most 300 dpi). Returns pages sent."""
        assert self.pdf is not None
        n = self.page_count()
        first, last = printer.fromPage() or 1, printer.toPage() or n
        first, last = max(1, first), min(n, last)
        dpi = min(printer.resolution(), 300)
        painter = QPainter()
        if not painter.begin(printer):
            show_error(self, DomainError("print.printer", _("无法开始打印：打印机不可用。")))
            return 0
        sent = 0
        progress = QProgressDialog(_("正在打印…"), _("取消"), 0, last - first + 1, self)
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(500)
        try:
            for i in range(first - 1, last):
                if progress.wasCanceled():
                    break
                if sent:
                    printer.newPage()
                pts = self.pdf.pagePointSize(i)
                img = self.pdf.render(i, QSize(int(pts.width() / 72 * dpi), int(pts.height() / 72 * dpi)))
                target = painter.viewport()
                scaled = img.size().scaled(target.size(), Qt.AspectRatioMode.KeepAspectRatio)
                painter.drawImage(QRect(target.x(), target.y(), scaled.width(), scaled.height()), img)
                sent += 1
                progress.setValue(sent)
                QApplication.processEvents()
        finally:
            painter.end()
            progress.close()
        self.status.setText(_("已发送{n}页到打印机").format(n=sent))
        return sent

    # fonts --------------------------------------------------------------------------------------------------
    def choose_fonts(self) -> None:
        dlg = FontSettingsDialog(self)
        if dlg.exec() == QDialog.DialogCode.Accepted and dlg.changed and self.rebuild is not None:
            self.refresh()

    def refresh(self) -> None:
        """Build and render again (after a font change)."""
        from app.documents.render import render_bytes

        build = self.rebuild
        assert build is not None

        def work(progress: Callable[..., bool]) -> tuple[Document, bytes, list[str]]:
            doc = build()
            fs = fonts.resolve_fonts()
            return doc, render_bytes(doc, "pdf", progress=progress, fontset=fs), fs.warnings

        def done(result: tuple[Document, bytes, list[str]]) -> None:
            self.doc, data, said = result
            self.warning.setText("\n".join(said))
            self.warning.setVisible(bool(said))
            self.load_pdf(data)

        run_task(self, _("正在重新生成"), work, on_done=done)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 — Qt's name
        if self in _open:
            _open.remove(self)
        for p in self._temp_files:
            with contextlib.suppress(OSError):  # still open in a viewer on Windows: left for the OS to clean
                p.unlink()
        super().closeEvent(event)


class FontSettingsDialog(QDialog):
    """One font file per role (正文仿宋, 标题, 黑体, 楷体, 页码宋体), or the automatic choice."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("打印字体"))
        self.setMinimumWidth(560)
        self.changed = False
        lay = QVBoxLayout(self)
        note = QLabel(_("每种用途可选一个 TrueType 字体文件（.ttf / .ttc）。不选则自动使用系统中的字体。"
                        "字体会嵌入 PDF，在其他电脑上打印效果相同。"))
        note.setWordWrap(True)
        lay.addWidget(note)
        grid = QGridLayout()
        self.labels: dict[str, QLabel] = {}
        for r, role in enumerate(fonts.ROLES):
            grid.addWidget(QLabel(_(fonts.ROLE_LABELS[role])), r, 0)
            lab = QLabel()
            lab.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.labels[role] = lab
            grid.addWidget(lab, r, 1)
            pick = QPushButton(_("选择…"))
            pick.clicked.connect(lambda _c=False, ro=role: self.pick(ro))
            grid.addWidget(pick, r, 2)
            auto = QPushButton(_("自动"))
            auto.clicked.connect(lambda _c=False, ro=role: self.set_font(ro, None))
            grid.addWidget(auto, r, 3)
        grid.setColumnStretch(1, 1)
        lay.addLayout(grid)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("确定"))
        buttons.accepted.connect(self.accept)
        lay.addWidget(buttons)
        self.update_labels()

    def update_labels(self) -> None:
        fs = fonts.resolve_fonts()
        picked = fonts.user_fonts()
        for role, lab in self.labels.items():
            c = fs.choices[role]
            where = Path(c.path).name if c.path else _("PDF 内置字体（不嵌入）")
            how = _("（已选择）") if role in picked else _("（自动）")
            lab.setText(f"{c.family} — {where} {how}")

    def pick(self, role: str) -> None:
        path, _f = QFileDialog.getOpenFileName(self, _("选择字体文件"), "", _("TrueType 字体 (*.ttf *.ttc)"))
        if path:
            self.set_font(role, path)

    def set_font(self, role: str, path: str | None) -> None:
        try:
            fonts.set_user_font(role, path)
        except DomainError as e:
            show_error(self, e)
            return
        self.changed = True
        self.update_labels()
