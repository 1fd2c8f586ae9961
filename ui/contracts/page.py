"""The contracts page: the list; per contract the draft editor (chapter/article tree + clause library), versions
with a redline, the negotiation (要约, representatives, meetings), vote/signing/filing with the timeline; and a
deadlines view across all contracts (overdue first)."""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path
from typing import Any

from app.errors import DomainError
from app.i18n import _
from app.rules import contracts as rules
from app.rules import workdays
from app.services import contracts as cs
from ui.context import AppContext
from ui.contracts.forms import (
    DateNoteDialog,
    MeetingDialog,
    NewContractDialog,
    OfferDialog,
    RepDialog,
    VoteDialog,
)
from ui.dialogs import confirm, info, show_error
from ui.qt import *

SEVERITY_COLOURS = {"error": "#c0392b", "warning": "#b9770e", "info": "#2e4053"}
ROLE_TOPIC = Qt.ItemDataRole.UserRole + 1
ROLE_CLAUSE = Qt.ItemDataRole.UserRole + 2


class ContractListModel(QAbstractTableModel):
    """Contracts are few (a handful a year): the model holds their summary rows."""

    HEADERS = ("编号", "类型", "名称", "状态", "期限")

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[cs.ContractRow] = []

    def load(self, rows: list[cs.ContractRow]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return [_("编号"), _("类型"), _("名称"), _("状态"), _("期限")][section]
        return None

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        r = self.rows[index.row()]
        term = f"{r.term_start or ''} ~ {r.term_end or ''}" if (r.term_start or r.term_end) else ""
        return (str(r.id), r.kind_label, r.title, r.state_label, term)[index.column()]


def _findings_html(findings: list[rules.Finding]) -> str:
    if not findings:
        ok = html.escape(_("检查通过"))
        return f"<span style='color:#1e8449'>{ok}</span>"
    parts = []
    for f in findings:
        colour = SEVERITY_COLOURS.get(f.severity, "#000")
        parts.append(f"<div style='color:{colour}'>● {html.escape(f.message)}"
                     f"<br><small style='color:#666'>{html.escape(f.cite)}</small></div>")
    return "".join(parts)


def redline_html(segments: list[tuple[str, str]]) -> str:
    """Insertions underlined in green, deletions struck through in red; line breaks kept."""
    out = []
    for kind, text in segments:
        t = html.escape(text).replace("\n", "<br>")
        if kind == "ins":
            out.append(f"<span style='color:#1e8449;text-decoration:underline'>{t}</span>")
        elif kind == "del":
            out.append(f"<span style='color:#c0392b;text-decoration:line-through'>{t}</span>")
        else:
            out.append(t)
    return "<div style='line-height:150%'>" + "".join(out) + "</div>"


class DraftEditor(QWidget):
    """The draft as a tree: chapters (第一章) holding articles (第一条), numbered as they move; a clause library."""

    def __init__(self, page: ContractsPage) -> None:
        super().__init__()
        self.page = page
        self.tree = QTreeWidget()
        self.tree.setObjectName("draft_tree")
        self.tree.setHeaderHidden(True)
        self.tree.setWordWrap(True)
        self.tree.currentItemChanged.connect(self._on_current)
        self.text = QPlainTextEdit()
        self.text.setObjectName("article_text")
        self.text.setPlaceholderText(_("选中左侧的章或条，在这里修改文字"))
        self.text.textChanged.connect(self._on_text)
        self.library = QListWidget()
        self.library.setObjectName("clause_library")
        self.library.setWordWrap(True)
        self.library.itemDoubleClicked.connect(lambda _i: self.insert_clause())
        self.findings = QLabel()
        self.findings.setObjectName("draft_findings")
        self.findings.setWordWrap(True)
        self.findings.setTextFormat(Qt.TextFormat.RichText)
        self._loading = False

        bar = QHBoxLayout()
        for label, fn, name in ((_("新增章"), self.add_chapter, "add_chapter"), (_("新增条"), self.add_article, "add_article"),
                                (_("上移"), lambda: self.move(-1), "move_up"), (_("下移"), lambda: self.move(1), "move_down"),
                                (_("删除"), self.remove, "remove"), (_("保存为新版本"), self.save, "save_version")):
            b = QPushButton(label)
            b.setObjectName(name)
            b.clicked.connect(fn)
            bar.addWidget(b)
        bar.addStretch(1)
        insert = QPushButton(_("插入所选条款"))
        insert.setObjectName("insert_clause")
        insert.clicked.connect(self.insert_clause)

        left = QWidget()
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        ll.addLayout(bar)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.tree)
        split.addWidget(self.text)
        split.setSizes([420, 140])
        ll.addWidget(split, 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.findings)
        scroll.setMaximumHeight(130)
        ll.addWidget(scroll)
        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        lib_label = QLabel(_("条款库（双击插入；由本程序编写的参考条款，请按本单位情况修改）"))
        lib_label.setWordWrap(True)
        rl.addWidget(lib_label)
        rl.addWidget(self.library, 1)
        rl.addWidget(insert)
        outer = QSplitter()
        outer.addWidget(left)
        outer.addWidget(right)
        outer.setSizes([640, 300])
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(outer)

    # loading ----------------------------------------------------------------------------------------------
    def load(self, contract_id: int) -> None:
        db = self.page.ctx.db
        c = cs.get_contract(db, contract_id)
        self._loading = True
        self.tree.clear()
        for ch in cs.draft(db, contract_id):
            ci = QTreeWidgetItem([ch.title])
            ci.setData(0, Qt.ItemDataRole.UserRole, ch.title)
            for a in ch.articles:
                ai = QTreeWidgetItem([a.text])
                ai.setData(0, Qt.ItemDataRole.UserRole, a.text)
                ai.setData(0, ROLE_TOPIC, a.topic)
                ai.setData(0, ROLE_CLAUSE, a.clause)
                ci.addChild(ai)
            self.tree.addTopLevelItem(ci)
        self.tree.expandAll()
        self.renumber()
        self._loading = False
        self.library.clear()
        for cl in cs.clause_library(c.kind):
            it = QListWidgetItem(f"【{rules.topic_label(cl.topic)}】{cl.title}\n{cl.text}")
            it.setData(Qt.ItemDataRole.UserRole, cl.id)
            it.setToolTip(cl.text)
            self.library.addItem(it)
        editable = c.state in cs.EDITABLE_STATES
        for b in self.findChildren(QPushButton):
            b.setEnabled(editable)
        self.text.setReadOnly(not editable)
        self.show_findings()

    def show_findings(self) -> None:
        cid = self.page.current_id
        if cid is None:
            return
        self.findings.setText(_findings_html(cs.check_draft(self.page.ctx.db, cid)))

    def renumber(self) -> None:
        n = 0
        for i in range(self.tree.topLevelItemCount()):
            ci = self.tree.topLevelItem(i)
            ci.setText(0, f"第{cs.chinese_numeral(i + 1)}章　{ci.data(0, Qt.ItemDataRole.UserRole)}")
            font = ci.font(0)
            font.setBold(True)
            ci.setFont(0, font)
            for j in range(ci.childCount()):
                n += 1
                ai = ci.child(j)
                ai.setText(0, f"第{cs.chinese_numeral(n)}条　{ai.data(0, Qt.ItemDataRole.UserRole)}")

    def current_tree(self) -> list[cs.Chapter]:
        out = []
        for i in range(self.tree.topLevelItemCount()):
            ci = self.tree.topLevelItem(i)
            arts = [cs.Article(str(ci.child(j).data(0, Qt.ItemDataRole.UserRole) or ""),
                               str(ci.child(j).data(0, ROLE_TOPIC) or ""), str(ci.child(j).data(0, ROLE_CLAUSE) or ""))
                    for j in range(ci.childCount())]
            out.append(cs.Chapter(str(ci.data(0, Qt.ItemDataRole.UserRole) or ""), arts))
        return out

    # editing ----------------------------------------------------------------------------------------------
    def _on_current(self, cur: QTreeWidgetItem | None, _prev: Any) -> None:
        self._loading = True
        self.text.setPlainText(str(cur.data(0, Qt.ItemDataRole.UserRole) or "") if cur else "")
        self._loading = False

    def _on_text(self) -> None:
        if self._loading:
            return
        cur = self.tree.currentItem()
        if cur is None:
            return
        cur.setData(0, Qt.ItemDataRole.UserRole, self.text.toPlainText())
        self.renumber()

    def _chapter_of_current(self) -> QTreeWidgetItem | None:
        cur = self.tree.currentItem()
        if cur is None:
            return self.tree.topLevelItem(self.tree.topLevelItemCount() - 1) if self.tree.topLevelItemCount() else None
        return cur.parent() or cur

    def add_chapter(self, title: str = "") -> QTreeWidgetItem:
        ci = QTreeWidgetItem([""])
        ci.setData(0, Qt.ItemDataRole.UserRole, title or _("新的一章"))
        cur = self._chapter_of_current()
        idx = self.tree.indexOfTopLevelItem(cur) + 1 if cur else self.tree.topLevelItemCount()
        self.tree.insertTopLevelItem(idx, ci)
        self.renumber()
        self.tree.setCurrentItem(ci)
        return ci

    def add_article(self, text: str = "", topic: str = "", clause: str = "") -> QTreeWidgetItem:
        ch = self._chapter_of_current() or self.add_chapter()
        ai = QTreeWidgetItem([""])
        ai.setData(0, Qt.ItemDataRole.UserRole, text or _("（新条款）"))
        ai.setData(0, ROLE_TOPIC, topic)
        ai.setData(0, ROLE_CLAUSE, clause)
        cur = self.tree.currentItem()
        if cur is not None and cur.parent() is ch:
            ch.insertChild(ch.indexOfChild(cur) + 1, ai)
        else:
            ch.addChild(ai)
        ch.setExpanded(True)
        self.renumber()
        self.tree.setCurrentItem(ai)
        return ai

    def insert_clause(self) -> None:
        it = self.library.currentItem()
        if it is None:
            return
        cl = cs.get_clause(str(it.data(Qt.ItemDataRole.UserRole)))
        target = None
        for i in range(self.tree.topLevelItemCount()):
            if self.tree.topLevelItem(i).data(0, Qt.ItemDataRole.UserRole) == cl.chapter:
                target = self.tree.topLevelItem(i)
        if target is None and self.tree.currentItem() is None:
            target = self.add_chapter(cl.chapter)
        if target is not None:
            self.tree.setCurrentItem(target)
        self.add_article(cl.text, cl.topic, cl.id)

    def move(self, step: int) -> None:
        cur = self.tree.currentItem()
        if cur is None:
            return
        parent = cur.parent()
        if parent is None:
            i = self.tree.indexOfTopLevelItem(cur)
            j = i + step
            if 0 <= j < self.tree.topLevelItemCount():
                item = self.tree.takeTopLevelItem(i)
                self.tree.insertTopLevelItem(j, item)
                item.setExpanded(True)
        else:
            i = parent.indexOfChild(cur)
            j = i + step
            if 0 <= j < parent.childCount():
                item = parent.takeChild(i)
                parent.insertChild(j, item)
        self.tree.setCurrentItem(cur)
        self.renumber()

    def remove(self) -> None:
        cur = self.tree.currentItem()
        if cur is None:
            return
        if cur.parent() is None:
            if cur.childCount() and not confirm(self, _("删除章"), _("删除这一章及其中的{n}条？").format(n=cur.childCount())):
                return
            self.tree.takeTopLevelItem(self.tree.indexOfTopLevelItem(cur))
        else:
            cur.parent().removeChild(cur)
        self.renumber()

    def save(self) -> None:
        cid = self.page.current_id
        if cid is None:
            return
        note, ok = QInputDialog.getText(self, _("保存为新版本"), _("版本说明（可不填）："))
        if not ok:
            return
        try:
            v = cs.save_draft(self.page.ctx.db, cid, self.current_tree(), note)
        except DomainError as e:
            show_error(self, e)
            return
        self.page.changed(_("已保存第{n}版").format(n=v.number))


