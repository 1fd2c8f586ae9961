"""Backups: SQLite's online backup API into a target keyed with the database's own key (so a backup is encrypted
exactly like the database), written as ``backups/<id>.db`` plus a small ``<id>.json`` (date, reason, counts).

- automatic before every migration and every restore, every 30 minutes while there are changes (the window's
  timer calls :func:`backup_if_changed`) and on close;
- rotation: the last 10, plus the newest of each of the last 7 days, 4 weeks and 12 months;
- restore from the list or from a file, after the caller showed :func:`describe` (date and record counts).

A backup is first written to ``<id>.db.part`` and renamed when complete: a crash never leaves half a backup
under a backup's name. The ``.part`` files of a crashed run are removed the next time.
"""

from __future__ import annotations

import contextlib
import json
import os
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import sqlcipher3.dbapi2 as sqlite_driver
from sqlalchemy.exc import SQLAlchemyError

from app import paths
from app.errors import DomainError
from app.fileio import atomic_write_text
from app.i18n import N_, _
from app.models.base import utcnow
from app.storage.db import Database, connect_raw

BACKUP_DIRNAME = "backups"
KEEP_LAST, KEEP_DAILY, KEEP_WEEKLY, KEEP_MONTHLY = 10, 7, 4, 12
AUTO_INTERVAL_MINUTES = 30
PAGES_PER_STEP = -1  # one step: in WAL mode the read does not block writers, and a stepped copy restarts on every write

REASONS = {
    "manual": N_("手动"), "auto": N_("定时"), "close": N_("关闭时"), "migrate": N_("升级前"),
    "restore": N_("恢复前"), "convert": N_("加密前"), "handover": N_("交接前"), "anonymise": N_("匿名化前"),
}

# Tables counted in a backup's description (label, table). Modules may append theirs.
COUNTED_TABLES: list[tuple[str, str]] = [
    (N_("会员"), "member"), (N_("部门"), "department"), (N_("会籍变化"), "membership_event"),
    (N_("同意书"), "consent"), (N_("职工代表"), "congress_representative"), (N_("提案"), "motion"),
    (N_("集体合同"), "contract"), (N_("困难职工档案"), "hardship_file"), (N_("审计记录"), "audit_log"),
]


class BackupError(DomainError):
    pass


@dataclass
class BackupInfo:
    id: str
    path: Path
    created: datetime
    reason: str
    counts: dict[str, int] = field(default_factory=dict)
    marker: str = ""
    size: int = 0

    @property
    def reason_label(self) -> str:
        return _(REASONS.get(self.reason, self.reason))

    def local_time(self) -> str:
        return self.created.astimezone().strftime("%Y-%m-%d %H:%M:%S")


def backup_dir(db_or_dir: Database | Path) -> Path:
    base = db_or_dir.path.parent if isinstance(db_or_dir, Database) else db_or_dir
    return base / BACKUP_DIRNAME


def _counts(conn: Any) -> dict[str, int]:
    out: dict[str, int] = {}
    names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'").fetchall()}
    for _label, table in COUNTED_TABLES:
        if table in names:
            out[table] = int(conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0])
    return out


def change_marker(db: Database) -> str:
    """Changes since a backup show as a different marker: the rv counter and the newest audit entry."""
    with db.engine.connect() as conn:
        rv = conn.exec_driver_sql("SELECT value FROM meta WHERE key = 'rv'").scalar()
        audit = conn.exec_driver_sql("SELECT max(id) FROM audit_log").scalar()
    return f"{rv or 0}:{audit or 0}"


def _copy_live(db: Database, target: Path) -> None:
    """Online backup of the live database into ``target`` (keyed with the same key)."""
    dst = connect_raw(target, db.key)
    try:
        raw = db.engine.raw_connection()
        try:
            raw.driver_connection.backup(dst, pages=PAGES_PER_STEP)  # type: ignore[union-attr]
        finally:
            raw.close()
        # a backup is a single file: no WAL beside it
        dst.execute("PRAGMA journal_mode = DELETE")
    finally:
        dst.close()


def _clean_parts(folder: Path) -> None:
    for p in folder.glob("*.part"):
        with contextlib.suppress(OSError):
            p.unlink()


def _new_id(folder: Path, now: datetime) -> str:
    base = now.astimezone().strftime("%Y%m%d-%H%M%S")
    bid, n = base, 1
    while (folder / f"{bid}.db").exists():
        n += 1
        bid = f"{base}-{n}"
    return bid


