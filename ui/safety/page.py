"""数据安全 page: backups (list, create, restore, copy to a USB stick), keys and handover, the audit log,
retention and anonymisation, the idle lock."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from app.errors import DomainError
from app.i18n import N_, _, ngettext
from app.services import privacy, safety
from app.storage import backup, handover
from ui.context import AppContext
from ui.dialogs import confirm, info, show_error
from ui.qt import *
from ui.tasks import run_task

AUDIT_PAGE = 200


class AuditModel(QAbstractTableModel):
    """Audit entries matching a filter, fetched 200 at a time as the view scrolls."""

    HEADERS = (N_("时间"), N_("操作人"), N_("操作"), N_("数据表"), N_("记录"), N_("内容"))

    def __init__(self, ctx: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.filter = privacy.AuditFilter()
        self.rows: list[privacy.AuditRow] = []
        self.total = 0

    def set_filter(self, f: privacy.AuditFilter) -> None:
        self.beginResetModel()
        self.filter = f
        self.total = privacy.audit_count(self.ctx.db, f)
        self.rows = privacy.audit_entries(self.ctx.db, f, limit=AUDIT_PAGE)
        self.endResetModel()

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return len(self.HEADERS)

    def canFetchMore(self, parent: QModelIndex = QModelIndex()) -> bool:  # noqa: N802, B008
        return len(self.rows) < self.total

    def fetchMore(self, parent: QModelIndex = QModelIndex()) -> None:  # noqa: N802, B008
        more = privacy.audit_entries(self.ctx.db, self.filter, limit=AUDIT_PAGE, offset=len(self.rows))
        if not more:
            self.total = len(self.rows)
            return
        self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows) + len(more) - 1)
        self.rows += more
        self.endInsertRows()

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: N802, ANN201
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return _(self.HEADERS[section])
        return None

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: ANN201
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        a = self.rows[index.row()]
        values = (a.local_time(), a.actor, a.action_label, a.table_label, a.label, a.changes_text())
        return values[index.column()]


def _title(text: str) -> QLabel:
    lab = QLabel(text)
    lab.setStyleSheet("font-size: 15px; font-weight: bold; margin-top: 6px;")
    return lab


class SafetyPage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        title = QLabel(_("数据安全"))
        title.setStyleSheet("font-size: 18px; font-weight: bold;")
        self.tabs = QTabWidget()
        self.tabs.setObjectName("safety_tabs")
        self.tabs.addTab(self._backup_tab(), _("备份与恢复"))
        self.tabs.addTab(self._keys_tab(), _("密钥与交接"))
        self.tabs.addTab(self._audit_tab(), _("审计日志"))
        self.tabs.addTab(self._privacy_tab(), _("个人信息保护"))
        self.tabs.currentChanged.connect(lambda _i: self.activate())
        lay = QVBoxLayout(self)
        lay.addWidget(title)
        lay.addWidget(self.tabs)
        self.activate()

    # backups -----------------------------------------------------------------------------------------------
    def _backup_tab(self) -> QWidget:
        w = QWidget()
        lay = QVBoxLayout(w)
        self.status_label = QLabel()
        self.status_label.setObjectName("safety_status")
        self.status_label.setWordWrap(True)
        self.status_label.setTextFormat(Qt.TextFormat.RichText)
        lay.addWidget(self.status_label)
        row = QHBoxLayout()
        self.backup_button = QPushButton(_("立即备份"))
        self.backup_button.setObjectName("backup_now")
        self.backup_button.clicked.connect(self.backup_now)
        self.restore_button = QPushButton(_("恢复所选备份…"))
        self.restore_button.setObjectName("restore_selected")
        self.restore_button.clicked.connect(self.restore_selected)
        restore_file = QPushButton(_("从文件恢复…"))
        restore_file.clicked.connect(self.restore_from_file)
        usb = QPushButton(_("备份到文件夹（U盘）…"))
        usb.setObjectName("backup_to_folder")
        usb.clicked.connect(self.backup_to_folder)
        for b in (self.backup_button, self.restore_button, restore_file, usb):
            row.addWidget(b)
        row.addStretch(1)
        lay.addLayout(row)
        self.backup_table = QTableWidget(0, 5)
        self.backup_table.setObjectName("backup_table")
        self.backup_table.setHorizontalHeaderLabels([_("编号"), _("时间"), _("原因"), _("内容"), _("大小")])
        self.backup_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.backup_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.backup_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.backup_table.verticalHeader().setVisible(False)
        self.backup_table.horizontalHeader().setStretchLastSection(False)
        self.backup_table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.backup_table.doubleClicked.connect(lambda _i: self.restore_selected())
        lay.addWidget(self.backup_table, 1)
        note = QLabel(_("自动备份：每次升级和恢复前、有改动时每30分钟、关闭程序时。保留最近10份，"
                        "以及最近7天每天、4周每周、12个月每月各一份。备份与数据一样加密。"))
        note.setWordWrap(True)
        note.setStyleSheet("color: #555;")
        lay.addWidget(note)
        return w

    def refresh_backups(self) -> None:
        st = safety.status(self.ctx.db)
        yes, no = _("是"), _("否")
        lines = [
            _("数据文件夹：{v}").format(v=st.data_dir),
            _("已加密：{v}").format(v=yes if st.encrypted else no) + "　" +
            _("系统钥匙串：{v}").format(v=yes if st.keyring else no) + "　" +
            _("密钥指纹：{v}").format(v=st.key_fingerprint),
        ]
        if not st.recovery_set:
            lines.append("<span style='color:#b00020;font-weight:bold'>" +
                         _("尚未设置恢复口令：钥匙串丢失或换电脑时数据将无法打开。请在“密钥与交接”中设置。") + "</span>")
        self.status_label.setText("<br>".join(lines))
        items = backup.list_backups(self.ctx.db)
        self.backup_table.setRowCount(len(items))
        for r, b in enumerate(items):
            cells = (b.id, b.local_time(), b.reason_label, backup.counts_text(b.counts), f"{b.size // 1024} KB")
            for c, v in enumerate(cells):
                it = QTableWidgetItem(v)
                it.setData(Qt.ItemDataRole.UserRole, b.id)
                self.backup_table.setItem(r, c, it)
        self.backup_table.resizeColumnsToContents()
        self.backup_table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        if items:
            self.backup_table.selectRow(0)
        self.restore_button.setEnabled(bool(items))

    def backup_now(self) -> None:
        self.backup_button.setEnabled(False)

        def done(b: backup.BackupInfo) -> None:
            self.backup_button.setEnabled(True)
            self.refresh_backups()

        def failed(e: BaseException) -> None:
            self.backup_button.setEnabled(True)
            show_error(self, e)

        run_task(self, _("正在备份"), lambda progress: backup.create_backup(self.ctx.db, "manual"),
                 on_done=done, on_error=failed, cancellable=False)

    def selected_backup(self) -> str | None:
        rows = self.backup_table.selectionModel().selectedRows()
        if not rows:
            return None
        return self.backup_table.item(rows[0].row(), 0).data(Qt.ItemDataRole.UserRole)

    def _confirm_restore(self, b: backup.BackupInfo) -> bool:
        return confirm(self, _("恢复备份"), _(
            "用这份备份替换当前数据？\n\n备份时间：{date}\n内容：{counts}\n\n当前数据会先自动备份，恢复后仍可找回。").format(
            date=b.local_time(), counts=backup.counts_text(b.counts) or _("（未知）")), _("恢复"))

    def _restore(self, path: Path) -> None:
        def done(_r: object) -> None:
            self.ctx.notify("roster")
            self.ctx.notify("org")
            self.ctx.notify("restore")
            self.refresh_backups()
            info(self, _("恢复备份"), _("已恢复。恢复前的数据也已备份，可在列表中找到。"))

        run_task(self, _("正在恢复"), lambda progress: backup.restore_file(self.ctx.db, path), on_done=done,
                 on_error=lambda e: show_error(self, e), cancellable=False)

    def restore_selected(self) -> None:
        bid = self.selected_backup()
        if not bid:
            return
        try:
            b = backup.get_backup(self.ctx.db, bid)
        except DomainError as e:
            show_error(self, e)
            return
        if self._confirm_restore(b):
            self._restore(b.path)

    def restore_from_file(self) -> None:
        path, _f = QFileDialog.getOpenFileName(self, _("选择备份文件"), "", _("备份文件 (*.db)"))
        if not path:
            return
        try:
            b = backup.describe_file(Path(path), self.ctx.db.key)
        except DomainError as e:
            show_error(self, e)
            return
        if self._confirm_restore(b):
            self._restore(Path(path))

    def backup_to_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, _("选择保存备份的文件夹（例如U盘）"))
        if not folder:
            return
        run_task(self, _("正在备份"), lambda progress: backup.copy_to_folder(self.ctx.db, Path(folder)),
                 on_done=lambda p: (self.refresh_backups(), info(self, _("备份完成"), _(
                     "已保存到 {path}\n同名的 .key 文件是用恢复口令保护的密钥；在另一台电脑上用恢复口令即可打开。")
                     .format(path=p))),
                 on_error=lambda e: show_error(self, e), cancellable=False)

    # keys and handover -------------------------------------------------------------------------------------
    def _keys_tab(self) -> QWidget:
        w = QWidget()
        lay = QVBoxLayout(w)
        for title, text, button, name, slot in (
                (_("恢复口令"), _("密钥平时保存在系统钥匙串中。恢复口令是钥匙串丢失或换电脑时打开数据的唯一办法，请写在纸上单独保管。"),
                 _("设置或更改恢复口令…"), "set_recovery", self.set_recovery),
                (_("恢复说明"), _("打印一页说明：数据在哪里、如何恢复、日期。说明上不含口令。"),
                 _("生成恢复说明…"), "recovery_sheet", self.write_sheet),
                (_("换届交接"), _("导出交接包：全部数据，用一个新的交接口令保护。新任主席在自己的电脑上用“打开交接包”和这个口令打开"
                                 "（命令行：uniondesk handover open 文件）。"),
                 _("导出交接包…"), "handover_export", self.export_handover)):
            lay.addWidget(_title(title))
            t = QLabel(text)
            t.setWordWrap(True)
            lay.addWidget(t)
            btn = QPushButton(button)
            btn.setObjectName(name)
            btn.clicked.connect(slot)
            lay.addWidget(btn, 0, Qt.AlignmentFlag.AlignLeft)
        lay.addStretch(1)
        return w

    def set_recovery(self) -> None:
        from ui.safety.passphrase import ask_passphrase

        value = ask_passphrase(self, "new")
        if value is None:
            return
        try:
            safety.set_recovery_passphrase(self.ctx.db, value)
        except DomainError as e:
            show_error(self, e)
            return
        self.refresh_backups()
        info(self, _("恢复口令"), _("已设置恢复口令。旧口令从此不能再打开这份数据。"))

    def write_sheet(self) -> None:
        path, _f = QFileDialog.getSaveFileName(self, _("保存恢复说明"), _("工会数据恢复说明.pdf"),
                                               _("PDF (*.pdf);;Word (*.docx);;网页 (*.html);;文本 (*.txt)"))
        if not path:
            return
        try:
            out = safety.write_recovery_sheet(self.ctx.db, Path(path))
        except DomainError as e:
            show_error(self, e)
            return
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(out)))

    def export_handover(self) -> None:
        from ui.safety.passphrase import ask_passphrase

        path, _f = QFileDialog.getSaveFileName(self, _("保存交接包"), _("工会数据交接包") + handover.PACKAGE_SUFFIX,
                                               _("交接包 (*{suffix})").format(suffix=handover.PACKAGE_SUFFIX))
        if not path:
            return
        passphrase = ask_passphrase(self, "handover")
        if passphrase is None:
            return
        run_task(self, _("正在导出交接包"),
                 lambda progress: handover.export_package(self.ctx.db, Path(path), passphrase),
                 on_done=lambda p: info(self, _("换届交接"), _(
                     "已导出交接包：{path}\n请把交接口令写在纸上，当面交给新任主席；口令不要和交接包放在一起。")
                     .format(path=p.path)),
                 on_error=lambda e: show_error(self, e), cancellable=False)

    # audit log ---------------------------------------------------------------------------------------------
    def _audit_tab(self) -> QWidget:
        w = QWidget()
        lay = QVBoxLayout(w)
        row = QHBoxLayout()
        self.since_box = QCheckBox(_("从"))
        self.since = QDateEdit(QDate.currentDate().addMonths(-1))
        self.until = QDateEdit(QDate.currentDate())
        self.until_box = QCheckBox(_("到"))
        for d in (self.since, self.until):
            d.setCalendarPopup(True)
            d.setDisplayFormat("yyyy-MM-dd")
        self.action_combo = QComboBox()
        self.action_combo.setObjectName("audit_action")
        self.action_combo.addItem(_("全部操作"), "")
        for code, label in privacy.AUDIT_ACTIONS.items():
            self.action_combo.addItem(_(label), code)
        self.actor_combo = QComboBox()
        self.actor_combo.setObjectName("audit_actor")
        self.audit_text = QLineEdit()
        self.audit_text.setObjectName("audit_text")
        self.audit_text.setPlaceholderText(_("记录名称或内容"))
        self.audit_text.setClearButtonEnabled(True)
        for x in (self.since_box, self.since, self.until_box, self.until, self.action_combo, self.actor_combo):
            row.addWidget(x)
        row.addWidget(self.audit_text, 1)
        export = QPushButton(_("导出 Excel…"))
        export.setObjectName("audit_export")
        export.clicked.connect(self.export_audit)
        row.addWidget(export)
        lay.addLayout(row)
        self.audit_model = AuditModel(self.ctx, self)
        self.audit_view = QTableView()
        self.audit_view.setObjectName("audit_view")
        self.audit_view.setModel(self.audit_model)
        self.audit_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.audit_view.verticalHeader().setVisible(False)
        self.audit_view.horizontalHeader().setStretchLastSection(True)
        lay.addWidget(self.audit_view, 1)
        self.audit_count = QLabel()
        lay.addWidget(self.audit_count)
        self.audit_timer = QTimer(self)
        self.audit_timer.setSingleShot(True)
        self.audit_timer.setInterval(200)
        self.audit_timer.timeout.connect(self.apply_audit_filter)
        for sig in (self.since_box.toggled, self.until_box.toggled, self.since.dateChanged, self.until.dateChanged,
                    self.action_combo.currentIndexChanged, self.actor_combo.currentIndexChanged,
                    self.audit_text.textChanged):
            sig.connect(self.audit_timer.start)
        return w

    def audit_filter(self) -> privacy.AuditFilter:
        def d(q: QDate) -> date:
            return date(q.year(), q.month(), q.day())

        return privacy.AuditFilter(
            since=d(self.since.date()) if self.since_box.isChecked() else None,
            until=d(self.until.date()) if self.until_box.isChecked() else None,
            actor=self.actor_combo.currentData() or "", action=self.action_combo.currentData() or "",
            text=self.audit_text.text().strip())

    def apply_audit_filter(self) -> None:
        self.audit_model.set_filter(self.audit_filter())
        self.audit_count.setText(_("共 {n} 条").format(n=self.audit_model.total))
        self.audit_view.resizeColumnsToContents()
        self.audit_view.horizontalHeader().setStretchLastSection(True)

    def refresh_actors(self) -> None:
        current = self.actor_combo.currentData()
        self.actor_combo.blockSignals(True)
        self.actor_combo.clear()
        self.actor_combo.addItem(_("全部操作人"), "")
        for a in privacy.audit_actors(self.ctx.db):
            self.actor_combo.addItem(a, a)
        i = self.actor_combo.findData(current)
        self.actor_combo.setCurrentIndex(max(0, i))
        self.actor_combo.blockSignals(False)

    def export_audit(self) -> None:
        path, _f = QFileDialog.getSaveFileName(self, _("导出审计日志"), _("审计日志.xlsx"), "Excel (*.xlsx)")
        if not path:
            return
        if not path.lower().endswith(".xlsx"):
            path += ".xlsx"
        f = self.audit_filter()
        run_task(self, _("正在导出审计日志"), lambda progress: privacy.export_audit(self.ctx.db, Path(path), f),
                 on_done=lambda n: (self.apply_audit_filter(), info(self, _("导出完成"), ngettext(
                     "已导出 {n} 条审计记录到 {path}", "已导出 {n} 条审计记录到 {path}", n).format(n=n, path=path))),
                 on_error=lambda e: show_error(self, e))

    # privacy -----------------------------------------------------------------------------------------------
    def _privacy_tab(self) -> QWidget:
        w = QWidget()
        lay = QVBoxLayout(w)
        lay.addWidget(_title(_("离会会员信息的保存期限")))
        t = QLabel(_("会员离会（转出、除名、退会）超过保存期限后，可把其个人信息匿名化：删除姓名、证件号码、手机号码、"
                     "籍贯、备注等，保留性别、出生年份、各种日期和部门，统计不受影响（《个人信息保护法》第四十七条）。"
                     "匿名化前会自动备份。"))
        t.setWordWrap(True)
        lay.addWidget(t)
        row = QHBoxLayout()
        self.retention = QSpinBox()
        self.retention.setObjectName("retention_years")
        self.retention.setRange(0, 50)
        self.retention.setSpecialValueText(_("不设置"))
        self.retention.setSuffix(_(" 年"))
        save = QPushButton(_("保存"))
        save.setObjectName("save_retention")
        save.clicked.connect(self.save_retention)
        self.anon_button = QPushButton()
        self.anon_button.setObjectName("anonymise")
        self.anon_button.clicked.connect(self.anonymise)
        row.addWidget(QLabel(_("保存期限")))
        row.addWidget(self.retention)
        row.addWidget(save)
        row.addSpacing(24)
        row.addWidget(self.anon_button)
        row.addStretch(1)
        lay.addLayout(row)
        lay.addWidget(_title(_("闲置锁定")))
        t = QLabel(_("离开电脑一段时间后自动锁定窗口，输入恢复口令才能继续。0 表示不锁定。"))
        t.setWordWrap(True)
        lay.addWidget(t)
        row = QHBoxLayout()
        self.idle = QSpinBox()
        self.idle.setObjectName("idle_minutes")
        self.idle.setRange(0, 240)
        self.idle.setSpecialValueText(_("不锁定"))
        self.idle.setSuffix(_(" 分钟"))
        self.idle.valueChanged.connect(self.save_idle)
        row.addWidget(QLabel(_("闲置")))
        row.addWidget(self.idle)
        row.addStretch(1)
        lay.addLayout(row)
        lay.addStretch(1)
        return w

    def refresh_privacy(self) -> None:
        self.retention.setValue(privacy.retention_years(self.ctx.db) or 0)
        n = len(privacy.anonymise_candidates(self.ctx.db))
        self.anon_button.setText(_("匿名化 {n} 名到期的离会会员…").format(n=n))
        self.anon_button.setEnabled(n > 0)
        self.idle.blockSignals(True)
        self.idle.setValue(privacy.idle_lock_minutes())
        self.idle.blockSignals(False)

    def save_retention(self) -> None:
        try:
            privacy.set_retention_years(self.ctx.db, self.retention.value() or None)
        except DomainError as e:
            show_error(self, e)
        self.refresh_privacy()

    def anonymise(self) -> None:
        cands = privacy.anonymise_candidates(self.ctx.db)
        if not cands:
            return
        names = "、".join(c.name for c in cands[:10]) + ("……" if len(cands) > 10 else "")
        if not confirm(self, _("匿名化"), _("将匿名化 {n} 名离会超过 {y} 年的会员：{names}\n\n匿名化前会自动备份。继续吗？")
                       .format(n=len(cands), y=privacy.retention_years(self.ctx.db), names=names), _("匿名化")):
            return

        def done(n: int) -> None:
            self.ctx.notify("roster")
            self.refresh_privacy()
            info(self, _("匿名化"), _("已匿名化 {n} 名离会会员。").format(n=n))

        run_task(self, _("正在匿名化"), lambda progress: privacy.anonymise_left_members(self.ctx.db),
                 on_done=done, on_error=lambda e: show_error(self, e), cancellable=False)

    def save_idle(self, minutes: int) -> None:
        if minutes and safety.status(self.ctx.db).recovery_set is False:
            show_error(self, _("闲置锁定用恢复口令解锁，请先在“密钥与交接”中设置恢复口令。"))
            self.idle.setValue(0)
            return
        try:
            privacy.set_idle_lock_minutes(minutes)
        except DomainError as e:
            show_error(self, e)

    # -------------------------------------------------------------------------------------------------------
    def activate(self) -> None:
        i = self.tabs.currentIndex()
        if i == 0:
            self.refresh_backups()
        elif i == 2:
            self.refresh_actors()
            self.apply_audit_filter()
        elif i == 3:
            self.refresh_privacy()
