"""上报数据 ("hand up"): what will be sent to the higher-level union at which level, the recipient, the signing key,
the export with progress, acknowledgements and the history of bundles sent (counts only)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from app.errors import DomainError
from app.i18n import N_, _
from app.sync import exporter, keys, policy
from ui.context import AppContext
from ui.dialogs import info, show_error
from ui.qt import *
from ui.tasks import run_task

AGG_LABELS = {"roster.members": N_("会员合计"), "congress.stats": N_("提案统计"),
              "contracts.stats": N_("集体合同状态与期限"), "hardship.totals": N_("困难帮扶合计")}


_counts_text = exporter.records_text


class RecipientDialog(QDialog):
    """Add the higher-level union: its age public key, code, name and the agreed pseudonym key."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("添加上级工会"))
        self.recipient = QLineEdit()
        self.recipient.setPlaceholderText("age1…")
        self.org = QLineEdit()
        self.name = QLineEdit()
        self.pkey = QLineEdit()
        self.pkey.setPlaceholderText(_("L1 化名数据需要（由上级工会提供）"))
        form = QFormLayout(self)
        form.addRow(_("接收公钥"), self.recipient)
        form.addRow(_("单位代码"), self.org)
        form.addRow(_("上级工会名称"), self.name)
        form.addRow(_("化名密钥"), self.pkey)
        bb = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        bb.accepted.connect(self.accept)
        bb.rejected.connect(self.reject)
        form.addRow(bb)

    def values(self) -> tuple[str, str, str, str]:
        return self.recipient.text(), self.org.text(), self.name.text(), self.pkey.text()


