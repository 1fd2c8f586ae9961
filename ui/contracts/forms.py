"""Small forms of the contracts page: new contract, 要约, representative, meeting, vote, a dated step."""

from __future__ import annotations

from datetime import date
from typing import Any

from app.i18n import _
from app.rules import contracts as rules
from app.rules.contracts import check_vote
from app.services import contracts as cs
from ui.qt import *


def qdate(d: date | None = None) -> QDate:
    d = d or date.today()
    return QDate(d.year, d.month, d.day)


def pydate(w: QDateEdit) -> date:
    q = w.date()
    return date(q.year(), q.month(), q.day())


def date_edit(d: date | None = None, name: str = "") -> QDateEdit:
    w = QDateEdit(qdate(d))
    w.setCalendarPopup(True)
    w.setDisplayFormat("yyyy-MM-dd")
    if name:
        w.setObjectName(name)
    return w


class OptionalDate(QWidget):
    """A date that may be left empty (a check box in front of the date)."""

    def __init__(self, d: date | None = None, name: str = "") -> None:
        super().__init__()
        self.check = QCheckBox()
        self.edit = date_edit(d, name)
        self.check.setChecked(d is not None)
        self.edit.setEnabled(d is not None)
        self.check.toggled.connect(self.edit.setEnabled)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.check)
        lay.addWidget(self.edit, 1)

    def value(self) -> date | None:
        return pydate(self.edit) if self.check.isChecked() else None


