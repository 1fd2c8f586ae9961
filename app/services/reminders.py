"""Reminders shown on the start page: each module registers a function returning what is due or overdue
(contract filing deadlines, motions awaiting replies, hardship re-checks …)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from app.storage.db import Database


@dataclass(frozen=True)
class Reminder:
    due: date | None
    text: str
    area: str              # module key: "roster", "contracts" …
    severity: str = "info"  # info | warning | overdue
    ref: str = ""           # an id the module's page can open


_providers: list[tuple[str, Callable[[Database], list[Reminder]]]] = []


def register(area: str, fn: Callable[[Database], list[Reminder]]) -> None:
    if not any(a == area and f is fn for a, f in _providers):
        _providers.append((area, fn))


def collect(db: Database) -> list[Reminder]:
    """Every module's reminders, overdue first, then by date."""
    from app.services.registry import load_all

    load_all()
    out: list[Reminder] = []
    for _area, fn in _providers:
        out.extend(fn(db))
    order = {"overdue": 0, "warning": 1, "info": 2}
    return sorted(out, key=lambda r: (order.get(r.severity, 3), r.due or date.max, r.text))
