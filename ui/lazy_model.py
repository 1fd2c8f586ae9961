"""A table model that holds the ids of the current view and fetches rows a page at a time (Anki's browser model).

Subclasses set ``columns`` ([(key, translatable label)]) and implement :meth:`fetch_rows` (ids → {id: row}) and
:meth:`search_ids`; they render cells in ``data()``. 100,000 ids scroll without loading 100,000 rows.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence
from typing import Any

from app.i18n import _
from ui.qt import QAbstractTableModel, QModelIndex, QObject, Qt

PAGE = 200


class LazyIdModel(QAbstractTableModel):
    columns: list[tuple[str, str]] = []
    cache_pages = 50
    vertical_numbers = False

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ids: list[int] = []
        self._cache: OrderedDict[int, dict[int, Any]] = OrderedDict()

    # to implement ------------------------------------------------------------------------------------------
    def search_ids(self) -> list[int]:
        raise NotImplementedError

    def fetch_rows(self, ids: Sequence[int]) -> dict[int, Any]:
        raise NotImplementedError

    # loading -----------------------------------------------------------------------------------------------
    def reload(self) -> None:
        self.beginResetModel()
        self.ids = self.search_ids()
        self._cache.clear()
        self.endResetModel()

    def refresh_rows(self, *_args: Any) -> None:
        """Re-fetch rows after an edit without re-running the search (keeps the scroll position)."""
        self._cache.clear()
        if self.ids:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.ids) - 1, len(self.columns) - 1))

    def row(self, r: int) -> Any:
        page = r // PAGE
        rows = self._cache.get(page)
        if rows is None:
            rows = self.fetch_rows(self.ids[page * PAGE:(page + 1) * PAGE])
            self._cache[page] = rows
            if len(self._cache) > self.cache_pages:
                self._cache.popitem(last=False)
        else:
            self._cache.move_to_end(page)
        return rows.get(self.ids[r])

    def id_at(self, row: int) -> int | None:
        return self.ids[row] if 0 <= row < len(self.ids) else None

    def row_of(self, record_id: int) -> int:
        try:
            return self.ids.index(record_id)
        except ValueError:
            return -1

    # Qt model ----------------------------------------------------------------------------------------------
    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.ids)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return _(self.columns[section][1])
        return str(section + 1) if self.vertical_numbers else None
