"""The household file editor. Tabs: person, household, income (with the classification computed as you type),
causes, evidence, history (lifecycle, reviews, visits, aid). Sensitive fields are locked until the household's
separate consent is recorded — the service refuses them anyway; the lock just says so up front."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from app.errors import DomainError, ValidationFailed
from app.i18n import _
from app.privacy_mask import mask_id, mask_phone
from app.rules import hardship as rules
from app.rules.hardship import category_label, yuan
from app.services import hardship as hs
from app.validation.codes import code_choices, code_from_label, code_label
from ui.context import AppContext
from ui.dialogs import show_error
from ui.hardship import dialogs as dlg
from ui.hardship.page import fill
from ui.qt import *

PERSON = [("name", "text"), ("sex", "sex"), ("ethnicity", "text"), ("id_number", "id"), ("birth_date", "date"),
          ("political_status", "text"), ("health", "text"), ("disability", "text"), ("work_status", "text"),
          ("model_worker_type", "text"), ("mobile", "phone"), ("address", "text"), ("work_unit", "text"),
          ("housing_type", "text"), ("housing_area", "text"), ("marital_status", "text"), ("single_parent", "check"),
          ("bank_name", "text"), ("bank_account", "bank"), ("account_holder", "text")]
INCOME = [("household_size", "int"), ("own_monthly_income", "money"), ("other_annual_income", "money"),
          ("rigid_expense", "money"), ("medical_insurance", "text"), ("zero_employment", "check"), ("dibao", "money"),
          ("accident_cost", "money"), ("accident_covered", "money"), ("accident_desc", "text")]
# text fields copied from the member's code values: shown in the UI language, a label typed or kept reads back as
# the Chinese code (other text stays as typed)
CODED_TEXT = {"ethnicity": "ethnicity", "political_status": "political_status", "work_status": "employment_status"}
HOUSEHOLD_COLUMNS = [("name", "姓名"), ("relation", "关系"), ("sex", "性别"), ("id_number", "身份证号"),
                     ("birth_date", "出生日期"), ("health", "健康状况"), ("monthly_income", "月收入"),
                     ("identity", "身份"), ("school_or_unit", "单位或学校")]


class FileEditor(QDialog):
    def __init__(self, ctx: AppContext, file_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.file_id = file_id
        self.setObjectName("HardshipFileEditor")
        self.resize(900, 640)
        self.widgets: dict[str, QWidget] = {}
        self.unmasked = False

        self.header = QLabel()
        self.header.setObjectName("header")
        self.header.setWordWrap(True)
        self.consent_label = QLabel()
        self.consent_label.setObjectName("consent")
        self.consent_label.setWordWrap(True)
        self.consent_btn = QPushButton(_("登记敏感信息同意…"))
        self.consent_btn.setObjectName("give_consent")
        self.consent_btn.clicked.connect(lambda: self._consent(hs.SENSITIVE))
        self.publicity_btn = QPushButton(_("登记公示同意…"))
        self.publicity_btn.clicked.connect(lambda: self._consent(hs.PUBLICITY))
        self.withdraw_btn = QPushButton(_("撤回同意…"))
        self.withdraw_btn.setObjectName("withdraw_consent")
        self.withdraw_btn.clicked.connect(self._withdraw)
        top = QHBoxLayout()
        top.addWidget(self.consent_label, 1)
        top.addWidget(self.consent_btn)
        top.addWidget(self.publicity_btn)
        top.addWidget(self.withdraw_btn)

        self.tabs = QTabWidget()
        self.tabs.setObjectName("editor_tabs")
        self.tabs.addTab(self._form_tab(PERSON), _("本人"))
        self.tabs.addTab(self._household_tab(), _("家庭成员"))
        self.tabs.addTab(self._income_tab(), _("收入与类别"))
        self.tabs.addTab(self._causes_tab(), _("致困原因"))
        self.tabs.addTab(self._evidence_tab(), _("证明材料"))
        self.tabs.addTab(self._history_tab(), _("历史"))

        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setStyleSheet("color: #c0392b;")
        self.error.setWordWrap(True)
        self.error.hide()
        buttons = QDialogButtonBox()
        self.save_btn = buttons.addButton(_("保存"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_btn.setObjectName("save")
        close = buttons.addButton(_("关闭"), QDialogButtonBox.ButtonRole.RejectRole)
        self.save_btn.clicked.connect(self.save)
        close.clicked.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(self.header)
        lay.addLayout(top)
        lay.addWidget(self.tabs, 1)
        lay.addWidget(self.error)
        lay.addWidget(buttons)
        self.load()

    # building ------------------------------------------------------------------------------------------------
    def _widget(self, fld: str, kind: str) -> QWidget:
        w: QWidget
        if kind == "check":
            w = QCheckBox()
        elif kind == "sex":
            w = dlg.combo([("", "")] + code_choices("sex"))
        elif kind == "int":
            sb = QSpinBox()
            sb.setRange(1, 30)
            w = sb
        elif kind == "date":
            w = QLineEdit()
            w.setPlaceholderText("2025-01-31")
        else:
            w = QLineEdit()
            if kind == "money":
                w.setPlaceholderText(_("元"))
                w.textEdited.connect(self._recompute)
        if kind == "int":
            w.valueChanged.connect(self._recompute)  # type: ignore[attr-defined]
        w.setObjectName(fld)
        self.widgets[fld] = w
        return w

    def _form_tab(self, fields: list[tuple[str, str]], extra: QWidget | None = None) -> QWidget:
        page = QWidget()
        grid = QGridLayout(page)
        for i, (fld, kind) in enumerate(fields):
            r, c = divmod(i, 2)
            lbl = QLabel(hs.label(fld))
            if fld in hs.SENSITIVE_FIELDS:   # sensitive: marked in colour, explained in the tooltip
                lbl.setStyleSheet("color: #a04000;")
                lbl.setToolTip(_("敏感个人信息：需本人单独同意后才能填写"))
            grid.addWidget(lbl, r, c * 2, Qt.AlignmentFlag.AlignRight)
            grid.addWidget(self._widget(fld, kind), r, c * 2 + 1)
        if extra is not None:
            grid.addWidget(extra, (len(fields) + 1) // 2, 0, 1, 4)
        grid.setRowStretch(grid.rowCount(), 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(page)
        return scroll

    def _household_tab(self) -> QWidget:
        w = QWidget()
        self.household = QTableWidget(0, len(HOUSEHOLD_COLUMNS))
        self.household.setObjectName("household")
        self.household.setHorizontalHeaderLabels([_(lbl) for _k, lbl in HOUSEHOLD_COLUMNS])
        self.household.horizontalHeader().setStretchLastSection(True)
        add = QPushButton(_("添加一行"))
        add.clicked.connect(lambda: self.household.insertRow(self.household.rowCount()))
        rm = QPushButton(_("删除所选行"))
        rm.clicked.connect(lambda: self.household.removeRow(self.household.currentRow()))
        note = QLabel(_("不含职工本人。健康状况、月收入和子女信息属于敏感个人信息，需本人单独同意。"))
        note.setWordWrap(True)
        bar = QHBoxLayout()
        bar.addWidget(note, 1)
        bar.addWidget(add)
        bar.addWidget(rm)
        lay = QVBoxLayout(w)
        lay.addLayout(bar)
        lay.addWidget(self.household)
        return w

    def _income_tab(self) -> QWidget:
        box = QWidget()
        lay = QVBoxLayout(box)
        self.computation = QPlainTextEdit()
        self.computation.setObjectName("computation")
        self.computation.setReadOnly(True)
        self.computation.setMinimumHeight(150)
        self.category_label = QLabel()
        self.category_label.setObjectName("category")
        self.category_label.setStyleSheet("font-weight: bold;")
        override = QPushButton(_("手动认定类别…"))
        override.setObjectName("override")
        override.clicked.connect(self._override)
        income_btn = QPushButton(_("登记月收入…"))
        income_btn.clicked.connect(self._record_income)
        row = QHBoxLayout()
        row.addWidget(self.category_label, 1)
        row.addWidget(income_btn)
        row.addWidget(override)
        lay.addWidget(self._form_tab(INCOME), 3)
        lay.addLayout(row)
        lay.addWidget(QLabel(_("计算过程：")))
        lay.addWidget(self.computation, 2)
        return box

    def _causes_tab(self) -> QWidget:
        w = QWidget()
        form = QFormLayout(w)
        causes = [("", "")] + [(_(c), c) for c in hs.CAUSES]
        self.main_cause = dlg.combo(causes, "main_cause")
        self.secondary = [dlg.combo(causes, f"secondary_{i}") for i in range(3)]
        self.reason_text = QPlainTextEdit()
        self.reason_text.setObjectName("reason_text")
        form.addRow(_("主要致困原因"), self.main_cause)
        for i, c in enumerate(self.secondary, 1):
            form.addRow(_("次要原因{n}").format(n=i), c)
        form.addRow(_("致困原因简述"), self.reason_text)
        return w

    def _evidence_tab(self) -> QWidget:
        w = QWidget()
        self.evidence = QTableWidget()
        self.evidence.setObjectName("evidence")
        self.evidence.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.evidence.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.evidence.horizontalHeader().setStretchLastSection(True)
        self.evidence_kind = dlg.combo([(_(k), k) for k in hs.EVIDENCE_KINDS])
        add = QPushButton(_("添加扫描件或照片…"))
        add.setObjectName("add_evidence")
        add.clicked.connect(self._add_evidence)
        save = QPushButton(_("另存为…"))
        save.clicked.connect(self._save_evidence)
        rm = QPushButton(_("删除"))
        rm.clicked.connect(self._remove_evidence)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(_("类别：")))
        bar.addWidget(self.evidence_kind)
        bar.addWidget(add)
        bar.addStretch(1)
        bar.addWidget(save)
        bar.addWidget(rm)
        lay = QVBoxLayout(w)
        lay.addLayout(bar)
        lay.addWidget(self.evidence)
        lay.addWidget(QLabel(_("附件保存在加密的数据文件中，不另存到电脑上。")))
        return w

    def _history_tab(self) -> QWidget:
        w = QWidget()
        self.history = QTableWidget()
        self.history.setObjectName("history")
        self.history.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.history.horizontalHeader().setStretchLastSection(True)
        self.visits = QTableWidget()
        self.visits.setObjectName("file_visits")
        self.visits.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.visits.horizontalHeader().setStretchLastSection(True)
        bar = QHBoxLayout()
        for text, slot, name in ((_("办理下一步…"), self._advance, "advance"), (_("审核意见…"), self._review, "review"),
                                 (_("年度复核"), self._recheck, "recheck"), (_("回访…"), self._followup, "followup"),
                                 (_("新增走访…"), self._new_visit, "new_visit"),
                                 (_("登记救助…"), self._new_payment, "new_payment")):
            b = QPushButton(text)
            b.setObjectName(name)
            b.clicked.connect(slot)
            bar.addWidget(b)
        bar.addStretch(1)
        lay = QVBoxLayout(w)
        lay.addLayout(bar)
        lay.addWidget(self.history, 2)
        lay.addWidget(QLabel(_("走访与救助：")))
        lay.addWidget(self.visits, 1)
        return w

    # loading -------------------------------------------------------------------------------------------------
    def load(self) -> None:
        d = hs.get_file(self.ctx.db, self.file_id)
        self.detail = d
        f = d.file
        self.setWindowTitle(_("困难档案：{name}").format(name=f.name))
        self.header.setText(_("{no}　{name}　{id}　{cat}　状态：{state}　下次复核：{due}").format(
            no=f.file_no, name=f.name, id=mask_id(f.id_number), cat=category_label(f.category) if f.category else "—",
            state=hs.state_label(f.state), due=f.next_recheck_on.isoformat() if f.next_recheck_on else "—"))
        sens, pub = d.consents.get(hs.SENSITIVE), d.consents.get(hs.PUBLICITY)
        self.consent_label.setText(
            (_("敏感信息同意：{d} 起").format(d=sens.given_on.isoformat()) if sens else _("敏感信息：未登记同意（健康、残疾、收入、银行账户、子女信息不能填写）"))
            + "　" + (_("公示同意：{d} 起").format(d=pub.given_on.isoformat()) if pub else _("公示：未同意")))
        self.consent_btn.setVisible(sens is None)
        self.publicity_btn.setVisible(pub is None)
        self.withdraw_btn.setVisible(sens is not None or pub is not None)
        inv = {v: k for k, v in hs.MONEY_FIELDS.items()}
        for fld, w in self.widgets.items():
            col = hs.MONEY_FIELDS.get(fld, fld)
            v = getattr(f, col, None)
            if fld in inv.values():
                text = yuan(v, sep=False) if v is not None else ""
            elif fld == "id_number":
                text = v if self.unmasked else mask_id(v)
            elif fld == "mobile":
                text = v if self.unmasked else mask_phone(v)
            elif fld == "bank_account":
                from app.documents.hardship_docs import mask_account

                text = mask_account(v)
            elif fld in CODED_TEXT:
                text = code_label(v)
            else:
                text = v
            if isinstance(w, QCheckBox):
                w.setChecked(bool(v))
            elif isinstance(w, QSpinBox):
                w.setValue(int(v or 1))
            elif isinstance(w, QComboBox):
                w.setCurrentIndex(max(0, w.findData(v or "")))
            elif isinstance(w, QLineEdit):
                w.setText("" if text is None else (text.isoformat() if isinstance(text, date) else str(text)))
            locked = fld in hs.SENSITIVE_FIELDS and not d.sensitive_allowed
            w.setEnabled(not locked)
            if locked:   # without a consent in force nothing sensitive is shown either
                w.setToolTip(_("需本人单独同意（《个人信息保护法》第二十九条）"))
                if isinstance(w, QLineEdit):
                    w.setText("")
        # masked fields show the mask; typing a new number replaces it (a masked text is never saved)
        for fld in ("id_number", "mobile", "bank_account"):
            w = self.widgets[fld]
            if isinstance(w, QLineEdit) and w.isEnabled():
                w.setToolTip(_("显示的是隐去中间位数的号码；要修改，请输入完整的新号码"))
        self.main_cause.setCurrentIndex(max(0, self.main_cause.findData(f.main_cause)))
        sec = [c for c in f.secondary_causes.split("、") if c]
        for i, c in enumerate(self.secondary):
            c.setCurrentIndex(max(0, c.findData(sec[i] if i < len(sec) else "")))
        self.reason_text.setPlainText(f.reason_text)
        self.household.setRowCount(0)
        for m in d.members:  # 性别 in the UI language: Male/Female read back as 男/女 (the code list's synonyms)
            r = self.household.rowCount()
            self.household.insertRow(r)
            vals = {"name": m.name, "relation": m.relation, "sex": code_label(m.sex), "id_number": mask_id(m.id_number),
                    "birth_date": m.birth_date.isoformat() if m.birth_date else "", "health": m.health,
                    "monthly_income": yuan(m.monthly_income_fen, sep=False) if m.monthly_income_fen is not None else "",
                    "identity": m.identity, "school_or_unit": m.school_or_unit}
            for j, (k, _lbl) in enumerate(HOUSEHOLD_COLUMNS):
                it = QTableWidgetItem(vals[k])
                if k == "id_number":
                    it.setData(Qt.ItemDataRole.UserRole, m.id_number)
                self.household.setItem(r, j, it)
        self.household.resizeColumnsToContents()
        fill(self.evidence, [_("类别"), _("文件名"), _("大小"), _("日期")],
             [[_(a.kind), a.filename, f"{a.size // 1024 + 1} KB", a.added_on.isoformat() if a.added_on else ""]
              for a in d.attachments], [a.id for a in d.attachments])
        fill(self.history, [_("日期"), _("事项"), _("从"), _("到"), _("审核单位"), _("结果"), _("意见/说明"), _("经办人")],
             [[e.on_date.isoformat(), _(e.kind), hs.state_label(e.from_state) if e.from_state else "",
               hs.state_label(e.to_state) if e.to_state else "", _(e.level) if e.level else "",
               _(e.result) if e.result else "", e.opinion,
               e.person] for e in reversed(d.events)])
        items = [[v.visited_on.isoformat() if v.visited_on else _("待走访"), _(v.kind), yuan(v.cash_fen), v.goods,
                  _(v.signature)] for v, _f in hs.list_visits(self.ctx.db, file_id=self.file_id)]
        items += [[a.paid_on.isoformat(), _(a.aid_type), yuan(a.amount_fen), a.school, _(a.signature)]
                  for a, _f in hs.list_payments(self.ctx.db, file_id=self.file_id)]
        fill(self.visits, [_("日期"), _("项目"), _("金额（元）"), _("物品/学校"), _("签收")], items)
        self._show_classification(d.classification, d.computation_error)

    def _show_classification(self, c: rules.Classification | None, err: str = "") -> None:
        f = self.detail.file
        if not self.detail.sensitive_allowed:
            self.computation.setPlainText(_("收入属于敏感个人信息：登记本人同意后才能填写和计算。"))
        elif c is None:
            self.computation.setPlainText(err or _("填写本人月均收入或家庭其他年收入后自动计算。"))
        else:
            self.computation.setPlainText(c.text())
        text = _("困难类别：{c}").format(c=category_label(f.category) if f.category else "—")
        if f.category_override:
            text += _("（手动认定：{r}）").format(r=f.override_reason)
        self.category_label.setText(text)

    def _recompute(self, *_a: Any) -> None:
        """Show the classification the figures being typed would give (nothing is saved)."""
        if not self.detail.sensitive_allowed:
            return
        try:
            vals = {k: self._value(k) for k, _kind in INCOME if k in hs.FIGURE_FIELDS}
            clean = hs._clean_values(vals)
            f = self.detail.file.model_copy(update=clean)
            c = hs.compute(self.ctx.db, f)
        except DomainError as e:
            self.computation.setPlainText(e.message)
            return
        if c is not None:
            self.computation.setPlainText(c.text())

    # saving --------------------------------------------------------------------------------------------------
    def _value(self, fld: str) -> Any:
        w = self.widgets[fld]
        if isinstance(w, QCheckBox):
            return w.isChecked()
        if isinstance(w, QSpinBox):
            return w.value()
        if isinstance(w, QComboBox):
            return w.currentData()
        if isinstance(w, QLineEdit):
            return code_from_label(CODED_TEXT[fld], w.text()) if fld in CODED_TEXT else w.text()
        return None

    def values(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for fld in self.widgets:
            w = self.widgets[fld]
            if fld in ("id_number", "mobile", "bank_account") and "*" in self._value(fld):
                continue
            if not w.isEnabled():
                continue
            out[fld] = self._value(fld)
        out["main_cause"] = self.main_cause.currentData()
        out["secondary_causes"] = [c.currentData() for c in self.secondary if c.currentData()]
        out["reason_text"] = self.reason_text.toPlainText()
        return out

    def household_rows(self) -> list[dict[str, Any]]:
        rows = []
        for r in range(self.household.rowCount()):
            row: dict[str, Any] = {}
            for j, (k, _lbl) in enumerate(HOUSEHOLD_COLUMNS):
                it = self.household.item(r, j)
                v = it.text() if it else ""
                if k == "id_number" and it is not None and it.data(Qt.ItemDataRole.UserRole) and "*" in v:
                    v = it.data(Qt.ItemDataRole.UserRole)   # unchanged masked number: keep the stored one
                row[k] = v
            if any(str(v).strip() for v in row.values()):
                rows.append(row)
        return rows

    def save(self) -> bool:
        self.error.hide()
        try:
            hs.update_file(self.ctx.db, self.file_id, self.values(), household=self.household_rows())
        except ValidationFailed as e:
            self._show_error(e.message, e.problems[0].field if e.problems else None)
            return False
        except DomainError as e:
            self._show_error(e.message, e.field)
            return False
        self.ctx.notify("hardship")
        self.load()
        return True

    def _show_error(self, message: str, fld: str | None) -> None:
        self.error.setText(message)
        self.error.show()
        w = self.widgets.get(fld or "")
        if w is not None:
            for i in range(self.tabs.count()):
                if self.tabs.widget(i).isAncestorOf(w):
                    self.tabs.setCurrentIndex(i)
            w.setFocus()

    # actions -------------------------------------------------------------------------------------------------
    def _run(self, dialog: QDialog) -> None:
        if dialog.exec():
            self.ctx.notify("hardship")
            self.load()

    def _consent(self, scope: str) -> None:
        self._run(dlg.ConsentDialog(self.ctx, self.file_id, scope, self))

    def _withdraw(self) -> None:
        """Withdraw a consent; withdrawing the sensitive one deletes the sensitive data (PIPL Art. 47)."""
        from ui.dialogs import confirm

        d = self.detail
        scope = hs.SENSITIVE if d.sensitive_allowed else hs.PUBLICITY
        if d.sensitive_allowed and d.publicity_allowed:
            items = [_("敏感信息同意（撤回后删除健康、残疾、收入、银行账户、子女信息和证明材料）"), _("公示同意")]
            choice, ok = QInputDialog.getItem(self, _("撤回同意"), _("撤回哪一项同意？"), items, 0, False)
            if not ok:
                return
            scope = hs.SENSITIVE if choice == items[0] else hs.PUBLICITY
        text = (_("撤回后将删除本户的健康、残疾、收入、银行账户、子女信息和证明材料，且不能再填写。确定撤回吗？")
                if scope == hs.SENSITIVE else _("撤回后本户不再列入公示名单。确定撤回吗？"))
        if not confirm(self, _("撤回同意"), text, _("撤回")):
            return
        try:
            hs.withdraw_consent(self.ctx.db, self.file_id, scope)
        except DomainError as e:
            show_error(self, e)
            return
        self.ctx.notify("hardship")
        self.load()

    def _override(self) -> None:
        self._run(dlg.OverrideDialog(self.ctx, self.file_id, self))

    def _advance(self) -> None:
        self._run(dlg.TransitionDialog(self.ctx, self.file_id, self.detail.file.state, self))

    def _review(self) -> None:
        self._run(dlg.ReviewDialog(self.ctx, self.file_id, self))

    def _followup(self) -> None:
        self._run(dlg.FollowupDialog(self.ctx, self.file_id, self))

    def _new_visit(self) -> None:
        self._run(dlg.NewVisitDialog(self.ctx, self.file_id, self))

    def _new_payment(self) -> None:
        self._run(dlg.PaymentDialog(self.ctx, self.file_id, self))

    def _recheck(self) -> None:
        try:
            hs.recheck(self.ctx.db, self.file_id, note=_("年度复核"))
        except DomainError as e:
            show_error(self, e)
            return
        self.ctx.notify("hardship")
        self.load()

    def _record_income(self) -> None:
        month, ok = QInputDialog.getText(self, _("登记月收入"), _("月份（如 2025-03）："))
        if not ok:
            return
        amount, ok = QInputDialog.getText(self, _("登记月收入"), _("家庭月收入（元）："))
        if not ok:
            return
        try:
            hs.record_income(self.ctx.db, self.file_id, month, amount)
        except DomainError as e:
            show_error(self, e)
            return
        self.ctx.notify("hardship")

    def _add_evidence(self) -> None:
        path, _f = QFileDialog.getOpenFileName(self, _("选择扫描件或照片"), str(Path.home()),
                                               _("图片或 PDF (*.jpg *.jpeg *.png *.tif *.tiff *.pdf);;所有文件 (*)"))
        if path:
            self.add_evidence_file(path)

    def add_evidence_file(self, path: str) -> None:
        try:
            data = Path(path).read_bytes()
            hs.add_attachment(self.ctx.db, self.file_id, self.evidence_kind.currentData(), path, data)
        except (DomainError, OSError) as e:
            show_error(self, e)
            return
        self.load()

    def _current_attachment(self) -> int | None:
        r = self.evidence.currentRow()
        it = self.evidence.item(r, 0) if r >= 0 else None
        return int(it.data(Qt.ItemDataRole.UserRole)) if it else None

    def _save_evidence(self) -> None:
        aid = self._current_attachment()
        if aid is None:
            return
        a, data = hs.attachment_data(self.ctx.db, aid)
        path, _f = QFileDialog.getSaveFileName(self, _("另存为"), str(Path.home() / a.filename))
        if path:
            from app.fileio import atomic_write_bytes

            atomic_write_bytes(path, data)

    def _remove_evidence(self) -> None:
        aid = self._current_attachment()
        if aid is None:
            return
        if dlg.confirm(self, _("删除附件"), _("确定删除这个附件吗？")):
            hs.remove_attachment(self.ctx.db, aid)
            self.load()