class VersionsView(QWidget):
    """Every saved version; any two compared as a redline, on screen and in print."""

    def __init__(self, page: ContractsPage) -> None:
        super().__init__()
        self.page = page
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("versions")
        self.table.setHorizontalHeaderLabels([_("版本"), _("保存时间"), _("保存人"), _("说明")])
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.from_box = QComboBox()
        self.from_box.setObjectName("from_version")
        self.to_box = QComboBox()
        self.to_box.setObjectName("to_version")
        self.view = QTextBrowser()
        self.view.setObjectName("redline")
        self.from_box.currentIndexChanged.connect(self.compare)
        self.to_box.currentIndexChanged.connect(self.compare)
        self.summary = QLabel()
        self.summary.setObjectName("redline_summary")
        print_btn = QPushButton(_("打印修改对照…"))
        print_btn.setObjectName("print_redline")
        print_btn.clicked.connect(self.print_redline)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(_("比较")))
        bar.addWidget(self.from_box)
        bar.addWidget(QLabel("→"))
        bar.addWidget(self.to_box)
        bar.addWidget(self.summary, 1)
        bar.addWidget(print_btn)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        w = QWidget()
        wl = QVBoxLayout(w)
        wl.setContentsMargins(0, 0, 0, 0)
        wl.addLayout(bar)
        wl.addWidget(self.view, 1)
        split.addWidget(w)
        split.setSizes([160, 420])
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(split)
        self._loading = False

    def load(self, contract_id: int) -> None:
        vs = cs.versions(self.page.ctx.db, contract_id)
        self._loading = True
        self.table.setRowCount(len(vs))
        for i, v in enumerate(vs):
            for j, text in enumerate((_("第{n}版").format(n=v.number), v.created_at.astimezone().strftime("%Y-%m-%d %H:%M"),
                                      v.saved_by, v.note)):
                self.table.setItem(i, j, QTableWidgetItem(text))
        for box in (self.from_box, self.to_box):
            box.clear()
            for v in vs:
                box.addItem(_("第{n}版").format(n=v.number), v.number)
        self.from_box.setCurrentIndex(max(0, len(vs) - 2))
        self.to_box.setCurrentIndex(len(vs) - 1)
        self._loading = False
        self.compare()

    def compare(self) -> None:
        cid = self.page.current_id
        if self._loading or cid is None or self.from_box.currentData() is None or self.to_box.currentData() is None:
            return
        segs = cs.redline(self.page.ctx.db, cid, int(self.from_box.currentData()), int(self.to_box.currentData()))
        ins = sum(len(t) for k, t in segs if k == "ins")
        dels = sum(len(t) for k, t in segs if k == "del")
        self.summary.setText(_("新增{i}字，删除{d}字").format(i=ins, d=dels))
        self.view.setHtml(redline_html(segs))

    def print_redline(self) -> None:
        cid = self.page.current_id
        if cid is None:
            return
        a, b = int(self.from_box.currentData()), int(self.to_box.currentData())

        def build(db: Any) -> Any:
            from app.documents import contract_docs as docs

            return docs.redline_document(cs.contract_file(db, cid), a, b, cs.redline(db, cid, a, b))

        self.page.print_doc(_("修改对照"), build, f"redline-{cid}-{a}-{b}.pdf")


