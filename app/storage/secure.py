"""Encryption at rest for a data folder: getting the key on start, creating one, converting a plain database.

No plaintext copy of the database ever lies in the data folder: the database, its WAL and every backup are
SQLCipher files; temporary storage is in memory (``PRAGMA temp_store``).
"""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path

from app import paths
from app.errors import DomainError
from app.fileio import atomic_write_text
from app.i18n import _
from app.models.base import utcnow
from app.storage import keys
from app.storage.db import connect_raw, key_opens

PLAIN_HEADER = b"SQLite format 3\x00"


def is_plain(path: Path) -> bool:
    """True when ``path`` is an unencrypted SQLite file (a database from before encryption)."""
    try:
        with open(path, "rb") as fh:
            return fh.read(16) == PLAIN_HEADER
    except OSError:
        return False


def _ask(interactive: bool, ask: keys.Ask | None) -> keys.Ask | None:
    if ask is not None:
        return ask
    return keys.terminal_ask if interactive else None


def recovery_missing(data_dir: Path) -> bool:
    rec = keys.read_record(keys.key_path(data_dir))
    return rec is None or not rec.wrap


def obtain_key(data_dir: Path, db_path: Path, *, interactive: bool = False, ask: keys.Ask | None = None,
               passphrase: str | None = None) -> bytes:
    """The key of an existing encrypted database: keyring → passphrase file → ask. Touches nothing on failure."""
    rec = keys.read_record(keys.key_path(data_dir))
    if rec is None:
        raise keys.KeyError_(
            "keys.no_keyfile",
            _("找不到密钥文件 {path}。它应当和数据文件在一起；请从备份盘或交接包中把它放回这个文件夹。")
            .format(path=keys.key_path(data_dir)))
    key = keys.keyring_get(rec.db_id)
    if key is not None and key_opens(db_path, key):
        return key
    if not rec.wrap:
        raise keys.KeyError_(
            "keys.lost",
            _("系统钥匙串中没有这份数据的密钥，而这份数据没有设置恢复口令，无法打开。"
              "如有交接包或带密钥文件的备份，请用“uniondesk handover open 文件”打开。"))
    if passphrase is None:
        passphrase = keys.passphrase_from_env()
    if passphrase is None:
        asker = _ask(interactive, ask)
        if asker is None:
            raise keys.no_way_to_ask()
        passphrase = asker("unlock")
        if passphrase is None:
            raise keys.KeyError_("keys.cancelled", _("没有输入口令，数据没有打开。"))
    key = keys.unwrap_key(rec, passphrase)
    if not key_opens(db_path, key):
        raise keys.KeyError_("keys.key_mismatch",
                             _("密钥文件和数据文件不属于同一份数据（{path}）。数据没有被改动。").format(path=db_path))
    keys.keyring_set(rec.db_id, key)
    return key


def create_key(data_dir: Path, *, interactive: bool = False, ask: keys.Ask | None = None,
               passphrase: str | None = None) -> bytes:
    """A new random key for a new database: into the keyring, and wrapped by the recovery passphrase
    (the passphrase file's, else asked). Stops with a message when the key could not be kept anywhere."""
    key = keys.new_key()
    if passphrase is None:
        passphrase = keys.passphrase_from_env()
    if passphrase is None:
        asker = _ask(interactive, ask)
        if asker is not None:
            passphrase = asker("new")
    if passphrase is not None:
        keys.check_new_passphrase(passphrase)
    rec = keys.new_record(key, passphrase)
    if not keys.keyring_set(rec.db_id, key) and passphrase is None:
        raise keys.no_way_to_ask() if not interactive else keys.KeyError_(
            "keys.need_recovery",
            _("这台电脑没有系统钥匙串，必须设置恢复口令才能创建数据（否则密钥无处保存）。"))
    keys.write_record(keys.key_path(data_dir), rec)
    return key


def set_recovery_passphrase(data_dir: Path, key: bytes, passphrase: str) -> None:
    """Set or change the recovery passphrase: the same key, wrapped anew."""
    keys.check_new_passphrase(passphrase)
    rec = keys.read_record(keys.key_path(data_dir))
    if rec is None:
        rec = keys.new_record(key, None)
    rec.wrap = keys.wrap_key(key, passphrase, rec.db_id)
    keys.write_record(keys.key_path(data_dir), rec)


def verify_passphrase(data_dir: Path, passphrase: str) -> bool:
    """True when ``passphrase`` is this data folder's recovery passphrase (the idle lock asks for it)."""
    rec = keys.read_record(keys.key_path(data_dir))
    if rec is None or not rec.wrap:
        return False
    try:
        keys.unwrap_key(rec, passphrase)
        return True
    except DomainError:
        return False


def convert_plain(data_dir: Path, db_path: Path, key: bytes) -> Path:
    """Encrypt a plain database from an earlier version in place. An encrypted copy is kept in the backups first;
    the plain file (and its WAL) is removed. Returns the backup's path."""
    from app.storage.backup import BACKUP_DIRNAME

    plain = connect_raw(db_path, None)
    tmp = db_path.with_name(db_path.name + ".encrypting")
    with contextlib.suppress(OSError):
        tmp.unlink()
    try:
        plain.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        plain.execute("ATTACH DATABASE ? AS enc KEY \"x'" + key.hex() + "'\"", (str(tmp),))
        plain.execute("SELECT sqlcipher_export('enc')")
        plain.execute("DETACH DATABASE enc")
    finally:
        plain.close()
    enc = connect_raw(tmp, key)
    try:
        problems = [r[0] for r in enc.execute("PRAGMA quick_check").fetchall() if r[0] != "ok"]
        enc.execute("PRAGMA journal_mode = DELETE")
    finally:
        enc.close()
    if problems:
        tmp.unlink()
        raise DomainError("storage.convert_failed", _("加密转换失败，原数据没有改动。"), details="\n".join(problems))
    folder = paths.ensure_private_dir(data_dir / BACKUP_DIRNAME)
    now = utcnow()
    bid = now.astimezone().strftime("%Y%m%d-%H%M%S") + "-convert"
    backup_path = folder / f"{bid}.db"
    with open(tmp, "rb") as src, paths.open_private(str(backup_path) + ".part") as dst:
        while chunk := src.read(1 << 20):
            dst.write(chunk)
        dst.flush()
        os.fsync(dst.fileno())
    os.replace(str(backup_path) + ".part", backup_path)
    atomic_write_text(folder / f"{bid}.json", json.dumps(
        {"id": bid, "created": now.isoformat(), "reason": "convert", "counts": {}, "marker": ""}))
    os.replace(tmp, db_path)
    for suffix in ("-wal", "-shm", "-journal"):
        with contextlib.suppress(OSError):
            os.unlink(str(db_path) + suffix)
    return backup_path
