"""The database key: a random 256-bit SQLCipher key, kept in the OS keyring and wrapped by a recovery passphrase.

Files beside the database (``uniondesk.key``, JSON, written atomically)::

    {"format": "uniondesk-key/1", "db_id": "…", "created": "…",
     "wrap": {"kdf": "scrypt", "n": 131072, "r": 8, "p": 1, "salt": "<b64>",
              "cipher": "aes-256-gcm", "nonce": "<b64>", "data": "<b64>"}}

``db_id`` names the keyring entry (service ``UnionDesk``), so a copied data folder finds its key again. ``wrap``
is absent until a recovery passphrase is set. The passphrase itself is never stored anywhere.

Getting the key on start: the keyring; else the passphrase in the first line of the file named by
``UNIONDESK_PASSPHRASE_FILE``; else the caller's ``ask`` (a window dialog or a terminal prompt).
"""

from __future__ import annotations

import base64
import json
import os
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from app.errors import DomainError
from app.fileio import atomic_write_text
from app.i18n import _
from app.models.base import utcnow

KEY_FORMAT = "uniondesk-key/1"
KEY_FILENAME = "uniondesk.key"
KEYRING_SERVICE = "UnionDesk"
PASSPHRASE_ENV = "UNIONDESK_PASSPHRASE_FILE"
MIN_PASSPHRASE = 8
# scrypt cost: 2**17 × r 8 = 128 MiB and ~0.5 s here (OWASP's recommendation). Tests lower it for speed; the
# cost is stored in each key file, so a file always opens with the cost it was written with.
SCRYPT_N = 2**17

# ask(purpose) -> passphrase or None (cancelled). purpose: "unlock" | "new" | "handover".
Ask = Callable[[str], "str | None"]


class KeyError_(DomainError):
    pass


@dataclass
class KeyRecord:
    db_id: str
    created: str
    wrap: dict[str, Any] | None

    def to_json(self) -> str:
        d: dict[str, Any] = {"format": KEY_FORMAT, "db_id": self.db_id, "created": self.created}
        if self.wrap:
            d["wrap"] = self.wrap
        return json.dumps(d, ensure_ascii=False, indent=1)


def key_path(data_dir: Path) -> Path:
    return data_dir / KEY_FILENAME


def new_key() -> bytes:
    return secrets.token_bytes(32)


def new_db_id() -> str:
    return secrets.token_hex(16)


# ---------------------------------------------------------------------------------------------------------------
# Wrapping the key with a passphrase (scrypt + AES-256-GCM, the db_id as associated data)


def _b64(b: bytes) -> str:
    return base64.b64encode(b).decode("ascii")


def _unb64(s: str) -> bytes:
    return base64.b64decode(s.encode("ascii"))