def create_backup(db: Database, reason: str = "manual", *, rotate_after: bool = True) -> BackupInfo:
    """Write a backup of ``db`` into its data folder's ``backups`` and rotate. Returns its description."""
    folder = paths.ensure_private_dir(backup_dir(db))
    _clean_parts(folder)
    now = utcnow()
    bid = _new_id(folder, now)
    part = folder / f"{bid}.db.part"
    marker = change_marker(db)
    try:
        _copy_live(db, part)
        conn = connect_raw(part, db.key)
        try:
            counts = _counts(conn)
        finally:
            conn.close()
        final = folder / f"{bid}.db"
        os.replace(part, final)
    except BaseException:
        with contextlib.suppress(OSError):
            part.unlink()
        raise
    info = BackupInfo(id=bid, path=final, created=now, reason=reason, counts=counts, marker=marker,
                      size=final.stat().st_size)
    atomic_write_text(folder / f"{bid}.json", json.dumps(
        {"id": bid, "created": now.isoformat(), "reason": reason, "counts": counts, "marker": marker},
        ensure_ascii=False))
    if rotate_after:
        rotate(folder)
    return info


def _read_info(db_path: Path) -> BackupInfo:
    bid = db_path.name[:-3]
    meta: dict[str, Any] = {}
    with contextlib.suppress(OSError, ValueError):
        meta = json.loads(db_path.with_suffix(".json").read_text(encoding="utf-8"))
    try:
        created = datetime.fromisoformat(meta["created"])
    except (KeyError, ValueError, TypeError):
        created = datetime.fromtimestamp(db_path.stat().st_mtime, UTC)
    return BackupInfo(id=bid, path=db_path, created=created, reason=str(meta.get("reason", "")),
                      counts=dict(meta.get("counts", {})), marker=str(meta.get("marker", "")),
                      size=db_path.stat().st_size)


def list_backups(db_or_dir: Database | Path) -> list[BackupInfo]:
    """The backups of a data folder, newest first."""
    folder = backup_dir(db_or_dir)
    if not folder.is_dir():
        return []
    out = [_read_info(p) for p in folder.glob("*.db")]
    out.sort(key=lambda b: (b.created, b.id), reverse=True)
    return out


def get_backup(db_or_dir: Database | Path, bid: str) -> BackupInfo:
    for b in list_backups(db_or_dir):
        if b.id == bid:
            return b
    raise BackupError("backup.not_found",
                      _("没有编号为 {id} 的备份。用 uniondesk backup list 查看现有备份。").format(id=bid), "id")


def rotate(folder: Path, now: datetime | None = None) -> list[str]:
    """Keep the last 10 and the newest of each of the last 7 days / 4 weeks / 12 months. Returns removed ids."""
    backups = list_backups(folder.parent) if folder.name == BACKUP_DIRNAME else []
    now = now or utcnow()
    keep: set[str] = {b.id for b in backups[:KEEP_LAST]}

    def newest_per(bucket: Any, limit: timedelta) -> None:
        seen: set[Any] = set()
        for b in backups:  # newest first: the first of each bucket is its newest
            if now - b.created > limit:
                continue
            k = bucket(b.created.astimezone())
            if k not in seen:
                seen.add(k)
                keep.add(b.id)

    newest_per(lambda d: d.date(), timedelta(days=KEEP_DAILY))
    newest_per(lambda d: d.isocalendar()[:2], timedelta(weeks=KEEP_WEEKLY))
    newest_per(lambda d: (d.year, d.month), timedelta(days=31 * KEEP_MONTHLY))
    removed = []
    for b in backups:
        if b.id not in keep:
            for p in (b.path, b.path.with_suffix(".json")):
                with contextlib.suppress(OSError):
                    p.unlink()
            removed.append(b.id)
    return removed


def backup_if_changed(db: Database, reason: str = "auto") -> BackupInfo | None:
    """A backup only when something changed since the newest one (the 30-minute timer and closing)."""
    newest = next(iter(list_backups(db)), None)
    if newest is not None and newest.marker and newest.marker == change_marker(db):
        return None
    return create_backup(db, reason)


# ---------------------------------------------------------------------------------------------------------------
# Checking, describing and restoring


def check_file(path: Path, key: bytes | None) -> list[str]:
    """Problems of a backup file opened with ``key`` (empty = sound)."""
    try:
        conn = connect_raw(path, key, readonly=True)
    except sqlite_driver.Error as e:
        return [str(e)]
    try:
        rows = [r[0] for r in conn.execute("PRAGMA quick_check").fetchall()]
        return [r for r in rows if r != "ok"]
    except sqlite_driver.Error as e:
        return [str(e)]
    finally:
        conn.close()


