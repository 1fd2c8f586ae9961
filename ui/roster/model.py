"""The roster table: holds the ids of the current view and fetches rows a page at a time (Anki's browser model).

100,000 members scroll and filter without freezing: a search returns ids only (one indexed query); rows are
fetched by primary key, 200 at a time, when the view asks for them.
"""

from __future__ import annotations

from collections import OrderedDict

from app.i18n import N_, _
from app.privacy_mask import mask_id, mask_phone
from app.services import roster
from app.storage.db import Database
from ui.qt import *

PAGE = 200
CACHE_PAGES = 50

COLUMNS: list[tuple[str, str]] = [
    ("name", N_("姓名")), ("sex", N_("性别")), ("birth_date", N_("出生日期")), ("department", N_("部门/班组")),
    ("post", N_("岗位")), ("id_number", N_("证件号码")), ("mobile", N_("移动电话")), ("join_date", N_("入会日期")),
    ("status", N_("会籍状态")), ("flags", N_("标记")),
]
SORTABLE = {"name", "sex", "birth_date", "department", "join_date", "status", "post"}


class RosterModel(QAbstractTableModel):
    def __init__(self, db: Database, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.ids: list[int] = []
        self._cache: OrderedDict[int, dict[int, roster.MemberRow]] = OrderedDict()
        self.query = ""
        self.filters = roster.Filters()
        self.sort_key = "name"
        self.descending = False
        self.unmasked = False

    # loading -----------------------------------------------------------------------------------------------
    def reload(self) -> None:
        self.beginResetModel()
        self.ids = roster.search_ids(self.db, self.query, self.filters, self.sort_key, self.descending)
        self._cache.clear()
        self.endResetModel()

    def set_search(self, query: str, filters: roster.Filters | None = None) -> None:
        self.query = query
        if filters is not None:
            self.filters = filters
        self.reload()

    def refresh_rows(self, member_ids: list[int] | None = None) -> None:
        """Re-fetch rows after an edit without re-running the search (keeps the scroll position)."""
        self._cache.clear()
        if self.ids:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.ids) - 1, len(COLUMNS) - 1))

    def _row(self, r: int) -> roster.MemberRow | None:
        page = r // PAGE
        rows = self._cache.get(page)
        if rows is None:
            chunk = self.ids[page * PAGE:(page + 1) * PAGE]
            rows = roster.rows_by_ids(self.db, chunk)
            self._cache[page] = rows
            if len(self._cache) > CACHE_PAGES:
                self._cache.popitem(last=False)
        else:
            self._cache.move_to_end(page)
        return rows.get(self.ids[r])

    def member_id(self, row: int) -> int | None:
        return self.ids[row] if 0 <= row < len(self.ids) else None

    def row_of(self, member_id: int) -> int:
        try:
            return self.ids.index(member_id)
        except ValueError:
            return -1

    # Qt model ----------------------------------------------------------------------------------------------
    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.ids)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole:
            if orientation == Qt.Orientation.Horizontal:
                return _(COLUMNS[section][1])
            return str(section + 1)
        return None

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.ForegroundRole):
            return None
        r = self._row(index.row())
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
        if key not in SORTABLE:
            return
        self.sort_key = key
        self.descending = order == Qt.SortOrder.DescendingOrder
        self.reload()
