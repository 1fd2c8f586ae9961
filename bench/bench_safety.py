"""Safety benchmarks: an encrypted backup and a restore against a plain file copy (the least any backup costs),
and a full scan of the encrypted database against the same scan of a plain copy (the cost of encryption)."""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path

from bench.common import demo_data_dir


def _best(fn, n: int = 3) -> float:  # noqa: ANN001
    out = []
    for _ in range(n):
        t = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t)
    return min(out)


def backup_create(quick: bool) -> dict:
    from app.core import open_data
    from app.storage import backup

    n = 10_000 if quick else 100_000
    data = demo_data_dir(n)
    db = open_data(data)
    with db.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    ours = _best(lambda: backup.create_backup(db, "manual", rotate_after=False))
    tmp = Path(tempfile.mkdtemp(prefix="uniondesk-bench-copy-"))
    floor = _best(lambda: shutil.copyfile(db.path, tmp / "copy.db"))
    size_mb = db.path.stat().st_size / 1e6
    # the same online backup API on a plain (unencrypted) copy: what the encryption adds to a backup
    from app.storage.db import connect_raw

    plain = tmp / "plain.db"
    conn = connect_raw(db.path, db.key)
    conn.execute("ATTACH DATABASE ? AS plain KEY ''", (str(plain),))
    conn.execute("SELECT sqlcipher_export('plain')")
    conn.execute("DETACH DATABASE plain")
    conn.close()

    def plain_backup() -> None:
        src, dst = connect_raw(plain, None), connect_raw(tmp / "plain-backup.db", None)
        src.backup(dst)
        src.close()
        dst.close()

    plain_api = _best(plain_backup)
    newest = backup.list_backups(db)[0]
    restore = _best(lambda: backup.restore_file(db, newest.path, backup_first=False), 2)
    db.close()
    shutil.rmtree(tmp, ignore_errors=True)
    return {"name": "backup_create", "n": n, "db_mb": round(size_mb, 1), "ours_s": round(ours, 3),
            "floor_s": round(floor, 3), "plain_backup_api_s": round(plain_api, 3), "restore_s": round(restore, 3), "goal": "a backup of 100k members < 5 s"}


def encrypted_scan(quick: bool) -> dict:
    from app.core import open_data
    from app.storage.db import connect_raw

    n = 10_000 if quick else 100_000
    data = demo_data_dir(n)
    db = open_data(data)
    key = db.key
    plain = Path(tempfile.mkdtemp(prefix="uniondesk-bench-plain-")) / "plain.db"
    conn = connect_raw(db.path, key)
    conn.execute("ATTACH DATABASE ? AS plain KEY ''", (str(plain),))
    conn.execute("SELECT sqlcipher_export('plain')")
    conn.execute("DETACH DATABASE plain")
    conn.close()
    db.close()
    sql = "SELECT count(*), sum(length(name)), sum(length(id_number)) FROM member"

    def scan(path: Path, k: bytes | None) -> None:
        c = connect_raw(path, k)
        c.execute("PRAGMA cache_size = 0")
        c.execute(sql).fetchone()
        c.close()

    ours = _best(lambda: scan(data / "uniondesk.db", key), 5)
    floor = _best(lambda: scan(plain, None), 5)
    shutil.rmtree(plain.parent, ignore_errors=True)
    return {"name": "encrypted_scan", "n": n, "ours_s": round(ours, 4), "floor_s": round(floor, 4),
            "goal": "encryption costs < 3x a plain scan"}


BENCHMARKS = [backup_create, encrypted_scan]