def describe_file(path: Path, key: bytes | None) -> BackupInfo:
    """Date and record counts of a backup file (also one chosen from a USB stick), for the confirmation."""
    if path.suffix == ".db" and path.with_suffix(".json").exists() and path.parent.name == BACKUP_DIRNAME:
        return _read_info(path)
    problems = check_file(path, key)
    if problems:
        raise BackupError("backup.unreadable",
                          _("无法读取备份文件 {path}：它已损坏，或不是用这份数据的密钥加密的。").format(path=path),
                          details="\n".join(problems[:10]))
    conn = connect_raw(path, key, readonly=True)
    try:
        counts = _counts(conn)
    finally:
        conn.close()
    return BackupInfo(id=path.stem, path=path, created=datetime.fromtimestamp(path.stat().st_mtime, UTC),
                      reason="file", counts=counts, size=path.stat().st_size)


def counts_text(counts: dict[str, int]) -> str:
    labels = {t: _(label) for label, t in COUNTED_TABLES}
    return _("，").join(f"{labels.get(t, t)} {n}" for t, n in counts.items())


def newest_sound_backup(db_or_dir: Database | Path, key: bytes | None) -> BackupInfo | None:
    for b in list_backups(db_or_dir):
        if not check_file(b.path, key):
            return b
    return None


def restore_file(db: Database, source: Path, *, backup_first: bool = True) -> BackupInfo | None:
    """Replace the live data with ``source`` (a backup keyed with the same key). A backup of the current state is
    made first. The copy runs through SQLite's backup API into the live database: all or nothing."""
    problems = check_file(source, db.key)
    if problems:
        raise BackupError("backup.unreadable",
                          _("无法读取备份文件 {path}：它已损坏，或不是用这份数据的密钥加密的。").format(path=source),
                          details="\n".join(problems[:10]))
    before = None
    live_sound = True
    if backup_first:
        try:
            before = create_backup(db, "restore", rotate_after=False)  # rotating now could remove ``source``
        except (sqlite_driver.Error, SQLAlchemyError):
            # the live database is the damaged one we are replacing: keep its (encrypted) file aside as it is
            before, live_sound = None, False
            stamp = utcnow().astimezone().strftime("%Y%m%d-%H%M%S")
            with contextlib.suppress(OSError):
                paths.copy_private(db.path, backup_dir(db) / f"{stamp}-damaged.db.bad")
    db.engine.dispose()
    try:
        if not live_sound:
            raise sqlite_driver.DatabaseError("damaged")
        src = connect_raw(source, db.key, readonly=True)
        dst = connect_raw(db.path, db.key)
        try:
            src.backup(dst, pages=0)
            dst.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            src.close()
            dst.close()
    except sqlite_driver.Error:
        _replace_file(db.path, source)
    db.engine.dispose()
    rotate(backup_dir(db))
    return before


def _replace_file(target: Path, source: Path) -> None:
    """Put a copy of ``source`` in place of a damaged ``target``: copy beside it, drop the old WAL (it belongs to
    the old file and must never be applied to the new one), then rename over it."""
    tmp = target.with_name(target.name + ".restoring")
    paths.copy_private(source, tmp)
    with open(tmp, "rb+") as fh:
        os.fsync(fh.fileno())
    for suffix in ("-wal", "-shm"):
        with contextlib.suppress(OSError):
            os.unlink(str(target) + suffix)
    os.replace(tmp, target)


def restore_backup(db: Database, bid: str) -> BackupInfo | None:
    return restore_file(db, get_backup(db, bid).path)


def copy_to_folder(db: Database, folder: Path) -> Path:
    """Manual backup to a folder of the user's choice (a USB stick): the encrypted backup plus the key file (the
    key wrapped by the recovery passphrase), so the copy opens on another laptop with that passphrase."""
    from app.storage import keys

    folder.mkdir(parents=True, exist_ok=True)
    info = create_backup(db, "manual")
    stem = f"UnionDesk-{info.id}"
    target = folder / f"{stem}.db"
    tmp = folder / f".{stem}.db.part"
    try:
        paths.copy_private(info.path, tmp)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    kp = keys.key_path(db.path.parent)
    if kp.exists():
        paths.copy_private(kp, folder / f"{stem}.key")
    return target
