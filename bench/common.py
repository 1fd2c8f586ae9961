"""Helpers for benchmarks: a demo database of N members built once per run, timing, peak memory."""

from __future__ import annotations

import os
import resource
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

_cache: dict[int, Path] = {}


def _passphrase_for_benchmarks() -> None:
    """The data is encrypted as on a laptop. There is no keyring here, so every process (the window's start-up
    too) finds the key through a passphrase file; a cheap KDF stands in for the keyring's instant answer."""
    if os.environ.get("UNIONDESK_PASSPHRASE_FILE"):
        return
    from app.storage import keys

    keys.SCRYPT_N = 2**12
    f = Path(tempfile.mkdtemp(prefix="uniondesk-bench-key-")) / "passphrase.txt"
    f.write_text("benchmark passphrase\n", encoding="utf-8")
    os.environ["UNIONDESK_PASSPHRASE_FILE"] = str(f)


_passphrase_for_benchmarks()


def demo_data_dir(members: int, seed: int = 1) -> Path:
    """A data folder with ``members`` demo members (built once per process, then copied per use)."""
    if members not in _cache:
        from app.core import open_data
        from app.services import demo

        d = Path(tempfile.mkdtemp(prefix=f"uniondesk-bench-{members}-"))
        db = open_data(d)
        demo.run_demo(db, members=members, seed=seed)
        with db.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        db.close()
        _cache[members] = d
    dest = Path(tempfile.mkdtemp(prefix="uniondesk-bench-copy-"))
    for f in _cache[members].iterdir():
        if f.is_file() and f.name != "uniondesk.lock":
            shutil.copy2(f, dest / f.name)
    return dest


def timed(fn: Callable[[], object]) -> float:
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def best_of(fn: Callable[[], object], n: int = 3) -> float:
    return min(timed(fn) for _ in range(n))


def p95(samples: list[float]) -> float:
    s = sorted(samples)
    return s[max(0, int(round(0.95 * len(s))) - 1)]


def median(samples: list[float]) -> float:
    return statistics.median(samples)


def peak_rss_mb() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return r / 1024 if os.uname().sysname != "Darwin" else r / (1024 * 1024)
