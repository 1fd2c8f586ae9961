"""The one place that creates database engines.

SQLite through the SQLite bundled in ``sqlcipher3`` (3.5x: FTS5 trigram without the CJK LIKE bug of Debian's
3.40). Every connection gets WAL, foreign keys, synchronous=NORMAL and a busy timeout. Opening runs a quick
integrity check and the Alembic migrations; a database written by a newer UnionDesk is refused.
Encryption at rest plugs in here through ``key`` (raw 256-bit SQLCipher key). Every database file opened for
writing (live data, backups, handover copies, the receiver's) is the user's only: ``paths.private_database``.
"""

from __future__ import annotations

import contextlib
import getpass
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import sqlcipher3.dbapi2 as sqlite_driver
from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import Engine
from sqlmodel import Session

from app import models, paths  # noqa: F401  (models registers every table)
from app.errors import DomainError
from app.storage import tracking

tracking.install(Session)

BUSY_TIMEOUT_MS = 10_000


class DatabaseError(DomainError):
    pass


def _apply_key(dbapi_conn: Any, key: bytes | None) -> None:
    if key is not None:
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA cipher_log_level = NONE")  # a wrong key is reported to the user, not on stderr
        cur.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
        cur.execute("PRAGMA temp_store = MEMORY")  # no temporary files at all
        cur.execute("PRAGMA cache_size = -32000")  # 32 MB of decrypted pages: repeated reads skip decryption
        cur.close()


def connect_raw(path: Path, key: bytes | None, *, readonly: bool = False) -> Any:
    """A bare driver connection (backups, key checks, conversion), keyed like the engine's connections."""
    uri = f"file:{path}?mode=ro" if readonly else f"file:{path}"
    if not readonly:
        paths.private_database(path)
    conn = sqlite_driver.connect(uri, uri=True, check_same_thread=False, isolation_level=None,
                                 timeout=BUSY_TIMEOUT_MS / 1000)
    _apply_key(conn, key)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    return conn


def key_opens(path: Path, key: bytes | None) -> bool:
    """True when ``key`` opens the database file at ``path`` (nothing is written)."""
    try:
        conn = connect_raw(path, key, readonly=True)
    except sqlite_driver.Error:
        return False
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return True
    except sqlite_driver.Error:
        return False
    finally:
        conn.close()


def _configure_connection(dbapi_conn: Any, key: bytes | None) -> None:
    _apply_key(dbapi_conn, key)
    cur = dbapi_conn.cursor()
    cur.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    cur.execute("PRAGMA foreign_keys = ON")
    cur.execute("PRAGMA journal_mode = WAL")
    cur.execute("PRAGMA synchronous = NORMAL")
    cur.close()


def make_engine(path: Path, key: bytes | None = None, *, readonly: bool = False) -> Engine:
    """Create the SQLAlchemy engine for ``path``. The single factory every part of the program uses."""
    uri = f"file:{path}?mode=ro" if readonly else f"file:{path}"
    if not readonly:
        paths.private_database(path)  # 0600, and so are the -wal/-shm SQLite creates beside it

    def creator() -> Any:
        conn = sqlite_driver.connect(uri, uri=True, check_same_thread=False, isolation_level=None,
                                     timeout=BUSY_TIMEOUT_MS / 1000)
        _configure_connection(conn, key)
        return conn

    engine = create_engine("sqlite+pysqlite://", creator=creator, module=sqlite_driver,
                           pool_pre_ping=False)

    # pysqlite's own transaction handling is off (isolation_level=None); SQLAlchemy emits BEGIN itself,
    # so a Session transaction is a real SQLite transaction (all-or-nothing imports).
    @event.listens_for(engine, "begin")
    def _begin(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN")

    return engine


class Database:
    """An open UnionDesk database: engine + sessions. Created by :func:`app.storage.open_database`."""

    def __init__(self, path: Path, engine: Engine, key: bytes | None = None) -> None:
        self.path = path
        self.engine = engine
        self.key = key
        self.actor = _default_actor()
        self._write_lock = threading.RLock()
        self.on_close: list[Callable[[], None]] = []  # e.g. releasing the single-instance lock

    @contextlib.contextmanager
    def session(self, *, write: bool = False) -> Iterator[Session]:
        """A session in one transaction: committed on success, rolled back on any exception.

        ``write=True`` takes SQLite's write lock up front (BEGIN IMMEDIATE) and serialises writers in-process.
        """
        lock = self._write_lock if write else contextlib.nullcontext()
        with lock:
            with Session(self.engine, expire_on_commit=False) as s:
                s.info["actor"] = self.actor
                if write:
                    # take SQLite's write lock at the start, not half-way through the work
                    s.execute(text("UPDATE meta SET value = value WHERE key = 'rv'"))
                try:
                    yield s
                    s.commit()
                except BaseException:
                    s.rollback()
                    raise

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.engine.dispose()
        callbacks, self.on_close = self.on_close, []
        for fn in callbacks:
            fn()


def _default_actor() -> str:
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001
        return ""
