"""All Qt imports go through this module (a binding upgrade touches one file): ``from ui.qt import *``."""

from PySide6.QtCore import *  # noqa: F401,F403
from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, QTimer, Signal, Slot  # noqa: F401
from PySide6.QtGui import *  # noqa: F401,F403
from PySide6.QtPrintSupport import QPrintDialog, QPrinter  # noqa: F401,E402 — print preview (ui/print_preview.py)
from PySide6.QtWidgets import *  # noqa: F401,F403

try:  # QtPdf ships in PySide6-Pdf (6.12+); without it the preview opens PDFs in the system viewer instead
    from PySide6.QtPdf import QPdfDocument  # noqa: F401
    from PySide6.QtPdfWidgets import QPdfView  # noqa: F401
except ImportError:  # pragma: no cover
    QPdfDocument = QPdfView = None  # type: ignore[assignment,misc]
