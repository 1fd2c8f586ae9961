"""What goes into a bundle: a registry of providers, name -> fn(ctx) returning aggregates, records, tombstones.

Each module that sends data upward registers one provider (the roster's is here). A module that is not installed
simply has no provider. Providers run inside their own read transaction; the exporter records
the change counter before collecting, so a delta never misses a change made meanwhile.
"""

from __future__ import annotations

import binascii
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from json.encoder import encode_basestring  # type: ignore[attr-defined]
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Tombstone
from app.storage.db import Database
from app.sync import policy


@dataclass(slots=True)
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
    count_only: bool = False      # a preview: count the records, do not build them
    purpose: str = ""             # L2: whom the bundle may name (policy.concerned_members)
    today: date = field(default_factory=date.today)


@dataclass
class Output:
    aggregates: dict[str, dict[str, Any]] = field(default_factory=dict)
    records: list[Record] = field(default_factory=list)
    # records already written as payload lines (the hot path: 100,000 members), table -> lines
    lines: dict[str, list[str]] = field(default_factory=dict)
    counted: dict[str, int] = field(default_factory=dict)   # records counted, not built (preview)
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


def age_band(born: date | str | None, today: date) -> str:
    """The age band on ``today`` of someone born on ``born`` (a date or an ISO date string)."""
    if not born:
        return "unknown"
    if isinstance(born, str):
        try:
            born = date.fromisoformat(born[:10])
        except ValueError:
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


def _years_before(d: date, n: int) -> date:
    try:
        return d.replace(year=d.year - n)
    except ValueError:  # 29 February
        return d.replace(year=d.year - n, day=28)


def _iso(v: Any) -> str | None:
    if v is None or v == "":
        return None
    return v.isoformat() if isinstance(v, date) else str(v)[:10]


def roster_provider(ctx: Context) -> Output:
    """Members: aggregates at every level (everyone); pseudonymous records of everyone (L1), or identified records
    of only the members the stated purpose concerns (L2, policy.concerned_members; no tombstones: L2 is a snapshot)."""
    today = ctx.today
    level, since, key = ctx.level, ctx.since_rv, ctx.pseudonym_key
    # born after the day someone turned 36/46/56 -> younger than that (ISO strings compare like dates)
    t36, t46, t56 = (_years_before(today, n).isoformat() for n in (36, 46, 56))
    by_sex: Counter[str] = Counter()
    by_band: Counter[str] = Counter()
    by_status: Counter[str] = Counter()
    migrant = dispatched = total = 0
    with ctx.db.session() as s:
        conn = s.connection()
        # the aggregates are counted by SQLite (one pass, in C); only records go through Python
        for status, sex, band, mig, disp, n in conn.exec_driver_sql(
                "SELECT status, sex, CASE WHEN birth_date IS NULL OR birth_date = '' THEN 'unknown' "
                "WHEN birth_date > ? THEN 'le35' WHEN birth_date > ? THEN '36_45' WHEN birth_date > ? THEN '46_55' "
                "ELSE 'ge56' END, migrant_worker, dispatched, COUNT(*) FROM member GROUP BY 1, 2, 3, 4, 5",
                (t36, t46, t56)).fetchall():
            by_status[status] += n
            if status in IN_UNION:
                total += n
                by_sex[sex or "unknown"] += n
                by_band[band] += n
                migrant += n if mig else 0
                dispatched += n if disp else 0
        counted: dict[str, int] = {}
        rows: list[Any] = []
        where, params = "", dict[str, Any]()
        if level == "L2":
            scope, params = policy.concerned_members(ctx.purpose, today)
            where = f" WHERE id IN ({scope})"
        if level != "L0" and ctx.count_only:
            counted["member"] = int(conn.exec_driver_sql("SELECT COUNT(*) FROM member" + where, params).scalar() or 0)
        elif level != "L0":
            # plain SQL: dates stay ISO strings (no conversion round trip for 100,000 rows)
            rows = list(conn.exec_driver_sql(
                "SELECT uuid, rv, sex, birth_date, join_date, status, migrant_worker, dispatched, id_number, name "
                "FROM member" + where, params).fetchall())
        tombs = tombstones(s, "member", since) if level == "L1" else []
    out = Output(counted=counted)
    live: list[tuple[str, int]] = []
    pseudonym = policy.pseudonym
    records = out.records
    lines: list[str] = []
    enc = encode_basestring
    org = enc(ctx.org_code)
    mac = policy.hmac_sha256(key)
    b64 = binascii.b2a_base64
    for uuid, rv, sex, born, joined, status, mig, disp, idn, name in rows:
        born_s = born if isinstance(born, str) or born is None else _iso(born)
        live.append((uuid, rv))
        if since is not None and rv <= since:
            continue
        if level == "L1":
            # written straight to JSON: the same object json.dumps would give for the L1 field set
            if not idn:
                p = "null"
            elif len(idn) == 18 and idn.isascii() and idn[:17].isdigit() and (idn[17].isdigit() or idn[17] == "X"):
                p = '"' + b64(mac(idn.encode()), newline=False).decode()[:43] + '"'
            else:
                p = enc(pseudonym(idn, key) or "")
            jd = joined if isinstance(joined, str) or joined is None else _iso(joined)
            lines.append(
                f'{{"t":"member","o":{org},"u":{enc(uuid)},"rv":{int(rv)},"d":{{"pseudonym":{p},'
                f'"birth_year":{int(born_s[:4]) if born_s else "null"},"sex":{"null" if sex is None else enc(sex)},'
                f'"join_date":{"null" if not jd else enc(jd[:10])},"status":{"null" if status is None else enc(status)}}}}}')
            continue
        else:
            f: dict[str, Any] = {"name": name, "id_number": idn, "sex": sex, "birth_date": born_s, "join_date": _iso(joined),
                 "status": status, "migrant_worker": bool(mig), "dispatched": bool(disp)}
        records.append(Record("member", uuid, rv, f))
    out.aggregates["roster.members"] = {
        "total": total, "by_sex": dict(by_sex), "by_age_band": dict(by_band), "migrant_worker": migrant,
        "dispatched": dispatched, "by_status": dict(by_status),
    }
    if level != "L0":
        out.live["member"] = live
        out.tombstones = tombs
    if lines:
        out.lines["member"] = lines
    return out


register("roster", roster_provider)
