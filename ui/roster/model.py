"""The roster table: holds the ids of the current view and fetches rows a page at a time (Anki's browser model).

100,000 members scroll and filter without freezing: a search returns ids only (one indexed query); rows are
fetched by primary key, 200 at a time, when the view asks for them.
"""

from __future__ import annotations

from app.i18n import N_, _
from app.privacy_mask import mask_id, mask_phone
from app.services import roster
from app.storage.db import Database
from app.validation.codes import code_label
from ui.lazy_model import LazyIdModel
from ui.qt import *

COLUMNS: list[tuple[str, str]] = [
    ("name", N_("姓名")), ("sex", N_("性别")), ("birth_date", N_("出生日期")), ("department", N_("部门/班组")),
    ("post", N_("岗位")), ("id_number", N_("证件号码")), ("mobile", N_("移动电话")), ("join_date", N_("入会日期")),
    ("status", N_("会籍状态")), ("flags", N_("标记")),
]
SORTABLE = {"name", "sex", "birth_date", "department", "join_date", "status", "post"}


class RosterModel(LazyIdModel):
    columns = COLUMNS
    vertical_numbers = True

    def __init__(self, db: Database, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.query = ""
        self.filters = roster.Filters()
        self.sort_key = "name"
        self.descending = False
        self.unmasked = False

    def search_ids(self) -> list[int]:
        return roster.search_ids(self.db, self.query, self.filters, self.sort_key, self.descending)

    def fetch_rows(self, ids):  # type: ignore[no-untyped-def]
        return roster.rows_by_ids(self.db, ids)

    def set_search(self, query: str, filters: roster.Filters | None = None) -> None:
        self.query = query
        if filters is not None:
            self.filters = filters
        self.reload()

    def member_id(self, row: int) -> int | None:
        return self.id_at(row)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.ForegroundRole):
            return None
        r = self.row(index.row())
        if r is None:
            return None
        key = COLUMNS[index.column()][0]
        if role == Qt.ItemDataRole.ForegroundRole:
            if r.status not in roster.IN_UNION_STATUSES:
                return QColor("#888888")
            return None
        if key == "id_number":
            return (r.id_number or "") if self.unmasked else mask_id(r.id_number)
        if key == "mobile":
            return r.mobile if self.unmasked else mask_phone(r.mobile)
        if key == "sex":
            return code_label(r.sex)  # stored in Chinese, shown in the UI language
        if key == "status":
            return roster.status_label(r.status)
        if key == "flags":
            flags = []
            if r.migrant_worker:
                flags.append(_("农民工"))
            if r.dispatched:
                flags.append(_("派遣"))
            if r.model_worker:
                flags.append(_("劳模"))
            return " ".join(flags)
        v = getattr(r, key)
        return v.isoformat() if hasattr(v, "isoformat") else (v or "")

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = COLUMNS[column][0]
        descending = order == Qt.SortOrder.DescendingOrder
        if key not in SORTABLE or (key == self.sort_key and descending == self.descending):
            return  # (the view asks once more when sorting is switched on: no second search of 100,000 ids)
        self.sort_key = key
        self.descending = descending
        self.reload()
