"""The module services that register sample data (app.services.demo.register) and start-page reminders
(app.services.reminders.register) when imported. Importing them here, once, means those registrations happen
whoever asks first — the CLI's ``demo``, the start page, a test. Missing modules are skipped."""

from __future__ import annotations

import importlib
import importlib.util
from functools import cache

MODULE_SERVICES = (
    "app.services.congress",
    "app.services.motions",
    "app.services.contracts",
    "app.services.hardship",
    "app.services.safety",
    "app.sync.exporter",
)


@cache
def load_all() -> tuple[str, ...]:
    loaded = []
    for name in MODULE_SERVICES:
        try:
            spec = importlib.util.find_spec(name)
        except ModuleNotFoundError:
            spec = None
        if spec is not None:
            importlib.import_module(name)
            loaded.append(name)
    return tuple(loaded)
