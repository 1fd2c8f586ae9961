"""Small dialogs of the hardship page: pick a member, 低保 standard, campaign, visit, payment, budget, and the
lifecycle steps (review, state change, follow-up, category override)."""

from __future__ import annotations

from datetime import date
from typing import Any

from app.errors import DomainError, ValidationFailed
from app.i18n import _
from app.privacy_mask import mask_id
from app.rules.hardship import CATEGORIES, RELATIVE, category_label, yuan
from app.services import hardship as hs
from app.services import roster
from ui.context import AppContext
from ui.dialogs import confirm, show_error
from ui.qt import *


def date_edit(d: date | None = None) -> QDateEdit:
    w = QDateEdit()
    w.setCalendarPopup(True)
    w.setDisplayFormat("yyyy-MM-dd")
    d = d or date.today()
    w.setDate(QDate(d.year, d.month, d.day))
    return w


def date_of(w: QDateEdit) -> date:
    q = w.date()
    return date(q.year(), q.month(), q.day())


def combo(items: list[tuple[str, Any]], obj_name: str = "") -> QComboBox:
    c = QComboBox()
    if obj_name:
        c.setObjectName(obj_name)
    for text, data in items:
        c.addItem(text, data)
    return c


class FormDialog(QDialog):
    """A dialog with a form layout and OK/Cancel; ``apply()`` does the work and may raise a DomainError."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(420)
        self.form = QFormLayout()
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setStyleSheet("color: #c0392b;")
        self.error.setWordWrap(True)
        self.error.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("确定"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("取消"))
        buttons.accepted.connect(self._ok)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addLayout(self.form)
        lay.addWidget(self.error)
        lay.addWidget(buttons)

    def apply(self) -> None:
        raise NotImplementedError

    def _ok(self) -> None:
        try:
            self.apply()
        except DomainError as e:
            self.error.setText(e.message)
            self.error.show()
            return
        self.accept()


class MemberPicker(QDialog):
    """Find the member the new household file is for."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.member_id: int | None = None
        self.setWindowTitle(_("新建困难档案：选择会员"))
        self.resize(520, 420)
        self.search = QLineEdit()
        self.search.setObjectName("member_search")
        self.search.setPlaceholderText(_("姓名、拼音首字母或证件号尾号"))
        self.search.textChanged.connect(self.refresh)
        self.list = QListWidget()
        self.list.itemDoubleClicked.connect(lambda _i: self._ok())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._ok)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        for w in (self.search, self.list, buttons):
            lay.addWidget(w)
        self.refresh()

    def refresh(self) -> None:
        self.list.clear()
        for m in roster.search(self.ctx.db, self.search.text().strip(), limit=100):
            it = QListWidgetItem(f"{m.name}  {mask_id(m.id_number)}  {m.department}")
            it.setData(Qt.ItemDataRole.UserRole, m.id)
            self.list.addItem(it)
        if self.list.count():
            self.list.setCurrentRow(0)

    def _ok(self) -> None:
        it = self.list.currentItem()
        if it is None:
            return
        self.member_id = int(it.data(Qt.ItemDataRole.UserRole))
        self.accept()