class NegotiationView(QWidget):
    """要约 (with reply deadline), representatives (with all checks), recorder, meetings with minutes."""

    def __init__(self, page: ContractsPage) -> None:
        super().__init__()
        self.page = page
        self.offers = self._table("offers", [_("提出方"), _("发出"), _("收到"), _("答复期限"), _("答复"), _("内容")])
        self.reps = self._table("representatives", [_("一方"), _("姓名"), _("职务"), _("身份"), _("外聘"), _("劳动合同到期"),
                                                    _("离任")])
        self.reps.doubleClicked.connect(lambda _i: self.edit_rep())
        self.meetings = self._table("meetings", [_("次"), _("日期"), _("主持"), _("议程"), _("结果"), _("纪要签字")])
        self.checks = QLabel()
        self.checks.setObjectName("rep_findings")
        self.checks.setWordWrap(True)
        self.checks.setTextFormat(Qt.TextFormat.RichText)
        self.recorder = QLineEdit()
        self.recorder.setObjectName("recorder")
        self.recorder.setPlaceholderText(_("记录员（非协商代表）"))
        self.recorder.editingFinished.connect(self.save_recorder)
        self.buttons: dict[str, QPushButton] = {}

        def row(*items: tuple[str, str, Callable[[], None]]) -> QHBoxLayout:
            h = QHBoxLayout()
            for name, label, fn in items:
                b = QPushButton(label)
                b.setObjectName(name)
                b.clicked.connect(fn)
                self.buttons[name] = b
                h.addWidget(b)
            h.addStretch(1)
            return h

        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(QLabel(_("要约")))
        lay.addLayout(row(("add_offer", _("登记要约…"), self.add_offer), ("record_reply", _("登记书面答复…"), self.record_reply),
                          ("print_offer", _("打印要约书…"), self.print_offer)))
        lay.addWidget(self.offers, 1)
        lay.addWidget(QLabel(_("协商代表")))
        rec = row(("add_rep", _("新增代表…"), self.add_rep), ("edit_rep", _("编辑…"), self.edit_rep),
                  ("remove_rep", _("删除"), self.remove_rep))
        rec.addWidget(QLabel(_("记录员：")))
        rec.addWidget(self.recorder)
        lay.addLayout(rec)
        lay.addWidget(self.reps, 2)
        lay.addWidget(self.checks)
        lay.addWidget(QLabel(_("协商会议")))
        lay.addLayout(row(("add_meeting", _("记录会议…"), self.add_meeting),
                          ("sign_worker", _("职工方首席签字"), lambda: self.sign("worker")),
                          ("sign_employer", _("企业方首席签字"), lambda: self.sign("employer")),
                          ("print_minutes", _("打印会议纪要…"), self.print_minutes)))
        lay.addWidget(self.meetings, 1)
        self._offer_ids: list[int] = []
        self._rep_ids: list[int] = []
        self._meeting_numbers: list[tuple[int, int]] = []

    def _table(self, name: str, headers: list[str]) -> QTableWidget:
        t = QTableWidget(0, len(headers))
        t.setObjectName(name)
        t.setHorizontalHeaderLabels(headers)
        t.horizontalHeader().setStretchLastSection(True)
        t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        t.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        t.verticalHeader().setVisible(False)
        return t

    @staticmethod
    def _fill(t: QTableWidget, rows: list[list[str]]) -> None:
        t.setRowCount(len(rows))
        for i, r in enumerate(rows):
            for j, text in enumerate(r):
                t.setItem(i, j, QTableWidgetItem(text))
        t.resizeColumnsToContents()

    def load(self, contract_id: int) -> None:
        db = self.page.ctx.db
        c = cs.get_contract(db, contract_id)
        offers = cs.offers(db, contract_id)
        self._offer_ids = [o.id for o in offers]  # type: ignore[misc]
        self._fill(self.offers, [[rules.side_label(o.from_side), str(o.sent_on), str(o.received_on or ""),
                                  str(cs.offer_deadline(db, o).due), str(o.reply_on or ""), o.topics] for o in offers])
        reps = cs.representatives(db, contract_id)
        self._rep_ids = [r.id for r in reps]  # type: ignore[misc]
        self._fill(self.reps, [[rules.side_label(r.side), r.name, r.post,
                                _("首席代表") if r.chief else _("代表"), _("是") if r.outsider else "",
                                str(r.labour_contract_end or ""), str(r.left_on or "")] for r in reps])
        ms = cs.meetings(db, contract_id)
        self._meeting_numbers = [(m.id, m.number) for m in ms]  # type: ignore[misc]
        self._fill(self.meetings, [[str(m.number), str(m.held_on), rules.side_label(m.chaired_by), m.agenda,
                                    _(cs.MEETING_OUTCOMES.get(m.outcome, m.outcome)),
                                    (_("职工方✓") if m.signed_worker else _("职工方✗")) + " "
                                    + (_("企业方✓") if m.signed_employer else _("企业方✗"))] for m in ms])
        self.recorder.setText(c.recorder_name)
        self.checks.setText(_findings_html(cs.check_representatives(db, contract_id).findings))

    def _selected(self, table: QTableWidget, ids: list[Any]) -> Any:
        r = table.currentRow()
        return ids[r] if 0 <= r < len(ids) else None

    def _do(self, fn: Callable[[], Any], message: str = "") -> bool:
        try:
            fn()
        except DomainError as e:
            show_error(self, e)
            return False
        self.page.changed(message)
        return True

    def add_offer(self) -> None:
        cid = self.page.current_id
        dlg = OfferDialog(self)
        if cid is not None and dlg.exec():
            self._do(lambda: cs.send_offer(self.page.ctx.db, cid, **dlg.values()), _("已登记要约"))

    def record_reply(self) -> None:
        oid = self._selected(self.offers, self._offer_ids)
        if oid is None:
            info(self, _("登记书面答复"), _("请先在表中选中一份要约"))
            return
        dlg = DateNoteDialog(self, _("登记书面答复"), _("答复内容"))
        if dlg.exec():
            v = dlg.values()
            self._do(lambda: cs.record_reply(self.page.ctx.db, oid, reply_on=v["on"], note=v["note"]), _("已登记答复"))

    def add_rep(self) -> None:
        cid = self.page.current_id
        dlg = RepDialog(self)
        if cid is not None and dlg.exec():
            self._do(lambda: cs.add_representative(self.page.ctx.db, cid, dlg.values()), _("已新增代表"))

    def edit_rep(self) -> None:
        rid = self._selected(self.reps, self._rep_ids)
        if rid is None:
            return
        rep = next(r for r in cs.representatives(self.page.ctx.db, self.page.current_id) if r.id == rid)  # type: ignore[arg-type]
        dlg = RepDialog(self, rep)
        if dlg.exec():
            self._do(lambda: cs.update_representative(self.page.ctx.db, rid, dlg.values()), _("已保存代表"))

    def remove_rep(self) -> None:
        rid = self._selected(self.reps, self._rep_ids)
        if rid is not None and confirm(self, _("删除代表"), _("删除误录的代表？（代表离任请用“编辑”填写离任日期）")):
            self._do(lambda: cs.remove_representative(self.page.ctx.db, rid), _("已删除代表"))

    def save_recorder(self) -> None:
        cid = self.page.current_id
        if cid is None:
            return
        if cs.get_contract(self.page.ctx.db, cid).recorder_name != self.recorder.text().strip():
            self._do(lambda: cs.update_contract(self.page.ctx.db, cid, {"recorder_name": self.recorder.text()}))

    def add_meeting(self) -> None:
        cid = self.page.current_id
        dlg = MeetingDialog(self)
        if cid is not None and dlg.exec():
            self._do(lambda: cs.add_meeting(self.page.ctx.db, cid, **dlg.values()), _("已记录协商会议"))

    def sign(self, side: str) -> None:
        sel = self._selected(self.meetings, self._meeting_numbers)
        if sel is None:
            info(self, _("会议纪要签字"), _("请先在表中选中一次会议"))
            return
        self._do(lambda: cs.sign_minutes(self.page.ctx.db, sel[0], side), _("已登记签字"))

    def print_offer(self) -> None:
        cid = self.page.current_id
        if cid is None:
            return
        from app.documents import contract_docs as docs

        self.page.print_doc(_("要约书"), lambda db: docs.offer_document(cs.contract_file(db, cid)), f"offer-{cid}.pdf")

    def print_minutes(self) -> None:
        cid = self.page.current_id
        sel = self._selected(self.meetings, self._meeting_numbers)
        if cid is None or sel is None:
            info(self, _("打印会议纪要"), _("请先在表中选中一次会议"))
            return
        from app.documents import contract_docs as docs

        self.page.print_doc(_("会议纪要"), lambda db: docs.minutes_document(cs.contract_file(db, cid), sel[1]),
                            f"minutes-{cid}-{sel[1]}.pdf")


