"""Single-instance lock: two processes never write the same data folder.

``uniondesk.lock`` beside the database holds the owner's pid and host; the lock itself is an OS file lock
(``fcntl.flock`` / ``msvcrt.locking``) on that file, so a killed process never leaves a stale lock behind.
Inside one process the lock is shared (reference-counted): the window and its helpers may open the data twice.
"""

from __future__ import annotations

import contextlib
import os
import socket
import sys
import threading
import time
from pathlib import Path
from typing import IO

from app.errors import DomainError
from app.i18n import _

LOCK_FILENAME = "uniondesk.lock"

_held: dict[Path, tuple[IO[str], int]] = {}
_mutex = threading.Lock()


class DataInUse(DomainError):
    pass


def _try_lock(fh: IO[str]) -> bool:
    try:
        if sys.platform == "win32":
            import msvcrt

            fh.seek(0)
            msvcrt.locking(fh.fileno(), msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]
        else:
            import fcntl

            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except OSError:
        return False


def _unlock(fh: IO[str]) -> None:
    with contextlib.suppress(OSError):
        if sys.platform == "win32":
            import msvcrt

            fh.seek(0)
            msvcrt.locking(fh.fileno(), msvcrt.LK_UNLCK, 1)  # type: ignore[attr-defined]
        else:
            import fcntl

            fcntl.flock(fh.fileno(), fcntl.LOCK_UN)


def owner(data_dir: Path) -> str:
    """What the lock file says about its owner ("pid 1234 on HOST"), for messages."""
    try:
        return (data_dir / LOCK_FILENAME).read_text(encoding="utf-8").strip()
    except OSError:
        return ""


def acquire(data_dir: Path, *, wait: float = 0.0) -> None:
    """Take the lock of ``data_dir`` (waiting up to ``wait`` seconds) or raise :class:`DataInUse`."""
    key = data_dir.resolve()
    with _mutex:
        if key in _held:
            fh, n = _held[key]
            _held[key] = (fh, n + 1)
            return
        path = key / LOCK_FILENAME
        deadline = time.monotonic() + wait
        fh = open(path, "a+", encoding="utf-8")  # noqa: SIM115 — held open for the life of the lock
        while not _try_lock(fh):
            if time.monotonic() >= deadline:
                fh.close()
                who = owner(key)
                raise DataInUse(
                    "storage.in_use",
                    _("数据文件夹 {path} 正被另一个工会工作台使用（{who}）。请先关闭那个窗口或命令，再重试。")
                    .format(path=key, who=who or _("未知进程")))
            time.sleep(0.2)
        fh.seek(0)
        fh.truncate()
        fh.write(f"pid {os.getpid()} on {socket.gethostname()}\n")
        fh.flush()
        _held[key] = (fh, 1)


def release(data_dir: Path) -> None:
    key = data_dir.resolve()
    with _mutex:
        if key not in _held:
            return
        fh, n = _held[key]
        if n > 1:
            _held[key] = (fh, n - 1)
            return
        del _held[key]
        with contextlib.suppress(OSError):
            fh.seek(0)
            fh.truncate()
        _unlock(fh)
        fh.close()


def is_held(data_dir: Path) -> bool:
    return data_dir.resolve() in _held