class HandUpPage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        title = QLabel(_("上报数据"))
        title.setStyleSheet("font-size: 18px; font-weight: bold;")
        intro = QLabel(_("把加密并签名的数据包交给上级工会（U盘、电子邮件或上传平台）。只有上级工会能打开，"
                         "并能确认是本工会发出的。"))
        intro.setWordWrap(True)

        # recipient and key
        self.recipient_label = QLabel()
        self.recipient_label.setObjectName("recipient_label")
        self.recipient_label.setWordWrap(True)
        add_rec = QPushButton(_("添加上级工会…"))
        add_rec.clicked.connect(self.add_recipient)
        self.key_label = QLabel()
        self.key_label.setObjectName("key_label")
        self.key_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.create_key_btn = QPushButton(_("创建签名密钥"))
        self.create_key_btn.clicked.connect(self.create_key)
        enrol_btn = QPushButton(_("写出登记文件…"))
        enrol_btn.clicked.connect(self.write_enrolment)
        print_btn = QPushButton(_("打印登记表…"))
        print_btn.clicked.connect(self.print_enrolment)
        who = QGroupBox(_("接收方与签名密钥"))
        g = QGridLayout(who)
        g.addWidget(QLabel(_("上级工会：")), 0, 0)
        g.addWidget(self.recipient_label, 0, 1)
        g.addWidget(add_rec, 0, 2)
        g.addWidget(QLabel(_("签名密钥指纹：")), 1, 0)
        g.addWidget(self.key_label, 1, 1)
        kb = QHBoxLayout()
        for b in (self.create_key_btn, enrol_btn, print_btn):
            kb.addWidget(b)
        g.addLayout(kb, 1, 2)
        g.setColumnStretch(1, 1)

        # what will be sent
        self.level = QComboBox()
        self.level.setObjectName("level")
        for lv in policy.LEVELS:
            self.level.addItem(policy.level_label(lv), lv)
        self.level.currentIndexChanged.connect(self._level_changed)
        self.purpose = QComboBox()
        self.purpose.setObjectName("purpose")
        for k, v in policy.PURPOSES.items():
            self.purpose.addItem(_(v), k)
        self.purpose.currentIndexChanged.connect(self._level_changed)  # who is named depends on the purpose
        self.confirm_box = QCheckBox(_("我确认：为上述用途发送会员实名信息，依据{basis}").format(basis=_(policy.LEGAL_BASIS)))
        self.confirm_box.setObjectName("confirm_identified")
        self.preview_label = QLabel()
        self.preview_label.setObjectName("preview_label")
        self.preview_label.setWordWrap(True)
        self.export_btn = QPushButton(_("导出数据包…"))
        self.export_btn.setObjectName("export_bundle")
        self.export_btn.clicked.connect(self.export)
        ack_btn = QPushButton(_("记录回执…"))
        ack_btn.clicked.connect(self.record_ack)
        what = QGroupBox(_("本次发送"))
        f = QFormLayout(what)
        f.addRow(_("数据级别"), self.level)
        f.addRow(_("用途（L2）"), self.purpose)
        f.addRow("", self.confirm_box)
        f.addRow(_("将发送"), self.preview_label)
        eb = QHBoxLayout()
        eb.addWidget(self.export_btn)
        eb.addWidget(ack_btn)
        eb.addStretch(1)
        f.addRow(eb)

        # history
        self.history = QTableWidget(0, 6)
        self.history.setObjectName("history")
        self.history.setHorizontalHeaderLabels([_("序号"), _("时间"), _("类型"), _("级别"), _("内容（数量）"), _("回执")])
        self.history.horizontalHeader().setStretchLastSection(True)
        self.history.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.history.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.history.verticalHeader().setVisible(False)
        hist = QGroupBox(_("已发送的数据包"))
        QVBoxLayout(hist).addWidget(self.history)

        lay = QVBoxLayout(self)
        lay.addWidget(title)
        lay.addWidget(intro)
        lay.addWidget(who)
        lay.addWidget(what)
        lay.addWidget(hist, 1)
        self.ctx.changed.connect(self._on_changed)
        self.activate()

    # --- state -------------------------------------------------------------------------------------------------

    def activate(self) -> None:
        self.refresh()

    def _on_changed(self, area: str) -> None:
        if area in ("roster", "org", "congress", "contracts", "hardship", "sync"):
            self.refresh()

    def refresh(self) -> None:
        db = self.ctx.db
        recs = exporter.recipients(db)
        self.recipient_label.setText("；".join(f"{r.name}（{r.org_code}）" for r in recs)
                                     or _("还没有添加上级工会：请向上级工会索取接收公钥（age1…）"))
        k = keys.active_key(db)
        self.key_label.setText(keys.fingerprint(k.key_id) if k else _("还没有签名密钥"))
        self.create_key_btn.setEnabled(k is None)
        self._level_changed()
        self._fill_history()

    def _level_changed(self, *_a: Any) -> None:
        level = self.level.currentData()
        l2 = level == "L2"
        self.purpose.setEnabled(l2)
        self.confirm_box.setEnabled(l2)
        if not l2:
            self.confirm_box.setChecked(False)
        purpose = self.purpose.currentData() if l2 else ""
        try:
            p = exporter.preview(self.ctx.db, level, purpose=purpose)
        except DomainError as e:
            self.preview_label.setText(e.message)
            return
        aggs = "、".join(_(AGG_LABELS.get(a, a)) for a in p["aggregates"])
        text = _("合计：{aggs}").format(aggs=aggs)
        if level != "L0":
            text += "；" + _("明细记录：{recs}").format(recs=_counts_text(p["records"]))
        if level == "L1":
            text += "；" + _("会员以化名表示（不含姓名、证件号码、电话）")
        if level == "L2":
            text += "；" + exporter.identified_text(level, purpose, p["records"]) + "；" + _("含其姓名和证件号码")
        self.preview_label.setText(text)

    def _fill_history(self) -> None:
        rows = exporter.history(self.ctx.db)
        self.history.setRowCount(len(rows))
        for i, r in enumerate(rows):
            c = json.loads(r.counts)
            vals = [str(r.seq), r.created_at.astimezone().strftime("%Y-%m-%d %H:%M"),
                    _("完整快照") if r.kind == "snapshot" else _("增量"), r.level,
                    _counts_text(c.get("records", {})) + ("；" + _("删除 {n}").format(n=sum(c.get("tombstones", {}).values()))
                                                           if c.get("tombstones") else ""),
                    _("已回执") if r.acknowledged else ""]
            for j, v in enumerate(vals):
                self.history.setItem(i, j, QTableWidgetItem(v))
        self.history.resizeColumnsToContents()

    # --- actions -----------------------------------------------------------------------------------------------

    def _key_passphrase(self) -> tuple[bool, str | None]:
        """(go on?, passphrase) — asks only when the signing key is not in this computer's keyring."""
        if not keys.needs_passphrase(self.ctx.db):
            return True, None
        pw, ok = QInputDialog.getText(self, _("签名密钥"), _("系统钥匙串中没有签名密钥：请输入密钥文件的口令"),
                                      QLineEdit.EchoMode.Password)
        return bool(ok and pw), pw or None

    def add_recipient(self) -> None:
        dlg = RecipientDialog(self)
        if dlg.exec() != QDialog.DialogCode.Accepted:
            return
        try:
            exporter.add_recipient(self.ctx.db, *dlg.values())
        except DomainError as e:
            show_error(self, e)
            return
        self.ctx.notify("sync")

    def create_key(self) -> None:
        pw, ok = QInputDialog.getText(self, _("创建签名密钥"), _("密钥文件的口令（用于备份和交接，至少8个字符；可留空）"),
                                      QLineEdit.EchoMode.Password)
        if not ok:
            return
        try:
            keys.create_signing_key(self.ctx.db, pw or None)
        except DomainError as e:
            show_error(self, e)
            return
        self.ctx.notify("sync")

    def write_enrolment(self) -> None:
        path, _f = QFileDialog.getSaveFileName(self, _("写出登记文件"), "enrolment.json", "JSON (*.json)")
        if not path:
            return
        go, pw = self._key_passphrase()
        if not go:
            return
        try:
            doc = keys.write_enrolment(self.ctx.db, Path(path), pw)
        except DomainError as e:
            show_error(self, e)
            return
        info(self, _("登记文件"), _("已写出 {path}。指纹：{fp}").format(path=path, fp=doc["fingerprint"]))

    def print_enrolment(self) -> None:
        path, _f = QFileDialog.getSaveFileName(self, _("打印登记表"), "enrolment.pdf", "PDF (*.pdf)")
        if not path:
            return
        from app.sync import enrolment_form

        go, pw = self._key_passphrase()
        if not go:
            return
        run_task(self, _("生成登记表"), lambda progress: enrolment_form.print_enrolment(self.ctx.db, Path(path), pw),
                 on_done=lambda p: info(self, _("登记表"), _("已生成 {path}，请签字盖章后交上级工会").format(path=p)),
                 on_error=lambda e: show_error(self, e), cancellable=False)

    def export(self) -> None:
        level = self.level.currentData()
        purpose = self.purpose.currentData() if level == "L2" else ""
        try:
            exporter.check_level(level, purpose, self.confirm_box.isChecked())
            default = exporter.default_file_name(self.ctx.db)
        except DomainError as e:
            show_error(self, e)
            return
        path, _f = QFileDialog.getSaveFileName(self, _("导出数据包"), default, _("数据包 (*.udbundle *.age *.asc)"))
        if not path:
            return
        confirmed = self.confirm_box.isChecked()
        go, pw = self._key_passphrase()
        if not go:
            return

        def work(progress: Any) -> exporter.ExportResult:
            return exporter.export_bundle(self.ctx.db, Path(path), level=level, purpose=purpose, confirmed=confirmed,
                                          passphrase=pw, progress=progress)

        def done(r: exporter.ExportResult) -> None:
            self.ctx.notify("sync")
            said = _("已导出第{seq}号数据包到 {path}").format(seq=r.seq, path=r.path)
            if r.level == "L2":
                said += "\n" + exporter.identified_text(r.level, r.purpose, r.counts["records"])
            info(self, _("导出数据包"), said)

        run_task(self, _("导出数据包"), work, on_done=done, on_error=lambda e: show_error(self, e), cancellable=False)

    def record_ack(self) -> None:
        path, _f = QFileDialog.getOpenFileName(self, _("上级工会的回执"), "", "JSON (*.json)")
        if not path:
            return
        try:
            seq = exporter.acknowledge_file(self.ctx.db, Path(path))
        except DomainError as e:
            show_error(self, e)
            return
        self.ctx.notify("sync")
        if seq == 0:
            info(self, _("回执"), _("上级工会的合计数与本工会不一致，请求完整快照：下次导出将是完整快照"))
        else:
            info(self, _("回执"), _("已记录：上级工会已导入第{seq}号数据包；此后导出增量").format(seq=seq))