class LifeView(QWidget):
    """Vote, signing, filing, review, taking effect, publication, renewal — and the dated timeline."""

    STEPS = ("vote", "sign", "file", "received", "objection", "renegotiate", "take_effect", "publish", "renew", "change")

    def __init__(self, page: ContractsPage) -> None:
        super().__init__()
        self.page = page
        self.state = QLabel()
        self.state.setObjectName("contract_state")
        self.state.setStyleSheet("font-size: 15px; font-weight: bold;")
        self.next_steps = QLabel()
        self.next_steps.setObjectName("next_deadlines")
        self.next_steps.setWordWrap(True)
        self.buttons: dict[str, QPushButton] = {}
        grid = QGridLayout()
        labels = {"vote": _("职代会表决…"), "sign": _("双方首席签字…"), "file": _("报送审查…"), "received": _("劳动行政部门收到…"),
                  "objection": _("收到审查意见书…"), "renegotiate": _("重新协商"), "take_effect": _("确认生效"),
                  "publish": _("向职工公布…"), "renew": _("续订（新合同）"), "change": _("变更（新合同）")}
        for i, key in enumerate(self.STEPS):
            b = QPushButton(labels[key])
            b.setObjectName(f"step_{key}")
            b.clicked.connect(lambda _c=False, k=key: self.step(k))
            self.buttons[key] = b
            grid.addWidget(b, i // 5, i % 5)
        self.wage = QGroupBox(_("工资专项数据"))
        wl = QFormLayout(self.wage)
        self.wage_fields: dict[str, QLineEdit] = {}
        for key, label in (("prev_avg_wage", _("上年度职工月平均工资（元）")), ("wage_increase_pct", _("工资调整幅度（%）")),
                           ("lowest_wage", _("本单位最低工资（元/月）")), ("people_covered", _("涉及职工人数"))):
            e = QLineEdit()
            e.setObjectName(key)
            e.editingFinished.connect(self.save_wage)
            self.wage_fields[key] = e
            wl.addRow(label, e)
        self.timeline = QTableWidget(0, 3)
        self.timeline.setObjectName("timeline")
        self.timeline.setHorizontalHeaderLabels([_("日期"), _("事项"), _("说明")])
        self.timeline.horizontalHeader().setStretchLastSection(True)
        self.timeline.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.timeline.verticalHeader().setVisible(False)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.state)
        lay.addWidget(self.next_steps)
        lay.addLayout(grid)
        lay.addWidget(self.wage)
        lay.addWidget(QLabel(_("时间线（协商情况）")))
        lay.addWidget(self.timeline, 1)

    def load(self, contract_id: int) -> None:
        db = self.page.ctx.db
        c = cs.get_contract(db, contract_id)
        self.state.setText(_("当前状态：{s}").format(s=cs.state_label(c.state)))
        allowed = cs.TRANSITIONS.get(c.state, set())
        enabled = {"vote": c.state == "agreed", "sign": "signed" in allowed, "file": "filed" in allowed,
                   "received": "reviewing" in allowed, "objection": "objection" in allowed,
                   "renegotiate": c.state == "objection", "take_effect": c.state == "reviewing",
                   "publish": c.state == "in_force" and c.published_on is None,
                   "renew": c.state in ("in_force", "ended"), "change": c.state == "in_force"}
        for k, b in self.buttons.items():
            b.setEnabled(enabled[k])
        mine = [i for i in cs.deadlines(db) if i.contract_id == contract_id]
        self.next_steps.setText("\n".join(f"{i.due.isoformat()}  {_(cs.DEADLINE_STATUS[i.status])}  {i.what}" for i in mine)
                                or _("没有待办期限"))
        self.wage.setVisible(c.kind == "wage")
        for k, e in self.wage_fields.items():
            v = getattr(c, k)
            e.setText(str(v) if v not in (None, 0) else "")
        evs = cs.events(db, contract_id)
        self.timeline.setRowCount(len(evs))
        for i, e in enumerate(evs):
            for j, text in enumerate((e.on_date.isoformat(), _(cs.EVENT_KINDS.get(e.kind, e.kind)), e.note)):
                self.timeline.setItem(i, j, QTableWidgetItem(text))
        self.timeline.resizeColumnsToContents()

    def save_wage(self) -> None:
        cid = self.page.current_id
        if cid is None:
            return
        values = {k: e.text() for k, e in self.wage_fields.items()}
        c = cs.get_contract(self.page.ctx.db, cid)
        if all(str(getattr(c, k) or "") == v or (v == "" and getattr(c, k) in (0, "")) for k, v in values.items()):
            return
        try:
            cs.update_contract(self.page.ctx.db, cid, values)
        except DomainError as e:
            show_error(self, e)
            return
        self.page.changed(_("已保存工资数据"))

    def step(self, key: str) -> None:
        cid = self.page.current_id
        if cid is None:
            return
        db = self.page.ctx.db
        try:
            if key == "vote":
                from app.rules.profile import current_profile

                dlg = VoteDialog(self, current_profile(db), cs.congress_meetings(db))
                if not dlg.exec():
                    return
                vals = dlg.values()
                mid = dlg.meeting_id()
                if mid is not None:
                    _v, res = cs.record_vote_at_congress(db, cid, mid, in_favour=vals["in_favour"],
                                                         against=vals["against"], abstain=vals["abstain"],
                                                         present=vals["present"], held_on=vals["held_on"])
                else:
                    _v, res = cs.record_vote(db, cid, **vals)
                if not res.passed:
                    info(self, _("职代会表决"), _("草案未获通过，已退回协商：") + "；".join(f.message for f in res.findings))
            elif key in ("sign", "file", "received", "objection", "publish"):
                titles = {"sign": _("双方首席代表签字"), "file": _("报送劳动行政部门审查"), "received": _("劳动行政部门收到文本"),
                          "objection": _("收到审查意见书"), "publish": _("向全体职工公布")}
                note = {"objection": _("审查意见"), "publish": _("公布方式")}.get(key, "")
                dlg2 = DateNoteDialog(self, titles[key], note)
                if not dlg2.exec():
                    return
                v = dlg2.values()
                {"sign": lambda: cs.sign(db, cid, v["on"]), "file": lambda: cs.file_contract(db, cid, v["on"]),
                 "received": lambda: cs.record_received(db, cid, v["on"]),
                 "objection": lambda: cs.record_objection(db, cid, v["on"], v["note"]),
                 "publish": lambda: cs.publish(db, cid, v["on"], v["note"])}[key]()
            elif key == "renegotiate":
                from datetime import date

                cs.renegotiate(db, cid, date.today())
            elif key == "take_effect":
                cs.take_effect(db, cid)
            elif key in ("renew", "change"):
                new = cs.successor(db, cid, reason=key)
                self.page.changed(_("已新建合同 {id}").format(id=new.id), select=new.id)
                return
        except DomainError as e:
            show_error(self, e)
            return
        self.page.changed(_("已更新"))


