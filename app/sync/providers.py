"""What goes into a bundle: a registry of providers, name -> fn(ctx) returning aggregates, records, tombstones.

Each module that sends data upward registers one provider (the roster's is here). A module that is not installed
simply has no provider. Providers run inside their own read transaction; the exporter records
the change counter before collecting, so a delta never misses a change made meanwhile.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Member, Tombstone
from app.storage.db import Database
from app.sync import policy


@dataclass
class Record:
    table: str
    uuid: str
    rv: int
    fields: dict[str, Any]


@dataclass
class Context:
    db: Database
    level: str
    org_code: str
    since_rv: int | None          # None: snapshot (everything); else a delta: changes with rv > since_rv
    pseudonym_key: bytes = b""
    today: date = field(default_factory=date.today)


@dataclass
class Output:
    aggregates: dict[str, dict[str, Any]] = field(default_factory=dict)
    records: list[Record] = field(default_factory=list)
    tombstones: list[tuple[str, str, int]] = field(default_factory=list)   # (table, uuid, rv)
    live: dict[str, list[tuple[str, int]]] = field(default_factory=dict)   # table -> [(uuid, rv)] of all live rows


Provider = Callable[[Context], Output]
_providers: dict[str, Provider] = {}


def register(name: str, fn: Provider) -> None:
    _providers[name] = fn


def providers() -> dict[str, Provider]:
    _load_module_providers()
    return dict(_providers)


def _load_module_providers() -> None:
    """Providers of modules that may or may not be installed (each registers itself if its module exists)."""
    import importlib

    for name in ("app.sync.providers_modules",):
        try:
            importlib.import_module(name)
        except ImportError:
            pass


AGE_BANDS = (("le35", 0, 35), ("36_45", 36, 45), ("46_55", 46, 55), ("ge56", 56, 200))
IN_UNION = ("active", "retained")


def age_band(born: date | None, today: date) -> str:
    if born is None:
        return "unknown"
    age = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
    for name, lo, hi in AGE_BANDS:
        if lo <= age <= hi:
            return name
    return "unknown"


def tombstones(s: Session, table: str, since_rv: int | None) -> list[tuple[str, str, int]]:
    q = select(Tombstone.uuid, Tombstone.rv).where(Tombstone.table_name == table)
    if since_rv is not None:
        q = q.where(Tombstone.rv > since_rv)
    return [(table, u, rv) for u, rv in s.execute(q)]


def roster_provider(ctx: Context) -> Output:
    m = Member.__table__.c  # type: ignore[attr-defined]
    with ctx.db.session() as s:
        rows = s.execute(select(m.uuid, m.rv, m.sex, m.birth_date, m.join_date, m.status, m.migrant_worker,
                                m.dispatched, m.id_number, m.name)).all()
        tombs = tombstones(s, "member", ctx.since_rv) if ctx.level != "L0" else []
    by_sex: Counter[str] = Counter()
    by_band: Counter[str] = Counter()
    by_status: Counter[str] = Counter()
    migrant = dispatched = total = 0
    out = Output()
    live: list[tuple[str, int]] = []
    for uuid, rv, sex, born, joined, status, mig, disp, idn, name in rows:
        by_status[status] += 1
        if status in IN_UNION:
            total += 1
            by_sex[sex or "unknown"] += 1
            by_band[age_band(born, ctx.today)] += 1
            migrant += bool(mig)
            dispatched += bool(disp)
        if ctx.level == "L0":
            continue
        live.append((uuid, rv))
        if ctx.since_rv is not None and rv <= ctx.since_rv:
            continue
        if ctx.level == "L1":
            f: dict[str, Any] = {"pseudonym": policy.pseudonym(idn, ctx.pseudonym_key),
                                 "birth_year": born.year if born else None, "sex": sex,
                                 "join_date": joined.isoformat() if joined else None, "status": status}
        else:
            f = {"name": name, "id_number": idn, "sex": sex, "birth_date": born.isoformat() if born else None,
                 "join_date": joined.isoformat() if joined else None, "status": status,
                 "migrant_worker": bool(mig), "dispatched": bool(disp)}
        out.records.append(Record("member", uuid, rv, f))
    out.aggregates["roster.members"] = {
        "total": total, "by_sex": dict(by_sex), "by_age_band": dict(by_band), "migrant_worker": migrant,
        "dispatched": dispatched, "by_status": dict(by_status),
    }
    if ctx.level != "L0":
        out.live["member"] = live
        out.tombstones = tombs
    return out


register("roster", roster_provider)
