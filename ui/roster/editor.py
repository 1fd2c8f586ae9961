"""The member editor: every field with inline validation (the roster service's validator, as you type),
and the membership history. Enter saves, Esc closes."""

from __future__ import annotations

from datetime import date
from typing import Any

from app.errors import DomainError, ValidationFailed
from app.i18n import _
from app.services import roster
from app.validation.codes import code_choices, code_from_label, code_label
from ui.context import AppContext
from ui.dialogs import confirm, show_error
from ui.qt import *

# (field, widget kind, code list)
LAYOUT: list[tuple[str, str, str | None]] = [
    ("name", "text", None), ("sex", "combo", "sex"), ("id_type", "combo", "id_type"), ("id_number", "text", None),
    ("birth_date", "date", None), ("ethnicity", "combo", "ethnicity"), ("mobile", "text", None),
    ("department_id", "dept", None), ("post", "text", None), ("employment_status", "combo", "employment_status"),
    ("hire_date", "date", None), ("join_date", "date", None), ("card_number", "text", None),
    ("education", "combo", "education"), ("skill_level", "combo", "skill_level"),
    ("political_status", "combo", "political_status"), ("hukou_type", "combo", "hukou_type"),
    ("hukou_place", "text", None), ("native_place", "text", None), ("work_unit", "text", None),
    ("migrant_worker", "check", None), ("dispatched", "check", None), ("model_worker", "check", None),
]


