"""The roster import wizard, opened from the roster page's 导入 action."""

from __future__ import annotations

from ui.context import AppContext
from ui.qt import *
from ui.roster_import.wizard import ImportWizard


def run_import_wizard(ctx: AppContext, parent: QWidget | None = None, path: str = "") -> ImportWizard:
    """Open the wizard (kept alive by its parent) and return it at once.

    Modal to the main window: the import holds the database's write lock for the whole transaction, so an edit
    made in the roster meanwhile would freeze the window (progress dialog and its Cancel included) until the
    import had finished."""
    wizard = ImportWizard(ctx, parent, path)
    wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    wizard.setWindowModality(Qt.WindowModality.WindowModal)
    wizard.show()
    return wizard
