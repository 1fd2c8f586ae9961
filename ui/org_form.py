"""The union's own fields as a form, shared by the first-start setup and the union page."""

from __future__ import annotations

from datetime import date
from typing import Any

from app.i18n import N_, _
from app.rules.profile import PROFILES, profile_label
from app.services import org as org_service
from app.validation.dates import DateError, parse_date
from ui.qt import *

FIELDS: list[tuple[str, str]] = [
    ("union_name", N_("工会名称")), ("enterprise_name", N_("单位名称")),
    ("enterprise_credit_code", N_("单位统一社会信用代码")), ("union_credit_code", N_("工会统一社会信用代码")),
    ("parent_union", N_("上级工会名称")), ("chair_name", N_("工会负责人（主席）")), ("phone", N_("联系电话")),
    ("staff_count", N_("职工人数")), ("female_staff_count", N_("女职工人数")), ("address", N_("单位地址")),
    ("region", N_("所在政区")), ("industry", N_("所属行业")), ("founded_on", N_("建会日期")),
    ("union_type", N_("基层工会类型")), ("profile", N_("适用地区规则")),
]


class OrgForm(QWidget):
    def __init__(self, parent: QWidget | None = None, compact: bool = False) -> None:
        super().__init__(parent)
        self.widgets: dict[str, QWidget] = {}
        self.messages: dict[str, QLabel] = {}
        form = QFormLayout(self)
        shown = FIELDS[:8] if compact else FIELDS
        for key, label in shown:
            if key == "union_type":
                w: QWidget = QComboBox()
                for v in ("独立", "联合"):
                    w.addItem(_(v), v)
            elif key == "profile":
                w = QComboBox()
                for p in PROFILES:
                    w.addItem(profile_label(p), p)
            elif key in ("staff_count", "female_staff_count"):
                w = QSpinBox()
                w.setRange(0, 10_000_000)
            else:
                w = QLineEdit()
                if key == "founded_on":
                    w.setPlaceholderText(_("例如 2008-05-01"))
            w.setObjectName(f"org_{key}")
            self.widgets[key] = w
            msg = QLabel()
            msg.setStyleSheet("color: #b9770e; font-size: 11px;")
            msg.setWordWrap(True)
            msg.hide()
            self.messages[key] = msg
            box = QVBoxLayout()
            box.setSpacing(1)
            box.addWidget(w)
            box.addWidget(msg)
            form.addRow(_(label) + ("*" if key == "union_name" else ""), box)
            if isinstance(w, QLineEdit):
                w.textChanged.connect(self.check)

    def set_values(self, values: dict[str, Any]) -> None:
        for k, w in self.widgets.items():
            v = values.get(k)
            if isinstance(w, QComboBox):
                i = w.findData(v)
                w.setCurrentIndex(max(i, 0))
            elif isinstance(w, QSpinBox):
                w.setValue(int(v or 0))
            elif isinstance(w, QLineEdit):
                w.setText(v.isoformat() if isinstance(v, date) else (v or ""))

    def values(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for k, w in self.widgets.items():
            if isinstance(w, QComboBox):
                out[k] = w.currentData()
            elif isinstance(w, QSpinBox):
                out[k] = w.value()
            elif isinstance(w, QLineEdit):
                out[k] = w.text().strip()
        if "founded_on" in out:
            try:
                out["founded_on"] = parse_date(out["founded_on"])
            except DateError:
                pass
        return out

    def check(self) -> bool:
        """Show errors and warnings under the fields; True when there is no error (warnings do not block)."""
        vals = self.values()
        problems = org_service.validate(vals)
        if isinstance(vals.get("founded_on"), str) and vals["founded_on"]:
            from app.errors import Problem

            problems.append(Problem("org.date", "founded_on", _("无法识别的日期")))
        by: dict[str, list[str]] = {}
        for p in problems:
            by.setdefault(p.field or "union_name", []).append(p.message)
        for k, lbl in self.messages.items():
            lbl.setText("；".join(by.get(k, [])))
            lbl.setVisible(k in by)
        return not any(p.is_error for p in problems)
