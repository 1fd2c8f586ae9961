"""The motions table: ids of the current filter, rows fetched a page at a time (fast with thousands)."""

from __future__ import annotations

from collections import OrderedDict

from app.i18n import N_, _
from app.services import motions
from app.storage.db import Database
from ui.qt import *

PAGE = 200
CACHE_PAGES = 20
COLUMNS: list[tuple[str, str]] = [
    ("number", N_("案号")), ("title", N_("案由")), ("state", N_("状态")), ("category", N_("类别")),
    ("proposer", N_("提案人")), ("lead_department", N_("主办部门")), ("due_on", N_("办理期限")),
]


class MotionsModel(QAbstractTableModel):
    def __init__(self, db: Database, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.ids: list[int] = []
        self.filters = motions.Filters()
        self._cache: OrderedDict[int, dict[int, motions.MotionRow]] = OrderedDict()

    def set_filters(self, filters: motions.Filters) -> None:
        self.filters = filters
        self.reload()

    def reload(self) -> None:
        self.beginResetModel()
        self.ids = motions.search_ids(self.db, self.filters)
        self._cache.clear()
        self.endResetModel()

    def refresh_rows(self) -> None:
        self._cache.clear()
        if self.ids:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.ids) - 1, len(COLUMNS) - 1))

    def row(self, r: int) -> motions.MotionRow | None:
        page = r // PAGE
        rows = self._cache.get(page)
        if rows is None:
            rows = motions.rows_by_ids(self.db, self.ids[page * PAGE:(page + 1) * PAGE])
            self._cache[page] = rows
            if len(self._cache) > CACHE_PAGES:
                self._cache.popitem(last=False)
        else:
            self._cache.move_to_end(page)
        return rows.get(self.ids[r])

    def motion_id(self, r: int) -> int | None:
        return self.ids[r] if 0 <= r < len(self.ids) else None

    def row_of(self, motion_id: int) -> int:
        try:
            return self.ids.index(motion_id)
        except ValueError:
            return -1

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.ids)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return _(COLUMNS[section][1])
        return None

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ForegroundRole,
                                               Qt.ItemDataRole.ToolTipRole):
            return None
        r = self.row(index.row())
        if r is None:
            return None
        key = COLUMNS[index.column()][0]
        if role == Qt.ItemDataRole.ForegroundRole:
            if r.overdue and key in ("state", "due_on"):
                return QColor("#c0392b")
            if r.state in ("archived", "rejected", "merged"):
                return QColor("#888888")
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            return _("已超过办理期限，需督办") if r.overdue else r.title
        if key == "state":
            return r.state_label + (_("（超期）") if r.overdue else "")
        if key == "category":
            return _(r.category)
        v = getattr(r, key)
        return v.isoformat() if hasattr(v, "isoformat") else (v or "")
