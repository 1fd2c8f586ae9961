"""The outer layer: the age format (C2SP age v1) through pyrage, with our own header checks first.

pyrage raises one ``DecryptError`` whose messages are not an API, so before handing a file to pyrage we read the
header ourselves and tell apart: not age at all (E01), passphrase-encrypted (E02), not addressed to any of our
identities (E03 — we unwrap the X25519 stanzas with ``cryptography``), a damaged header MAC or a truncated body
(E04). Armored files (PEM-like, for e-mail) are accepted with LF or CRLF line ends; anything but whitespace around
the armor is refused (E01).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import re
from dataclasses import dataclass

import pyrage
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from app.i18n import _
from app.sync.errors import BundleRefused

MAGIC = b"age-encryption.org/v1\n"
ARMOR_BEGIN = b"-----BEGIN AGE ENCRYPTED FILE-----"
ARMOR_END = b"-----END AGE ENCRYPTED FILE-----"
MAX_HEADER = 64 * 1024
_B64_LINE = re.compile(rb"^[A-Za-z0-9+/]*$")

# --- bech32 (age keys are bech32 strings) ----------------------------------------------------------------------
_CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"


def _polymod(values: list[int]) -> int:
    gen = (0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3)
    chk = 1
    for v in values:
        b = chk >> 25
        chk = (chk & 0x1FFFFFF) << 5 ^ v
        for i in range(5):
            chk ^= gen[i] if ((b >> i) & 1) else 0
    return chk


def _hrp_expand(hrp: str) -> list[int]:
    return [ord(x) >> 5 for x in hrp] + [0] + [ord(x) & 31 for x in hrp]


def _convertbits(data: list[int] | bytes, frombits: int, tobits: int, pad: bool) -> list[int]:
    acc = bits = 0
    out: list[int] = []
    maxv = (1 << tobits) - 1
    for value in data:
        acc = (acc << frombits) | value
        bits += frombits
        while bits >= tobits:
            bits -= tobits
            out.append((acc >> bits) & maxv)
    if pad and bits:
        out.append((acc << (tobits - bits)) & maxv)
    elif not pad and (bits >= frombits or ((acc << (tobits - bits)) & maxv)):
        raise ValueError("invalid padding")
    return out


def bech32_decode(s: str) -> tuple[str, bytes]:
    s = s.strip()
    low = s.lower()
    pos = low.rfind("1")
    if pos < 1 or pos + 7 > len(low):
        raise ValueError("not bech32")
    hrp, data = low[:pos], [_CHARSET.find(c) for c in low[pos + 1:]]
    if -1 in data or _polymod(_hrp_expand(hrp) + data) != 1:
        raise ValueError("bad bech32 checksum")
    return hrp, bytes(_convertbits(data[:-6], 5, 8, False))


def bech32_encode(hrp: str, payload: bytes) -> str:
    data = _convertbits(payload, 8, 5, True)
    values = _hrp_expand(hrp) + data
    pm = _polymod(values + [0] * 6) ^ 1
    checksum = [(pm >> 5 * (5 - i)) & 31 for i in range(6)]
    return hrp + "1" + "".join(_CHARSET[d] for d in data + checksum)


def recipient_bytes(recipient: str) -> bytes:
    hrp, raw = bech32_decode(recipient)
    if hrp != "age" or len(raw) != 32:
        raise ValueError("not an age X25519 recipient")
    return raw


def is_recipient(text: str) -> bool:
    try:
        recipient_bytes(text)
    except ValueError:
        return False
    return True


def recipient_fingerprint(recipient: str) -> str:
    """A short, stable name for an age recipient (named inside the signed manifest)."""
    return hashlib.sha256(recipient.strip().lower().encode()).hexdigest()[:32]


def identity_secret(identity: str) -> bytes:
    hrp, raw = bech32_decode(identity)
    if hrp != "age-secret-key-" or len(raw) != 32:
        raise ValueError("not an age X25519 identity")
    return raw


# --- header ------------------------------------------------------------------------------------------------------


@dataclass
class Stanza:
    type: str
    args: list[str]
    body: bytes


@dataclass
class Header:
    stanzas: list[Stanza]
    mac: bytes
    mac_input: bytes   # header bytes up to and including "---"
    payload: bytes     # everything after the header line (nonce + STREAM chunks)


def _b64(s: bytes) -> bytes:
    if not _B64_LINE.match(s) or s.endswith(b"="):
        raise ValueError("bad base64")
    return base64.b64decode(s + b"=" * (-len(s) % 4), validate=True)


def dearmor(data: bytes) -> bytes:
    """Binary age from armored text (LF or CRLF). Junk outside the armor → E01; damage inside → E04."""
    text = data.strip(b" \t\r\n")
    if not text.startswith(ARMOR_BEGIN):
        raise BundleRefused("E01")
    if not text.endswith(ARMOR_END):
        if ARMOR_END in text:
            raise BundleRefused("E01", _("文本格式外壳"))
        raise BundleRefused("E04", _("文本格式外壳"))
    lines = text.replace(b"\r\n", b"\n").split(b"\n")
    if lines[0] != ARMOR_BEGIN or lines[-1] != ARMOR_END:
        raise BundleRefused("E01", _("文本格式外壳"))
    body = lines[1:-1]
    for i, line in enumerate(body):
        if len(line) > 64 or (i < len(body) - 1 and len(line) != 64) or not re.fullmatch(rb"[A-Za-z0-9+/=]*", line):
            raise BundleRefused("E04", _("文本格式外壳"))
    try:
        return base64.b64decode(b"".join(body), validate=True)
    except binascii.Error:
        raise BundleRefused("E04", _("文本格式外壳")) from None


def parse_header(data: bytes) -> Header:
    """Parse a binary age v1 header. Not age → E01; a damaged header → E04."""
    if not data.startswith(MAGIC):
        raise BundleRefused("E01")
    pos = len(MAGIC)
    stanzas: list[Stanza] = []

    def next_line() -> bytes:
        nonlocal pos
        end = data.find(b"\n", pos, pos + MAX_HEADER)
        if end < 0:
            raise BundleRefused("E04", _("文件头"))
        line = data[pos:end]
        pos = end + 1
        return line

    while True:
        line = next_line()
        if line.startswith(b"---"):
            if not line.startswith(b"--- "):
                raise BundleRefused("E04", _("文件头"))
            mac_input = data[:pos - len(line) - 1 + 3]
            try:
                mac = _b64(line[4:])
            except (ValueError, binascii.Error):
                raise BundleRefused("E04", _("文件头")) from None
            if len(mac) != 32:
                raise BundleRefused("E04", _("文件头"))
            return Header(stanzas, mac, mac_input, data[pos:])
        if not line.startswith(b"-> "):
            raise BundleRefused("E04", _("文件头"))
        parts = line[3:].split(b" ")
        if not parts or not parts[0] or any(not p for p in parts):
            raise BundleRefused("E04", _("文件头"))
        body = b""
        while True:
            bl = next_line()
            try:
                body += _b64(bl)
            except (ValueError, binascii.Error):
                raise BundleRefused("E04", _("文件头")) from None
            if len(bl) < 64:
                break
            if len(stanzas) > 1000 or len(body) > MAX_HEADER:
                raise BundleRefused("E04", _("文件头"))
        try:
            args = [p.decode("ascii") for p in parts]
        except UnicodeDecodeError:
            raise BundleRefused("E04", _("文件头")) from None
        stanzas.append(Stanza(args[0], args[1:], body))


def _hkdf(ikm: bytes, salt: bytes, info: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=info).derive(ikm)


def _unwrap_x25519(stanza: Stanza, secret: bytes) -> bytes | None:
    if len(stanza.args) != 1:
        return None
    try:
        share = _b64(stanza.args[0].encode())
    except (ValueError, binascii.Error):
        return None
    if len(share) != 32 or len(stanza.body) != 32:
        return None
    sk = X25519PrivateKey.from_private_bytes(secret)
    try:
        shared = sk.exchange(X25519PublicKey.from_public_bytes(share))
    except ValueError:
        return None
    ours = sk.public_key().public_bytes_raw()
    key = _hkdf(shared, share + ours, b"age-encryption.org/v1/X25519")
    try:
        return ChaCha20Poly1305(key).decrypt(b"\x00" * 12, stanza.body, None)
    except InvalidTag:
        return None


def to_binary(data: bytes) -> bytes:
    """The binary age file, whether ``data`` is binary or armored. Anything else → E01."""
    if not data:
        raise BundleRefused("E01", _("空文件，0 字节"))
    if data.startswith(MAGIC):
        return data
    if data.lstrip(b" \t\r\n").startswith(b"-----BEGIN"):
        return dearmor(data)
    raise BundleRefused("E01")


def open_outer(data: bytes, identities: list[str]) -> bytes:
    """Decrypt the outer layer with our identities (``AGE-SECRET-KEY-1…``), refusing with E01–E04."""
    binary = to_binary(data)
    header = parse_header(binary)
    types = {s.type for s in header.stanzas}
    if "scrypt" in types:
        raise BundleRefused("E02")
    secrets = [identity_secret(i) for i in identities]
    file_key = None
    for st in header.stanzas:
        if st.type != "X25519":
            continue
        for sec in secrets:
            file_key = _unwrap_x25519(st, sec)
            if file_key is not None:
                break
        if file_key is not None:
            break
    if file_key is None:
        raise BundleRefused("E03")
    mac = hmac.new(_hkdf(file_key, b"", b"header"), header.mac_input, hashlib.sha256).digest()
    if not hmac.compare_digest(mac, header.mac):
        raise BundleRefused("E04", _("文件头校验码"))
    if len(header.payload) < 16 + 16:
        raise BundleRefused("E04", _("没有数据部分"))
    try:
        return pyrage.decrypt(binary, [pyrage.x25519.Identity.from_str(i) for i in identities])
    except pyrage.DecryptError:
        raise BundleRefused("E04", _("数据部分")) from None


def encrypt(data: bytes, recipients: list[str], *, armored: bool = False) -> bytes:
    recs = [pyrage.x25519.Recipient.from_str(r) for r in recipients]
    return pyrage.encrypt(data, recs, armored=armored)


def new_identity() -> tuple[str, str]:
    """(identity ``AGE-SECRET-KEY-1…``, recipient ``age1…``)."""
    ident = pyrage.x25519.Identity.generate()
    return str(ident), str(ident.to_public())


def identity_file_text(identity: str, created: str) -> str:
    """A standard age identity file (as age-keygen writes it)."""
    pub = str(pyrage.x25519.Identity.from_str(identity).to_public())
    return f"# created: {created}\n# public key: {pub}\n{identity}\n"


def read_identity_file(text: str) -> list[str]:
    out = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            identity_secret(line)
            out.append(line)
    return out
