"""职工代表大会 page: representatives, composition findings with their citations, meetings and votes."""

from __future__ import annotations

from datetime import date, timedelta

from app.i18n import _
from app.rules import workdays
from app.rules.congress import severity_label, summarise
from app.rules.profile import current_profile, profile_label
from app.services import congress, roster
from app.validation.codes import code_label
from ui.congress.common import ask, save_document
from ui.context import AppContext
from ui.dialogs import show_error
from ui.qt import *

SEVERITY_COLOURS = {"error": "#c0392b", "warning": "#b9770e", "info": "#2e6da4"}


def _table(headers: list[str], name: str) -> QTableWidget:
    t = QTableWidget(0, len(headers))
    t.setObjectName(name)
    t.setHorizontalHeaderLabels(headers)
    t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    t.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    t.verticalHeader().setVisible(False)
    t.verticalHeader().setDefaultSectionSize(24)
    t.horizontalHeader().setStretchLastSection(True)
    return t


def _fill(t: QTableWidget, rows: list[list[str]], data: list[object] | None = None) -> None:
    t.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            it = QTableWidgetItem(text)
            if c == 0 and data is not None:
                it.setData(Qt.ItemDataRole.UserRole, data[r])
            t.setItem(r, c, it)
    t.resizeColumnsToContents()


