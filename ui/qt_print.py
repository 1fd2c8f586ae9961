"""Qt's print support and PDF viewer, for the print preview (kept out of ui.qt to keep start-up fast)."""

from PySide6.QtPrintSupport import QPrintDialog, QPrinter  # noqa: F401

try:  # QtPdf ships in PySide6-Pdf (6.12+); without it the preview opens PDFs in the system viewer instead
    from PySide6.QtPdf import QPdfDocument  # noqa: F401
    from PySide6.QtPdfWidgets import QPdfView  # noqa: F401
except ImportError:  # pragma: no cover
    QPdfDocument = QPdfView = None  # type: ignore[assignment,misc]
