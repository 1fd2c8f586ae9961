"""Upward bundle benchmarks.

``bundle_export_100k``: an L1 (pseudonymous) snapshot of 100,000 members — query, pseudonyms, serialising, ID-number
scan, ZIP, signature, age encryption, atomic write and the seq recorded. Floor, measured in the same run: the same
rows read with one plain SELECT of the columns an L1 record is made from, serialised to JSON lines (default
json.dumps) and encrypted with pyrage — what the most naive exporter must do at least.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

import keyring
from keyring.backend import KeyringBackend

from bench.common import best_of, demo_data_dir, peak_rss_mb


class _MemoryKeyring(KeyringBackend):
    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.store: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.store.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.store[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.store.pop((service, username), None)


def bundle_export_100k(quick: bool) -> dict[str, Any]:
    import pyrage

    from app.core import open_data
    from app.sync import agefmt, exporter, keys

    n = 5_000 if quick else 100_000
    keyring.set_keyring(_MemoryKeyring())
    d = demo_data_dir(n)
    db = open_data(d)  # encrypted as on a laptop (bench/common.py)
    keys.create_signing_key(db)
    _ident, rec = agefmt.new_identity()
    pkey = "ab" * 32
    exporter.add_recipient(db, rec, "HUB", "上级工会", pkey)
    out = Path(tempfile.mkdtemp(prefix="uniondesk-bench-bundle-"))
    counter = iter(range(1000))

    def ours() -> None:
        r = exporter.export_bundle(db, out / f"b{next(counter)}.age", level="L1")
        assert r.counts["records"]["member"] == n

    recipient = pyrage.x25519.Recipient.from_str(rec)

    def floor() -> None:
        with db.engine.connect() as conn:
            rows = conn.exec_driver_sql("SELECT uuid, rv, id_number, birth_date, sex, join_date, status "
                                        "FROM member").fetchall()
        data = "".join(json.dumps(list(r), ensure_ascii=False) + "\n" for r in rows).encode()
        pyrage.encrypt(data, [recipient])

    ours_s = best_of(ours, 3)
    floor_s = best_of(floor, 3)
    size = (out / "b0.age").stat().st_size
    db.close()
    return {"name": "bundle_export_100k", "n": n, "ours_s": round(ours_s, 4), "floor_s": round(floor_s, 4),
            "goal": "ours/floor <= 2", "bundle_bytes": size, "peak_mb": round(peak_rss_mb(), 1)}


BENCHMARKS = [bundle_export_100k]