class CongressPage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.term_box = QComboBox()
        self.term_box.setObjectName("term")
        self.term_box.currentIndexChanged.connect(self.reload)
        self.summary = QLabel()
        self.summary.setObjectName("summary")
        self.summary.setWordWrap(True)

        self.toolbar = QToolBar()
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for text, slot, name in (
            (_("新建届次…"), self.new_term, "new_term"), (_("选举代表…"), self.elect, "elect"),
            (_("终止/补选…"), self.end_rep, "end_rep"), (_("新建会议…"), self.new_meeting, "new_meeting"),
            (_("登记出席…"), self.attendance, "attendance"), (_("记录表决…"), self.add_vote, "add_vote"),
            (_("已报上级工会…"), self.reported, "reported"), (_("打印表决记录…"), self.print_votes, "print_votes"),
            (_("会议情况报告…"), self.print_meeting_report, "print_meeting_report"),
        ):
            a = self.toolbar.addAction(text, slot)
            a.setObjectName(name)

        self.reps = _table([_("姓名"), _("性别"), _("选区"), _("类别"), _("标记"), _("当选日期"), _("终止")], "reps")
        self.findings = _table([_("级别"), _("问题"), _("依据")], "findings")
        self.findings.setWordWrap(True)
        self.meetings = QListWidget()
        self.meetings.setObjectName("meetings")
        self.meetings.currentRowChanged.connect(self.show_meeting)
        self.meeting_info = QLabel()
        self.meeting_info.setObjectName("meeting_info")
        self.meeting_info.setWordWrap(True)
        self.votes = _table([_("表决事项"), _("方式"), _("全体"), _("出席"), _("赞成"), _("反对"), _("弃权"),
                             _("规则"), _("结果"), _("说明")], "votes")

        self.tabs = QTabWidget()
        self.tabs.setObjectName("tabs")
        self.tabs.addTab(self.reps, _("职工代表"))
        self.tabs.addTab(self.findings, _("构成与会议检查"))
        mw = QSplitter()
        mw.addWidget(self.meetings)
        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.addWidget(self.meeting_info)
        rl.addWidget(self.votes, 1)
        mw.addWidget(right)
        mw.setSizes([200, 900])
        self.tabs.addTab(mw, _("会议与表决"))

        top = QHBoxLayout()
        top.addWidget(QLabel(_("届次：")))
        top.addWidget(self.term_box)
        top.addWidget(self.summary, 1)
        lay = QVBoxLayout(self)
        lay.addWidget(self.toolbar)
        lay.addLayout(top)
        lay.addWidget(self.tabs, 1)
        ctx.changed.connect(self._changed)
        self.load_terms()

    # loading ----------------------------------------------------------------------------------------------
    def _changed(self, area: str) -> None:
        if area in ("congress", "roster", "org"):
            self.load_terms()

    def activate(self) -> None:
        self.load_terms()

    def term_id(self) -> int | None:
        return self.term_box.currentData()

    def load_terms(self) -> None:
        current = self.term_id()
        self.term_box.blockSignals(True)
        self.term_box.clear()
        terms = congress.list_terms(self.ctx.db)
        for t in terms:
            self.term_box.addItem(_("第{n}届（{a} 至 {b}）").format(n=t.number, a=t.start_date, b=t.end_date), t.id)
        cur = congress.current_term(self.ctx.db)
        want = current if current is not None else (cur.id if cur else None)
        if want is not None:
            self.term_box.setCurrentIndex(max(0, self.term_box.findData(want)))
        self.term_box.blockSignals(False)
        self.reload()

    def reload(self) -> None:
        db, tid = self.ctx.db, self.term_id()
        profile = current_profile(db)
        if tid is None:
            self.summary.setText(_("还没有登记职工代表大会。先“新建届次”，再“选举代表”。"))
            _fill(self.reps, [])
        else:
            rows = congress.list_representatives(db, tid, include_ended=True)
            today = date.today()
            _fill(self.reps, [[r.name, code_label(r.sex), r.constituency, _(r.category),
                               " ".join(x for x in (_("列席") if r.observer else "",
                                                    _("劳务派遣") if r.dispatched else "") if x),
                               r.elected_on.isoformat(),
                               f"{r.ended_on} {_(r.end_kind)}" if r.ended_on else ""] for r in rows],
                  [r.id for r in rows])
            for i, r in enumerate(rows):
                if not r.in_office(today):
                    for c in range(self.reps.columnCount()):
                        self.reps.item(i, c).setForeground(QColor("#888888"))
            s = summarise(congress.composition_facts(db, tid), profile)
            self.summary.setText(_(
                "在任代表 {v} 名（列席 {o} 名），应不少于 {r} 名；中层以上管理人员和领导人员 {m} 名，"
                "一线职工 {f} 名，女代表 {w} 名").format(v=s.voting, o=s.observers, r=s.required, m=s.managers,
                                                   f=s.frontline, w=s.women)
                + "　" + _("适用规则：{p}").format(p=profile_label(profile)))
        findings = congress.check(db)
        _fill(self.findings, [[severity_label(f.severity), (f"[{f.subject}] " if f.subject else "") + f.message,
                               f.cite] for f in findings])
        for i, f in enumerate(findings):
            self.findings.item(i, 0).setForeground(QColor(SEVERITY_COLOURS.get(f.severity, "#000")))
        self.findings.resizeRowsToContents()
        errors = sum(1 for f in findings if f.is_error)
        self.tabs.setTabText(1, _("构成与会议检查（{n}）").format(n=errors) if errors else _("构成与会议检查"))
        self.load_meetings()

    def load_meetings(self) -> None:
        row = self.meetings.currentRow()
        self.meetings.blockSignals(True)
        self.meetings.clear()
        self._meetings = congress.list_meetings(self.ctx.db, self.term_id()) if self.term_id() else []
        for m in self._meetings:
            it = QListWidgetItem(_("第{m}次会议（{d}）").format(m=m.number, d=m.held_on or _("未定日期")))
            it.setToolTip(m.label)
            it.setData(Qt.ItemDataRole.UserRole, m.id)
            self.meetings.addItem(it)
        self.meetings.blockSignals(False)
        if self._meetings:
            self.meetings.setCurrentRow(row if 0 <= row < len(self._meetings) else len(self._meetings) - 1)
        self.show_meeting(self.meetings.currentRow())

    def meeting(self) -> congress.MeetingInfo | None:
        r = self.meetings.currentRow()
        return self._meetings[r] if 0 <= r < len(getattr(self, "_meetings", [])) else None

    def show_meeting(self, row: int) -> None:
        m = self.meeting()
        if m is None:
            self.meeting_info.setText(_("还没有会议。"))
            _fill(self.votes, [])
            return
        q = congress.rules.quorum(m.present, m.total, current_profile(self.ctx.db))
        parts = [_("{label}　{a} 至 {b}　{p}").format(label=m.label, a=m.held_on or "—", b=m.closed_on or "—",
                                                   p=m.place),
                 _("全体代表 {t} 人，出席 {p} 人，须 {n} 人以上出席：{ok}").format(
                     t=m.total, p=m.present, n=q.needed, ok=_("符合") if q.ok else _("不足法定人数"))]
        if m.report_due:
            parts.append(_("报告上一级工会期限：{d}；{s}").format(
                d=m.report_due, s=_("已于 {r} 报告").format(r=m.reported_on) if m.reported_on else _("尚未报告")))
            if not workdays.calendar_covers(m.report_due):
                parts.append("（" + workdays.approximate_note() + "）")
        self.meeting_info.setText("\n".join(parts))
        votes = congress.list_votes(self.ctx.db, m.id)
        _fill(self.votes, [[v.title, _("无记名") if v.secret else _("举手/记名"), str(v.total), str(v.present),
                            str(v.votes_for), str(v.votes_against), str(v.votes_abstain),
                            _("{r}，需{n}票").format(r=v.rule_label, n=v.pass_needed),
                            _("通过") if v.passed else _("未通过"), v.explain()] for v in votes])
        for i, v in enumerate(votes):
            self.votes.item(i, 8).setForeground(QColor("#1e8449" if v.passed else "#c0392b"))
            if v.secret_required and not v.secret:
                self.votes.item(i, 1).setForeground(QColor("#b9770e"))
                self.votes.item(i, 1).setToolTip(_("应当采用无记名投票"))

    # actions ----------------------------------------------------------------------------------------------
    def _run(self, fn) -> bool:  # type: ignore[no-untyped-def]
        try:
            fn()
        except Exception as e:  # noqa: BLE001 — domain errors and the rest: one sentence, details folded
            show_error(self, e)
            return False
        self.ctx.notify("congress")
        return True

    def new_term(self) -> None:
        terms = congress.list_terms(self.ctx.db)
        start = date.today()
        v = ask(self, _("新建届次"), [("number", _("第几届"), "int", None), ("start", _("换届日期"), "date", None),
                                     ("end", _("届满日期"), "date", None), ("assembly", _("职工大会（不设代表）"), "bool", None)],
                {"number": (terms[-1].number + 1) if terms else 1, "start": start,
                 "end": congress.rules.add_years(start, 3) - timedelta(days=1)})
        if v:
            self._run(lambda: congress.create_term(self.ctx.db, v["number"], v["start"], v["end"],
                                                   assembly=v["assembly"]))

    def _dept_choices(self) -> list[tuple[str, int | None]]:
        return [(_("（会员所在部门）"), None)] + [(p, i) for i, p in roster.department_paths(self.ctx.db).items()]

    def elect(self) -> None:
        tid = self.term_id()
        if tid is None:
            return show_error(self, _("请先新建届次"))
        v = ask(self, _("选举职工代表"), [
            ("who", _("会员（姓名或证件号码）"), "text", None), ("category", _("类别"), "choice", congress.CATEGORIES),
            ("constituency", _("选区"), "choice", self._dept_choices()), ("on", _("当选日期"), "date", None),
            ("observer", _("列席代表（无表决权）"), "bool", None)])
        if v:
            def go() -> None:
                m = roster.resolve_member(self.ctx.db, v["who"])
                congress.elect_representative(self.ctx.db, tid, m.id, v["category"], v["on"],  # type: ignore
                                              constituency_id=v["constituency"], observer=v["observer"])
            self._run(go)

    def selected_rep(self) -> int | None:
        r = self.reps.currentRow()
        it = self.reps.item(r, 0) if r >= 0 else None
        return it.data(Qt.ItemDataRole.UserRole) if it else None

    def end_rep(self) -> None:
        rid = self.selected_rep()
        if rid is None:
            return show_error(self, _("请先在“职工代表”中选中一名代表"))
        v = ask(self, _("终止代表资格 / 补选"), [
            ("kind", _("终止方式"), "choice", congress.END_KINDS), ("on", _("日期"), "date", None),
            ("reason", _("理由"), "text", None), ("recall_for", _("撤换：原选区同意人数"), "int", None),
            ("recall_base", _("撤换：原选区职工人数"), "int", None),
            ("successor", _("补选：新代表（姓名或证件号码，可空）"), "text", None),
            ("category", _("补选：新代表类别"), "choice", congress.CATEGORIES)])
        if not v:
            return
        rf, rb = (v["recall_for"], v["recall_base"]) if v["kind"] == "撤换" else (None, None)

        def go() -> None:
            if v["successor"]:
                m = roster.resolve_member(self.ctx.db, v["successor"])
                congress.replace_representative(self.ctx.db, rid, m.id, v["on"], category=v["category"],  # type: ignore
                                                end_kind=v["kind"], reason=v["reason"], recall_for=rf,
                                                recall_base=rb)
            else:
                congress.end_representative(self.ctx.db, rid, v["on"], v["kind"], v["reason"], recall_for=rf,
                                            recall_base=rb)
        self._run(go)

    def new_meeting(self) -> None:
        tid = self.term_id()
        if tid is None:
            return show_error(self, _("请先新建届次"))
        today = date.today()
        v = ask(self, _("新建会议"), [
            ("held_on", _("开幕日期"), "date", None), ("closed_on", _("闭幕日期"), "date", None),
            ("place", _("地点"), "text", None), ("collect_from", _("提案征集开始"), "date", None),
            ("collect_until", _("提案征集截止"), "date", None)],
            {"held_on": today + timedelta(days=30), "closed_on": today + timedelta(days=30),
             "collect_from": today, "collect_until": today + timedelta(days=25)})
        if v:
            self._run(lambda: congress.create_meeting(self.ctx.db, tid, **v))  # type: ignore[arg-type]

    def attendance(self) -> None:
        m = self.meeting()
        if m is None:
            return show_error(self, _("请先选择会议"))
        on = m.held_on or date.today()
        reps = [r for r in congress.list_representatives(self.ctx.db, m.term_id, on=on) if not r.observer]
        current = congress.attendance(self.ctx.db, m.id)
        v = ask(self, _("登记出席：{m}").format(m=m.label), [
            ("absent", _("未出席的代表（可多选，其余为出席）"), "multi", [(f"{r.name}（{r.constituency}）", r.id) for r in reps])],
            {"absent": [rid for rid, st in current.items() if st != "出席"]})
        if v is not None:
            self._run(lambda: congress.record_attendance(
                self.ctx.db, m.id, {r.id: ("缺席" if r.id in v["absent"] else "出席") for r in reps}))

    def add_vote(self) -> None:
        m = self.meeting()
        if m is None:
            return show_error(self, _("请先选择会议"))
        v = ask(self, _("记录表决：{m}").format(m=m.label), [
            ("title", _("表决事项"), "text", None), ("for_", _("赞成"), "int", None), ("against", _("反对"), "int", None),
            ("abstain", _("弃权"), "int", None), ("important", _("重要事项"), "bool", None),
            ("secret", _("无记名投票"), "bool", None), ("on", _("表决日期"), "date", None)],
            {"on": m.held_on or date.today(), "secret": True})
        if v:
            self._run(lambda: congress.record_vote(self.ctx.db, m.id, v["title"], v["for_"], v["against"],
                                                   v["abstain"], v["secret"], important=v["important"],
                                                   voted_on=v["on"]))

    def reported(self) -> None:
        m = self.meeting()
        if m is None:
            return show_error(self, _("请先选择会议"))
        v = ask(self, _("报告上一级工会"), [("on", _("报告日期"), "date", None)])
        if v:
            self._run(lambda: congress.set_reported(self.ctx.db, m.id, v["on"]))

    def print_votes(self) -> None:
        m = self.meeting()
        if m is None:
            return show_error(self, _("请先选择会议"))
        from app.documents import congress_docs

        save_document(self, lambda: congress_docs.vote_record(self.ctx.db, m.id), _("表决情况记录.pdf"), text=False)

    def print_meeting_report(self) -> None:
        m = self.meeting()
        if m is None:
            return show_error(self, _("请先选择会议"))
        from app.documents import congress_docs

        save_document(self, lambda: congress_docs.meeting_report(self.ctx.db, m.id), _("会议情况报告.pdf"), text=True)
