"""All Qt imports go through this module (a binding upgrade touches one file): ``from ui.qt import *``."""

from PySide6.QtCore import *  # noqa: F401,F403
from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, QTimer, Signal, Slot  # noqa: F401
from PySide6.QtGui import *  # noqa: F401,F403
from PySide6.QtWidgets import *  # noqa: F401,F403
