"""The inner layer: a ZIP holding exactly ``manifest.json``, ``manifest.sig``, ``payload.jsonl``.

Canonical JSON for the signed manifest; strict JSON for everything read (valid UTF-8, no NaN/Infinity, no
duplicate keys, bounded depth, string length and size). The ZIP is read in memory only, never extracted; extra or
duplicate members, other names (paths), oversized members and compression bombs are refused (E05).
"""

from __future__ import annotations

import io
import json
import zipfile
import zlib
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from app.sync.errors import BundleRefused

MANIFEST, SIGNATURE, PAYLOAD = "manifest.json", "manifest.sig", "payload.jsonl"
MEMBERS = (MANIFEST, SIGNATURE, PAYLOAD)
SIGN_DOMAIN = b"uniondesk-bundle/v1\x00"
MAX_MANIFEST = 1 << 20
MAX_PAYLOAD = 1 << 30
MAX_RATIO = 200
MAX_DEPTH = 8
MAX_STRING = 10_000
MAX_LINE = 64 * 1024
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def canonical(obj: Any) -> bytes:
    """Canonical UTF-8 JSON: sorted keys, no spaces, no NaN — the bytes that are signed and hashed."""
    return json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False).encode()


def _no_constants(name: str) -> Any:
    raise ValueError(f"{name} not allowed")


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in pairs:
        if k in out:
            raise ValueError(f"duplicate key {k!r}")
        out[k] = v
    return out


def _check(obj: Any, depth: int, where: str) -> None:
    if depth > MAX_DEPTH:
        raise BundleRefused("E05", f"{where}: nested too deeply")
    if isinstance(obj, str):
        if len(obj) > MAX_STRING:
            raise BundleRefused("E05", f"{where}: string too long")
    elif isinstance(obj, dict):
        for k, v in obj.items():
            if len(k) > 200:
                raise BundleRefused("E05", f"{where}: key too long")
            _check(v, depth + 1, where)
    elif isinstance(obj, list):
        for v in obj:
            _check(v, depth + 1, where)


def strict_loads(data: bytes, where: str) -> Any:
    """Parse JSON strictly or refuse with E05 saying where."""
    try:
        text = data.decode("utf-8")
        obj = json.loads(text, parse_constant=_no_constants, object_pairs_hook=_no_duplicates)
    except (UnicodeDecodeError, ValueError, RecursionError) as e:
        raise BundleRefused("E05", f"{where}: {type(e).__name__}") from None
    _check(obj, 0, where)
    return obj


def sign(manifest_bytes: bytes, key: Ed25519PrivateKey) -> bytes:
    return key.sign(SIGN_DOMAIN + manifest_bytes)


def verify(manifest_bytes: bytes, signature: bytes, public: bytes) -> bool:
    try:
        Ed25519PublicKey.from_public_bytes(public).verify(signature, SIGN_DOMAIN + manifest_bytes)
    except (InvalidSignature, ValueError):
        return False
    return True


def pack(manifest_bytes: bytes, signature: bytes, payload: bytes) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data, method in ((MANIFEST, manifest_bytes, zipfile.ZIP_STORED),
                                   (SIGNATURE, signature, zipfile.ZIP_STORED),
                                   (PAYLOAD, payload, zipfile.ZIP_DEFLATED)):
            info = zipfile.ZipInfo(name, _ZIP_TIME)
            info.compress_type = method
            info.external_attr = 0o600 << 16
            zf.writestr(info, data, compresslevel=1 if method == zipfile.ZIP_DEFLATED else None)
    return buf.getvalue()


def unpack(data: bytes) -> tuple[bytes, bytes, bytes]:
    """(manifest bytes, signature, payload bytes) from the ZIP, read in memory. Anything unexpected → E05."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        raise BundleRefused("E05", "zip") from None
    names = [i.filename for i in infos]
    if len(names) != len(MEMBERS) or set(names) != set(MEMBERS):
        extra = sorted(set(names) - set(MEMBERS)) or sorted(set(MEMBERS) - set(names)) or ["duplicate"]
        raise BundleRefused("E05", "zip: " + ", ".join(extra)[:200])
    limits = {MANIFEST: MAX_MANIFEST, SIGNATURE: 64, PAYLOAD: MAX_PAYLOAD}
    out: dict[str, bytes] = {}
    for info in infos:
        limit = limits[info.filename]
        if info.file_size > limit or info.flag_bits & 0x1:
            raise BundleRefused("E05", f"zip: {info.filename}")
        if info.file_size > (1 << 20) and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise BundleRefused("E05", f"zip: {info.filename} compression ratio")
        try:
            with zf.open(info) as fh:
                content = fh.read(limit + 1)
        except (zipfile.BadZipFile, zlib.error, OSError, EOFError, NotImplementedError, RuntimeError):
            raise BundleRefused("E05", f"zip: {info.filename}") from None
        if len(content) > limit or len(content) != info.file_size:
            raise BundleRefused("E05", f"zip: {info.filename} size")
        out[info.filename] = content
    return out[MANIFEST], out[SIGNATURE], out[PAYLOAD]


def iter_lines(payload: bytes) -> list[Any]:
    """The payload's JSON lines, strictly parsed."""
    if not payload:
        return []
    if not payload.endswith(b"\n"):
        raise BundleRefused("E05", "payload: last line")
    out = []
    for n, line in enumerate(payload[:-1].split(b"\n"), 1):
        if len(line) > MAX_LINE:
            raise BundleRefused("E05", f"payload line {n}: too long")
        obj = strict_loads(line, f"payload line {n}")
        if not isinstance(obj, dict):
            raise BundleRefused("E05", f"payload line {n}")
        out.append(obj)
    return out