class DeadlinesView(QWidget):
    """Every open deadline of every contract, overdue first."""

    def __init__(self, page: ContractsPage) -> None:
        super().__init__()
        self.page = page
        self.table = QTableWidget(0, 5)
        self.table.setObjectName("deadlines")
        self.table.setHorizontalHeaderLabels([_("日期"), _("状态"), _("合同"), _("事项"), _("依据")])
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.doubleClicked.connect(self._open)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.table)
        self.items: list[cs.DeadlineItem] = []

    def load(self) -> None:
        self.items = cs.deadlines(self.page.ctx.db)
        self.table.setRowCount(len(self.items))
        colours = {"overdue": "#c0392b", "due": "#b9770e", "open": "#1f618d"}
        for i, d in enumerate(self.items):
            cells = (d.due.isoformat() + ("*" if d.approximate else ""), _(cs.DEADLINE_STATUS[d.status]),
                     f"{d.contract_id}  {d.title}", d.what, d.cite)
            for j, text in enumerate(cells):
                it = QTableWidgetItem(text)
                if d.status in colours:
                    it.setForeground(QColor(colours[d.status]))
                if j == 0 and d.approximate:
                    it.setToolTip("* " + workdays.approximate_note())
                self.table.setItem(i, j, it)
        self.table.resizeColumnsToContents()

    def _open(self, index: QModelIndex) -> None:
        if 0 <= index.row() < len(self.items):
            self.page.select(self.items[index.row()].contract_id)
            self.page.top.setCurrentIndex(0)