class StandardDialog(FormDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(_("本地低保标准"), parent)
        self.ctx = ctx
        cur = ""
        try:
            s = hs.standard_on(ctx.db)
            cur = _("现行：{v} 元/人·月（{d} 起）").format(v=yuan(s.monthly_fen), d=s.valid_from.isoformat())
        except DomainError as e:
            cur = e.message
        self.form.addRow(QLabel(cur))
        self.valid_from = date_edit()
        self.amount = QLineEdit()
        self.amount.setPlaceholderText("750.00")
        self.region = QLineEdit()
        self.source = QLineEdit()
        self.form.addRow(_("起始日期"), self.valid_from)
        self.form.addRow(_("标准（元/人·月）"), self.amount)
        self.form.addRow(_("地区"), self.region)
        self.form.addRow(_("依据文件"), self.source)

    def apply(self) -> None:
        hs.set_standard(self.ctx.db, date_of(self.valid_from), self.amount.text(), region=self.region.text(),
                        source=self.source.text())


class CampaignDialog(FormDialog):
    """Pick households by rule (all of some categories + selected others) and create the season's visit tasks."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(_("新建走访活动"), parent)
        self.ctx = ctx
        self.campaign_id: int | None = None
        y = date.today().year
        self.name = QLineEdit(_("{y}年春节送温暖").format(y=y))
        self.name.setObjectName("campaign_name")
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(y)
        self.kind = combo([(_(k), k) for k in hs.VISIT_KINDS])
        self.cats: dict[str, QCheckBox] = {}
        cat_row = QHBoxLayout()
        for c in CATEGORIES:
            cb = QCheckBox(_("全部{c}").format(c=category_label(c)))
            cb.setChecked(c != RELATIVE)
            self.cats[c] = cb
            cat_row.addWidget(cb)
        self.extra = QListWidget()
        self.extra.setObjectName("extra_households")
        self.extra.setMaximumHeight(140)
        for r in hs.list_files(ctx.db, state=hs.FILED):
            it = QListWidgetItem(f"{r.name}  {category_label(r.category) if r.category else ''}")
            it.setData(Qt.ItemDataRole.UserRole, r.id)
            it.setFlags(it.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            it.setCheckState(Qt.CheckState.Unchecked)
            self.extra.addItem(it)
        self.cash = QLineEdit("500")
        self.goods = QLineEdit()
        self.goods_value = QLineEdit("0")
        self.fund = combo([(_(f), f) for f in hs.FUNDS])
        self.form.addRow(_("活动名称"), self.name)
        self.form.addRow(_("年度"), self.year)
        self.form.addRow(_("走访类型"), self.kind)
        self.form.addRow(_("按类别选取"), cat_row)
        self.form.addRow(_("另选家庭"), self.extra)
        self.form.addRow(_("每户慰问金（元）"), self.cash)
        self.form.addRow(_("慰问物品"), self.goods)
        self.form.addRow(_("物品价值（元）"), self.goods_value)
        self.form.addRow(_("资金来源"), self.fund)

    def apply(self) -> None:
        extra = [int(self.extra.item(i).data(Qt.ItemDataRole.UserRole)) for i in range(self.extra.count())
                 if self.extra.item(i).checkState() == Qt.CheckState.Checked]
        c = hs.create_campaign(self.ctx.db, self.name.text(), self.year.value(), kind=self.kind.currentData(),
                               categories=[c for c, cb in self.cats.items() if cb.isChecked()], extra_file_ids=extra,
                               cash=self.cash.text(), goods=self.goods.text(), goods_value=self.goods_value.text(),
                               fund=self.fund.currentData())
        self.campaign_id = c.id


class VisitDialog(FormDialog):
    """Tick off a visit: date, visitors, what was given, the recipient's signature."""

    def __init__(self, ctx: AppContext, visit_id: int, parent: QWidget | None = None) -> None:
        super().__init__(_("登记走访"), parent)
        self.ctx = ctx
        self.visit_id = visit_id
        v = next((v for v, _f in hs.list_visits(ctx.db) if v.id == visit_id), None)
        self.visited_on = date_edit(v.visited_on if v else None)
        self.visitors = QLineEdit(v.visitors if v else "")
        self.visitors.setObjectName("visitors")
        self.cash = QLineEdit(yuan(v.cash_fen, sep=False) if v else "0")
        self.goods = QLineEdit(v.goods if v else "")
        self.goods_value = QLineEdit(yuan(v.goods_value_fen, sep=False) if v else "0")
        self.signature = combo([(_(s), s) for s in hs.SIGNATURES], "signature")
        self.signature.setCurrentIndex(1)
        self.notes = QLineEdit(v.notes if v else "")
        self.form.addRow(_("走访日期"), self.visited_on)
        self.form.addRow(_("走访人"), self.visitors)
        self.form.addRow(_("慰问金（元）"), self.cash)
        self.form.addRow(_("慰问物品"), self.goods)
        self.form.addRow(_("物品价值（元）"), self.goods_value)
        self.form.addRow(_("签收"), self.signature)
        self.form.addRow(_("备注"), self.notes)

    def apply(self) -> None:
        hs.complete_visit(self.ctx.db, self.visit_id, {
            "visited_on": date_of(self.visited_on), "visitors": self.visitors.text(), "cash": self.cash.text(),
            "goods": self.goods.text(), "goods_value": self.goods_value.text(),
            "signature": self.signature.currentData(), "notes": self.notes.text()})


class NewVisitDialog(VisitDialog):
    """Record a visit to one household (住院探视, 日常走访 …)."""

    def __init__(self, ctx: AppContext, file_id: int, parent: QWidget | None = None) -> None:
        super().__init__(ctx, -1, parent)
        self.setWindowTitle(_("新增走访"))
        self.file_id = file_id
        self.kind = combo([(_(k), k) for k in hs.VISIT_KINDS])
        self.kind.setCurrentIndex(len(hs.VISIT_KINDS) - 1)
        self.form.insertRow(0, _("走访类型"), self.kind)

    def apply(self) -> None:
        hs.add_visit(self.ctx.db, self.file_id, {
            "kind": self.kind.currentData(), "visited_on": date_of(self.visited_on), "visitors": self.visitors.text(),
            "cash": self.cash.text(), "goods": self.goods.text(), "goods_value": self.goods_value.text(),
            "signature": self.signature.currentData(), "notes": self.notes.text()})


class PaymentDialog(FormDialog):
    """Pay aid: the cap and budget refuse, a possible duplicate asks first; 金秋助学 asks for the school."""

    def __init__(self, ctx: AppContext, file_id: int | None, parent: QWidget | None = None) -> None:
        super().__init__(_("登记救助发放"), parent)
        self.ctx = ctx
        self.household = QComboBox()
        self.household.setObjectName("household")
        for r in hs.list_files(ctx.db, state=hs.FILED):
            self.household.addItem(f"{r.name}（{category_label(r.category) if r.category else '—'}）", r.id)
        if file_id is not None and self.household.findData(file_id) >= 0:
            self.household.setCurrentIndex(self.household.findData(file_id))
        self.aid_type = combo([(_(t), t) for t in hs.AID_TYPES], "aid_type")
        self.amount = QLineEdit()
        self.amount.setObjectName("amount")
        self.paid_on = date_edit()
        self.fund = combo([(_(f), f) for f in hs.FUNDS])
        self.signature = combo([(_(s), s) for s in hs.SIGNATURES])
        self.note = QLineEdit()
        self.student = QLineEdit()
        self.school = QLineEdit()
        self.major = QLineEdit()
        self.admission = date_edit()
        self.tuition = QLineEdit()
        self.form.addRow(_("困难家庭"), self.household)
        self.form.addRow(_("救助类别"), self.aid_type)
        self.form.addRow(_("金额（元）"), self.amount)
        self.form.addRow(_("发放日期"), self.paid_on)
        self.form.addRow(_("资金来源"), self.fund)
        self.form.addRow(_("签收"), self.signature)
        self.form.addRow(_("备注"), self.note)
        self.study_rows = [(_("学生姓名"), self.student), (_("录取院校"), self.school), (_("录取专业"), self.major),
                           (_("录取时间"), self.admission), (_("学杂费/年（元）"), self.tuition)]
        for label, w in self.study_rows:
            self.form.addRow(label, w)
        self.aid_type.currentIndexChanged.connect(self._toggle_study)
        self._toggle_study()

    def _toggle_study(self) -> None:
        study = self.aid_type.currentData() == "金秋助学"
        for _label, w in self.study_rows:
            self.form.setRowVisible(w, study)

    def values(self) -> dict[str, Any]:
        v: dict[str, Any] = {"aid_type": self.aid_type.currentData(), "amount": self.amount.text(),
                             "paid_on": date_of(self.paid_on), "fund": self.fund.currentData(),
                             "signature": self.signature.currentData(), "note": self.note.text()}
        if v["aid_type"] == "金秋助学":
            v.update(student_name=self.student.text(), school=self.school.text(), major=self.major.text(),
                     admission_on=date_of(self.admission), tuition=self.tuition.text())
        return v

    def apply(self) -> None:
        fid = self.household.currentData()
        if fid is None:
            raise DomainError("hardship.no_household", _("没有在档的困难家庭"), "household")
        try:
            hs.add_payment(self.ctx.db, fid, self.values())
        except ValidationFailed as e:
            if all(p.severity == "warning" for p in e.problems) and confirm(
                    self, _("可能重复发放"), e.message + "\n" + _("仍要发放吗？"), _("仍要发放")):
                hs.add_payment(self.ctx.db, fid, self.values(), confirm_duplicate=True)
                return
            raise


class BudgetDialog(FormDialog):
    def __init__(self, ctx: AppContext, year: int, parent: QWidget | None = None) -> None:
        super().__init__(_("{y}年帮扶资金预算").format(y=year), parent)
        self.ctx = ctx
        self.year = year
        current = {r.aid_type: r.budget_fen for r in hs.ledger(ctx.db, year)}
        self.edits: dict[str, QLineEdit] = {}
        for t in hs.LEDGER_TYPES:
            e = QLineEdit(yuan(current[t], sep=False) if current.get(t) is not None else "")
            self.edits[t] = e
            self.form.addRow(_(t), e)

    def apply(self) -> None:
        for t, e in self.edits.items():
            if e.text().strip():
                hs.set_budget(self.ctx.db, self.year, t, e.text())


class TransitionDialog(FormDialog):
    """Move a file to one of its next states (exits need a reason)."""

    def __init__(self, ctx: AppContext, file_id: int, state: str, parent: QWidget | None = None) -> None:
        super().__init__(_("办理：{s}").format(s=hs.state_label(state)), parent)
        self.ctx = ctx
        self.file_id = file_id
        self.to_state = combo([(hs.state_label(s), s) for s in hs.TRANSITIONS.get(state, ())], "to_state")
        self.on = date_edit()
        self.text = QLineEdit()
        self.text.setObjectName("reason")
        self.form.addRow(_("转为"), self.to_state)
        self.form.addRow(_("日期"), self.on)
        self.form.addRow(_("说明/原因"), self.text)

    def apply(self) -> None:
        to = self.to_state.currentData()
        if to is None:
            raise DomainError("hardship.transition", _("这份档案没有下一步"), "state")
        hs.advance(self.ctx.db, self.file_id, to, on=date_of(self.on), note=self.text.text(),
                   reason=self.text.text() if to in hs.EXIT_STATES else "")


class ReviewDialog(FormDialog):
    def __init__(self, ctx: AppContext, file_id: int, parent: QWidget | None = None) -> None:
        super().__init__(_("填写审核意见"), parent)
        self.ctx = ctx
        self.file_id = file_id
        self.level = QComboBox()
        self.level.setEditable(True)
        self.level.addItems([_("本单位工会"), _("上级工会"), _("产业工会"), _("职工服务中心")])
        self.result = combo([(_("同意"), "同意"), (_("不同意"), "不同意")])
        self.opinion = QLineEdit(_("经审核该家庭符合困难职工建档认定条件。"))
        self.person = QLineEdit()
        self.on = date_edit()
        self.form.addRow(_("审核单位"), self.level)
        self.form.addRow(_("结果"), self.result)
        self.form.addRow(_("审核意见"), self.opinion)
        self.form.addRow(_("审核人"), self.person)
        self.form.addRow(_("日期"), self.on)

    def apply(self) -> None:
        hs.add_review(self.ctx.db, self.file_id, self.level.currentText(), self.result.currentData(),
                      self.opinion.text(), person=self.person.text(), on=date_of(self.on))


class FollowupDialog(FormDialog):
    def __init__(self, ctx: AppContext, file_id: int, parent: QWidget | None = None) -> None:
        super().__init__(_("回访"), parent)
        self.ctx = ctx
        self.file_id = file_id
        self.on = date_edit()
        self.note = QLineEdit()
        self.person = QLineEdit()
        self.returned = QCheckBox(_("返困（重新申请建档）"))
        self.form.addRow(_("日期"), self.on)
        self.form.addRow(_("情况"), self.note)
        self.form.addRow(_("回访人"), self.person)
        self.form.addRow("", self.returned)

    def apply(self) -> None:
        hs.add_followup(self.ctx.db, self.file_id, on=date_of(self.on), note=self.note.text(),
                        person=self.person.text(), returned=self.returned.isChecked())


class OverrideDialog(FormDialog):
    def __init__(self, ctx: AppContext, file_id: int, parent: QWidget | None = None) -> None:
        super().__init__(_("手动认定困难类别"), parent)
        self.ctx = ctx
        self.file_id = file_id
        self.category = combo([(_("按收入计算（取消手动认定）"), "")] + [(category_label(c), c) for c in CATEGORIES],
                              "category")
        self.reason = QLineEdit()
        self.reason.setObjectName("override_reason")
        self.form.addRow(_("困难类别"), self.category)
        self.form.addRow(_("理由"), self.reason)

    def apply(self) -> None:
        hs.override_category(self.ctx.db, self.file_id, self.category.currentData(), self.reason.text())


class ConsentDialog(FormDialog):
    def __init__(self, ctx: AppContext, file_id: int, scope: str, parent: QWidget | None = None) -> None:
        from app.services.privacy import SCOPES

        super().__init__(_("登记本人同意"), parent)
        self.ctx = ctx
        self.file_id = file_id
        self.scope = scope
        lbl = QLabel(_(SCOPES.get(scope, scope)))
        lbl.setWordWrap(True)
        self.on = date_edit()
        self.method = combo([(_("书面"), "书面"), (_("电子"), "电子")])
        self.evidence = QLineEdit()
        self.evidence.setPlaceholderText(_("同意书存放位置，如：档案盒3号"))
        self.form.addRow(_("同意范围"), lbl)
        self.form.addRow(_("同意日期"), self.on)
        self.form.addRow(_("方式"), self.method)
        self.form.addRow(_("凭证"), self.evidence)

    def apply(self) -> None:
        hs.give_consent(self.ctx.db, self.file_id, self.scope, date_of(self.on), method=self.method.currentData(),
                        evidence=self.evidence.text())


def ask_error(parent: QWidget, exc: BaseException) -> None:
    show_error(parent, exc)
