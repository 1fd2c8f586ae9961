"""The hardship page: household files (category/state filters, re-check due dates, reminders), visits and
campaigns, and the fund ledger. ID numbers are masked everywhere; sensitive data lives in the editor behind
the household's consent."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from app.i18n import N_, _
from app.privacy_mask import mask_id
from app.rules.hardship import CATEGORIES, category_label, yuan
from app.services import hardship as hs
from ui.context import AppContext
from ui.dialogs import info, show_error
from ui.qt import *

FILE_COLUMNS = [N_("编号"), N_("姓名"), N_("身份证号"), N_("困难类别"), N_("状态"), N_("主要致困原因"), N_("家庭人口"),
                N_("下次复核")]


class FilesModel(QAbstractTableModel):
    """The files of the current filter (a union keeps tens to hundreds of files: rows are small plain objects)."""

    def __init__(self, ctx: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.rows: list[hs.FileRow] = []
        self.category: str | None = None
        self.state: str | None = None
        self.search = ""

    def reload(self) -> None:
        self.beginResetModel()
        self.rows = hs.list_files(self.ctx.db, category=self.category, state=self.state or None, search=self.search)
        self.endResetModel()

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(FILE_COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return _(FILE_COLUMNS[section])
        return None

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        r = self.rows[index.row()]
        c = index.column()
        if role == Qt.ItemDataRole.ForegroundRole and c == 7 and r.next_recheck_on and r.next_recheck_on < date.today():
            return QColor("#c0392b")
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        return [str(r.id), r.name, mask_id(r.id_number), category_label(r.category) if r.category else "—",
                hs.state_label(r.state), _(r.main_cause) if r.main_cause else "", str(r.household_size),
                r.next_recheck_on.isoformat() if r.next_recheck_on else ""][c]

    def file_id(self, row: int) -> int | None:
        return self.rows[row].id if 0 <= row < len(self.rows) else None


def _table(obj_name: str) -> QTableWidget:
    t = QTableWidget()
    t.setObjectName(obj_name)
    t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    t.setAlternatingRowColors(True)
    t.verticalHeader().setVisible(False)
    t.horizontalHeader().setStretchLastSection(True)
    return t


def fill(table: QTableWidget, headers: list[str], rows: list[list[str]], data: list[Any] | None = None,
         numeric: tuple[int, ...] = ()) -> None:
    """Fill ``table``; the ``numeric`` columns (money, counts) are right-aligned so their digits line up."""
    table.clear()
    table.setColumnCount(len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setRowCount(len(rows))
    for i, row in enumerate(rows):
        for j, v in enumerate(row):
            it = QTableWidgetItem(v)
            if data is not None and j == 0:
                it.setData(Qt.ItemDataRole.UserRole, data[i])
            if j in numeric:
                it.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            table.setItem(i, j, it)
    table.resizeColumnsToContents()


def print_document(parent: QWidget, build, name: str) -> None:
    """Build the document off the GUI thread and open the print preview (print, save as PDF or Word)."""
    from ui.print_preview import show_print_preview

    show_print_preview(parent, build, name)


class HardshipPage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._dialogs: list[QDialog] = []
        self.tabs = QTabWidget()
        self.tabs.setObjectName("hardship_tabs")
        self.tabs.addTab(self._files_tab(), _("困难档案"))
        self.tabs.addTab(self._visits_tab(), _("走访慰问"))
        self.tabs.addTab(self._ledger_tab(), _("资金台账"))
        lay = QVBoxLayout(self)
        lay.addWidget(self.tabs)
        ctx.changed.connect(self._on_changed)
        self.reload()

    # files ---------------------------------------------------------------------------------------------------
    def _files_tab(self) -> QWidget:
        w = QWidget()
        self.model = FilesModel(self.ctx, self)
        bar = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setObjectName("search")
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(_("搜索：姓名或身份证号尾号"))
        self.search.textChanged.connect(self.apply_filters)
        self.category_filter = QComboBox()
        self.category_filter.setObjectName("category_filter")
        self.category_filter.addItem(_("全部类别"), None)
        for c in CATEGORIES:
            self.category_filter.addItem(category_label(c), c)
        self.state_filter = QComboBox()
        self.state_filter.setObjectName("state_filter")
        self.state_filter.addItem(_("全部状态"), "")
        for s in hs.STATES:
            self.state_filter.addItem(hs.state_label(s), s)
        for cb in (self.category_filter, self.state_filter):
            cb.currentIndexChanged.connect(self.apply_filters)
        self.count_label = QLabel()
        self.count_label.setObjectName("count")
        new_btn = QPushButton(_("新建档案…"))
        new_btn.setObjectName("new_file")
        new_btn.clicked.connect(self.new_file)
        open_btn = QPushButton(_("打开"))
        open_btn.clicked.connect(self.open_current)
        print_btn = QPushButton(_("打印档案…"))
        print_btn.clicked.connect(self.print_current)
        pub_btn = QPushButton(_("公示名单…"))
        pub_btn.clicked.connect(self.print_publicity)
        std_btn = QPushButton(_("低保标准…"))
        std_btn.clicked.connect(self.edit_standard)
        for x in (self.search,):
            bar.addWidget(x, 2)
        for x in (self.category_filter, self.state_filter, self.count_label):
            bar.addWidget(x)
        bar.addStretch(1)
        for x in (new_btn, open_btn, print_btn, pub_btn, std_btn):
            bar.addWidget(x)
        self.table = QTableView()
        self.table.setObjectName("files_table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        for i, wd in enumerate((50, 90, 170, 80, 80, 110, 70)):
            self.table.setColumnWidth(i, wd)
        self.table.doubleClicked.connect(lambda _i: self.open_current())
        self.reminder_list = QListWidget()
        self.reminder_list.setObjectName("reminders")
        self.reminder_list.setMaximumHeight(130)
        self.reminder_list.itemDoubleClicked.connect(
            lambda it: self.open_file(int(it.data(Qt.ItemDataRole.UserRole))))
        lay = QVBoxLayout(w)
        lay.addLayout(bar)
        lay.addWidget(self.table, 1)
        lay.addWidget(QLabel(_("提醒（年度复核、解困评估、回访）：")))
        lay.addWidget(self.reminder_list)
        return w

    def apply_filters(self) -> None:
        self.model.category = self.category_filter.currentData()
        self.model.state = self.state_filter.currentData()
        self.model.search = self.search.text().strip()
        self.model.reload()
        self.count_label.setText(_("共 {n} 户").format(n=self.model.rowCount()))

    def reload_reminders(self) -> None:
        self.reminder_list.clear()
        for r in hs.reminders(self.ctx.db):
            it = QListWidgetItem(f"{r.due_on}  {r.name}  [{_(r.kind)}]  {r.message}")
            it.setData(Qt.ItemDataRole.UserRole, r.file_id)
            it.setToolTip(r.cite)
            self.reminder_list.addItem(it)

    def current_id(self) -> int | None:
        idx = self.table.currentIndex()
        return self.model.file_id(idx.row()) if idx.isValid() else None

    def new_file(self) -> None:
        from ui.hardship.dialogs import MemberPicker

        dlg = MemberPicker(self.ctx, self)
        if dlg.exec() and dlg.member_id is not None:
            try:
                f = hs.create_file(self.ctx.db, dlg.member_id)
            except Exception as e:  # noqa: BLE001
                show_error(self, e)
                return
            self.ctx.notify("hardship")
            self.open_file(f.id)  # type: ignore[arg-type]

    def open_current(self) -> None:
        fid = self.current_id()
        if fid is not None:
            self.open_file(fid)

    def open_file(self, file_id: int) -> None:
        from ui.hardship.editor import FileEditor

        dlg = FileEditor(self.ctx, file_id, self)
        self._dialogs.append(dlg)
        dlg.finished.connect(lambda _r: self._dialogs.remove(dlg) if dlg in self._dialogs else None)
        dlg.open()

    def print_current(self) -> None:
        fid = self.current_id()
        if fid is None:
            return
        from app.documents.hardship_docs import file_document

        print_document(self, lambda: file_document(self.ctx.db, fid), _("困难职工档案"))

    def print_publicity(self) -> None:
        from app.documents.hardship_docs import publicity_document

        print_document(self, lambda: publicity_document(self.ctx.db), _("公示名单"))

    def edit_standard(self) -> None:
        from ui.hardship.dialogs import StandardDialog

        if StandardDialog(self.ctx, self).exec():
            self.ctx.notify("hardship")

    # visits --------------------------------------------------------------------------------------------------
    def _visits_tab(self) -> QWidget:
        w = QWidget()
        bar = QHBoxLayout()
        self.campaign_box = QComboBox()
        self.campaign_box.setObjectName("campaigns")
        self.campaign_box.currentIndexChanged.connect(self.reload_campaign)
        new_btn = QPushButton(_("新建走访活动…"))
        new_btn.setObjectName("new_campaign")
        new_btn.clicked.connect(self.new_campaign)
        done_btn = QPushButton(_("登记已走访…"))
        done_btn.setObjectName("tick_visit")
        done_btn.clicked.connect(self.tick_visit)
        sign_btn = QPushButton(_("打印签收表…"))
        sign_btn.clicked.connect(self.print_signoff)
        photo_btn = QPushButton(_("添加照片…"))
        photo_btn.clicked.connect(self.add_visit_photo)
        self.progress_label = QLabel()
        self.progress_label.setObjectName("campaign_progress")
        bar.addWidget(QLabel(_("走访活动：")))
        bar.addWidget(self.campaign_box, 1)
        bar.addWidget(self.progress_label)
        for b in (new_btn, done_btn, photo_btn, sign_btn):
            bar.addWidget(b)
        self.visit_table = _table("visit_table")
        self.visit_table.doubleClicked.connect(lambda _i: self.tick_visit())
        lay = QVBoxLayout(w)
        lay.addLayout(bar)
        lay.addWidget(self.visit_table)
        return w

    def reload_campaigns(self) -> None:
        current = self.campaign_box.currentData()
        self.campaign_box.blockSignals(True)
        self.campaign_box.clear()
        for c in reversed(hs.list_campaigns(self.ctx.db)):
            self.campaign_box.addItem(f"{c.name}（{c.year}）", c.id)
        if current is not None and self.campaign_box.findData(current) >= 0:
            self.campaign_box.setCurrentIndex(self.campaign_box.findData(current))
        self.campaign_box.blockSignals(False)
        self.reload_campaign()

    def reload_campaign(self) -> None:
        cid = self.campaign_box.currentData()
        if cid is None:
            fill(self.visit_table, [], [])
            self.progress_label.setText("")
            return
        p = hs.campaign_progress(self.ctx.db, cid)
        items = p.left + p.done
        rows = [[name, _("待走访") if not v.done else _("已走访"), v.visited_on.isoformat() if v.visited_on else "",
                 v.visitors, yuan(v.cash_fen), v.goods, _(v.signature)] for v, name in items]
        fill(self.visit_table, [_("户主"), _("状态"), _("走访日期"), _("走访人"), _("慰问金（元）"), _("物品"), _("签收")],
             rows, [v.id for v, _n in items], numeric=(4,))
        self.progress_label.setText(_("已走访 {d} 户，还剩 {l} 户").format(d=len(p.done), l=len(p.left)))

    def new_campaign(self) -> None:
        from ui.hardship.dialogs import CampaignDialog

        dlg = CampaignDialog(self.ctx, self)
        if dlg.exec():
            self.ctx.notify("hardship")
            idx = self.campaign_box.findData(dlg.campaign_id)
            if idx >= 0:
                self.campaign_box.setCurrentIndex(idx)

    def current_visit(self) -> int | None:
        row = self.visit_table.currentRow()
        item = self.visit_table.item(row, 0) if row >= 0 else None
        return int(item.data(Qt.ItemDataRole.UserRole)) if item is not None else None

    def add_visit_photo(self) -> None:
        vid = self.current_visit()
        if vid is None:
            return
        path, _f = QFileDialog.getOpenFileName(self, _("选择走访照片"), str(Path.home()),
                                               _("图片 (*.jpg *.jpeg *.png)"))
        if not path:
            return
        visit = next((v for v, _f in hs.list_visits(self.ctx.db) if v.id == vid), None)
        try:
            if visit is None:
                raise FileNotFoundError(path)
            hs.add_attachment(self.ctx.db, visit.file_id, "照片", path, Path(path).read_bytes(), visit_id=vid)
        except Exception as e:  # noqa: BLE001
            show_error(self, e)
            return
        info(self, _("已保存"), _("照片已保存到走访记录中"))

    def tick_visit(self) -> None:
        from ui.hardship.dialogs import VisitDialog

        vid = self.current_visit()
        if vid is None:
            return
        dlg = VisitDialog(self.ctx, vid, self)
        if dlg.exec():
            self.ctx.notify("hardship")

    def print_signoff(self) -> None:
        from app.documents.hardship_docs import signoff_document

        cid = self.campaign_box.currentData()
        if cid is None:
            return
        print_document(self, lambda: signoff_document(self.ctx.db, campaign_id=cid), _("慰问金发放签收表"))

    # ledger --------------------------------------------------------------------------------------------------
    def _ledger_tab(self) -> QWidget:
        w = QWidget()
        bar = QHBoxLayout()
        self.year_box = QSpinBox()
        self.year_box.setObjectName("ledger_year")
        self.year_box.setRange(2000, 2100)
        self.year_box.setValue(date.today().year)
        self.year_box.valueChanged.connect(self.reload_ledger)
        pay_btn = QPushButton(_("登记救助…"))
        pay_btn.setObjectName("new_payment")
        pay_btn.clicked.connect(self.new_payment)
        budget_btn = QPushButton(_("设置预算…"))
        budget_btn.clicked.connect(self.set_budget)
        export_btn = QPushButton(_("导出给财务…"))
        export_btn.clicked.connect(self.export_ledger)
        summary_btn = QPushButton(_("年度汇总…"))
        summary_btn.clicked.connect(self.print_summary)
        study_btn = QPushButton(_("打印助学申请表…"))
        study_btn.clicked.connect(self.print_study_aid)
        bar.addWidget(QLabel(_("年度：")))
        bar.addWidget(self.year_box)
        bar.addStretch(1)
        for b in (pay_btn, budget_btn, export_btn, summary_btn, study_btn):
            bar.addWidget(b)
        self.ledger_table = _table("ledger_table")
        self.payment_table = _table("payment_table")
        lay = QVBoxLayout(w)
        lay.addLayout(bar)
        lay.addWidget(self.ledger_table, 1)
        lay.addWidget(QLabel(_("救助发放明细：")))
        lay.addWidget(self.payment_table, 2)
        return w

    def reload_ledger(self) -> None:
        y = self.year_box.value()
        rows = [[_(r.aid_type), yuan(r.budget_fen) if r.budget_fen is not None else "—", yuan(r.paid_fen),
                 yuan(r.remaining_fen) if r.remaining_fen is not None else "—", str(r.count)]
                for r in hs.ledger(self.ctx.db, y)]
        fill(self.ledger_table, [_("类别"), _("预算（元）"), _("已支出（元）"), _("余额（元）"), _("笔数")], rows,
             numeric=(1, 2, 3, 4))
        pays = hs.list_payments(self.ctx.db, year=y)
        fill(self.payment_table, [_("日期"), _("户主"), _("身份证号"), _("类别"), _("金额（元）"), _("资金来源"), _("签收")],
             [[a.paid_on.isoformat(), f.name, mask_id(f.id_number), _(a.aid_type), yuan(a.amount_fen), a.fund,
               _(a.signature)] for a, f in pays], [a.id for a, _f in pays], numeric=(4,))

    def print_study_aid(self) -> None:
        from app.documents.hardship_docs import study_aid_document

        row = self.payment_table.currentRow()
        item = self.payment_table.item(row, 0) if row >= 0 else None
        if item is None:
            info(self, _("金秋助学申请表"), _("请先在明细中选中一笔金秋助学"))
            return
        aid_id = int(item.data(Qt.ItemDataRole.UserRole))
        print_document(self, lambda: study_aid_document(self.ctx.db, aid_id), _("金秋助学申请表"))

    def new_payment(self) -> None:
        from ui.hardship.dialogs import PaymentDialog

        if PaymentDialog(self.ctx, None, self).exec():
            self.ctx.notify("hardship")

    def set_budget(self) -> None:
        from ui.hardship.dialogs import BudgetDialog

        if BudgetDialog(self.ctx, self.year_box.value(), self).exec():
            self.ctx.notify("hardship")

    def export_ledger(self) -> None:
        y = self.year_box.value()
        path, _f = QFileDialog.getSaveFileName(self, _("导出资金台账"), str(Path.home() / f"帮扶资金台账-{y}.xlsx"),
                                               _("Excel 文件 (*.xlsx)"))
        if not path:
            return
        try:
            hs.export_ledger_xlsx(self.ctx.db, y, path)
        except Exception as e:  # noqa: BLE001
            show_error(self, e)
            return
        info(self, _("已导出"), path)

    def print_summary(self) -> None:
        from app.documents.hardship_docs import summary_document

        y = self.year_box.value()
        print_document(self, lambda: summary_document(self.ctx.db, y), _("{y}年度困难职工帮扶工作汇总").format(y=y))

    # refresh -------------------------------------------------------------------------------------------------
    def reload(self) -> None:
        self.apply_filters()
        self.reload_reminders()
        self.reload_campaigns()
        self.reload_ledger()

    def activate(self) -> None:
        self.table.setFocus()

    def _on_changed(self, area: str) -> None:
        if area in ("hardship", "roster"):
            self.reload()