class ContractsPage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.current_id: int | None = None
        self.model = ContractListModel(self)
        self.list = QTableView()
        self.list.setObjectName("contracts_table")
        self.list.setModel(self.model)
        self.list.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.verticalHeader().setVisible(False)
        self.list.horizontalHeader().setStretchLastSection(True)
        self.list.setMinimumWidth(280)
        self.list.selectionModel().currentRowChanged.connect(self._on_select)

        self.toolbar = QToolBar()
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for label, fn, name in ((_("新建合同…"), self.new_contract, "new_contract"),
                                (_("打印合同文本…"), self.print_contract, "print_contract"),
                                (_("打印报送材料…"), self.print_filing_pack, "print_filing_pack"),
                                (_("打印表决决议…"), self.print_vote, "print_vote"),
                                (_("最低工资标准…"), self.minimum_wage, "minimum_wage")):
            a = QAction(label, self)
            a.setObjectName(name)
            a.triggered.connect(fn)
            self.toolbar.addAction(a)

        self.header = QLabel()
        self.header.setObjectName("contract_header")
        self.header.setStyleSheet("font-size: 16px; font-weight: bold;")
        self.tabs = QTabWidget()
        self.tabs.setObjectName("contract_tabs")
        self.draft = DraftEditor(self)
        self.versions = VersionsView(self)
        self.negotiation = NegotiationView(self)
        self.life = LifeView(self)
        self.tabs.addTab(self.draft, _("草案"))
        self.tabs.addTab(self.versions, _("版本与对照"))
        self.tabs.addTab(self.negotiation, _("协商"))
        self.tabs.addTab(self.life, _("表决、签字与报送"))
        detail = QWidget()
        dl = QVBoxLayout(detail)
        dl.setContentsMargins(0, 0, 0, 0)
        dl.addWidget(self.header)
        dl.addWidget(self.tabs, 1)
        split = QSplitter()
        split.addWidget(self.list)
        split.addWidget(detail)
        split.setSizes([470, 820])
        self.deadlines = DeadlinesView(self)
        self.top = QTabWidget()
        self.top.setObjectName("contracts_top")
        self.top.addTab(split, _("合同"))
        self.top.addTab(self.deadlines, _("期限一览"))
        self.status = QLabel()
        self.status.setObjectName("contracts_status")
        lay = QVBoxLayout(self)
        lay.addWidget(self.toolbar)
        lay.addWidget(self.top, 1)
        lay.addWidget(self.status)
        self.refresh()

    # state ------------------------------------------------------------------------------------------------
    def activate(self) -> None:
        cs.refresh_states(self.ctx.db)
        self.refresh()

    def refresh(self, select: int | None = None) -> None:
        rows = cs.list_contracts(self.ctx.db)
        keep = select if select is not None else self.current_id
        self.model.load(rows)
        self.list.resizeColumnsToContents()
        self.deadlines.load()
        ids = [r.id for r in rows]
        if keep in ids:
            self.select(keep)  # type: ignore[arg-type]
        elif ids:
            self.select(ids[0])
        else:
            self.current_id = None
            self.header.setText(_("还没有集体合同。点“新建合同”开始起草。"))
            self.tabs.setEnabled(False)

    def select(self, contract_id: int) -> None:
        ids = [r.id for r in self.model.rows]
        if contract_id in ids:
            self.list.selectRow(ids.index(contract_id))
            if self.current_id != contract_id:
                self._load(contract_id)

    def _on_select(self, cur: QModelIndex, _prev: QModelIndex) -> None:
        if cur.isValid():
            self._load(self.model.rows[cur.row()].id)

    def _load(self, contract_id: int) -> None:
        self.current_id = contract_id
        c = cs.get_contract(self.ctx.db, contract_id)
        self.header.setText(f"{c.title}　〔{rules.kind_label(c.kind)} · {cs.state_label(c.state)}〕")
        self.tabs.setEnabled(True)
        for view in (self.draft, self.versions, self.negotiation, self.life):
            view.load(contract_id)

    def changed(self, message: str = "", select: int | None = None) -> None:
        """After an operation: reload what this page shows and tell the rest of the window."""
        self.status.setText(message)
        cid = select if select is not None else self.current_id
        self.current_id = None
        self.refresh(cid)
        self.ctx.notify("contracts")

    # actions ----------------------------------------------------------------------------------------------
    def new_contract(self) -> None:
        dlg = NewContractDialog(self)
        if not dlg.exec():
            return
        v = dlg.values()
        try:
            c = cs.create_contract(self.ctx.db, v["kind"], v["title"], term_start=v["term_start"],
                                   term_end=v["term_end"], from_library=v["from_library"], large_firm=v["large_firm"])
        except DomainError as e:
            show_error(self, e)
            return
        self.changed(_("已新建合同 {id}").format(id=c.id), select=c.id)

    def minimum_wage(self) -> None:
        entries = cs.minimum_wage_entries(self.ctx.db)
        current = "\n".join(f"{d.isoformat()}  {y} " + _("元") for d, y, _src in entries) or _("（未设置）")
        dlg = DateNoteDialog(self, _("当地月最低工资标准"), _("金额（元/月）"),
                             _("已有：\n{c}\n新的标准自所填日期起适用；工资专项合同按其起始日的标准检查。").format(c=current))
        if dlg.exec():
            v = dlg.values()
            try:
                cs.set_minimum_wage(self.ctx.db, v["on"], v["note"])
            except DomainError as e:
                show_error(self, e)
                return
            self.changed(_("已保存最低工资标准"))

    def print_doc(self, title: str, build: Callable[[Any], Any], default_name: str) -> None:
        """Preview the document (print, save as PDF or Word) — built and rendered off the GUI thread."""
        from ui.print_preview import show_print_preview

        db = self.ctx.db
        show_print_preview(self, lambda: build(db), Path(default_name).stem or title)

    def print_contract(self) -> None:
        if self.current_id is None:
            return
        cid = self.current_id
        from app.documents import contract_docs as docs

        self.print_doc(_("合同文本"), lambda db: docs.contract_document(cs.contract_file(db, cid)), f"contract-{cid}.pdf")

    def print_filing_pack(self) -> None:
        if self.current_id is None:
            return
        cid = self.current_id
        from app.documents import contract_docs as docs

        self.print_doc(_("报送材料"), lambda db: docs.filing_pack_document(cs.contract_file(db, cid)),
                       f"filing-pack-{cid}.pdf")

    def print_vote(self) -> None:
        if self.current_id is None:
            return
        cid = self.current_id
        from app.documents import contract_docs as docs

        self.print_doc(_("表决决议"), lambda db: docs.vote_document(cs.contract_file(db, cid)), f"vote-{cid}.pdf")
