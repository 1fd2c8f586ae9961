"""All Qt imports go through this module (a binding upgrade touches one file): ``from ui.qt import *``.

Names are looked up lazily in QtWidgets, QtGui and QtCore (in that order, as the star imports of the three would
shadow each other). ``from ui.qt import *`` loads them all — PySide6 then creates every class, which costs about
70 ms — so the modules on the start-up path (application, main window, about, context) import the names they use
explicitly (``from ui.qt import QMainWindow, Qt``), and the window is on screen before the rest is loaded.
Qt's print and PDF modules are in :mod:`ui.qt_print`.
"""

from typing import Any

import PySide6.QtCore as _QtCore
import PySide6.QtGui as _QtGui
import PySide6.QtWidgets as _QtWidgets
from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, QTimer, Signal, Slot  # noqa: F401

_MODULES = (_QtWidgets, _QtGui, _QtCore)


def __getattr__(name: str) -> Any:
    if name == "__all__":
        names = sorted({n for m in _MODULES for n in dir(m) if not n.startswith("_")})
        globals()["__all__"] = names
        return names
    for m in _MODULES:
        try:
            value = getattr(m, name)
        except AttributeError:
            continue
        globals()[name] = value
        return value
    raise AttributeError(f"module 'ui.qt' has no attribute {name!r}")
