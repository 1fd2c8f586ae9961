"""提案 page: the list with state filters (lazy model), the motion form and its handling timeline, the actions the
state machine allows, the dashboard (督办 by department, awaiting rating, counts), statistics and the report."""

from __future__ import annotations

from datetime import date
from html import escape
from typing import Any

from app.i18n import _
from app.services import congress, motions
from app.services.motions import IMPLEMENTATION, RATINGS, REPLY_KINDS, STATES, pct
from ui.congress.common import FieldSpec, ask, save_document
from ui.congress.motions_model import COLUMNS, MotionsModel
from ui.context import AppContext
from ui.dialogs import show_error
from ui.qt import *


def _dept_choices(db: Any) -> list[tuple[str, int]]:
    from app.services import roster

    return [(p, i) for i, p in roster.department_paths(db).items()]


class MotionsPage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.model = MotionsModel(ctx.db, self)

        self.toolbar = QToolBar()
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for text, slot, name in (
            (_("新提案…"), self.new_motion, "new_motion"), (_("修改…"), self.edit_motion, "edit_motion"),
            (_("添加附件…"), self.attach, "attach"), (_("打开附件…"), self.open_attachment, "open_attachment"),
            (_("打印提案表…"), self.print_form, "print_form"),
            (_("交办通知单…"), self.print_notice, "print_notice"), (_("答复单…"), self.print_reply, "print_reply"),
            (_("提案汇编…"), self.print_book, "print_book"),
        ):
            self.toolbar.addAction(text, slot).setObjectName(name)

        # filters ------------------------------------------------------------------------------------------
        self.meeting_box = QComboBox()
        self.meeting_box.setObjectName("meeting")
        self.meeting_box.currentIndexChanged.connect(self.meeting_changed)
        self.state_list = QListWidget()
        self.state_list.setObjectName("state_filter")
        self.state_list.currentRowChanged.connect(self.apply_filter)
        self.search = QLineEdit()
        self.search.setObjectName("search")
        self.search.setPlaceholderText(_("搜索案号或案由"))
        self.search.setClearButtonEnabled(True)
        self.search_timer = QTimer(self)
        self.search_timer.setSingleShot(True)
        self.search_timer.setInterval(150)
        self.search_timer.timeout.connect(self.apply_filter)
        self.search.textChanged.connect(self.search_timer.start)
        self.count_label = QLabel()
        self.count_label.setObjectName("count")

        self.table = QTableView()
        self.table.setObjectName("motions")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.horizontalHeader().setStretchLastSection(True)
        for i, w in enumerate((80, 280, 120, 70, 70, 90, 90)):
            self.table.setColumnWidth(i, w)
        self.table.selectionModel().currentRowChanged.connect(lambda cur, _prev: self.show_detail())

        # detail: the form, the actions, the timeline -----------------------------------------------------
        self.form = QTextBrowser()
        self.form.setObjectName("form")
        self.actions_box = QWidget()
        grid = QGridLayout(self.actions_box)
        grid.setContentsMargins(0, 0, 0, 0)
        self.action_buttons: dict[str, QPushButton] = {}
        for i, action in enumerate(motions.TRANSITIONS):
            b = QPushButton(motions.action_label(action))
            b.setObjectName(f"do_{action}")
            b.clicked.connect(lambda _c=False, a=action: self.do(a))
            grid.addWidget(b, i // 4, i % 4)
            self.action_buttons[action] = b
        self.timeline = QTreeWidget()
        self.timeline.setObjectName("timeline")
        self.timeline.setHeaderLabels([_("日期"), _("步骤"), _("状态"), _("经办人"), _("说明")])
        self.timeline.setRootIsDecorated(False)
        detail_tabs = QTabWidget()
        detail_tabs.addTab(self.form, _("提案表"))
        detail_tabs.addTab(self.timeline, _("办理经过"))
        detail = QWidget()
        dl = QVBoxLayout(detail)
        dl.setContentsMargins(0, 0, 0, 0)
        dl.addWidget(self.actions_box)
        dl.addWidget(detail_tabs, 1)

        left = QWidget()
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        ll.addWidget(QLabel(_("会议")))
        ll.addWidget(self.meeting_box)
        ll.addWidget(QLabel(_("状态")))
        ll.addWidget(self.state_list, 1)
        mid = QWidget()
        ml = QVBoxLayout(mid)
        ml.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        row.addWidget(self.search, 1)
        row.addWidget(self.count_label)
        ml.addLayout(row)
        ml.addWidget(self.table, 1)
        split = QSplitter()
        split.addWidget(left)
        split.addWidget(mid)
        split.addWidget(detail)
        split.setSizes([170, 560, 460])

        # dashboard and statistics ----------------------------------------------------------------------
        self.counts = QTableWidget(0, 2)
        self.counts.setObjectName("counts")
        self.counts.setHorizontalHeaderLabels([_("状态"), _("件数")])
        self.counts.verticalHeader().setVisible(False)
        self.counts.verticalHeader().setDefaultSectionSize(22)
        self.counts.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.overdue = QTreeWidget()
        self.overdue.setObjectName("overdue")
        self.overdue.setHeaderLabels([_("主办部门 / 提案"), _("办理期限"), _("超期天数")])
        self.overdue.itemDoubleClicked.connect(self._open_item)
        self.awaiting = QListWidget()
        self.awaiting.setObjectName("awaiting")
        self.awaiting.itemDoubleClicked.connect(self._open_item)
        self.stats = QTableWidget(0, 7)
        self.stats.setObjectName("stats")
        self.stats.setHorizontalHeaderLabels([_("范围"), _("提案"), _("立案率"), _("办复率"), _("落实率(A)"),
                                              _("落实率(A+B)"), _("满意率")])
        self.stats.verticalHeader().setVisible(False)
        self.stats.verticalHeader().setDefaultSectionSize(22)
        self.stats.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        board = QWidget()
        bl = QGridLayout(board)
        bl.addWidget(QLabel(_("各状态件数")), 0, 0)
        bl.addWidget(self.counts, 1, 0)
        bl.addWidget(QLabel(_("超期未办结（督办清单，按主办部门）")), 0, 1)
        bl.addWidget(self.overdue, 1, 1)
        bl.addWidget(QLabel(_("已答复、等待提案人评价")), 0, 2)
        bl.addWidget(self.awaiting, 1, 2)
        bl.addWidget(QLabel(_("统计（立案率、办复率、落实率、满意率）")), 2, 0, 1, 3)
        bl.addWidget(self.stats, 3, 0, 1, 3)

        # report --------------------------------------------------------------------------------------------
        self.report = QPlainTextEdit()
        self.report.setObjectName("report")
        self.report_state = QLabel()
        rep = QWidget()
        rl = QVBoxLayout(rep)
        rbar = QHBoxLayout()
        for text, slot, name in ((_("保存修改"), self.save_report, "save_report"),
                                 (_("重新生成草稿"), self.redraft_report, "redraft_report"),
                                 (_("导出 PDF / Word…"), self.print_report, "print_report")):
            b = QPushButton(text)
            b.setObjectName(name)
            b.clicked.connect(slot)
            rbar.addWidget(b)
        rbar.addWidget(self.report_state, 1)
        rl.addLayout(rbar)
        rl.addWidget(self.report, 1)

        self.tabs = QTabWidget()
        self.tabs.setObjectName("tabs")
        self.tabs.addTab(split, _("提案"))
        self.tabs.addTab(board, _("看板与统计"))
        self.tabs.addTab(rep, _("提案工作报告"))
        self.tabs.currentChanged.connect(lambda _i: self.refresh_side())
        lay = QVBoxLayout(self)
        lay.addWidget(self.toolbar)
        lay.addWidget(self.tabs, 1)
        ctx.changed.connect(self._changed)
        self.load_meetings()

    # loading ----------------------------------------------------------------------------------------------
    def activate(self) -> None:
        self.load_meetings()

    def _changed(self, area: str) -> None:
        if area in ("congress", "motions"):
            self.load_meetings()

    def meeting_id(self) -> int | None:
        return self.meeting_box.currentData()

    def load_meetings(self) -> None:
        keep = self.meeting_id()
        self.meeting_box.blockSignals(True)
        self.meeting_box.clear()
        self.meeting_box.addItem(_("全部会议"), None)
        meetings = congress.list_meetings(self.ctx.db)
        for m in meetings:
            self.meeting_box.addItem(m.label, m.id)
        if keep is None and meetings:
            keep = motions.default_meeting(self.ctx.db).id
        idx = self.meeting_box.findData(keep) if keep is not None else 0
        self.meeting_box.setCurrentIndex(max(0, idx))
        self.meeting_box.blockSignals(False)
        self.meeting_changed()

    def meeting_changed(self) -> None:
        self.load_states()
        self.apply_filter()
        self.refresh_side()

    def load_states(self) -> None:
        counts, overdue = motions.state_counts(self.ctx.db, self.meeting_id())
        row = max(0, self.state_list.currentRow())
        self.state_list.blockSignals(True)
        self.state_list.clear()
        entries = [(_("全部（{n}）").format(n=sum(counts.values())), ())] + [
            (f"{motions.state_label(s)}（{counts[s]}）", (s,)) for s in STATES] + [
            (_("超期需督办（{n}）").format(n=overdue), "overdue")]
        for text, data in entries:
            it = QListWidgetItem(text)
            it.setData(Qt.ItemDataRole.UserRole, data)
            self.state_list.addItem(it)
        self.state_list.setCurrentRow(min(row, self.state_list.count() - 1))
        self.state_list.blockSignals(False)

    def filters(self) -> motions.Filters:
        it = self.state_list.currentItem()
        data = it.data(Qt.ItemDataRole.UserRole) if it else ()
        f = motions.Filters(meeting_id=self.meeting_id(), query=self.search.text().strip())
        if data == "overdue":
            f.overdue = True
        elif data:
            f.states = tuple(data)
        return f

    def apply_filter(self) -> None:
        current = self.current_id()
        self.model.set_filters(self.filters())
        self.count_label.setText(_("共 {n} 件").format(n=self.model.rowCount()))
        if current is not None and self.model.row_of(current) >= 0:
            self.select(current)
        elif self.model.rowCount():
            self.table.selectRow(0)
        self.show_detail()

    def current_id(self) -> int | None:
        idx = self.table.currentIndex()
        return self.model.motion_id(idx.row()) if idx.isValid() else None

    def select(self, motion_id: int) -> None:
        r = self.model.row_of(motion_id)
        if r < 0:
            self.state_list.setCurrentRow(0)
            self.search.clear()
            self.model.set_filters(self.filters())
            r = self.model.row_of(motion_id)
        if r >= 0:
            self.table.selectRow(r)
            self.table.scrollTo(self.model.index(r, 0))

    # detail -----------------------------------------------------------------------------------------------
    def show_detail(self) -> None:
        mid = self.current_id()
        self.timeline.clear()
        if mid is None:
            self.form.setHtml(f"<p>{escape(_('没有选中提案。'))}</p>")
            for b in self.action_buttons.values():
                b.setEnabled(False)
            return
        d = motions.detail(self.ctx.db, mid)
        m = d.motion
        allowed = motions.allowed_actions(m.state)
        for a, b in self.action_buttons.items():
            b.setEnabled(a in allowed)
        rows = [
            (_("届次/会议"), d.meeting_label), (_("案号"), m.number), (_("案由"), m.title),
            (_("状态"), motions.state_label(m.state) + (_("（超期）") if d.overdue else "")),
            (_("提案人"), f"{d.proposer}（{m.proposer_dept} {m.proposer_post}）"), (_("类别"), _(m.category)),
            (_("附议人"), "、".join(n for _i, n in d.cosigners) or _("无")), (_("提交日期"), str(m.submitted_on)),
            (_("理由/案据"), m.reasons), (_("建议/办法"), m.suggestions),
            (_("附件"), "、".join(a[1] for a in d.attachments)),
            (_("审查意见"), (m.disposition + "：" if m.disposition else "") + m.review_opinion),
            (_("并入提案"), d.merged_into_number), (_("并入本案的提案"), "、".join(d.merged_children)),
            (_("主办部门"), d.lead_department), (_("协办部门"), "、".join(d.assist_department_names)),
            (_("办理期限"), str(m.due_on or "")), (_("答复"), m.reply_text), (_("文号"), m.reply_number),
            (_("落实情况"), f"{m.implementation} {_(IMPLEMENTATION[m.implementation])}"
             if m.implementation in IMPLEMENTATION else ""),
            (_("情况说明"), m.implementation_note),
            (_("提案人评价"), _("态度：{a}；结果：{r}").format(a=m.rating_attitude, r=m.rating_result)
             if m.rating_result else ""),
            (_("退回理由"), m.return_reason),
        ]
        html = "".join(f"<tr><th align='right' valign='top' style='padding-right:8px'>{escape(k)}</th>"
                       f"<td>{escape(v).replace(chr(10), '<br>')}</td></tr>" for k, v in rows if v)
        self.form.setHtml(f"<table cellspacing='4'>{html}</table>")
        for e in d.events:
            QTreeWidgetItem(self.timeline, [str(e.on_date or e.at.date()), motions.action_label(e.action),
                                            motions.state_label(e.to_state), e.actor, e.note])
        for c in range(4):
            self.timeline.resizeColumnToContents(c)

    # actions ----------------------------------------------------------------------------------------------
    def _after(self, motion_id: int | None = None) -> None:
        self.ctx.notify("motions")
        if motion_id is not None:
            self.select(motion_id)
        self.show_detail()

    def _try(self, fn) -> Any:  # type: ignore[no-untyped-def]
        try:
            return fn()
        except Exception as e:  # noqa: BLE001
            show_error(self, e)
            return None

    def _reps(self, meeting_id: int) -> list[tuple[str, int]]:
        m = congress.get_meeting(self.ctx.db, meeting_id)
        return [(f"{r.name}（{r.constituency}）", r.id) for r in congress.list_representatives(self.ctx.db, m.term_id)
                if not r.observer]

    def new_motion(self) -> None:
        meetings = congress.list_meetings(self.ctx.db)
        if not meetings:
            return show_error(self, _("还没有会议：请先在“职工代表大会”页新建届次和会议"))
        mid = self.meeting_id() or meetings[-1].id
        reps = self._reps(mid)
        v = ask(self, _("新提案"), [
            ("meeting", _("会议"), "choice", [(m.label, m.id) for m in meetings]),
            ("proposer", _("提案人"), "choice", reps), ("cosigners", _("附议人"), "multi", reps),
            ("title", _("案由"), "text", None), ("category", _("类别"), "choice", motions.CATEGORIES),
            ("reasons", _("理由/案据"), "multiline", None), ("suggestions", _("建议/办法"), "multiline", None),
            ("on", _("提交日期"), "date", None)], {"meeting": mid})
        if v:
            m = self._try(lambda: motions.submit(self.ctx.db, v["meeting"], v["proposer"], v, v["cosigners"],
                                                 on=v["on"]))
            if m is not None:
                self._after(m.id)

    def edit_motion(self) -> None:
        mid = self.current_id()
        if mid is None:
            return
        d = motions.detail(self.ctx.db, mid)
        m = d.motion
        reps = self._reps(m.meeting_id)
        v = ask(self, _("修改提案 {no}").format(no=m.number), [
            ("title", _("案由"), "text", None), ("category", _("类别"), "choice", motions.CATEGORIES),
            ("cosigners", _("附议人"), "multi", [r for r in reps if r[1] != m.proposer_id]),
            ("reasons", _("理由/案据"), "multiline", None), ("suggestions", _("建议/办法"), "multiline", None)],
            {"title": m.title, "category": m.category, "reasons": m.reasons, "suggestions": m.suggestions,
             "cosigners": [i for i, _n in d.cosigners]})
        if v and self._try(lambda: motions.update(self.ctx.db, mid, v, v["cosigners"])) is not None:
            self._after(mid)

    def attach(self) -> None:
        mid = self.current_id()
        if mid is None:
            return
        path, _sel = QFileDialog.getOpenFileName(self, _("选择附件"))
        if path and self._try(lambda: motions.add_attachment(self.ctx.db, mid, path)) is not None:
            self._after(mid)

    def open_attachment(self) -> None:
        """Save an attachment to a temporary file and open it in the system viewer."""
        import tempfile
        from pathlib import Path

        mid = self.current_id()
        if mid is None:
            return
        atts = motions.detail(self.ctx.db, mid).attachments
        if not atts:
            return show_error(self, _("这件提案没有附件"))
        aid = atts[0][0]
        if len(atts) > 1:
            v = ask(self, _("打开附件"), [("id", _("附件"), "choice", [(f"{n}（{size // 1024 + 1} KB）", i)
                                                                     for i, n, size in atts])])
            if not v:
                return
            aid = v["id"]
        name, data = motions.attachment_data(self.ctx.db, aid)
        folder = Path(tempfile.mkdtemp(prefix="uniondesk-attachment-"))
        path = folder / Path(name).name
        path.write_bytes(data)
        self.last_opened = path
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    def step_fields(self, action: str, m: Any) -> list[FieldSpec]:
        db = self.ctx.db
        on: FieldSpec = ("on", _("日期"), "date", None)
        if action == "accept":
            return [("opinion", _("审查意见"), "multiline", None), on]
        if action == "merge":
            others = [(f"{r.number} {r.title}", r.id) for r in motions.list_motions(
                db, motions.Filters(meeting_id=m.meeting_id)) if r.id != m.id]
            return [("into", _("并入提案"), "choice", others), ("opinion", _("审查意见"), "multiline", None), on]
        if action == "reject":
            return [("reason", _("不予立案的理由（作为意见建议处理）"), "multiline", None), on]
        if action == "assign":
            depts = _dept_choices(db)
            return [("lead", _("主办部门"), "choice", depts), ("assist", _("协办部门"), "multi", depts),
                    ("due", _("办理期限"), "date", None), on]
        if action == "reply":
            return [("text", _("答复内容"), "multiline", None),
                    ("implementation", _("落实情况"), "choice",
                     [(f"{k} {_(v)}", k) for k, v in IMPLEMENTATION.items()]),
                    ("note", _("情况说明（C 类必填）"), "multiline", None), ("number", _("文号"), "text", None),
                    ("kind", _("答复方式"), "choice", REPLY_KINDS), ("handler", _("承办人"), "text", None),
                    ("signer", _("签发人"), "text", None), on]
        if action == "rate":
            return [("attitude", _("办理态度"), "choice", RATINGS), ("result", _("办理结果"), "choice", RATINGS), on]
        if action == "return":
            return [("reason", _("不满意的理由"), "multiline", None), ("due", _("新的办理期限"), "date", None), on]
        if action in ("close", "supervise", "start"):
            return [("note", _("说明"), "multiline", None), on]
        return [on]

    def do(self, action: str) -> None:
        mid = self.current_id()
        if mid is None:
            return
        m = motions.detail(self.ctx.db, mid).motion
        defaults: dict[str, Any] = {"on": date.today()}
        if action in ("assign", "return"):
            from datetime import timedelta

            defaults["due"] = date.today() + timedelta(days=30)
        v = ask(self, _("{act}：{no} {title}").format(act=motions.action_label(action), no=m.number, title=m.title),
                self.step_fields(action, m), defaults)
        if v is None:
            return
        on = v.pop("on", None)
        if self._try(lambda: motions.transition(self.ctx.db, mid, action, on=on, **v)) is not None:
            self._after(mid)

    def _open_item(self, item: Any, *_a: Any) -> None:
        mid = item.data(0, Qt.ItemDataRole.UserRole) if isinstance(item, QTreeWidgetItem) else item.data(
            Qt.ItemDataRole.UserRole)
        if mid:
            self.tabs.setCurrentIndex(0)
            self.select(int(mid))

    # dashboard, statistics, report ------------------------------------------------------------------------
    def refresh_side(self) -> None:
        if self.tabs.currentIndex() == 1:
            self.load_dashboard()
        elif self.tabs.currentIndex() == 2:
            self.load_report()

    def load_dashboard(self) -> None:
        d = motions.dashboard(self.ctx.db, self.meeting_id())
        self.counts.setRowCount(len(STATES))
        for i, s in enumerate(STATES):
            self.counts.setItem(i, 0, QTableWidgetItem(motions.state_label(s)))
            self.counts.setItem(i, 1, QTableWidgetItem(str(d.counts[s])))
        self.overdue.clear()
        today = date.today()
        for dept, rows in d.overdue_by_department.items():
            top = QTreeWidgetItem(self.overdue, [_("{d}（{n}件）").format(d=dept, n=len(rows))])
            for r in rows:
                it = QTreeWidgetItem(top, [f"{r.number} {r.title}", str(r.due_on),
                                           str((today - r.due_on).days if r.due_on else "")])
                it.setData(0, Qt.ItemDataRole.UserRole, r.id)
                it.setForeground(2, QColor("#c0392b"))
            top.setExpanded(True)
        self.overdue.resizeColumnToContents(0)
        self.awaiting.clear()
        for r in d.awaiting_rating:
            it = QListWidgetItem(f"{r.number} {r.title}（{r.proposer}）")
            it.setData(Qt.ItemDataRole.UserRole, r.id)
            self.awaiting.addItem(it)
        st = motions.statistics(self.ctx.db, self.meeting_id())
        rows = [st.overall, *st.by_department, *st.by_category]
        self.stats.setRowCount(len(rows))
        for i, r in enumerate(rows):
            for c, text in enumerate([_(r.label), str(r.submitted), pct(r.acceptance), pct(r.reply_rate),
                                      pct(r.done_a), pct(r.done_ab), pct(r.satisfaction)]):
                self.stats.setItem(i, c, QTableWidgetItem(text))
        self.stats.resizeColumnsToContents()

    def _report_meeting(self) -> int | None:
        mid = self.meeting_id()
        if mid is None and congress.list_meetings(self.ctx.db):
            mid = motions.default_meeting(self.ctx.db).id
        return mid

    def load_report(self) -> None:
        mid = self._report_meeting()
        if mid is None:
            self.report.setPlainText("")
            self.report_state.setText(_("还没有会议"))
            return
        text, edited = motions.report_text(self.ctx.db, mid)
        self.report.setPlainText(text)
        label = congress.get_meeting(self.ctx.db, mid).label
        self.report_state.setText(_("{m}：已保存的修改稿").format(m=label) if edited
                                  else _("{m}：根据办理数据自动起草，可直接修改后保存").format(m=label))

    def save_report(self) -> None:
        mid = self._report_meeting()
        if mid is None:
            return
        try:
            motions.save_report(self.ctx.db, mid, self.report.toPlainText())
        except Exception as e:  # noqa: BLE001
            return show_error(self, e)
        self.load_report()

    def redraft_report(self) -> None:
        mid = self._report_meeting()
        if mid is not None:
            motions.save_report(self.ctx.db, mid, "")
            self.load_report()

    # documents --------------------------------------------------------------------------------------------
    def _doc(self, builder_name: str, suffix: str, *, text: bool) -> None:
        from app.documents import congress_docs

        mid = self.current_id()
        if mid is None:
            return show_error(self, _("请先选中一件提案"))
        number = motions.detail(self.ctx.db, mid).motion.number
        build = getattr(congress_docs, builder_name)
        save_document(self, lambda: build(self.ctx.db, mid), f"{number}{suffix}.pdf", text=text)

    def print_form(self) -> None:
        self._doc("motion_form", _("提案表"), text=True)

    def print_notice(self) -> None:
        self._doc("assignment_notice", _("交办通知单"), text=True)

    def print_reply(self) -> None:
        self._doc("reply_form", _("答复单"), text=True)

    def print_book(self) -> None:
        from app.documents import congress_docs

        mid = self._report_meeting()
        if mid is not None:
            save_document(self, lambda: congress_docs.motion_book(self.ctx.db, mid), _("提案汇编.pdf"), text=False)

    def print_report(self) -> None:
        from app.documents import congress_docs

        mid = self._report_meeting()
        if mid is None:
            return
        self.save_report()
        save_document(self, lambda: congress_docs.motion_report(self.ctx.db, mid), _("提案工作报告.pdf"), text=True)


__all__ = ["MotionsPage", "COLUMNS"]
