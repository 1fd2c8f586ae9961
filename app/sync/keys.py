"""The union's Ed25519 signing key: created at setup, kept in the keyring (its own entry, apart from the database
key) with a passphrase-protected file (age scrypt) as fallback and for handover; the enrolment file the
higher-level union pins; key rotation at a chair change (a statement signed by both keys)."""

from __future__ import annotations

import base64
import hashlib
import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import keyring
import keyring.backends.fail
import keyring.errors
import pyrage
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from sqlalchemy import func
from sqlmodel import select

from app.errors import DomainError
from app.fileio import atomic_write_bytes, atomic_write_text
from app.i18n import _
from app.models.base import utcnow
from app.models.sync import BundleExport, KeyRotation, SigningKey
from app.storage.db import Database
from app.sync.container import canonical

KEYRING_SERVICE = "UnionDesk signing key"
KEY_DOMAIN = b"uniondesk-key/v1\x00"
ROTATION_DOMAIN = b"uniondesk-rotation/v1\x00"
ENROLMENT_DOMAIN = b"uniondesk-enrolment/v1\x00"
KEY_FILE_NAME = "signing-key-{key_id}.age"


def b64(b: bytes) -> str:
    return base64.b64encode(b).decode()


def unb64(s: str) -> bytes:
    return base64.b64decode(s.encode(), validate=True)


def key_id_of(public_raw: bytes) -> str:
    return hashlib.sha256(KEY_DOMAIN + public_raw).hexdigest()[:32]


def fingerprint(key_id: str) -> str:
    """The key id in groups of four, for reading aloud and comparing on paper."""
    k = key_id.upper()
    return "-".join(k[i:i + 4] for i in range(0, len(k), 4))


def public_raw(key: Ed25519PrivateKey) -> bytes:
    return key.public_key().public_bytes_raw()


@dataclass
class Sender:
    org_code: str
    union_name: str


def sender(db: Database) -> Sender:
    """Who we are on the bundles: the union's (or else the enterprise's) unified social credit code."""
    from app.services.org import get_org

    org = get_org(db)
    code = (org.union_credit_code or org.enterprise_credit_code).strip() if org else ""
    if org is None or not code:
        raise DomainError("sync.no_org_code", _("请先在“本工会”页面填写工会或单位的统一社会信用代码：它是上报数据包的单位代码"),
                          "union_credit_code")
    return Sender(code, org.union_name or org.enterprise_name)


# --- storage of the private key ----------------------------------------------------------------------------------


def _keyring_set(key_id: str, raw: bytes) -> bool:
    try:
        keyring.set_password(KEYRING_SERVICE, key_id, raw.hex())
    except keyring.errors.KeyringError:
        return False
    return True


def _keyring_get(key_id: str) -> bytes | None:
    try:
        v = keyring.get_password(KEYRING_SERVICE, key_id)
    except keyring.errors.KeyringError:
        return None
    return bytes.fromhex(v) if v else None


def key_file_bytes(key: Ed25519PrivateKey, org_code: str, passphrase: str) -> bytes:
    raw = key.private_bytes_raw()
    doc = {"type": "uniondesk-signing-key", "version": 1, "org_code": org_code,
           "key_id": key_id_of(public_raw(key)), "private_key": b64(raw)}
    return pyrage.passphrase.encrypt(canonical(doc), passphrase)


def read_key_file(path: Path, passphrase: str) -> Ed25519PrivateKey:
    try:
        data = Path(path).read_bytes()
    except OSError as e:
        raise DomainError("keys.file", _("无法读取密钥文件 {path}：{err}").format(path=path, err=e)) from None
    try:
        doc = json.loads(pyrage.passphrase.decrypt(data, passphrase))
        key = Ed25519PrivateKey.from_private_bytes(unb64(doc["private_key"]))
    except pyrage.DecryptError:
        raise DomainError("keys.passphrase", _("口令不对，或 {path} 不是签名密钥文件").format(path=path)) from None
    except (ValueError, KeyError, TypeError):
        raise DomainError("keys.file", _("{path} 不是签名密钥文件").format(path=path)) from None
    return key


def _check_passphrase(passphrase: str | None) -> None:
    if passphrase is not None and len(passphrase) < 8:
        raise DomainError("keys.passphrase_short", _("口令至少需要8个字符"), "passphrase")


def _store(db: Database, key: Ed25519PrivateKey, org_code: str, passphrase: str | None) -> SigningKey:
    pub = public_raw(key)
    kid = key_id_of(pub)
    in_keyring = _keyring_set(kid, key.private_bytes_raw())
    key_file = ""
    if passphrase:
        path = db.path.parent / KEY_FILE_NAME.format(key_id=kid)
        atomic_write_bytes(path, key_file_bytes(key, org_code, passphrase))
        key_file = str(path)
    if not in_keyring and not key_file:
        raise DomainError("keys.nowhere", _("系统钥匙串不可用：请设置一个口令，签名密钥将以口令保护的文件保存"), "passphrase")
    return SigningKey(key_id=kid, public_key=b64(pub), in_keyring=in_keyring, key_file=key_file)


