"""Text normalisation shared by validators and the importer."""

from __future__ import annotations

import unicodedata

_FULLWIDTH = {i: i - 0xFEE0 for i in range(0xFF01, 0xFF5F)}
_FULLWIDTH[0x3000] = 0x20  # ideographic space


def to_halfwidth(s: str) -> str:
    """Full-width ASCII (０-９, Ａ-Ｚ, （） …) and the ideographic space to their half-width forms."""
    return s.translate(_FULLWIDTH)


def clean(s: object) -> str:
    """Trim, half-width, collapse inner whitespace runs; None -> ''."""
    if s is None:
        return ""
    if isinstance(s, float) and s.is_integer() and abs(s) < 1e15:
        s = int(s)  # a number cell: 13812345678.0 is 13812345678
    text = s if isinstance(s, str) else str(s)
    if text.isascii():  # fast path (ID numbers, dates, phone numbers): nothing to widen or compose
        return " ".join(text.split())
    if "\u3000" in text or max(text) >= "\uff01":  # only then is there anything full-width to narrow
        text = to_halfwidth(text)
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\u00a0", " ").replace("\u200b", "").strip()
    return " ".join(text.split())