class MemberEditor(QDialog):
    """Create (member_id=None) or edit a member."""

    saved = Signal(int)

    def __init__(self, ctx: AppContext, member_id: int | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.member_id = member_id
        self.setObjectName("MemberEditor")
        self.setWindowTitle(_("新增会员") if member_id is None else _("编辑会员"))
        self.resize(760, 620)
        self.widgets: dict[str, QWidget] = {}
        self.errors: dict[str, QLabel] = {}
        self.original: dict[str, Any] = {}
        self.touched: set[str] = set()   # "required" is only shown for fields the user has been to
        self.tried_save = False

        tabs = QTabWidget()
        form_page = QWidget()
        grid = QGridLayout(form_page)
        grid.setHorizontalSpacing(12)
        dept_paths = roster.department_paths(ctx.db)
        for i, (fld, kind, codes) in enumerate(LAYOUT):
            w = self._make_widget(fld, kind, codes, dept_paths)
            self.widgets[fld] = w
            r, c = divmod(i, 2)
            label = QLabel(roster.field_label(fld) + ("*" if fld in ("name", "id_number") else ""))
            label.setBuddy(w)
            err = QLabel()
            err.setObjectName(f"error_{fld}")
            err.setStyleSheet("color: #c0392b; font-size: 11px;")
            err.setWordWrap(True)
            err.hide()
            self.errors[fld] = err
            cell = QVBoxLayout()
            cell.setSpacing(1)
            cell.addWidget(w)
            cell.addWidget(err)
            grid.addWidget(label, r, c * 2, Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignRight)
            grid.addLayout(cell, r, c * 2 + 1)
        notes_row = (len(LAYOUT) + 1) // 2
        self.notes = QPlainTextEdit()
        self.notes.setMaximumHeight(60)
        self.widgets["notes"] = self.notes
        grid.addWidget(QLabel(roster.field_label("notes")), notes_row, 0, Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignRight)
        grid.addWidget(self.notes, notes_row, 1, 1, 3)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(form_page)
        tabs.addTab(scroll, _("基本信息"))

        self.history = HistoryPanel(ctx, self)
        tabs.addTab(self.history, _("会籍记录"))
        tabs.setTabEnabled(1, member_id is not None)

        self.summary = QLabel()
        self.summary.setObjectName("summary")
        self.summary.setStyleSheet("color: #c0392b;")
        self.summary.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText(_("保存"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("取消"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(tabs)
        lay.addWidget(self.summary)
        lay.addWidget(buttons)
        self.tabs = tabs

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(250)
        self._timer.timeout.connect(self.validate)
        if member_id is not None:
            self._load(member_id)
        for fld, w in self.widgets.items():
            self._watch(fld, w)
        self.validate()
        self._initial = self.values()  # what Esc compares with: anything typed since counts as a change

    # widgets -----------------------------------------------------------------------------------------------
    def _make_widget(self, fld: str, kind: str, codes: str | None, dept_paths: dict[int, str]) -> QWidget:
        if kind == "combo":
            cb = QComboBox()
            cb.addItem("", "")
            for label, v in code_choices(codes or fld):  # shown in the UI language, the Chinese code as item data
                cb.addItem(label, v)
            # a long label (an English ID document type) widens the list that opens, not the form
            cb.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            cb.setMinimumContentsLength(10)
            cb.view().setMinimumWidth(cb.view().sizeHintForColumn(0) + 24)
            cb.currentTextChanged.connect(cb.setToolTip)  # the whole label when the box elides it
            w: QWidget = cb
        elif kind == "dept":
            cb = QComboBox()
            cb.addItem(_("（未分配）"), None)
            for did, p in sorted(dept_paths.items(), key=lambda kv: kv[1]):
                cb.addItem(p, did)
            w = cb
        elif kind == "check":
            w = QCheckBox(_("是"))
        elif kind == "date":
            le = QLineEdit()
            le.setPlaceholderText(_("例如 2023-05-01"))
            w = le
        else:
            w = QLineEdit()
        w.setObjectName(f"field_{fld}")
        return w

    def _watch(self, fld: str, w: QWidget) -> None:
        def touch(*_a: Any) -> None:
            self.touched.add(fld)

        for sig in ("textChanged", "currentIndexChanged", "toggled"):
            if hasattr(w, sig):
                getattr(w, sig).connect(touch)
        if isinstance(w, QLineEdit):
            w.textChanged.connect(self._timer.start)
        elif isinstance(w, QComboBox):
            w.currentIndexChanged.connect(self._timer.start)
        elif isinstance(w, QCheckBox):
            w.toggled.connect(self._timer.start)
        elif isinstance(w, QPlainTextEdit):
            w.textChanged.connect(self._timer.start)

    def _set(self, fld: str, v: Any) -> None:
        w = self.widgets[fld]
        if isinstance(w, QComboBox):
            i = w.findData(v)
            if i < 0 and v:
                w.addItem(code_label(str(v)), v)
                i = w.count() - 1
            w.setCurrentIndex(max(i, 0))
        elif isinstance(w, QCheckBox):
            w.setChecked(bool(v))
        elif isinstance(w, QPlainTextEdit):
            w.setPlainText(v or "")
        elif isinstance(w, QLineEdit):
            w.setText(v.isoformat() if isinstance(v, date) else (v or ""))

    def _get(self, fld: str) -> Any:
        w = self.widgets[fld]
        if isinstance(w, QComboBox):
            return w.currentData()
        if isinstance(w, QCheckBox):
            return w.isChecked()
        if isinstance(w, QPlainTextEdit):
            return w.toPlainText()
        assert isinstance(w, QLineEdit)
        return w.text()

    def values(self) -> dict[str, Any]:
        return {fld: self._get(fld) for fld in self.widgets}

    def set_values(self, values: dict[str, Any]) -> None:
        """Fill fields (before the dialog is shown: a preset, such as the department of a new member)."""
        for k, v in values.items():
            if k in self.widgets:
                self._set(k, v)
        if hasattr(self, "_initial") and not self.isVisible():
            self._initial = self.values()

    def _load(self, member_id: int) -> None:
        m = roster.get_member(self.ctx.db, member_id)
        self.original = {k: getattr(m, k) for k in roster.EDITABLE_FIELDS}
        self.set_values(self.original)
        self.setWindowTitle(_("编辑会员：{name}").format(name=m.name))
        self.history.load(member_id)

    # validation --------------------------------------------------------------------------------------------
    def validate(self) -> bool:
        cm = roster.validate_member(self.values())
        by_field: dict[str, list[str]] = {}
        hidden: list[str] = []  # required fields the user has not been to yet: no error shown, but saving waits
        for p in cm.problems:
            fld = p.field or "name"
            if p.code.endswith(".required") and fld not in self.touched and not self.tried_save:
                if p.is_error:
                    hidden.append(fld)
                continue
            by_field.setdefault(fld, []).append(p.message)
        for fld, label in self.errors.items():
            msgs = by_field.get(fld)
            label.setText("；".join(msgs) if msgs else "")
            label.setVisible(bool(msgs))
            w = self.widgets[fld]
            w.setProperty("invalid", bool(msgs))
            w.setStyleSheet("border: 1px solid #c0392b;" if msgs else "")
        # fill birth date / sex from the ID number when empty
        if cm.ok:
            for fld in ("birth_date", "sex"):
                if not self._get(fld) and cm.values.get(fld):
                    self._set(fld, cm.values[fld])
        shown = len(cm.errors) - len(hidden)
        if shown:  # the count says how many messages the form shows, not how many it keeps back
            self.summary.setText(_("有{n}处需要修改").format(n=shown))
        else:
            self.summary.setText(_("还需填写：{fields}").format(fields=_("、").join(roster.field_label(f) for f in hidden))
                                 if hidden else "")
        self.save_button.setEnabled(cm.ok)
        return cm.ok

    # saving ------------------------------------------------------------------------------------------------
    def save(self) -> None:
        self._timer.stop()
        self.tried_save = True
        if not self.validate():
            return
        vals = self.values()
        try:
            if self.member_id is None:
                m = roster.create_member(self.ctx.db, vals)
                from ui.roster.commands import AddMember

                self.ctx.undo_stack.push(AddMember(self.ctx, m.uuid, m.name))
                self.member_id = m.id
            else:
                cm = roster.validate_member(vals)
                new = {k: v for k, v in cm.values.items() if self.original.get(k) != v}
                if new:
                    m = roster.update_member(self.ctx.db, self.member_id, new)
                    old = {k: self.original.get(k) for k in new}
                    from ui.roster.commands import EditMember

                    self.ctx.undo_stack.push(EditMember(self.ctx, m.uuid, old, new, m.name))
        except ValidationFailed as e:
            for p in e.problems:
                if p.field in self.errors:
                    self.errors[p.field].setText(p.message)
                    self.errors[p.field].show()
            self.summary.setText(e.message)
            return
        except DomainError as e:
            if e.field in self.errors:
                self.errors[e.field].setText(e.message)
                self.errors[e.field].show()
            self.summary.setText(e.message)
            return
        self.ctx.notify("roster")
        self.saved.emit(self.member_id or 0)
        self.accept()

    def reject(self) -> None:
        # Compared with the form as it was opened, invalid text included (it used to compare the checked values
        # only, so a mistyped phone number or a new member with no name yet was dropped without asking).
        changed = self.values() != self._initial
        if changed and not confirm(self, _("放弃修改"), _("有尚未保存的修改，确定放弃吗？"), _("放弃")):
            return
        super().reject()


class HistoryPanel(QWidget):
    """Membership events (入会/转入/保留/转出/除名/退会) with date and reason; the status derives from them."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.member_id: int | None = None
        self.table = QTableWidget(0, 3)
        self.table.setObjectName("history_table")
        self.table.setHorizontalHeaderLabels([_("日期"), _("会籍变化类型"), _("原因")])
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.status = QLabel()
        self.kind = QComboBox()
        self.kind.setObjectName("event_kind")
        for k in roster.EVENT_KINDS:
            self.kind.addItem(code_label(k), k)
        self.date = QLineEdit(date.today().isoformat())
        self.date.setObjectName("event_date")
        self.reason = QComboBox()
        self.reason.setEditable(True)
        self.reason.setObjectName("event_reason")
        self.reason.addItem("", "")
        for label, r in code_choices("membership_change_reason"):  # or any reason typed in (stored as typed)
            self.reason.addItem(label, r)
        add = QPushButton(_("添加记录"))
        add.setObjectName("add_event")
        add.clicked.connect(self.add_event)
        remove = QPushButton(_("删除所选记录"))
        remove.clicked.connect(self.remove_event)
        form = QHBoxLayout()
        for w in (QLabel(_("类型")), self.kind, QLabel(_("日期")), self.date, QLabel(_("原因")), self.reason, add):
            form.addWidget(w)
        lay = QVBoxLayout(self)
        lay.addWidget(self.status)
        lay.addWidget(self.table)
        lay.addLayout(form)
        lay.addWidget(remove, 0, Qt.AlignmentFlag.AlignRight)
        self.events: list[Any] = []

    def load(self, member_id: int) -> None:
        self.member_id = member_id
        self.events = roster.list_events(self.ctx.db, member_id)
        self.table.setRowCount(len(self.events))
        for i, ev in enumerate(self.events):
            for j, v in enumerate((ev.on_date.isoformat(), code_label(ev.kind), code_label(ev.reason))):
                self.table.setItem(i, j, QTableWidgetItem(v))
        m = roster.get_member(self.ctx.db, member_id)
        self.table.resizeColumnToContents(1)
        self.status.setText(_("当前会籍状态：{s}").format(s=roster.status_label(m.status)))

    def add_event(self) -> None:
        if self.member_id is None:
            return
        try:
            roster.add_event(self.ctx.db, self.member_id, self.kind.currentData(), self.date.text(),
                             code_from_label("membership_change_reason", self.reason.currentText()))
        except DomainError as e:
            show_error(self, e)
            return
        self.load(self.member_id)
        self.ctx.notify("roster")

    def remove_event(self) -> None:
        row = self.table.currentRow()
        if self.member_id is None or row < 0:
            return
        ev = self.events[row]
        if not confirm(self, _("删除会籍记录"), _("删除 {d} 的“{k}”记录？").format(d=ev.on_date, k=code_label(ev.kind)), _("删除")):
            return
        roster.delete_event(self.ctx.db, ev.id)
        self.load(self.member_id)
        self.ctx.notify("roster")
