"""Small helpers shared by the congress and motions pages: a field dialog and document export."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from app.i18n import _
from ui.dialogs import show_error
from ui.qt import *
from ui.tasks import run_task

# a field: (key, label, kind, options) — kind: text | multiline | date | int | bool | choice | multi
FieldSpec = tuple[str, str, str, Any]


class FieldDialog(QDialog):
    """A plain form: one widget per field, OK/Cancel. ``values()`` returns what was entered."""

    def __init__(self, parent: QWidget | None, title: str, fields: Sequence[FieldSpec],
                 values: dict[str, Any] | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.widgets: dict[str, QWidget] = {}
        self.kinds: dict[str, str] = {}
        values = values or {}
        form = QFormLayout()
        for key, label, kind, options in fields:
            w: QWidget
            v = values.get(key)
            if kind == "multiline":
                w = QPlainTextEdit(str(v or ""))
                w.setMinimumHeight(90)
            elif kind == "date":
                w = QDateEdit(QDate.currentDate() if v is None else QDate(v.year, v.month, v.day))
                w.setCalendarPopup(True)
                w.setDisplayFormat("yyyy-MM-dd")
            elif kind == "int":
                w = QSpinBox()
                w.setRange(0, 100000)
                w.setValue(int(v or 0))
            elif kind == "bool":
                w = QCheckBox()
                w.setChecked(bool(v))
            elif kind == "choice":
                w = QComboBox()
                for item in options:
                    text, data = item if isinstance(item, tuple) else (_(item), item)
                    w.addItem(text, data)
                if v is not None:
                    w.setCurrentIndex(max(0, w.findData(v)))
            elif kind == "multi":
                w = QListWidget()
                w.setSelectionMode(QAbstractItemView.SelectionMode.MultiSelection)
                w.setMaximumHeight(140)
                for text, data in options:
                    it = QListWidgetItem(text)
                    it.setData(Qt.ItemDataRole.UserRole, data)
                    w.addItem(it)
                    it.setSelected(data in (v or ()))
            else:
                w = QLineEdit(str(v or ""))
            w.setObjectName(f"field_{key}")
            self.widgets[key] = w
            self.kinds[key] = kind
            form.addRow(label, w)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("确定"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("取消"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(buttons)

    def set(self, key: str, value: Any) -> None:
        w, kind = self.widgets[key], self.kinds[key]
        if kind == "multiline":
            w.setPlainText(str(value))  # type: ignore[attr-defined]
        elif kind == "date":
            w.setDate(QDate(value.year, value.month, value.day))  # type: ignore[attr-defined]
        elif kind == "int":
            w.setValue(int(value))  # type: ignore[attr-defined]
        elif kind == "bool":
            w.setChecked(bool(value))  # type: ignore[attr-defined]
        elif kind == "choice":
            w.setCurrentIndex(max(0, w.findData(value)))  # type: ignore[attr-defined]
        elif kind == "multi":
            for i in range(w.count()):  # type: ignore[attr-defined]
                it = w.item(i)  # type: ignore[attr-defined]
                it.setSelected(it.data(Qt.ItemDataRole.UserRole) in value)
        else:
            w.setText(str(value))  # type: ignore[attr-defined]

    def values(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, w in self.widgets.items():
            kind = self.kinds[key]
            if kind == "multiline":
                out[key] = w.toPlainText().strip()  # type: ignore[attr-defined]
            elif kind == "date":
                q = w.date()  # type: ignore[attr-defined]
                out[key] = date(q.year(), q.month(), q.day())
            elif kind == "int":
                out[key] = w.value()  # type: ignore[attr-defined]
            elif kind == "bool":
                out[key] = w.isChecked()  # type: ignore[attr-defined]
            elif kind == "choice":
                out[key] = w.currentData()  # type: ignore[attr-defined]
            elif kind == "multi":
                out[key] = [it.data(Qt.ItemDataRole.UserRole) for it in w.selectedItems()]  # type: ignore
            else:
                out[key] = w.text().strip()  # type: ignore[attr-defined]
        return out


def ask(parent: QWidget | None, title: str, fields: Sequence[FieldSpec], values: dict[str, Any] | None = None,
        ) -> dict[str, Any] | None:
    dlg = FieldDialog(parent, title, fields, values)
    return dlg.values() if dlg.exec() == QDialog.DialogCode.Accepted else None


def export_document(parent: QWidget | None, build: Callable[[], Any], path: str,
                    on_done: Callable[[str], None] | None = None) -> None:
    """Build and render a document off the GUI thread; ``on_done(path)`` when written."""

    def work(progress: Callable[..., bool]) -> str:
        from app.documents.render import render

        render(build(), path)
        return path

    run_task(parent, _("正在生成文书…"), work, on_done or (lambda p: None))


def save_document(parent: QWidget, build: Callable[[], Any], suggested: str, *, text: bool) -> None:
    """Ask where to save (PDF, or DOCX for text documents), write it, open it in the system viewer."""
    filters = _("PDF 文件 (*.pdf)") + (";;" + _("Word 文档 (*.docx)") if text else "")
    path, _sel = QFileDialog.getSaveFileName(parent, _("保存文书"), suggested, filters)
    if not path:
        return
    if not path.lower().endswith((".pdf", ".docx")):
        path += ".pdf"

    def opened(p: str) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(p))

    try:
        export_document(parent, build, path, opened)
    except Exception as e:  # noqa: BLE001
        show_error(parent, e)
