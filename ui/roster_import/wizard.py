"""The import wizard: choose a file → check the column mapping → preview (filter on problems) → import with
progress and a Cancel that really cancels → summary with "open the error report".

All reading and writing runs off the GUI thread (ui.tasks.run_task); the wizard only shows results.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from app.i18n import N_, _
from app.importing.reader import SUFFIXES
from app.privacy_mask import mask_id
from app.services import roster
from app.services import roster_import as ri
from app.validation.codes import code_label
from ui.context import AppContext
from ui.dialogs import show_error
from ui.qt import *
from ui.tasks import run_task

PAGE_FILE, PAGE_MAPPING, PAGE_PREVIEW, PAGE_SUMMARY = range(4)
FILTERS = [("all", N_("全部")), ("invalid", N_("有问题")), ("new", N_("新增")), ("update", N_("更新")),
           ("unchanged", N_("无变化")), ("skip", N_("跳过"))]


def _change_values(ch: ri.FieldChange) -> tuple[str, str]:
    """A change's old and new value as the preview shows them: code values (性别, 民族 … and the membership change
    “入会 2020-01-01 原因”) in the UI language."""
    if ch.field in roster.CODED_FIELDS:
        return code_label(ch.old), code_label(ch.new)
    if ch.field == "event":
        parts = ch.new.split(" ", 2)
        return ch.old, " ".join([code_label(parts[0]), *parts[1:2], *(code_label(p) for p in parts[2:])])
    return ch.old, ch.new


def _change_text(ch: ri.FieldChange, empty: str = "") -> str:
    old, new = _change_values(ch)
    return f"{ch.label}：{old or empty} → {new}"


class PreviewModel(QAbstractTableModel):
    """The verdict per row of the file: 行号, 结果, 姓名, 证件号码 (masked), 问题或变化."""

    HEADERS = (N_("行号"), N_("结果"), N_("姓名"), N_("证件号码"), N_("问题或变化"))

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[ri.RowResult] = []
        self.shown: list[int] = []
        self.kind = "all"

    def set_rows(self, rows: list[ri.RowResult]) -> None:
        self.rows = rows
        self.set_filter(self.kind)

    def set_filter(self, kind: str) -> None:
        self.beginResetModel()
        self.kind = kind
        self.shown = [i for i, r in enumerate(self.rows) if kind == "all" or r.status == kind]
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.shown)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return _(self.HEADERS[section])
        return None

    def row_at(self, r: int) -> ri.RowResult:
        return self.rows[self.shown[r]]

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        r = self.row_at(index.row())
        c = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if c == 0:
                return str(r.row)
            if c == 1:
                return r.status_label
            if c == 2:
                return r.name
            if c == 3:
                return mask_id(r.id_number)
            if r.status == "invalid":
                return "；".join(r.problems)
            if r.changes:
                return "；".join(_change_text(ch, empty=_("（空）")) for ch in r.changes)
            return "；".join(r.warnings)
        if role == Qt.ItemDataRole.ToolTipRole and c == 4:
            return "\n".join(r.problems + [_change_text(ch) for ch in r.changes] + r.warnings)
        if role == Qt.ItemDataRole.ForegroundRole and r.status == "invalid":
            return QColor("#9C0006")
        return None


class ImportWizard(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None, path: str = "") -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("ImportWizard")
        self.setWindowTitle(_("导入会员名册"))
        self.resize(900, 600)
        self.mapping: ri.ColumnMapping | None = None
        self.sheet = ""
        self.preview: ri.ImportPreview | None = None
        self.result: ri.ImportResult | None = None
        self.report_path: Path | None = None
        self.task: Any = None
        self.cancelled = False
        self._close_requested = False  # 取消 pressed while a step was running: close once it has stopped
        self._written: tuple[ri.ImportResult, Path | None, BaseException | None] | None = None
        self.report_error: BaseException | None = None

        self.stack = QStackedWidget()
        self.stack.addWidget(self._file_page(path))
        self.stack.addWidget(self._mapping_page())
        self.stack.addWidget(self._preview_page())
        self.stack.addWidget(self._summary_page())

        self.back_button = QPushButton(_("上一步"))
        self.back_button.setObjectName("back")
        self.next_button = QPushButton(_("下一步"))
        self.next_button.setObjectName("next")
        self.next_button.setDefault(True)
        self.close_button = QPushButton(_("取消"))
        self.close_button.setObjectName("close")
        self.back_button.clicked.connect(self.back)
        self.next_button.clicked.connect(self.next)
        self.close_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for b in (self.back_button, self.next_button, self.close_button):
            buttons.addWidget(b)
        self.step_label = QLabel()
        self.step_label.setObjectName("step")
        lay = QVBoxLayout(self)
        lay.addWidget(self.step_label)
        lay.addWidget(self.stack, 1)
        lay.addLayout(buttons)
        self._update_buttons()

    # pages -------------------------------------------------------------------------------------------------
    def _file_page(self, path: str) -> QWidget:
        w = QWidget()
        intro = QLabel(_("选择要导入的会员名单：省级《会员信息采集表》、人事部门导出的表格或自己整理的名单都可以。\n"
                         "支持 Excel（.xlsx、.xls）和 CSV 文件。表头可以不在第一行，列的顺序也不限。"))
        intro.setWordWrap(True)
        self.path_edit = QLineEdit(path)
        self.path_edit.setObjectName("path")
        self.path_edit.setPlaceholderText(_("文件路径"))
        self.path_edit.textChanged.connect(self._update_buttons)
        browse = QPushButton(_("浏览…"))
        browse.setObjectName("browse")
        browse.clicked.connect(self.browse)
        row = QHBoxLayout()
        row.addWidget(self.path_edit, 1)
        row.addWidget(browse)
        self.update_radio = QRadioButton(_("更新名册中已有的会员（文件中的空格不会清空已有内容）"))
        self.update_radio.setObjectName("on_duplicate_update")
        self.update_radio.setChecked(True)
        self.skip_radio = QRadioButton(_("跳过名册中已有的会员"))
        self.skip_radio.setObjectName("on_duplicate_skip")
        box = QGroupBox(_("证件号码已在名册中的会员"))
        bl = QVBoxLayout(box)
        bl.addWidget(self.update_radio)
        bl.addWidget(self.skip_radio)
        lay = QVBoxLayout(w)
        lay.addWidget(intro)
        lay.addLayout(row)
        lay.addWidget(box)
        lay.addStretch(1)
        return w

    def _mapping_page(self) -> QWidget:
        w = QWidget()
        self.mapping_label = QLabel()
        self.mapping_label.setWordWrap(True)
        self.mapping_table = QTableWidget(0, 3)
        self.mapping_table.setObjectName("mapping")
        self.mapping_table.setHorizontalHeaderLabels([_("列"), _("文件中的表头"), _("导入为")])
        self.mapping_table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.mapping_table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.mapping_table.verticalHeader().setVisible(False)
        self.mapping_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        lay = QVBoxLayout(w)
        lay.addWidget(self.mapping_label)
        lay.addWidget(self.mapping_table, 1)
        return w

    def _preview_page(self) -> QWidget:
        w = QWidget()
        self.summary_label = QLabel()
        self.summary_label.setObjectName("counts")
        self.summary_label.setWordWrap(True)
        self.filter_combo = QComboBox()
        self.filter_combo.setObjectName("filter")
        for key, label in FILTERS:
            self.filter_combo.addItem(_(label), key)
        self.filter_combo.currentIndexChanged.connect(
            lambda _i: self.preview_model.set_filter(self.filter_combo.currentData()))
        self.report_button = QPushButton(_("保存错误报告…"))
        self.report_button.setObjectName("save_report")
        self.report_button.clicked.connect(self.save_report)
        top = QHBoxLayout()
        top.addWidget(QLabel(_("显示：")))
        top.addWidget(self.filter_combo)
        top.addStretch(1)
        top.addWidget(self.report_button)
        self.preview_model = PreviewModel(self)
        self.preview_view = QTableView()
        self.preview_view.setObjectName("preview")
        self.preview_view.setModel(self.preview_model)
        self.preview_view.verticalHeader().setVisible(False)
        self.preview_view.horizontalHeader().setStretchLastSection(True)
        self.preview_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.preview_view.setWordWrap(False)
        # 行号, 结果, 姓名, 证件号码 wide enough for what they hold in the UI language (a masked ID: 18 characters)
        fm = self.preview_view.fontMetrics()
        samples = (["000000"], [_(label) for label in ri.STATUS_LABELS.values()], ["欧阳某某某"],
                   [mask_id("11010519491231002X")])
        for column, texts in enumerate(samples):
            header = _(PreviewModel.HEADERS[column])
            width = max(fm.horizontalAdvance(t) for t in [*texts, header]) + 24
            self.preview_view.setColumnWidth(column, min(width, fm.horizontalAdvance("0") * 28))
        self.skip_invalid = QCheckBox(_("只导入没有问题的行（有问题的行留在错误报告里）"))
        self.skip_invalid.setObjectName("skip_invalid")
        self.skip_invalid.toggled.connect(self._update_buttons)
        self.notes_label = QLabel()
        self.notes_label.setWordWrap(True)
        self.notes_label.setStyleSheet("color: #666")
        lay = QVBoxLayout(w)
        lay.addWidget(self.summary_label)
        lay.addLayout(top)
        lay.addWidget(self.preview_view, 1)
        lay.addWidget(self.notes_label)
        lay.addWidget(self.skip_invalid)
        return w

    def _summary_page(self) -> QWidget:
        w = QWidget()
        self.result_label = QLabel()
        self.result_label.setObjectName("result")
        self.result_label.setWordWrap(True)
        self.result_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.open_report_button = QPushButton(_("打开错误报告"))
        self.open_report_button.setObjectName("open_report")
        self.open_report_button.clicked.connect(self.open_report)
        lay = QVBoxLayout(w)
        lay.addWidget(self.result_label)
        row = QHBoxLayout()
        row.addWidget(self.open_report_button)
        row.addStretch(1)
        lay.addLayout(row)
        lay.addStretch(1)
        return w

    # navigation --------------------------------------------------------------------------------------------
    def _update_buttons(self) -> None:
        page = self.stack.currentIndex()
        steps = [_("第1步，共4步：选择文件"), _("第2步，共4步：核对列的对应关系"), _("第3步，共4步：预览"),
                 _("第4步，共4步：完成")]
        self.step_label.setText(steps[page])
        self.back_button.setVisible(page in (PAGE_MAPPING, PAGE_PREVIEW))
        self.close_button.setText(_("关闭") if page == PAGE_SUMMARY else _("取消"))
        if page == PAGE_FILE:
            self.next_button.setText(_("下一步"))
            self.next_button.setEnabled(bool(self.path_edit.text().strip()))
        elif page == PAGE_MAPPING:
            self.next_button.setText(_("检查数据"))
            self.next_button.setEnabled(True)
        elif page == PAGE_PREVIEW:
            p = self.preview
            bad = p.count("invalid") if p else 0
            todo = (p.count("new") + p.count("update")) if p else 0
            self.next_button.setText(_("导入"))
            self.next_button.setEnabled(bool(p) and todo > 0 and (bad == 0 or self.skip_invalid.isChecked()))
            self.skip_invalid.setVisible(bad > 0)
            self.report_button.setEnabled(bad > 0)
        else:
            self.next_button.setVisible(False)

    def back(self) -> None:
        self.stack.setCurrentIndex(max(0, self.stack.currentIndex() - 1))
        self._update_buttons()

    def next(self) -> None:
        page = self.stack.currentIndex()
        if page == PAGE_FILE:
            self.detect()
        elif page == PAGE_MAPPING:
            self.check()
        elif page == PAGE_PREVIEW:
            self.run_import()

    def browse(self) -> None:
        exts = " ".join(f"*{s}" for s in SUFFIXES)
        path, _f = QFileDialog.getOpenFileName(self, _("选择会员名单"), self.path_edit.text(),
                                               _("表格文件") + f" ({exts})")
        if path:
            self.path_edit.setText(path)

    def _watch_task(self, task: Any) -> None:
        task.destroyed.connect(lambda *_a: self._task_gone(task))

    def _task_gone(self, task: Any) -> None:
        """After a task ends in any way (a Cancel too), the buttons work again.

        Only for the step running now: a finished task is deleted later (deleteLater), and the previous step's
        could arrive after the next step had started — giving its buttons back mid-run, or closing the wizard
        (after a 取消) while the next step was still reading the database."""
        if task is not self.task:
            return
        if self._close_requested and task.cancel_event.is_set():
            super().reject()
            return
        self._busy(False)
        self._update_buttons()

    def _running_task(self) -> Any:
        task = self.task
        if task is None or getattr(task, "done", True):
            return None
        return task

    def reject(self) -> None:  # 取消, Esc, the window's close button
        """While a step runs (before its progress dialog shows, the wizard's own buttons can still be pressed),
        取消 cancels that step, and the wizard closes once it has stopped. Closing the wizard alone would leave an
        import running that the user meant to stop, and the roster list would not show what it wrote."""
        task = self._running_task()
        if task is not None:
            self._close_requested = True
            task.cancel()
            return
        super().reject()

    def _busy(self, on: bool) -> None:
        self.next_button.setEnabled(not on)
        self.back_button.setEnabled(not on)

    # step 1 → 2: find the header and the columns -----------------------------------------------------------
    def detect(self) -> None:
        path = self.path_edit.text().strip()
        db = self.ctx.db
        self._busy(True)

        def done(res: tuple[str, ri.ColumnMapping]) -> None:
            self._busy(False)
            self.sheet, self.mapping = res
            self._fill_mapping()
            self.stack.setCurrentIndex(PAGE_MAPPING)
            self._update_buttons()

        def failed(exc: BaseException) -> None:
            self._busy(False)
            self._update_buttons()
            show_error(self, exc)

        self.task = run_task(self, _("正在读取文件"), lambda progress: ri.detect_mapping(db, path), done, failed)
        self._watch_task(self.task)

    def _fill_mapping(self) -> None:
        m = self.mapping
        assert m is not None
        self.mapping_label.setText(_("工作表“{sheet}”，表头在第{row}行。请核对每一列导入为哪一项；"
                                     "您的选择会被记住，下次遇到同样的表头时自动使用。").format(
            sheet=self.sheet, row=m.header_row))
        self.mapping_table.setRowCount(0)
        self.combos: list[QComboBox] = []
        for i, (h, f) in enumerate(zip(m.headers, m.fields, strict=True)):
            if not h and not f:
                self.combos.append(QComboBox())  # an empty column: nothing to choose
                continue
            r = self.mapping_table.rowCount()
            self.mapping_table.insertRow(r)
            self.mapping_table.setItem(r, 0, QTableWidgetItem(_column_letter(i)))
            self.mapping_table.setItem(r, 1, QTableWidgetItem(h.replace("\n", " ")))
            combo = QComboBox()
            combo.setObjectName(f"map_{i}")
            combo.addItem(ri.target_label(None), None)
            for t in ri.TARGETS:
                combo.addItem(ri.target_label(t), t)
            combo.setCurrentIndex(max(0, combo.findData(f if f != ri.hdr.SEQ else None)))
            self.mapping_table.setCellWidget(r, 2, combo)
            self.combos.append(combo)

    def chosen_mapping(self) -> ri.ColumnMapping:
        assert self.mapping is not None
        fields: list[str | None] = []
        for i, f in enumerate(self.mapping.fields):
            combo = self.combos[i]
            if combo.count() == 0:
                fields.append(f)
            else:
                chosen = combo.currentData()
                fields.append(ri.hdr.SEQ if chosen is None and f == ri.hdr.SEQ else chosen)
        return ri.mapping_from_fields(self.mapping, fields)

    # step 2 → 3: check every row ---------------------------------------------------------------------------
    def check(self) -> None:
        try:
            mapping = self.chosen_mapping()
        except ri.DomainError as e:
            show_error(self, e)
            return
        path = self.path_edit.text().strip()
        on_dup = "skip" if self.skip_radio.isChecked() else "update"
        db = self.ctx.db
        self._busy(True)

        def work(progress: Any) -> ri.ImportPreview:
            preview = ri.read_file(db, path, mapping, on_duplicate=on_dup, progress=progress)
            ri.remember_mapping(db, mapping)
            return preview

        def done(preview: ri.ImportPreview) -> None:
            self._busy(False)
            self.preview = preview
            self.preview_model.set_rows(preview.rows)
            self.summary_label.setText(preview.summary())
            self.notes_label.setText("\n".join(preview.notes + (
                [_("将新建部门：{d}").format(d="、".join(preview.departments_to_create))]
                if preview.departments_to_create else [])))
            # the problems first; without problems every row (a filter left on 有问题 would show an empty table)
            self.filter_combo.setCurrentIndex(1 if preview.count("invalid") else 0)
            self.stack.setCurrentIndex(PAGE_PREVIEW)
            self._update_buttons()

        def failed(exc: BaseException) -> None:
            self._busy(False)
            self._update_buttons()
            show_error(self, exc)

        self.task = run_task(self, _("正在检查数据"), work, done, failed)
        self._watch_task(self.task)

    def save_report(self) -> None:
        if self.preview is None:
            return
        default = str(_default_report_path(self.preview.path))
        path, _f = QFileDialog.getSaveFileName(self, _("保存错误报告"), default, "Excel (*.xlsx)")
        if not path:
            return
        if not path.lower().endswith(".xlsx"):
            path += ".xlsx"
        try:
            ri.write_error_report(self.preview, path)
        except (OSError, ri.DomainError) as e:
            show_error(self, e)
            return
        self.report_path = Path(path)

    # step 3 → 4: write -------------------------------------------------------------------------------------
    def run_import(self) -> None:
        preview = self.preview
        assert preview is not None
        skip = self.skip_invalid.isChecked()
        db = self.ctx.db
        self._busy(True)
        self.cancelled = False
        self.result = None

        def work(progress: Any) -> tuple[ri.ImportResult, Path | None, BaseException | None]:
            result = ri.commit(db, preview, skip_invalid=skip, progress=progress)
            # written: even a Cancel pressed from now on cannot undo it, and a report that cannot be written
            # does not make the import look failed
            self._written = (result, None, None)
            report: Path | None = None
            problem: BaseException | None = None
            if preview.count("invalid"):
                report = _default_report_path(preview.path)
                try:
                    try:
                        ri.write_error_report(preview, report)
                    except OSError:
                        from app import paths

                        report = paths.data_dir() / report.name
                        ri.write_error_report(preview, report)
                except (OSError, ri.DomainError) as e:
                    report, problem = None, e
            self._written = (result, report, problem)
            return self._written

        def done(res: tuple[ri.ImportResult, Path | None, BaseException | None]) -> None:
            self._imported(res)

        def failed(exc: BaseException) -> None:
            self._busy(False)
            self._update_buttons()
            show_error(self, exc)

        self._written = None
        task = run_task(self, _("正在导入会员"), work, done, failed)
        cancel_event = task.cancel_event
        task.destroyed.connect(lambda *_a: self._after_task(cancel_event.is_set()) if task is self.task else None)
        self.task = task

    def _imported(self, res: tuple[ri.ImportResult, Path | None, BaseException | None]) -> None:
        self.result, report, self.report_error = res
        if report is not None:
            self.report_path = report
        self.ctx.notify("roster")
        self.ctx.notify("departments")
        self._show_summary()

    def _after_task(self, was_cancelled: bool) -> None:
        """A cancelled import calls neither done nor failed: say that nothing was written (or, if the Cancel
        came after the transaction was committed, show what was written)."""
        if not was_cancelled or self.result is not None:
            return
        if self._written is not None:
            self._imported(self._written)
            return
        if self._close_requested:
            super().reject()
            return
        if self.stack.currentIndex() == PAGE_PREVIEW:
            self.cancelled = True
            self._busy(False)
            self._update_buttons()
            self.summary_label.setText(_("导入已取消，名册没有任何改动。") + "\n" + (
                self.preview.summary() if self.preview else ""))

    def _show_summary(self) -> None:
        assert self.result is not None
        lines = [self.result.summary()]
        if self.result.departments_created:
            lines.append(_("新建部门/班组{n}个").format(n=self.result.departments_created))
        if self.report_path is not None and self.preview is not None and self.preview.count("invalid"):
            lines.append(_("有问题的{n}行没有导入，已写入错误报告：\n{path}").format(
                n=self.preview.count("invalid"), path=self.report_path))
        elif self.report_error is not None and self.preview is not None:
            lines.append(_("有问题的{n}行没有导入；错误报告没有写成：{err}").format(
                n=self.preview.count("invalid"), err=_error_message(self.report_error)))
        self.result_label.setText("\n".join(lines))
        self.open_report_button.setVisible(self.report_path is not None)
        self.stack.setCurrentIndex(PAGE_SUMMARY)
        self._update_buttons()

    def open_report(self) -> None:
        if self.report_path is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.report_path)))


def _error_message(exc: BaseException) -> str:
    return exc.message if isinstance(exc, ri.DomainError) else str(exc)


def _default_report_path(source: Path) -> Path:
    suffix = _("错误报告")  # not inside the f-string: the string extractor does not look there
    return source.with_name(f"{source.stem}-{suffix}.xlsx")


def _column_letter(i: int) -> str:
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s
