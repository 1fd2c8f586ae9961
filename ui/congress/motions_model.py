"""The motions table: ids of the current filter, rows fetched a page at a time (fast with thousands)."""

from __future__ import annotations

from app.i18n import N_, _
from app.services import motions
from app.storage.db import Database
from ui.lazy_model import LazyIdModel
from ui.qt import *

COLUMNS: list[tuple[str, str]] = [
    ("number", N_("案号")), ("title", N_("案由")), ("state", N_("状态")), ("category", N_("类别")),
    ("proposer", N_("提案人")), ("lead_department", N_("主办部门")), ("due_on", N_("办理期限")),
]


class MotionsModel(LazyIdModel):
    columns = COLUMNS
    cache_pages = 20

    def __init__(self, db: Database, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.filters = motions.Filters()

    def set_filters(self, filters: motions.Filters) -> None:
        self.filters = filters
        self.reload()

    def search_ids(self) -> list[int]:
        return motions.search_ids(self.db, self.filters)

    def fetch_rows(self, ids):  # type: ignore[no-untyped-def]
        return motions.rows_by_ids(self.db, ids)

    def motion_id(self, r: int) -> int | None:
        return self.id_at(r)

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
