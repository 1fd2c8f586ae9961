"""Helpers for the safety tests: run the CLI (in-process or as a real process), read tables, swap keyrings."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import keyring
from keyring.backends import fail

from app.storage.secure import PLAIN_HEADER

ROOT = Path(__file__).resolve().parents[2]


def run_cli(*args: str, env: dict[str, str] | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
    """The real ``uniondesk`` in a separate process (no keyring there: the passphrase file opens the data)."""
    e = dict(os.environ)
    e.update(env or {})
    return subprocess.run([sys.executable, "-m", "app", *args], cwd=ROOT, env=e, capture_output=True, text=True,
                          timeout=timeout, stdin=subprocess.DEVNULL)


def spawn(code: str, *args: str) -> subprocess.Popen:
    """A Python child running ``code`` (for kill -9 tests); its stdout is a pipe we read progress lines from."""
    return subprocess.Popen([sys.executable, "-c", code, *args], cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, stdin=subprocess.DEVNULL)


def plaintext_files(folder: Path) -> list[Path]:
    """Every file under ``folder`` that starts with the plain SQLite header."""
    out = []
    for p in folder.rglob("*"):
        if p.is_file():
            with open(p, "rb") as fh:
                if fh.read(16) == PLAIN_HEADER:
                    out.append(p)
    return out


def table_dump(db, tables=("member", "department", "membership_event", "consent")) -> dict[str, list[tuple]]:
    with db.engine.connect() as conn:
        return {t: [tuple(r) for r in conn.exec_driver_sql(f"SELECT * FROM {t} ORDER BY 1").fetchall()]
                for t in tables}


@contextlib.contextmanager
def no_keyring() -> Iterator[None]:
    """A computer without any keyring backend (keyring raises NoKeyringError)."""
    old = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        yield
    finally:
        keyring.set_keyring(old)


@contextlib.contextmanager
def passphrase_env(value: str | None, tmp: Path) -> Iterator[None]:
    """UNIONDESK_PASSPHRASE_FILE pointing at a file holding ``value`` (None: unset)."""
    old = os.environ.get("UNIONDESK_PASSPHRASE_FILE")
    if value is None:
        os.environ.pop("UNIONDESK_PASSPHRASE_FILE", None)
    else:
        f = tmp / "pp.txt"
        f.write_text(value + "\n", encoding="utf-8")
        os.environ["UNIONDESK_PASSPHRASE_FILE"] = str(f)
    try:
        yield
    finally:
        if old is None:
            os.environ.pop("UNIONDESK_PASSPHRASE_FILE", None)
        else:
            os.environ["UNIONDESK_PASSPHRASE_FILE"] = old


def add_member(db, name: str = "张三", seed: int = 99, **extra):
    """A valid new member through the roster service."""
    import random
    from datetime import date

    from app.services import roster
    from app.services.demo import random_id

    rng = random.Random(seed)
    born = date(1980 + rng.randint(0, 20), rng.randint(1, 12), rng.randint(1, 28))
    values = {"name": name, "sex": "男", "birth_date": born, "id_number": random_id(rng, born, "男"),
              "mobile": f"139{rng.randint(10_000_000, 99_999_999)}", **extra}
    return roster.create_member(db, values)
