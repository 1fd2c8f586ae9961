"""Term handover (换届交接): a package holding the database under a fresh key, and that key wrapped by a new
passphrase the outgoing chair hands over on paper. Opened in another data folder (another laptop) with it.

The package is a ZIP (stored, not compressed — the database is encrypted and does not compress)::

    manifest.json   {"format": "uniondesk-handover/1", "created": …, "counts": {…}, "app_version": …}
    uniondesk.key   the key file (see app/storage/keys.py), wrapped by the handover passphrase
    uniondesk.db    the SQLCipher database, rekeyed with the package's own key

The same reader opens a manual backup copied to a USB stick (``<name>.db`` + ``<name>.key``).
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import zipfile
from dataclasses import dataclass
from pathlib import Path

from app import __version__, paths
from app.errors import DomainError
from app.fileio import atomic_write
from app.i18n import _
from app.models.base import utcnow
from app.storage import keys
from app.storage.backup import _copy_live, _counts, backup_dir
from app.storage.db import Database, connect_raw, key_opens

PACKAGE_FORMAT = "uniondesk-handover/1"
PACKAGE_SUFFIX = ".udhandover"


class HandoverError(DomainError):
    pass


@dataclass
class PackageInfo:
    path: Path
    created: str
    counts: dict[str, int]


def export_package(db: Database, target: Path, passphrase: str) -> PackageInfo:
    """Write the handover package to ``target`` (atomically)."""
    keys.check_new_passphrase(passphrase)
    work = paths.ensure_private_dir(backup_dir(db))
    part = work / f"handover-{os.getpid()}.db.part"
    new_key = keys.new_key()
    try:
        _copy_live(db, part)
        conn = connect_raw(part, db.key)
        try:
            counts = _counts(conn)
            conn.execute(f"PRAGMA rekey = \"x'{new_key.hex()}'\"")
        finally:
            conn.close()
        if not key_opens(part, new_key):
            raise HandoverError("handover.rekey", _("交接包加密失败，没有写出任何文件。"))
        rec = keys.new_record(new_key, passphrase)
        created = utcnow().isoformat(timespec="seconds")
        manifest = {"format": PACKAGE_FORMAT, "created": created, "counts": counts, "app_version": __version__}
        with atomic_write(target, "wb") as fh, zipfile.ZipFile(fh, "w", zipfile.ZIP_STORED) as z:
            z.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=1))
            z.writestr(keys.KEY_FILENAME, rec.to_json())
            z.write(part, paths.DB_FILENAME)
    finally:
        with contextlib.suppress(OSError):
            part.unlink()
    from app.services.privacy import record_audit

    record_audit(db, "handover", label=_("交接包"), text=target.name)
    return PackageInfo(target, created, counts)


def read_manifest(path: Path) -> PackageInfo:
    try:
        with zipfile.ZipFile(path) as z:
            m = json.loads(z.read("manifest.json").decode("utf-8"))
    except (OSError, zipfile.BadZipFile, KeyError, ValueError):
        raise HandoverError("handover.bad_package",
                            _("{path} 不是工会工作台的交接包，或文件已损坏。").format(path=path)) from None
    if m.get("format") != PACKAGE_FORMAT:
        raise HandoverError("handover.bad_package",
                            _("{path} 的格式（{fmt}）本程序不认识，请升级工会工作台。").format(path=path,
                                                                                 fmt=m.get("format")))
    return PackageInfo(path, str(m.get("created", "")), dict(m.get("counts", {})))


def open_package(source: Path, data_dir: Path, passphrase: str) -> PackageInfo:
    """Install a handover package (or a backup copied with its .key file) as the data of ``data_dir``.

    ``data_dir`` must hold no database yet. The key goes into the keyring; the key file keeps the handover
    passphrase as the recovery passphrase (change it with ``uniondesk keys passphrase``).
    """
    db_path = paths.database_path(data_dir)
    if db_path.exists() and db_path.stat().st_size > 0:
        raise HandoverError("handover.target_not_empty",
                            _("数据文件夹 {path} 里已经有数据。请选择一个空文件夹（--data-dir），或先把现有数据移走。")
                            .format(path=data_dir))
    paths.ensure_private_dir(data_dir)
    part = data_dir / (paths.DB_FILENAME + ".part")
    if zipfile.is_zipfile(source):
        info = read_manifest(source)
        with zipfile.ZipFile(source) as z:
            try:
                rec_text = z.read(keys.KEY_FILENAME).decode("utf-8")
                with z.open(paths.DB_FILENAME) as src, paths.open_private(part) as dst:
                    shutil.copyfileobj(src, dst)
            except KeyError:
                raise HandoverError("handover.bad_package", _("交接包不完整：{path}").format(path=source)) from None
    else:  # a manual backup: NAME.db beside NAME.key
        kfile = source.with_suffix(".key")
        if not kfile.exists():
            raise HandoverError("handover.no_keyfile",
                                _("备份文件 {path} 旁边没有同名的 .key 密钥文件，无法用口令打开。").format(path=source))
        rec_text = kfile.read_text(encoding="utf-8")
        paths.copy_private(source, part)
        info = PackageInfo(source, "", {})
    try:
        tmp_key = data_dir / (keys.KEY_FILENAME + ".part")
        with paths.open_private(tmp_key) as fh:
            fh.write(rec_text.encode("utf-8"))
        rec = keys.read_record(tmp_key)
        tmp_key.unlink()
        assert rec is not None
        key = keys.unwrap_key(rec, passphrase)
        if not key_opens(part, key):
            raise HandoverError("handover.mismatch", _("交接包中的密钥与数据不匹配，文件可能已损坏。"))
        conn = connect_raw(part, key)
        try:
            bad = [r[0] for r in conn.execute("PRAGMA quick_check").fetchall() if r[0] != "ok"]
            info.counts = info.counts or _counts(conn)
        finally:
            conn.close()
        if bad:
            raise HandoverError("handover.corrupt", _("交接包中的数据已损坏。"), details="\n".join(bad[:10]))
        keys.write_record(keys.key_path(data_dir), rec)
        os.replace(part, db_path)
    finally:
        with contextlib.suppress(OSError):
            part.unlink()
    keys.keyring_set(rec.db_id, key)
    return info
