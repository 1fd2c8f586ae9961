"""The roster import wizard, opened from the roster page's 导入 action."""

from __future__ import annotations

from ui.context import AppContext
from ui.qt import *
from ui.roster_import.wizard import ImportWizard


def run_import_wizard(ctx: AppContext, parent: QWidget | None = None, path: str = "") -> ImportWizard:
    """Open the wizard (non-modal, kept alive by its parent) and return it."""
    wizard = ImportWizard(ctx, parent, path)
    wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    wizard.show()
    return wizard