def _kdf(passphrase: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return Scrypt(salt=salt, length=32, n=n, r=r, p=p).derive(passphrase.encode("utf-8"))


def check_new_passphrase(passphrase: str) -> None:
    if len(passphrase.strip()) < MIN_PASSPHRASE:
        raise KeyError_("keys.passphrase_short",
                        _("口令太短：至少 {n} 个字符。建议用一句容易记住的话，例如“我们厂工会2026年换届”。")
                        .format(n=MIN_PASSPHRASE), "passphrase")


def wrap_key(key: bytes, passphrase: str, db_id: str) -> dict[str, Any]:
    salt, nonce = secrets.token_bytes(16), secrets.token_bytes(12)
    n, r, p = SCRYPT_N, 8, 1
    kek = _kdf(passphrase, salt, n, r, p)
    data = AESGCM(kek).encrypt(nonce, key, db_id.encode("ascii"))
    return {"kdf": "scrypt", "n": n, "r": r, "p": p, "salt": _b64(salt), "cipher": "aes-256-gcm",
            "nonce": _b64(nonce), "data": _b64(data)}


def unwrap_key(rec: KeyRecord, passphrase: str) -> bytes:
    w = rec.wrap
    if not w:
        raise KeyError_("keys.no_recovery", _("这个数据文件夹没有设置恢复口令，无法用口令打开。"))
    try:
        kek = _kdf(passphrase, _unb64(w["salt"]), int(w["n"]), int(w["r"]), int(w["p"]))
        return AESGCM(kek).decrypt(_unb64(w["nonce"]), _unb64(w["data"]), rec.db_id.encode("ascii"))
    except InvalidTag:
        raise KeyError_("keys.wrong_passphrase", _("口令不正确，数据没有打开，也没有任何改动。"),
                        "passphrase") from None
    except (KeyError, ValueError, TypeError):
        raise KeyError_("keys.bad_keyfile", _("密钥文件已损坏：{path}").format(path=KEY_FILENAME)) from None


# ---------------------------------------------------------------------------------------------------------------
# The key file


def read_record(path: Path) -> KeyRecord | None:
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    try:
        d = json.loads(raw)
        if d.get("format") != KEY_FORMAT:
            raise ValueError(d.get("format"))
        return KeyRecord(db_id=str(d["db_id"]), created=str(d.get("created", "")), wrap=d.get("wrap"))
    except (ValueError, KeyError, TypeError, AttributeError):
        raise KeyError_("keys.bad_keyfile", _("密钥文件已损坏或不是工会工作台的密钥文件：{path}").format(path=path)) from None


def write_record(path: Path, rec: KeyRecord) -> None:
    atomic_write_text(path, rec.to_json())


def new_record(key: bytes, passphrase: str | None, db_id: str | None = None) -> KeyRecord:
    db_id = db_id or new_db_id()
    return KeyRecord(db_id=db_id, created=utcnow().isoformat(timespec="seconds"),
                     wrap=wrap_key(key, passphrase, db_id) if passphrase else None)


# ---------------------------------------------------------------------------------------------------------------
# The OS keyring (never keyrings.alt; a missing backend simply means "ask")


def keyring_get(db_id: str) -> bytes | None:
    try:
        import keyring
        import keyring.errors

        value = keyring.get_password(KEYRING_SERVICE, db_id)
    except Exception:  # noqa: BLE001 — NoKeyringError, a locked or broken backend: fall back to asking
        return None
    if not value:
        return None
    try:
        key = bytes.fromhex(value)
    except ValueError:
        return None
    return key if len(key) == 32 else None


def keyring_set(db_id: str, key: bytes) -> bool:
    """Store the key; False when no usable keyring exists (then the recovery passphrase is the only way in)."""
    try:
        import keyring

        if _is_plaintext_backend(keyring.get_keyring()):
            return False
        keyring.set_password(KEYRING_SERVICE, db_id, key.hex())
        return True
    except Exception:  # noqa: BLE001
        return False


def keyring_delete(db_id: str) -> None:
    try:
        import keyring

        keyring.delete_password(KEYRING_SERVICE, db_id)
    except Exception:  # noqa: BLE001
        pass


def keyring_available() -> bool:
    try:
        import keyring
        from keyring.backends import fail

        kr = keyring.get_keyring()
        return not isinstance(kr, fail.Keyring) and not _is_plaintext_backend(kr)
    except Exception:  # noqa: BLE001
        return False


def _is_plaintext_backend(kr: Any) -> bool:
    # keyrings.alt stores secrets in a plain file: never use it (DESIGN §4).
    mod = type(kr).__module__
    return mod.startswith("keyrings.alt")


# ---------------------------------------------------------------------------------------------------------------
# Passphrases from a file (scripts, CI) or from the person at the keyboard


def passphrase_from_env() -> str | None:
    name = os.environ.get(PASSPHRASE_ENV)
    if not name:
        return None
    try:
        with open(name, encoding="utf-8-sig") as fh:
            line = fh.readline().rstrip("\r\n")
    except OSError as e:
        raise KeyError_("keys.passphrase_file",
                        _("无法读取 {env} 指定的口令文件 {path}：{err}").format(env=PASSPHRASE_ENV, path=name,
                                                                        err=e.strerror or e)) from None
    if not line:
        raise KeyError_("keys.passphrase_file",
                        _("{env} 指定的口令文件 {path} 第一行是空的").format(env=PASSPHRASE_ENV, path=name))
    return line


def terminal_ask(purpose: str) -> str | None:
    """Ask on the terminal (hidden input). New passphrases are asked twice."""
    import getpass
    import sys

    prompts = {
        "unlock": _("请输入恢复口令以打开数据："),
        "new": _("请设置恢复口令（至少 {n} 个字符；钥匙串丢失或换电脑时用它打开数据）：").format(n=MIN_PASSPHRASE),
        "handover": _("请设置交接口令（写在纸上交给新任主席）：").format(n=MIN_PASSPHRASE),
        "package": _("请输入交接包或备份包的口令："),
    }
    try:
        first = getpass.getpass(prompts.get(purpose, prompts["unlock"]))
        if purpose in ("new", "handover"):
            check_new_passphrase(first)
            again = getpass.getpass(_("请再输入一次："))
            if again != first:
                raise KeyError_("keys.passphrase_mismatch", _("两次输入的口令不一致"), "passphrase")
    except EOFError:
        sys.stderr.write("\n")
        return None
    return first


def no_way_to_ask() -> KeyError_:
    return KeyError_(
        "keys.no_passphrase",
        _("需要数据库的恢复口令，但这里既没有系统钥匙串，也没有可以输入口令的终端。"
          "请把口令写在一个文件的第一行，并设置环境变量 {env} 指向该文件，或在终端中运行。").format(env=PASSPHRASE_ENV),
    )