class FormDialog(QDialog):
    """A form with OK/Cancel; ``values()`` gives what was entered."""

    def __init__(self, parent: QWidget | None, title: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(420)
        self.form = QFormLayout()
        lay = QVBoxLayout(self)
        lay.addLayout(self.form)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setObjectName("form_note")
        lay.addWidget(self.note)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("确定"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("取消"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        lay.addWidget(self.buttons)

    def values(self) -> dict[str, Any]:
        raise NotImplementedError


class NewContractDialog(FormDialog):
    def __init__(self, parent: QWidget | None) -> None:
        super().__init__(parent, _("新建集体合同"))
        self.kind = QComboBox()
        self.kind.setObjectName("kind")
        for k in rules.KINDS:
            self.kind.addItem(rules.kind_label(k), k)
        self.title = QLineEdit()
        self.title.setObjectName("title")
        self.title.setPlaceholderText(_("默认为合同类型名称"))
        y = date.today().year + 1
        self.start = OptionalDate(date(y, 1, 1), "term_start")
        self.end = OptionalDate(date(y, 12, 31), "term_end")
        self.library = QCheckBox(_("用条款库生成初稿"))
        self.library.setChecked(True)
        self.large = QCheckBox(_("规模以上企业（浙江：每方不少于5人）"))
        self.form.addRow(_("类型"), self.kind)
        self.form.addRow(_("名称"), self.title)
        self.form.addRow(_("期限起"), self.start)
        self.form.addRow(_("期限止"), self.end)
        self.form.addRow("", self.library)
        self.form.addRow("", self.large)

    def values(self) -> dict[str, Any]:
        return {"kind": self.kind.currentData(), "title": self.title.text(), "term_start": self.start.value(),
                "term_end": self.end.value(), "from_library": self.library.isChecked(),
                "large_firm": self.large.isChecked()}


class OfferDialog(FormDialog):
    def __init__(self, parent: QWidget | None) -> None:
        super().__init__(parent, _("登记要约"))
        self.side = QComboBox()
        for k in rules.SIDES:
            self.side.addItem(rules.side_label(k), k)
        self.sent = date_edit(name="sent_on")
        self.received = OptionalDate(None, "received_on")
        self.topics = QLineEdit()
        self.time = QLineEdit()
        self.form.addRow(_("提出方"), self.side)
        self.form.addRow(_("发出日期"), self.sent)
        self.form.addRow(_("对方收到日期"), self.received)
        self.form.addRow(_("协商内容"), self.topics)
        self.form.addRow(_("建议时间地点"), self.time)

    def values(self) -> dict[str, Any]:
        return {"from_side": self.side.currentData(), "sent_on": pydate(self.sent), "received_on": self.received.value(),
                "topics": self.topics.text(), "proposed_time": self.time.text()}


class RepDialog(FormDialog):
    def __init__(self, parent: QWidget | None, rep: Any = None) -> None:
        super().__init__(parent, _("协商代表") if rep is None else _("编辑协商代表"))
        self.side = QComboBox()
        self.side.setObjectName("side")
        for k in rules.SIDES:
            self.side.addItem(rules.side_label(k), k)
        self.name = QLineEdit()
        self.name.setObjectName("name")
        self.post = QLineEdit()
        self.chief = QCheckBox(_("首席代表"))
        self.chief.setObjectName("chief")
        self.outsider = QCheckBox(_("本单位以外的专业人员"))
        self.union_chair = QCheckBox(_("工会主席"))
        self.authorisation = QLineEdit()
        self.authorisation.setPlaceholderText(_("首席代表不是工会主席时：委托书日期和编号"))
        self.contract_end = OptionalDate(None, "labour_contract_end")
        self.appointed = OptionalDate(date.today(), "appointed_on")
        self.left = OptionalDate(None, "left_on")
        self.left_reason = QLineEdit()
        for label, w in ((_("一方"), self.side), (_("姓名"), self.name), (_("职务"), self.post), ("", self.chief),
                         ("", self.outsider), ("", self.union_chair), (_("委托书"), self.authorisation),
                         (_("劳动合同到期日"), self.contract_end), (_("产生日期"), self.appointed),
                         (_("离任日期"), self.left), (_("离任原因"), self.left_reason)):
            self.form.addRow(label, w)
        if rep is not None:
            self.side.setCurrentIndex(self.side.findData(rep.side))
            self.name.setText(rep.name)
            self.post.setText(rep.post)
            self.chief.setChecked(rep.chief)
            self.outsider.setChecked(rep.outsider)
            self.union_chair.setChecked(rep.union_chair)
            self.authorisation.setText(rep.authorisation)
            for w, v in ((self.contract_end, rep.labour_contract_end), (self.appointed, rep.appointed_on),
                         (self.left, rep.left_on)):
                w.check.setChecked(v is not None)
                if v:
                    w.edit.setDate(qdate(v))
            self.left_reason.setText(rep.left_reason)

    def values(self) -> dict[str, Any]:
        return {"side": self.side.currentData(), "name": self.name.text(), "post": self.post.text(),
                "chief": self.chief.isChecked(), "outsider": self.outsider.isChecked(),
                "union_chair": self.union_chair.isChecked(), "authorisation": self.authorisation.text(),
                "labour_contract_end": self.contract_end.value(), "appointed_on": self.appointed.value(),
                "left_on": self.left.value(), "left_reason": self.left_reason.text()}


class MeetingDialog(FormDialog):
    def __init__(self, parent: QWidget | None) -> None:
        super().__init__(parent, _("记录协商会议"))
        self.held = date_edit(name="held_on")
        self.place = QLineEdit()
        self.agenda = QLineEdit()
        self.agenda.setObjectName("agenda")
        self.minutes = QPlainTextEdit()
        self.minutes.setObjectName("minutes")
        self.outcome = QComboBox()
        self.outcome.setObjectName("outcome")
        for k, label in cs.MEETING_OUTCOMES.items():
            self.outcome.addItem(_(label), k)
        self.next_on = OptionalDate(None, "next_on")
        for label, w in ((_("日期"), self.held), (_("地点"), self.place), (_("议程"), self.agenda),
                         (_("会议记录"), self.minutes), (_("结果"), self.outcome), (_("下次协商日期"), self.next_on)):
            self.form.addRow(label, w)
        self.note.setText(_("双方首席代表轮流主持；中止协商时须商定下次协商时间。"))

    def values(self) -> dict[str, Any]:
        return {"held_on": pydate(self.held), "place": self.place.text(), "agenda": self.agenda.text(),
                "minutes": self.minutes.toPlainText(), "outcome": self.outcome.currentData(),
                "next_on": self.next_on.value()}


class VoteDialog(FormDialog):
    """The congress vote with the result shown as the figures are typed (Art. 36)."""

    def __init__(self, parent: QWidget | None, profile: str = "national", meetings: list[Any] | None = None) -> None:
        super().__init__(parent, _("职代会表决"))
        self.profile = profile
        self.held = date_edit(name="held_on")
        self.meeting = QComboBox()
        self.meeting.setObjectName("congress_meeting")
        self.meeting.addItem(_("不关联职代会会议（直接填写人数）"), None)
        self._meetings = {m.id: m for m in meetings or []}
        for m in meetings or []:
            self.meeting.addItem(f"{m.label}（{m.held_on or ''}）", m.id)
        self.body = QComboBox()
        for b in cs.VOTE_BODIES:
            self.body.addItem(_(b), b)
        self.spins: dict[str, QSpinBox] = {}
        for key, label in (("total", _("应到人数（全体代表）")), ("present", _("实到人数")), ("in_favour", _("赞成")),
                           ("against", _("反对")), ("abstain", _("弃权"))):
            sp = QSpinBox()
            sp.setObjectName(key)
            sp.setRange(0, 100000)
            sp.valueChanged.connect(self.update_result)
            self.spins[key] = sp
            self.form.addRow(label, sp)
        self.form.insertRow(0, _("职代会会议"), self.meeting)
        self.form.insertRow(1, _("日期"), self.held)
        self.form.insertRow(2, _("表决机构"), self.body)
        self.meeting.currentIndexChanged.connect(self._on_meeting)
        self.result = QLabel()
        self.result.setObjectName("vote_result")
        self.result.setWordWrap(True)
        self.form.addRow(_("结果"), self.result)
        self.update_result()

    def update_result(self) -> None:
        v = {k: s.value() for k, s in self.spins.items()}
        try:
            r = check_vote(v["total"], v["present"], v["in_favour"], v["against"], v["abstain"], self.profile)
        except Exception as e:  # noqa: BLE001 — a DomainError about the figures
            self.result.setText(str(e))
            self.result.setStyleSheet("color: #c0392b;")
            return
        if r.passed:
            self.result.setText(_("通过：出席{p}人（至少{np}人），赞成{f}票（至少{nf}票）").format(
                p=r.present, np=r.need_present, f=r.in_favour, nf=r.need_for))
            self.result.setStyleSheet("color: #1e8449;")
        else:
            self.result.setText(_("未通过：") + "；".join(f.message for f in r.findings))
            self.result.setStyleSheet("color: #c0392b;")

    def _on_meeting(self) -> None:
        m = self._meetings.get(self.meeting.currentData())
        self.spins["total"].setEnabled(m is None)
        self.body.setEnabled(m is None)
        if m is not None:
            self.spins["total"].setValue(m.total)       # all representatives in office: from the congress
            self.spins["present"].setValue(m.present)
            if m.held_on:
                self.held.setDate(qdate(m.held_on))

    def meeting_id(self) -> int | None:
        return self.meeting.currentData()

    def values(self) -> dict[str, Any]:
        return {"held_on": pydate(self.held), "body": self.body.currentData(),
                **{k: s.value() for k, s in self.spins.items()}}


class DateNoteDialog(FormDialog):
    """One dated step (签字, 报送, 收到, 审查意见书, 公布 …) with an optional note."""

    def __init__(self, parent: QWidget | None, title: str, note_label: str = "", hint: str = "") -> None:
        super().__init__(parent, title)
        self.on = date_edit(name="on")
        self.form.addRow(_("日期"), self.on)
        self.text = QLineEdit()
        if note_label:
            self.form.addRow(note_label, self.text)
        self.note.setText(hint)

    def values(self) -> dict[str, Any]:
        return {"on": pydate(self.on), "note": self.text.text()}
