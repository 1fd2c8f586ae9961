"""Providers of the modules built beside the roster: congress and motions, collective contracts, hardship.

Each registers only when its module's service is installed (an absent module has no provider, nothing is faked).
They call the modules' own services for their figures, so the bundle reports what the module's pages show.
"""

from __future__ import annotations

import importlib.util
from collections import Counter
from datetime import date
from typing import Any

from app.sync import providers
from app.sync.providers import Context, Output, Record


def _installed(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except ModuleNotFoundError:
        return False


def _iso(v: Any) -> str | None:
    return v.isoformat() if isinstance(v, date) else None


def congress_provider(ctx: Context) -> Output:
    """Motion statistics (立案, 办复, 落实, 满意) at every level; the motions themselves at L2."""
    from sqlmodel import select

    from app.models.congress import Motion
    from app.services import motions

    o = motions.statistics(ctx.db).overall
    out = Output()
    out.aggregates["congress.stats"] = {
        "motions": o.submitted, "reviewed": o.reviewed, "accepted": o.accepted, "handled": o.handled,
        "replied": o.replied, "impl_a": o.impl_a, "impl_b": o.impl_b, "impl_c": o.impl_c, "rated": o.rated,
        "satisfied": o.satisfied,
    }
    if ctx.level == "L2":
        with ctx.db.session() as s:
            rows = s.exec(select(Motion)).all()
            tombs = providers.tombstones(s, "motion", ctx.since_rv)
        out.live["motion"] = [(m.uuid, m.rv) for m in rows]
        for m in rows:
            if ctx.since_rv is not None and m.rv <= ctx.since_rv:
                continue
            out.records.append(Record("motion", m.uuid, m.rv, {
                "number": m.number, "title": m.title, "category": m.category, "state": m.state,
                "disposition": m.disposition, "submitted_on": _iso(m.submitted_on), "due_on": _iso(m.due_on),
                "implementation": m.implementation, "rating_result": m.rating_result}))
        out.tombstones = tombs
    return out


def contracts_provider(ctx: Context) -> Output:
    """Contracts' states and deadlines: counts at every level (contracts.upcoming_deadlines), the contracts at L1+."""
    from sqlmodel import select

    from app.models.contracts import Contract
    from app.services import contracts

    today = ctx.today
    upcoming = contracts.upcoming_deadlines(ctx.db, today, limit=10_000)
    with ctx.db.session() as s:
        rows = s.exec(select(Contract)).all()
        tombs = providers.tombstones(s, "contract", ctx.since_rv) if ctx.level != "L0" else []
    by_state = Counter(c.state for c in rows)
    out = Output()
    out.aggregates["contracts.stats"] = {
        "total": len(rows), "in_force": by_state.get("in_force", 0), "by_state": dict(by_state),
        "due_soon": sum(1 for d in upcoming if d.status in ("due", "open")),
        "overdue": sum(1 for d in upcoming if d.status == "overdue"),
        "people_covered": sum(c.people_covered for c in rows if c.state == "in_force"),
    }
    if ctx.level != "L0":
        out.live["contract"] = [(c.uuid, c.rv) for c in rows]
        for c in rows:
            if ctx.since_rv is not None and c.rv <= ctx.since_rv:
                continue
            out.records.append(Record("contract", c.uuid, c.rv, {
                "kind": c.kind, "title": c.title, "state": c.state, "term_start": _iso(c.term_start),
                "term_end": _iso(c.term_end), "signed_on": _iso(c.signed_on), "in_force_on": _iso(c.in_force_on),
                "people_covered": c.people_covered}))
        out.tombstones = tombs
    return out


def hardship_provider(ctx: Context) -> Output:
    """Hardship and aid totals (hardship.totals): households on file, aid paid — never health or bank details."""
    from app.services import hardship

    t = hardship.totals(ctx.db, ctx.today.year)
    paid_fen = sum(int(v) for v in t.get("aid_paid_fen", {}).values())
    out = Output()
    out.aggregates["hardship.totals"] = {
        "year": int(t["year"]),
        "households": sum(int(v) for v in t.get("files_by_category", {}).values()),
        "files_by_category": {str(k): int(v) for k, v in t.get("files_by_category", {}).items()},
        "new_files": int(t.get("new_files", 0)),
        "aid_households": sum(int(v) for v in t.get("aid_households", {}).values()),
        "aid_total": f"{paid_fen // 100}.{paid_fen % 100:02d}",
    }
    return out


if _installed("app.services.motions"):
    providers.register("congress", congress_provider)
if _installed("app.services.contracts"):
    providers.register("contracts", contracts_provider)
if _installed("app.services.hardship"):
    providers.register("hardship", hardship_provider)
