"""Long work off the GUI thread, with progress shown after 0.5 s and a Cancel that really cancels.

    run_task(parent, _("导出名册"), lambda progress: export(..., progress=progress), on_done=...)

``fn(progress)`` runs on a single worker thread (database work is serialised, as Anki does). ``progress(done, total,
message="")`` returns False once the user pressed Cancel; ``fn`` should then stop and raise or return. Results and
errors come back on the GUI thread. ``fn`` must never touch widgets.
"""

from __future__ import annotations

import threading
import traceback
from collections.abc import Callable
from typing import Any

from app.i18n import _
from ui.qt import *

SHOW_AFTER_MS = 500
_pool: QThreadPool | None = None
_running: set[Task] = set()


def pool() -> QThreadPool:
    global _pool
    if _pool is None:
        _pool = QThreadPool()
        _pool.setMaxThreadCount(1)
    return _pool


class Cancelled(Exception):
    """Raised by a task function when it sees the cancel request."""


class _Signals(QObject):
    progressed = Signal(int, int, str)
    finished = Signal(object)
    failed = Signal(object, str)


class _Runnable(QRunnable):
    def __init__(self, task: Task) -> None:
        super().__init__()
        self.task = task
        self.setAutoDelete(True)

    def run(self) -> None:
        t = self.task
        try:
            result = t.fn(t.report)
        except Cancelled:
            t.signals.failed.emit(Cancelled(), "")
        except BaseException as e:  # noqa: BLE001 — delivered to the GUI thread
            t.signals.failed.emit(e, "".join(traceback.format_exception(type(e), e, e.__traceback__)))
        else:
            t.signals.finished.emit(result)


class Task(QObject):
    def __init__(self, parent: QWidget | None, title: str, fn: Callable[[Callable[..., bool]], Any],
                 on_done: Callable[[Any], None] | None, on_error: Callable[[BaseException], None] | None,
                 cancellable: bool) -> None:
        super().__init__(parent)
        self.fn = fn
        self.on_done = on_done
        self.on_error = on_error
        self.cancel_event = threading.Event()
        self.signals = _Signals()
        self.signals.progressed.connect(self._on_progress)
        self.signals.finished.connect(self._on_finished)
        self.signals.failed.connect(self._on_failed)
        self.dialog = QProgressDialog(title, _("取消") if cancellable else "", 0, 0, parent)
        self.dialog.setWindowTitle(title)
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(SHOW_AFTER_MS)
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        if not cancellable:
            self.dialog.setCancelButton(None)
        self.dialog.canceled.connect(self.cancel)
        self.done = False
        self.result: Any = None
        self.error: BaseException | None = None

    # worker side -------------------------------------------------------------------------------------------
    def report(self, done: int, total: int, message: str = "") -> bool:
        self.signals.progressed.emit(int(done), int(total), str(message))
        return not self.cancel_event.is_set()

    # GUI side ----------------------------------------------------------------------------------------------
    def cancel(self) -> None:
        self.cancel_event.set()
        self.dialog.setLabelText(_("正在取消…"))

    @property
    def cancelled(self) -> bool:
        return self.cancel_event.is_set()

    def _on_progress(self, done: int, total: int, message: str) -> None:
        if self.cancel_event.is_set():
            return
        if total > 0:
            self.dialog.setMaximum(total)
            self.dialog.setValue(min(done, total))
        if message:
            self.dialog.setLabelText(message)

    def _finish(self) -> None:
        self.done = True
        self.dialog.reset()
        self.dialog.hide()
        _running.discard(self)
        self.deleteLater()

    def _on_finished(self, result: Any) -> None:
        self.result = result
        self._finish()
        if self.cancel_event.is_set():
            return
        if self.on_done:
            self.on_done(result)

    def _on_failed(self, exc: BaseException, tb: str) -> None:
        self.error = exc
        self._finish()
        if isinstance(exc, Cancelled) or self.cancel_event.is_set():
            return
        if self.on_error:
            self.on_error(exc)
        else:
            from ui.dialogs import show_error

            show_error(self.parent() if isinstance(self.parent(), QWidget) else None, exc)


def run_task(parent: QWidget | None, title: str, fn: Callable[[Callable[..., bool]], Any],
             on_done: Callable[[Any], None] | None = None, on_error: Callable[[BaseException], None] | None = None,
             cancellable: bool = True) -> Task:
    task = Task(parent, title, fn, on_done, on_error, cancellable)
    _running.add(task)
    pool().start(_Runnable(task))
    return task


def wait_all(timeout_ms: int = 30000) -> bool:
    """Wait for queued tasks (tests, shutdown)."""
    return pool().waitForDone(timeout_ms)