def active_key(db: Database) -> SigningKey | None:
    with db.session() as s:
        return s.exec(select(SigningKey).where(SigningKey.status == "active")).first()


def create_signing_key(db: Database, passphrase: str | None = None) -> SigningKey:
    """Create the union's signing key (at setup). Refuses when one exists: use rotation for a chair change."""
    _check_passphrase(passphrase)
    snd = sender(db)
    if active_key(db) is not None:
        raise DomainError("keys.exists", _("已有签名密钥；换届时请使用“密钥轮换”"))
    rec = _store(db, Ed25519PrivateKey.generate(), snd.org_code, passphrase)
    with db.session(write=True) as s:
        s.add(rec)
        _audit(s, "keys", f"created signing key {rec.key_id}")
    return rec


def ensure_signing_key(db: Database) -> SigningKey:
    return active_key(db) or create_signing_key(db)


def create_at_setup(db: Database) -> SigningKey | None:
    """At first setup: create the signing key in the keyring when that is possible without asking anything.

    Without a usable keyring or an org code nothing happens; the hand-up page then offers to create it (with a
    passphrase for the fallback file)."""
    try:
        if isinstance(keyring.get_keyring(), keyring.backends.fail.Keyring):
            return None
        return active_key(db) or create_signing_key(db)
    except (DomainError, keyring.errors.KeyringError):
        return None


def load_private(db: Database, rec: SigningKey | None = None, passphrase: str | None = None) -> Ed25519PrivateKey:
    """The private key: from the keyring, else from the passphrase file (``passphrase`` needed)."""
    rec = rec or active_key(db)
    if rec is None:
        raise DomainError("keys.none", _("还没有签名密钥：请先运行 uniondesk keys create"))
    raw = _keyring_get(rec.key_id)
    if raw is not None:
        key = Ed25519PrivateKey.from_private_bytes(raw)
    elif rec.key_file and Path(rec.key_file).exists():
        if not passphrase:
            raise DomainError("keys.need_passphrase", _("系统钥匙串中没有签名密钥：请输入密钥文件的口令"), "passphrase")
        key = read_key_file(Path(rec.key_file), passphrase)
    else:
        raise DomainError("keys.missing", _("找不到签名密钥 {fp}：请用交接的密钥文件导入（uniondesk keys import FILE）")
                          .format(fp=fingerprint(rec.key_id)))
    if key_id_of(public_raw(key)) != rec.key_id:
        raise DomainError("keys.mismatch", _("钥匙串中的密钥与登记的签名密钥不一致"))
    return key


def write_handover(db: Database, path: Path, passphrase: str, key_passphrase: str | None = None) -> Path:
    """The passphrase-protected key file for a handover (or a second copy of the fallback)."""
    _check_passphrase(passphrase)
    if not passphrase:
        raise DomainError("keys.passphrase_short", _("口令至少需要8个字符"), "passphrase")
    key = load_private(db, passphrase=key_passphrase)
    atomic_write_bytes(path, key_file_bytes(key, sender(db).org_code, passphrase))
    with db.session(write=True) as s:
        _audit(s, "keys", f"handover file written: {path}")
    return path


def import_key_file(db: Database, path: Path, passphrase: str) -> SigningKey:
    """Take over a signing key from its handover file (new laptop): stored in the keyring, registered here."""
    key = read_key_file(path, passphrase)
    pub = public_raw(key)
    kid = key_id_of(pub)
    in_keyring = _keyring_set(kid, key.private_bytes_raw())
    with db.session(write=True) as s:
        rec = s.exec(select(SigningKey).where(SigningKey.key_id == kid)).first()
        if rec is None:
            for other in s.exec(select(SigningKey).where(SigningKey.status == "active")).all():
                other.status, other.retired_at = "retired", utcnow()
                s.add(other)
            rec = SigningKey(key_id=kid, public_key=b64(pub))
        rec.in_keyring = in_keyring
        rec.key_file = rec.key_file or str(path)
        s.add(rec)
        _audit(s, "keys", f"imported signing key {kid}")
    return rec


# --- enrolment and rotation ----------------------------------------------------------------------------------------


def next_seq(db: Database) -> int:
    with db.session() as s:
        return int(s.exec(select(func.coalesce(func.max(BundleExport.seq), 0))).one()) + 1


def needs_passphrase(db: Database) -> bool:
    """True when the active key is not in this computer's keyring (its passphrase file must be opened)."""
    rec = active_key(db)
    return rec is not None and _keyring_get(rec.key_id) is None


