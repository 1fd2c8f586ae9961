"""The higher-level union's receiver (``uniondesk hub …``): its own data folder and database (SQLite by default,
PostgreSQL with ``--db URL``, through SQLAlchemy Core), pinned enterprise keys, and the import of bundles —
verified in the numbered order of BUNDLE.md and applied in one transaction each, idempotently."""

from __future__ import annotations

import hashlib
import io
import json
import re
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import keyring
import keyring.errors
import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from app.errors import DomainError
from app.fileio import atomic_write_bytes, atomic_write_text
from app.i18n import N_, _
from app.sync import agefmt, container, keys, policy
from app.sync.errors import BundleRefused, FileUnreadable, message

HUB_SCHEMA = 1
SUPPORTED_MAJOR = 1
KNOWN_CRIT: set[str] = set()
MIN_SCHEMA, MAX_SCHEMA = 1, 1
KEYRING_SERVICE = "UnionDesk hub identity"
CONFIG = "hub.json"
DB_FILE = "hub.db"

md = sa.MetaData()
T_META = sa.Table("hub_meta", md, sa.Column("key", sa.String(64), primary_key=True),
                  sa.Column("value", sa.Text, nullable=False, default=""))
T_ORG = sa.Table(
    "hub_org", md,
    sa.Column("org_code", sa.String(40), primary_key=True), sa.Column("name", sa.String(200), nullable=False),
    sa.Column("stream_id", sa.String(36), nullable=False, default=""),
    sa.Column("last_seq", sa.Integer, nullable=False, default=0),
    sa.Column("last_manifest_sha256", sa.String(64), nullable=False, default=""),
    sa.Column("level", sa.String(2), nullable=False, default=""),
    sa.Column("needs_snapshot", sa.Boolean, nullable=False, default=False),
    sa.Column("enrolled_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("last_import_at", sa.DateTime(timezone=True)),
)
T_KEY = sa.Table(
    "hub_key", md,
    sa.Column("key_id", sa.String(64), primary_key=True),
    sa.Column("org_code", sa.String(40), sa.ForeignKey("hub_org.org_code"), nullable=False, index=True),
    sa.Column("public_key", sa.String(64), nullable=False),
    sa.Column("valid_from_seq", sa.Integer, nullable=False, default=1),
    sa.Column("valid_to_seq", sa.Integer), sa.Column("status", sa.String(10), nullable=False, default="active"),
    sa.Column("enrolled_at", sa.DateTime(timezone=True), nullable=False),
)
T_BUNDLE = sa.Table(
    "hub_bundle", md,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("bundle_id", sa.String(36), nullable=False, unique=True),
    sa.Column("org_code", sa.String(40), nullable=False), sa.Column("stream_id", sa.String(36), nullable=False),
    sa.Column("seq", sa.Integer, nullable=False), sa.Column("manifest_sha256", sa.String(64), nullable=False),
    sa.Column("kind", sa.String(10), nullable=False), sa.Column("level", sa.String(2), nullable=False),
    sa.Column("key_id", sa.String(64), nullable=False),
    sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("counts", sa.Text, nullable=False, default="{}"),
    sa.Column("warnings", sa.Text, nullable=False, default=""),
    sa.UniqueConstraint("org_code", "stream_id", "seq"),
)
T_QUARANTINE = sa.Table(
    "hub_quarantine", md,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("org_code", sa.String(40), nullable=False), sa.Column("stream_id", sa.String(36), nullable=False),
    sa.Column("seq", sa.Integer, nullable=False), sa.Column("manifest_sha256", sa.String(64), nullable=False),
    sa.Column("reason", sa.String(10), nullable=False),
    sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("manifest", sa.Text, nullable=False),
)
T_RECORD = sa.Table(
    "hub_record", md,
    sa.Column("org_code", sa.String(40), primary_key=True), sa.Column("table_name", sa.String(64), primary_key=True),
    sa.Column("uuid", sa.String(36), primary_key=True), sa.Column("rv", sa.BigInteger, nullable=False),
    sa.Column("data", sa.Text, nullable=False),
)
T_TOMB = sa.Table(
    "hub_tombstone", md,
    sa.Column("org_code", sa.String(40), primary_key=True), sa.Column("table_name", sa.String(64), primary_key=True),
    sa.Column("uuid", sa.String(36), primary_key=True), sa.Column("rv", sa.BigInteger, nullable=False),
)
T_AGG = sa.Table(
    "hub_aggregate", md,
    sa.Column("org_code", sa.String(40), primary_key=True), sa.Column("name", sa.String(64), primary_key=True),
    sa.Column("value", sa.Text, nullable=False),
)

_UUID = re.compile(r"^[0-9a-fA-F-]{1,36}$")


def utcnow() -> datetime:
    return datetime.now(UTC)


# --- opening ---------------------------------------------------------------------------------------------------------


class Hub:
    def __init__(self, base: Path, engine: Engine) -> None:
        self.base = base
        self.engine = engine

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """One transaction that holds the receiver's write lock from the start (SQLite and PostgreSQL)."""
        with self.engine.begin() as conn:
            conn.execute(T_META.update().where(T_META.c.key == "lock").values(value="1"))
            yield conn

    def meta(self, key: str, default: str = "") -> str:
        with self.engine.connect() as conn:
            v = conn.execute(sa.select(T_META.c.value).where(T_META.c.key == key)).scalar()
        return default if v is None else str(v)

    @property
    def org_code(self) -> str:
        return self.meta("org_code")

    def close(self) -> None:
        self.engine.dispose()


def _set_meta(conn: Connection, key: str, value: str) -> None:
    if conn.execute(sa.select(T_META.c.key).where(T_META.c.key == key)).first():
        conn.execute(T_META.update().where(T_META.c.key == key).values(value=value))
    else:
        conn.execute(T_META.insert().values(key=key, value=value))


def _read_config(cfg_path: Path) -> dict[str, Any]:
    if not cfg_path.exists():
        return {}
    try:
        cfg = json.loads(cfg_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        cfg = None
    if not isinstance(cfg, dict):
        raise DomainError("hub.config", _("接收端配置文件已损坏：{path}").format(path=cfg_path))
    return cfg


def _identity_of(org_code: str, identity_file: str) -> str:
    """The receiver's age identity: from its identity file when one was given at init, else the keyring."""
    if identity_file:
        try:
            ids = agefmt.read_identity_file(Path(identity_file).read_text(encoding="utf-8"))
        except (OSError, ValueError, UnicodeDecodeError):
            ids = []
        if not ids:
            raise DomainError("hub.identity_file", _("无法读取身份文件 {path}").format(path=identity_file))
        return ids[0]
    try:
        v = keyring.get_password(KEYRING_SERVICE, org_code)
    except keyring.errors.KeyringError:
        v = None
    if not v:
        raise DomainError("hub.no_identity", _("系统钥匙串中没有本接收端的身份密钥"))
    return v


def db_key(identity: str) -> bytes:
    """The SQLCipher key of the receiver's SQLite database, derived from its age identity: the records it holds
    (names and ID numbers at L2) are as well protected on the clerk's laptop as in the bundles, and there is no
    second secret to lose."""
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    return HKDF(hashes.SHA256(), 32, salt=None, info=b"uniondesk-hub-db/v1").derive(identity.encode("ascii"))


def _legacy_identity(path: Path) -> tuple[str, str] | None:
    """(org_code, identity_file) from a plain receiver database of an earlier version, or None."""
    from app.storage.db import connect_raw

    conn = connect_raw(path, None)
    try:
        rows = dict(conn.execute("SELECT key, value FROM hub_meta WHERE key IN ('org_code', 'identity_file')"))
    except Exception:  # noqa: BLE001 — not a receiver database: leave it to the normal open to say so
        return None
    finally:
        conn.close()
    return (rows["org_code"], rows.get("identity_file", "")) if rows.get("org_code") else None


def open_hub(base: Path, db_url: str | None = None, *, create: bool = False, identity: str | None = None) -> Hub:
    """The receiver's database in folder ``base`` (or at ``db_url``, remembered in hub.json at init).

    The SQLite database is encrypted with :func:`db_key` of the receiver's identity (``identity`` at init; later
    found through the org code and identity file remembered in hub.json). A plain database of an earlier version
    is encrypted on first open (an encrypted copy goes to the backups folder)."""
    base = Path(base)
    cfg_path = base / CONFIG
    cfg = _read_config(cfg_path)
    url = db_url or cfg.get("db") or ""
    if not create and not cfg_path.exists() and not url:
        raise DomainError("hub.not_initialised", _("{path} 还不是接收端数据文件夹：请先运行 uniondesk hub init").format(path=base))
    if url and not url.startswith("sqlite"):
        try:
            engine = sa.create_engine(url, pool_pre_ping=True)
        except (sa.exc.ArgumentError, ImportError) as e:
            raise DomainError("hub.db_url", _("数据库地址无效：{err}").format(err=e), "db") from None
    else:
        from app import paths
        from app.storage import secure
        from app.storage.db import make_engine

        paths.ensure_private_dir(base)
        path = base / DB_FILE
        if identity is None and path.exists() and secure.is_plain(path):
            legacy = _legacy_identity(path)
            if legacy is not None:
                identity = _identity_of(*legacy)
                cfg.update(org_code=legacy[0], identity_file=legacy[1])
                secure.convert_plain(base, path, db_key(identity))
                atomic_write_text(cfg_path, json.dumps(cfg, ensure_ascii=False) + "\n")
        if identity is None and cfg.get("org_code"):
            identity = _identity_of(cfg["org_code"], cfg.get("identity_file", ""))
        engine = make_engine(path, db_key(identity) if identity else None)
    try:
        md.create_all(engine)
        with engine.begin() as conn:
            if conn.execute(sa.select(T_META.c.value).where(T_META.c.key == "lock")).first() is None:
                conn.execute(T_META.insert().values(key="lock", value="0"))
                conn.execute(T_META.insert().values(key="schema", value=str(HUB_SCHEMA)))
            schema = int(conn.execute(sa.select(T_META.c.value).where(T_META.c.key == "schema")).scalar() or 0)
    except sa.exc.OperationalError as e:
        engine.dispose()
        raise DomainError("hub.db", _("无法打开接收端数据库：{err}").format(err=str(e).splitlines()[0])) from None
    if schema > HUB_SCHEMA:
        engine.dispose()
        raise DomainError("hub.newer", _("接收端数据库来自更新版本的工会工作台：请升级"))
    if create and url and not cfg.get("db"):
        cfg["db"] = url
        atomic_write_text(cfg_path, json.dumps(cfg, ensure_ascii=False) + "\n")
    elif create and not cfg_path.exists():
        atomic_write_text(cfg_path, "{}\n")
    return Hub(base, engine)


def init_hub(base: Path, org_code: str, name: str, identity_file: Path | None = None,
             db_url: str | None = None) -> dict[str, str]:
    """Create the receiver: its age identity (keyring, or a standard age identity file) and pseudonym key."""
    org_code, name = org_code.strip(), name.strip()
    if not org_code or not name:
        raise DomainError("hub.org", _("请填写本工会的单位代码和名称"), "org")
    base = Path(base)
    cfg = _read_config(base / CONFIG)
    if cfg.get("org_code"):
        raise DomainError("hub.exists", _("此文件夹已是 {org} 的接收端").format(org=cfg["org_code"]))
    if (base / DB_FILE).exists() and not (db_url or cfg.get("db")):
        old = open_hub(base)   # an earlier version's receiver, or one whose init stopped half-way
        try:
            if old.org_code:
                raise DomainError("hub.exists", _("此文件夹已是 {org} 的接收端").format(org=old.org_code))
        finally:
            old.close()
        for suffix in ("", "-wal", "-shm"):
            (base / (DB_FILE + suffix)).unlink(missing_ok=True)
    created = utcnow().isoformat(timespec="seconds")
    if identity_file is not None and Path(identity_file).exists():
        try:
            ids = agefmt.read_identity_file(Path(identity_file).read_text(encoding="utf-8"))
        except (OSError, ValueError, UnicodeDecodeError):
            raise DomainError("hub.identity_file", _("{path} 不是 age 身份文件").format(path=identity_file)) from None
        if not ids:
            raise DomainError("hub.identity_file", _("{path} 不是 age 身份文件").format(path=identity_file))
        identity = ids[0]
    else:
        identity, _rec = agefmt.new_identity()
        if identity_file is not None:
            atomic_write_text(identity_file, agefmt.identity_file_text(identity, created))
        else:
            try:
                keyring.set_password(KEYRING_SERVICE, org_code, identity)
            except keyring.errors.KeyringError:
                raise DomainError("hub.no_keyring", _("系统钥匙串不可用：请用 --identity-file 指定身份文件的位置")) from None
    import pyrage

    recipient = str(pyrage.x25519.Identity.from_str(identity).to_public())
    pkey = secrets.token_hex(32)
    id_path = str(Path(identity_file).resolve()) if identity_file else ""
    hub = open_hub(base, db_url, create=True, identity=identity)
    try:
        with hub.write() as conn:
            for k, v in (("org_code", org_code), ("name", name), ("recipient", recipient), ("pseudonym_key", pkey),
                         ("identity_file", id_path), ("created_at", created)):
                _set_meta(conn, k, v)
    finally:
        hub.close()
    cfg = _read_config(base / CONFIG)
    cfg.update(org_code=org_code, identity_file=id_path)
    atomic_write_text(base / CONFIG, json.dumps(cfg, ensure_ascii=False) + "\n")
    return {"recipient": recipient, "pseudonym_key": pkey, "org_code": org_code}


def identities(hub: Hub) -> list[str]:
    path = hub.meta("identity_file")
    if path:
        try:
            return agefmt.read_identity_file(Path(path).read_text(encoding="utf-8"))
        except (OSError, ValueError, UnicodeDecodeError):
            raise DomainError("hub.identity_file", _("无法读取身份文件 {path}").format(path=path)) from None
    try:
        v = keyring.get_password(KEYRING_SERVICE, hub.org_code)
    except keyring.errors.KeyringError:
        v = None
    if not v:
        raise DomainError("hub.no_identity", _("系统钥匙串中没有本接收端的身份密钥"))
    return [v]


def info(hub: Hub) -> dict[str, str]:
    return {k: hub.meta(k) for k in ("org_code", "name", "recipient", "pseudonym_key", "identity_file")}


# --- enrolment -------------------------------------------------------------------------------------------------------


def enrol(hub: Hub, path: Path, expected_fingerprint: str | None = None) -> dict[str, Any]:
    """Pin an enterprise's key from its enrolment file (compare the fingerprint with the signed paper form)."""
    try:
        doc = json.loads(Path(path).read_text(encoding="utf-8"))
        if not isinstance(doc, dict) or doc.get("type") != "uniondesk-enrolment":
            raise ValueError
    except (OSError, ValueError, UnicodeDecodeError):
        raise DomainError("hub.enrolment", _("{path} 不是登记文件").format(path=path)) from None
    if not keys.verify_enrolment(doc):
        raise DomainError("hub.enrolment_sig", _("登记文件的签名无效：{path}").format(path=path))
    if expected_fingerprint and expected_fingerprint.replace("-", "").lower() != doc["key_id"]:
        raise DomainError("hub.fingerprint", _("指纹与纸质登记表不一致：文件中为 {fp}").format(fp=doc["fingerprint"]))
    now = utcnow()
    with hub.write() as conn:
        org = conn.execute(sa.select(T_ORG).where(T_ORG.c.org_code == doc["org_code"])).first()
        if org is None:
            conn.execute(T_ORG.insert().values(org_code=doc["org_code"], name=doc["union_name"], enrolled_at=now,
                                               stream_id="", last_seq=0, last_manifest_sha256="", level="",
                                               needs_snapshot=False))
        else:
            conn.execute(T_ORG.update().where(T_ORG.c.org_code == doc["org_code"]).values(name=doc["union_name"]))
        existing = conn.execute(sa.select(T_KEY).where(T_KEY.c.key_id == doc["key_id"])).first()
        if existing is not None and existing.org_code != doc["org_code"]:
            raise DomainError("hub.key_other_org", _("该密钥已登记在另一个单位名下：{org}").format(org=existing.org_code))
        if existing is None:
            conn.execute(T_KEY.insert().values(key_id=doc["key_id"], org_code=doc["org_code"],
                                               public_key=doc["public_key"],
                                               valid_from_seq=int(doc.get("valid_from_seq") or 1),
                                               valid_to_seq=None, status="active", enrolled_at=now))
    return doc


def revoke(hub: Hub, key_id: str, after_seq: int | None = None) -> int:
    """Refuse a key for bundles after ``after_seq`` (default: the last applied seq — lost laptop)."""
    key_id = key_id.replace("-", "").lower()
    with hub.write() as conn:
        k = conn.execute(sa.select(T_KEY).where(T_KEY.c.key_id == key_id)).first()
        if k is None:
            raise DomainError("hub.key_unknown", _("没有登记过密钥 {k}").format(k=key_id))
        if after_seq is None:
            after_seq = int(conn.execute(sa.select(T_ORG.c.last_seq).where(T_ORG.c.org_code == k.org_code))
                            .scalar() or 0)
        conn.execute(T_KEY.update().where(T_KEY.c.key_id == key_id).values(valid_to_seq=after_seq, status="revoked"))
    return after_seq


# --- import ----------------------------------------------------------------------------------------------------------


@dataclass
class ImportResult:
    status: str               # applied | I01 | I02
    org_code: str
    seq: int
    message: str
    warnings: list[str] = field(default_factory=list)
    counts: dict[str, Any] = field(default_factory=dict)


_MANIFEST_KEYS = {
    "format_version": str, "crit": list, "bundle_id": str, "kind": str, "sender": dict, "recipient": dict,
    "stream_id": str, "seq": int, "base_seq": int, "prev_manifest_sha256": str, "schema_version": int,
    "app_version": str, "created_at": str, "policy": dict, "payload": dict, "state": dict,
}
_OPTIONAL_KEYS = {"rotation": dict}


def _require(cond: bool, where: str) -> None:
    if not cond:
        raise BundleRefused("E05", where)


def check_manifest(m: Any) -> dict[str, Any]:
    """Version first (E06), then the structure (E05): unknown fields are refused, never dropped."""
    _require(isinstance(m, dict), "manifest")
    fv = m.get("format_version")
    _require(isinstance(fv, str) and re.fullmatch(r"\d{1,3}\.\d{1,3}", fv) is not None, "format_version")
    if int(fv.split(".")[0]) != SUPPORTED_MAJOR:
        raise BundleRefused("E06", f"format {fv}")
    crit = m.get("crit")
    _require(isinstance(crit, list) and all(isinstance(c, str) for c in crit), "crit")
    unknown = [c for c in crit if c not in KNOWN_CRIT]
    if unknown:
        raise BundleRefused("E06", "crit: " + ", ".join(unknown)[:100])
    for k in m:
        _require(k in _MANIFEST_KEYS or k in _OPTIONAL_KEYS, f"manifest field {k}")
    for k, t in _MANIFEST_KEYS.items():
        _require(isinstance(m.get(k), t) and not isinstance(m.get(k), bool), f"manifest field {k}")
    _require(m["kind"] in ("snapshot", "delta"), "kind")
    _require(m["seq"] >= 1 and 0 <= m["base_seq"] < m["seq"], "seq")
    _require(bool(_UUID.match(m["bundle_id"])) and bool(_UUID.match(m["stream_id"])), "bundle_id")
    snd, rcp, pol, pay, st = m["sender"], m["recipient"], m["policy"], m["payload"], m["state"]
    _require(set(snd) == {"org_code", "org_name", "key_id"} and all(isinstance(v, str) for v in snd.values()), "sender")
    _require(set(rcp) == {"org_code", "recipients"} and isinstance(rcp["org_code"], str)
             and isinstance(rcp["recipients"], list), "recipient")
    _require(set(pol) == {"level", "profile", "purpose", "legal_basis"} and pol["level"] in policy.LEVELS, "policy")
    _require(set(pay) == {"sha256", "bytes", "counts"} and isinstance(pay["bytes"], int)
             and isinstance(pay["sha256"], str) and isinstance(pay["counts"], dict), "payload")
    _require(set(st) == {"counts", "digest"} and isinstance(st["counts"], dict), "state")
    return m


@dataclass
class _Parsed:
    aggregates: dict[str, dict[str, Any]]
    puts: list[tuple[str, str, int, dict[str, Any]]]
    dels: list[tuple[str, str, int]]


def _check_value(v: Any, where: str) -> None:
    if isinstance(v, dict):
        for x in v.values():
            _check_value(x, where)
    elif isinstance(v, bool) or not isinstance(v, int | str):
        raise BundleRefused("E05", where)
    elif isinstance(v, str):
        try:
            Decimal(v)
        except InvalidOperation:
            raise BundleRefused("E05", where) from None


def parse_payload(lines: list[dict[str, Any]], manifest: dict[str, Any]) -> _Parsed:
    """Check every line against the policy (E05 unknown table/field, E18 other org, E19 duplicate, E21 policy)."""
    org = manifest["sender"]["org_code"]
    level = manifest["policy"]["level"]
    out = _Parsed({}, [], [])
    seen: set[tuple[str, str]] = set()
    for n, ln in enumerate(lines, 1):
        where = f"payload line {n}"
        t = ln.get("t")
        _require(isinstance(t, str), where)
        if ln.get("o") != org:
            raise BundleRefused("E18", where)
        if t == "agg":
            _require(set(ln) == {"t", "o", "k", "v"} and isinstance(ln["k"], str) and isinstance(ln["v"], dict), where)
            if ln["k"] not in policy.AGGREGATES:
                raise BundleRefused("E05", f"{where}: aggregate {str(ln['k'])[:40]}")
            _check_value(ln["v"], where)
            if ln["k"] in out.aggregates:
                raise BundleRefused("E19", where)
            out.aggregates[ln["k"]] = ln["v"]
            continue
        if t not in policy.TABLE_FIELDS:
            raise BundleRefused("E05", f"{where}: table {str(t)[:40]}")
        allowed = policy.allowed_fields(t, level)
        if allowed is None:
            raise BundleRefused("E21", f"{where}: {t}")
        u_, rv_ = ln.get("u"), ln.get("rv")
        _require(isinstance(u_, str) and bool(_UUID.match(u_)) and isinstance(rv_, int)
                 and not isinstance(rv_, bool) and rv_ >= 0, where)
        u, rv = str(u_), int(rv_)  # type: ignore[arg-type]
        if (t, u) in seen:
            raise BundleRefused("E19", f"{where}: {t} {u}")
        seen.add((t, u))
        if "del" in ln:
            _require(set(ln) == {"t", "o", "u", "rv", "del"} and ln["del"] is True, where)
            out.dels.append((t, u, rv))
            continue
        _require(set(ln) == {"t", "o", "u", "rv", "d"} and isinstance(ln["d"], dict), where)
        for k, v in ln["d"].items():
            if k not in allowed:
                raise BundleRefused("E21" if policy.known_field(t, k) else "E05", f"{where}: {t}.{k}")
            if isinstance(v, dict | list):
                raise BundleRefused("E05", f"{where}: {t}.{k}")
            if level != "L2" and isinstance(v, str) and next(iter(policy.find_id_numbers(v)), None):
                raise BundleRefused("E21", f"{where}: {t}.{k}")
        out.puts.append((t, u, rv, ln["d"]))
    counts = manifest["payload"]["counts"]
    rec: dict[str, int] = {}
    for t, *_r in out.puts:
        rec[t] = rec.get(t, 0) + 1
    tomb: dict[str, int] = {}
    for t, *_r in out.dels:
        tomb[t] = tomb.get(t, 0) + 1
    if (counts.get("records", {}) != rec or counts.get("tombstones", {}) != tomb
            or counts.get("aggregates") != len(out.aggregates)):
        raise BundleRefused("E12", "counts")
    return out


def _key_for(conn: Connection, m: dict[str, Any]) -> tuple[Any, dict[str, Any] | None]:
    """The pinned key that must have signed ``m`` (E07/E08/E09), and a rotation to apply if it introduces it."""
    org, kid, seq = m["sender"]["org_code"], m["sender"]["key_id"], m["seq"]
    if conn.execute(sa.select(T_ORG.c.org_code).where(T_ORG.c.org_code == org)).first() is None:
        raise BundleRefused("E07", org[:40])
    k = conn.execute(sa.select(T_KEY).where(T_KEY.c.key_id == kid)).first()
    rotation = None
    if k is None or k.org_code != org:
        rot = m.get("rotation")
        if k is None and rot is not None and keys.verify_rotation(rot):
            st = rot["statement"]
            old = conn.execute(sa.select(T_KEY).where(T_KEY.c.key_id == st["old_key_id"])).first()
            if (old is not None and old.org_code == org and st["org_code"] == org and st["new_key_id"] == kid
                    and old.status == "active" and isinstance(st["last_seq_old"], int) and seq > st["last_seq_old"]):
                rotation = rot
                return (kid, st["new_public_key"], st["last_seq_old"] + 1, None), rotation
        raise BundleRefused("E08", kid[:40])
    if k.valid_to_seq is not None and seq > k.valid_to_seq:
        raise BundleRefused("E09", seq=k.valid_to_seq)
    rot = m.get("rotation")
    if rot is not None and keys.verify_rotation(rot):
        # the new key was enrolled on paper first: the statement still caps the old key
        st = rot["statement"]
        old = conn.execute(sa.select(T_KEY).where(T_KEY.c.key_id == st["old_key_id"])).first()
        if (old is not None and old.org_code == org and st["org_code"] == org and st["new_key_id"] == kid
                and old.status == "active" and isinstance(st["last_seq_old"], int)):
            rotation = rot
    return (k.key_id, k.public_key, k.valid_from_seq, k.valid_to_seq), rotation


def _stats(conn: Connection, org: str) -> tuple[dict[str, int], str]:
    rows = conn.execute(sa.select(T_RECORD.c.table_name, T_RECORD.c.uuid, T_RECORD.c.rv)
                        .where(T_RECORD.c.org_code == org)).all()
    counts: dict[str, int] = {}
    by_table: dict[str, list[tuple[str, int]]] = {}
    for t, u, rv in rows:
        counts[t] = counts.get(t, 0) + 1
        by_table.setdefault(t, []).append((u, int(rv)))
    from app.sync.exporter import state_digest

    return counts, state_digest(by_table)


def _apply(conn: Connection, org: str, kind: str, parsed: _Parsed) -> None:
    conn.execute(T_AGG.delete().where(T_AGG.c.org_code == org))
    if parsed.aggregates:
        conn.execute(T_AGG.insert(), [{"org_code": org, "name": k, "value": json.dumps(v, ensure_ascii=False)}
                                      for k, v in parsed.aggregates.items()])
    if kind == "snapshot":
        conn.execute(T_RECORD.delete().where(T_RECORD.c.org_code == org))
        conn.execute(T_TOMB.delete().where(T_TOMB.c.org_code == org))
        _insert_records(conn, org, parsed.puts)
        if parsed.dels:
            conn.execute(T_TOMB.insert(), [{"org_code": org, "table_name": t, "uuid": u, "rv": rv}
                                           for t, u, rv in parsed.dels])
        return
    # delta: a record applies only if its rv is greater than the stored one (or the tombstone's)
    for t, u, rv in parsed.dels:
        key = (T_RECORD.c.org_code == org) & (T_RECORD.c.table_name == t) & (T_RECORD.c.uuid == u)
        cur = conn.execute(sa.select(T_RECORD.c.rv).where(key)).scalar()
        if cur is not None and cur < rv:
            conn.execute(T_RECORD.delete().where(key))
        tkey = (T_TOMB.c.org_code == org) & (T_TOMB.c.table_name == t) & (T_TOMB.c.uuid == u)
        old = conn.execute(sa.select(T_TOMB.c.rv).where(tkey)).scalar()
        if old is None:
            conn.execute(T_TOMB.insert().values(org_code=org, table_name=t, uuid=u, rv=rv))
        elif old < rv:
            conn.execute(T_TOMB.update().where(tkey).values(rv=rv))
    fresh = []
    for t, u, rv, d in parsed.puts:
        key = (T_RECORD.c.org_code == org) & (T_RECORD.c.table_name == t) & (T_RECORD.c.uuid == u)
        cur = conn.execute(sa.select(T_RECORD.c.rv).where(key)).scalar()
        tomb = conn.execute(sa.select(T_TOMB.c.rv).where((T_TOMB.c.org_code == org) & (T_TOMB.c.table_name == t)
                                                         & (T_TOMB.c.uuid == u))).scalar()
        if tomb is not None and tomb >= rv:
            continue
        if cur is None:
            fresh.append((t, u, rv, d))
        elif cur < rv:
            conn.execute(T_RECORD.update().where(key).values(rv=rv, data=json.dumps(d, ensure_ascii=False)))
    _insert_records(conn, org, fresh)


def _insert_records(conn: Connection, org: str, puts: list[tuple[str, str, int, dict[str, Any]]]) -> None:
    for i in range(0, len(puts), 5000):
        conn.execute(T_RECORD.insert(), [{"org_code": org, "table_name": t, "uuid": u, "rv": rv,
                                          "data": json.dumps(d, ensure_ascii=False)}
                                         for t, u, rv, d in puts[i:i + 5000]])


_FILE_NAME = re.compile(r"^(?P<org>[^_/\\]+)_(?P<seq>\d+)\.")


def import_bundle(hub: Hub, data: bytes, file_name: str = "", *, _retry: bool = True) -> ImportResult:
    """Verify and apply one bundle (BUNDLE.md order). Refusals raise :class:`BundleRefused` and change nothing."""
    inner = agefmt.open_outer(data, identities(hub))                       # E01–E04
    mbytes, sig, payload = container.unpack(inner)                          # E05
    m = check_manifest(container.strict_loads(mbytes, "manifest.json"))    # E06, E05
    _require(len(sig) == 64, "manifest.sig")
    msha = hashlib.sha256(mbytes).hexdigest()
    org, seq, sid = m["sender"]["org_code"], m["seq"], m["stream_id"]
    with hub.engine.connect() as conn:
        (kid, pub, _vf, _vt), rotation = _key_for(conn, m)                 # E07, E08, E09
    if not container.verify(mbytes, sig, keys.unb64(pub)):
        raise BundleRefused("E10")
    our = hub.org_code
    our_fp = agefmt.recipient_fingerprint(hub.meta("recipient"))
    if m["recipient"]["org_code"] != our or our_fp not in m["recipient"]["recipients"]:
        raise BundleRefused("E11", str(m["recipient"]["org_code"])[:40])
    if hashlib.sha256(payload).hexdigest() != m["payload"]["sha256"] or len(payload) != m["payload"]["bytes"]:
        raise BundleRefused("E12")
    if m["schema_version"] < MIN_SCHEMA:
        raise BundleRefused("E13", str(m["schema_version"]))
    if m["schema_version"] > MAX_SCHEMA:
        raise BundleRefused("E14", str(m["schema_version"]))
    lines = container.iter_lines(payload)                                    # E05
    warnings: list[str] = []
    try:
        quarantine: str | None = None
        with hub.write() as conn:
            prev = conn.execute(sa.select(T_BUNDLE).where(T_BUNDLE.c.bundle_id == m["bundle_id"])).first()
            if prev is not None and prev.manifest_sha256 == msha:
                return ImportResult("I01", org, seq, message("I01", date=_fmt_date(prev.imported_at)))
            same = conn.execute(sa.select(T_BUNDLE).where((T_BUNDLE.c.org_code == org) & (T_BUNDLE.c.stream_id == sid)
                                                          & (T_BUNDLE.c.seq == seq))).first()
            if prev is not None or (same is not None and same.manifest_sha256 != msha):
                quarantine = "E15"
                raise BundleRefused("E15", seq=seq)
            o = conn.execute(sa.select(T_ORG).where(T_ORG.c.org_code == org)).first()
            assert o is not None
            if sid == o.stream_id:
                if seq <= o.last_seq:
                    return ImportResult("I02", org, seq, message("I02"))
                if m["kind"] == "delta" and m["base_seq"] > o.last_seq:
                    raise BundleRefused("E16", seq=o.last_seq)
            else:
                old_stream = conn.execute(sa.select(T_BUNDLE.c.id).where((T_BUNDLE.c.org_code == org)
                                                                         & (T_BUNDLE.c.stream_id == sid))).first()
                if old_stream is not None:
                    return ImportResult("I02", org, seq, message("I02"))
                if m["kind"] != "snapshot":
                    raise BundleRefused("E17")
            parsed = parse_payload(lines, m)                                  # E05, E18, E19, E21
            if rotation is not None:
                st = rotation["statement"]
                conn.execute(T_KEY.update().where(T_KEY.c.key_id == st["old_key_id"])
                             .values(valid_to_seq=st["last_seq_old"], status="rotated"))
                if conn.execute(sa.select(T_KEY.c.key_id).where(T_KEY.c.key_id == kid)).first() is None:
                    conn.execute(T_KEY.insert().values(key_id=kid, org_code=org, public_key=pub,
                                                       valid_from_seq=st["last_seq_old"] + 1, valid_to_seq=None,
                                                       status="active", enrolled_at=utcnow()))
                warnings.append(_("已按换届声明启用新的签名密钥 {fp}").format(fp=keys.fingerprint(kid)))
            _apply(conn, org, m["kind"], parsed)
            counts, digest = _stats(conn, org)
            needs = False
            expected = {t: n for t, n in m["state"]["counts"].items() if n}
            if m["policy"]["level"] != "L0" and (counts != expected or digest != m["state"]["digest"]):
                needs = True
                warnings.append(message("W02"))
            created = _parse_time(m["created_at"])
            if created is not None and created > utcnow() + timedelta(minutes=10):
                warnings.append(message("W03", date=m["created_at"]))
            fm = _FILE_NAME.match(Path(file_name).name) if file_name else None
            if fm and (fm.group("org") != org or int(fm.group("seq")) != seq):
                warnings.append(message("W04", org=org, seq=seq))
            now = utcnow()
            conn.execute(T_ORG.update().where(T_ORG.c.org_code == org).values(
                stream_id=sid, last_seq=seq, last_manifest_sha256=msha, level=m["policy"]["level"],
                needs_snapshot=needs, last_import_at=now))
            conn.execute(T_BUNDLE.insert().values(
                bundle_id=m["bundle_id"], org_code=org, stream_id=sid, seq=seq, manifest_sha256=msha, kind=m["kind"],
                level=m["policy"]["level"], key_id=kid, imported_at=now,
                counts=json.dumps(m["payload"]["counts"], ensure_ascii=False), warnings="\n".join(warnings)))
    except BundleRefused:
        if quarantine:
            with hub.write() as conn:
                conn.execute(T_QUARANTINE.insert().values(org_code=org, stream_id=sid, seq=seq, manifest_sha256=msha,
                                                          reason=quarantine, received_at=utcnow(),
                                                          manifest=mbytes.decode()))
        raise
    except sa.exc.IntegrityError:
        # a concurrent import of the same bundle won the race: report what is there now (once)
        if not _retry:
            raise
        return import_bundle(hub, data, file_name, _retry=False)
    return ImportResult("applied", org, seq, _("已导入 {org} 第{seq}号数据包（{kind}，{level}）").format(
        org=org, seq=seq, kind=_("完整快照") if m["kind"] == "snapshot" else _("增量"), level=m["policy"]["level"]),
        warnings, m["payload"]["counts"])


def _parse_time(s: str) -> datetime | None:
    try:
        t = datetime.fromisoformat(s)
    except ValueError:
        return None
    return t if t.tzinfo else t.replace(tzinfo=UTC)


def _fmt_date(t: Any) -> str:
    """A stored (UTC) time as the clerk's local time; SQLite hands it back without its zone."""
    if isinstance(t, str):
        t = _parse_time(t) or t
    if isinstance(t, datetime):
        return (t if t.tzinfo else t.replace(tzinfo=UTC)).astimezone().strftime("%Y-%m-%d %H:%M")
    return str(t)[:16]


def import_files(hub: Hub, files: list[Path]) -> list[tuple[Path, ImportResult | BundleRefused]]:
    """Import several files in order; those refused with E16 (gap) are retried once the others have applied.

    A file that cannot be read (missing, a folder) is reported as such (:class:`FileUnreadable`, no E-number) and
    the others still go ahead."""
    results: list[ImportResult | BundleRefused | None] = [None] * len(files)
    pending = list(range(len(files)))
    while pending:
        progress = False
        retry: list[int] = []
        for i in pending:
            f = Path(files[i])
            try:
                data = f.read_bytes()
            except OSError as e:
                results[i] = FileUnreadable(e)   # never read: not a verdict on a bundle (no E01)
                continue
            try:
                r = import_bundle(hub, data, f.name)
                results[i] = r
                progress = progress or r.status == "applied"
            except BundleRefused as e:
                results[i] = e
                if e.number == "E16":
                    retry.append(i)
        if not progress or not retry:
            break
        pending = retry
    return [(Path(files[i]), r) for i, r in enumerate(results) if r is not None]


def ack(hub: Hub, org_code: str, path: Path) -> dict[str, Any]:
    """An acknowledgement file for the enterprise: the last seq applied (its next exports become deltas)."""
    with hub.engine.connect() as conn:
        o = conn.execute(sa.select(T_ORG).where(T_ORG.c.org_code == org_code)).first()
    if o is None or not o.last_seq:
        raise DomainError("hub.ack_none", _("还没有收到 {org} 的数据包").format(org=org_code))
    # after a W02 the acknowledgement asks for a full snapshot instead of confirming a base for deltas
    doc = {"type": "uniondesk-ack", "org_code": org_code, "stream_id": o.stream_id, "seq": o.last_seq,
           "snapshot_requested": bool(o.needs_snapshot), "hub": hub.org_code, "date": utcnow().date().isoformat()}
    atomic_write_text(path, json.dumps(doc, ensure_ascii=False, indent=1) + "\n")
    return doc


# --- report ----------------------------------------------------------------------------------------------------------

REPORT_COLUMNS: list[tuple[str, str, tuple[str, ...]]] = [
    # (header, aggregate name, path inside the aggregate)
    (N_("会员总数"), "roster.members", ("total",)),
    (N_("男"), "roster.members", ("by_sex", "男")),
    (N_("女"), "roster.members", ("by_sex", "女")),
    (N_("35岁及以下"), "roster.members", ("by_age_band", "le35")),
    (N_("36–45岁"), "roster.members", ("by_age_band", "36_45")),
    (N_("46–55岁"), "roster.members", ("by_age_band", "46_55")),
    (N_("56岁及以上"), "roster.members", ("by_age_band", "ge56")),
    (N_("农民工会员"), "roster.members", ("migrant_worker",)),
    (N_("劳务派遣"), "roster.members", ("dispatched",)),
    (N_("提案数"), "congress.stats", ("motions",)),
    (N_("已审查"), "congress.stats", ("reviewed",)),
    (N_("立案数"), "congress.stats", ("accepted",)),
    (N_("应办复"), "congress.stats", ("handled",)),
    (N_("已办复"), "congress.stats", ("replied",)),
    (N_("生效合同"), "contracts.stats", ("in_force",)),
    (N_("临近期限"), "contracts.stats", ("due_soon",)),
    (N_("已逾期"), "contracts.stats", ("overdue",)),
    (N_("在档困难户"), "hardship.totals", ("households",)),
    (N_("帮扶户次"), "hardship.totals", ("aid_households",)),
    (N_("帮扶金额（元）"), "hardship.totals", ("aid_total",)),
]
RATES = ((N_("立案率"), "已审查", "立案数"), (N_("办复率"), "应办复", "已办复"))


def _dig(v: Any, path: tuple[str, ...]) -> Any:
    for p in path:
        if not isinstance(v, dict) or p not in v:
            return None
        v = v[p]
    return v


def report_rows(hub: Hub) -> tuple[list[str], list[list[Any]]]:
    with hub.engine.connect() as conn:
        orgs = conn.execute(sa.select(T_ORG).order_by(T_ORG.c.org_code)).all()
        aggs = conn.execute(sa.select(T_AGG)).all()
    by_org: dict[str, dict[str, Any]] = {}
    for a in aggs:
        by_org.setdefault(a.org_code, {})[a.name] = json.loads(a.value)
    headers = ([_("单位代码"), _("工会名称"), _("最新数据包"), _("数据级别")] + [_(h) for h, _a, _p in REPORT_COLUMNS]
               + [_(r[0]) for r in RATES])
    rows: list[list[Any]] = []
    for o in orgs:
        ag = by_org.get(o.org_code, {})
        row: list[Any] = [o.org_code, o.name, o.last_seq or None, o.level]
        for _h, name, path in REPORT_COLUMNS:
            v = _dig(ag.get(name), path)
            if isinstance(v, str):
                v = Decimal(v)
            row.append(v if v is not None or name not in ag else 0)
        rows.append(row + [None] * len(RATES))
    return headers, rows


def write_report(hub: Hub, path: Path) -> int:
    """The aggregate across enterprises: one row per enterprise plus totals (.xlsx)."""
    import xlsxwriter

    headers, rows = report_rows(hub)
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True})
    ws = wb.add_worksheet(_("汇总"))
    bold = wb.add_format({"bold": True, "text_wrap": True, "valign": "vcenter", "border": 1})
    pct = wb.add_format({"num_format": "0.0%"})
    money = wb.add_format({"num_format": "#,##0.00"})
    ws.write_row(0, 0, headers, bold)
    first_num = 4
    col = {h: first_num + i for i, (h, _a, _p) in enumerate(REPORT_COLUMNS)}
    i_money = col["帮扶金额（元）"]
    rate_cols = [(len(headers) - len(RATES) + k, col[base], col[num]) for k, (_l, base, num) in enumerate(RATES)]

    def rates(r: int, row: list[Any]) -> None:
        for c, base, num in rate_cols:
            if row[base]:
                ws.write_number(r, c, (row[num] or 0) / row[base], pct)

    for r, row in enumerate(rows, 1):
        for c, v in enumerate(row):
            if v is None:
                continue
            if isinstance(v, Decimal):
                ws.write_number(r, c, float(v), money)
            else:
                ws.write(r, c, v)
        rates(r, row)
    tr = len(rows) + 1
    ws.write(tr, 0, _("合计"), bold)
    ws.write(tr, 1, _("{n}个单位").format(n=len(rows)), bold)
    totals: list[Any] = [None] * len(headers)
    for c in range(first_num, first_num + len(REPORT_COLUMNS)):
        vals = [row[c] for row in rows if row[c] is not None]
        if vals:
            total = sum(Decimal(str(v)) for v in vals)
            totals[c] = total if c == i_money else int(total)
            ws.write_number(tr, c, float(total), money) if c == i_money else ws.write_number(tr, c, int(total))
    rates(tr, totals)
    ws.set_column(0, 0, 22)
    ws.set_column(1, 1, 30)
    ws.set_column(2, len(headers), 10)
    ws.freeze_panes(1, 2)
    wb.close()
    atomic_write_bytes(path, buf.getvalue())
    return len(rows)


def hub_data_dir() -> Path:
    """The receiver's own data folder: --data-dir / UNIONDESK_DATA_DIR when given, else its own platform folder."""
    import os

    import platformdirs

    from app import paths

    if paths._override is not None or os.environ.get("UNIONDESK_DATA_DIR"):
        return paths.data_dir()
    return Path(platformdirs.user_data_dir("UnionDesk Hub", appauthor=False))
