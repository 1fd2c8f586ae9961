"""What every page gets: the open database and a bus of change notifications (Anki's operation_did_execute)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ui.qt import (  # explicit: this module is on the start-up path (see ui/qt.py)
    QObject,
    QUndoStack,
    Signal,
)

if TYPE_CHECKING:  # the window is shown before the storage layer is imported (fast start)
    from app.storage.db import Database


class AppContext(QObject):
    """Shared state of the window. ``changed(area)`` tells views to refresh what they show of ``area``
    ("roster", "departments", "org", "congress" …) after an operation — no view reloads the world."""

    changed = Signal(str)

    def __init__(self, db: Database, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.undo_stack = QUndoStack(self)

    def notify(self, area: str) -> None:
        self.changed.emit(area)