def enrolment(db: Database, key_passphrase: str | None = None) -> dict[str, Any]:
    """What the higher-level union pins: org code, union name, public key, fingerprint, date (self-signed)."""
    snd = sender(db)
    rec = active_key(db)
    if rec is None:
        raise DomainError("keys.none", _("还没有签名密钥：请先运行 uniondesk keys create"))
    doc: dict[str, Any] = {
        "type": "uniondesk-enrolment", "version": 1, "org_code": snd.org_code, "union_name": snd.union_name,
        "key_id": rec.key_id, "public_key": rec.public_key, "fingerprint": fingerprint(rec.key_id),
        "date": date.today().isoformat(), "valid_from_seq": next_seq(db),
    }
    key = load_private(db, rec, key_passphrase)
    doc["signature"] = b64(key.sign(ENROLMENT_DOMAIN + canonical(doc)))
    return doc


def write_enrolment(db: Database, path: Path, key_passphrase: str | None = None) -> dict[str, Any]:
    doc = enrolment(db, key_passphrase)
    atomic_write_text(path, json.dumps(doc, ensure_ascii=False, indent=1) + "\n")
    return doc


def verify_enrolment(doc: dict[str, Any]) -> bool:
    body = {k: v for k, v in doc.items() if k != "signature"}
    try:
        pub = unb64(doc["public_key"])
        Ed25519PublicKey.from_public_bytes(pub).verify(unb64(doc["signature"]), ENROLMENT_DOMAIN + canonical(body))
    except (InvalidSignature, ValueError, KeyError, TypeError):
        return False
    return key_id_of(pub) == doc.get("key_id")


def rotation_statement(old: Ed25519PrivateKey, new: Ed25519PrivateKey, org_code: str, last_seq_old: int,
                       *, sign_old: bool = True) -> dict[str, Any]:
    st = {"type": "uniondesk-key-rotation", "org_code": org_code,
          "old_key_id": key_id_of(public_raw(old)), "old_public_key": b64(public_raw(old)),
          "new_key_id": key_id_of(public_raw(new)), "new_public_key": b64(public_raw(new)),
          "last_seq_old": last_seq_old, "date": date.today().isoformat()}
    msg = ROTATION_DOMAIN + canonical(st)
    return {"statement": st, "sig_old": b64(old.sign(msg)) if sign_old else "", "sig_new": b64(new.sign(msg))}


def verify_rotation(rot: dict[str, Any]) -> bool:
    try:
        st = rot["statement"]
        msg = ROTATION_DOMAIN + canonical(st)
        for pk, sig in ((st["old_public_key"], rot["sig_old"]), (st["new_public_key"], rot["sig_new"])):
            Ed25519PublicKey.from_public_bytes(unb64(pk)).verify(unb64(sig), msg)
        return (key_id_of(unb64(st["old_public_key"])) == st["old_key_id"]
                and key_id_of(unb64(st["new_public_key"])) == st["new_key_id"])
    except (InvalidSignature, ValueError, KeyError, TypeError):
        return False


def rotate(db: Database, passphrase: str | None = None, old_passphrase: str | None = None) -> KeyRotation:
    """Chair change: a new key; the statement {old, new, last seq of the old key} signed by both rides in the next
    bundle; after it the receiver refuses the old key for later bundles."""
    _check_passphrase(passphrase)
    snd = sender(db)
    old_rec = active_key(db)
    if old_rec is None:
        raise DomainError("keys.none", _("还没有签名密钥：请先运行 uniondesk keys create"))
    old = load_private(db, old_rec, old_passphrase)
    new = Ed25519PrivateKey.generate()
    last = next_seq(db) - 1
    rot = rotation_statement(old, new, snd.org_code, last)
    new_rec = _store(db, new, snd.org_code, passphrase)
    with db.session(write=True) as s:
        o = s.get(SigningKey, old_rec.id)
        assert o is not None
        o.status, o.retired_at = "retired", utcnow()
        s.add(o)
        s.add(new_rec)
        row = KeyRotation(old_key_id=old_rec.key_id, new_key_id=new_rec.key_id, last_seq_old=last,
                          statement=canonical(rot["statement"]).decode(), sig_old=rot["sig_old"],
                          sig_new=rot["sig_new"])
        s.add(row)
        _audit(s, "keys", f"rotated signing key {old_rec.key_id} -> {new_rec.key_id} after seq {last}")
    return row


def current_rotation(db: Database) -> dict[str, Any] | None:
    """The rotation statement that introduced the active key (rides in every bundle it signs)."""
    rec = active_key(db)
    if rec is None:
        return None
    with db.session() as s:
        row = s.exec(select(KeyRotation).where(KeyRotation.new_key_id == rec.key_id)).first()
    if row is None:
        return None
    return {"statement": json.loads(row.statement), "sig_old": row.sig_old, "sig_new": row.sig_new}


def _audit(s: Any, table: str, text: str) -> None:
    from app.services.privacy import record_audit

    record_audit(None, "keys", table=table, text=text, session=s)
