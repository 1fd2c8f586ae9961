"""Finding the header row and mapping columns to member fields by their header text.

Synonyms are data (resources/codes/import_headers.json). A header cell is compared after removing line breaks,
notes in brackets ("证件号码\\n(填写18位身份证)" → 证件号码), spaces, a leading '*' and colons; a header that
starts with a known text also matches ("是否农民工会员填写是或否"). What the user chose before for a header text
("learned" choices, kept by the import service) wins over the built-in synonyms.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from app.resources import load_json
from app.validation.text import clean

SEQ = "_seq"  # the 序号 column: recognised (it helps find the header row) but not imported
SCAN_ROWS = 30  # the header is looked for in the first rows
_BRACKETS = re.compile(r"[（(【\[<《][^）)】\]>》]*[）)】\]>》]")
_DROP = re.compile(r"[\s*＊:：、,，。.·\"“”'‘’?？!！]+")


def norm(text: Any) -> str:
    """The comparable form of a header cell."""
    s = str(text or "").replace("\r", "\n")
    lines = [ln for ln in s.split("\n") if ln.strip()]
    first = lines[0] if lines else ""
    s = clean(first)
    s = _BRACKETS.sub("", s)
    return _DROP.sub("", s).lower()


@cache
def synonyms() -> dict[str, str]:
    """normalised header text -> field."""
    out: dict[str, str] = {}
    for fld, names in load_json("codes", "import_headers.json").items():
        if fld.startswith("_") and fld != SEQ:
            continue
        for n in names:
            out.setdefault(norm(n), fld)
    return out


@cache
def _prefixes() -> list[tuple[str, str]]:
    return sorted(((k, v) for k, v in synonyms().items() if len(k) >= 2), key=lambda kv: -len(kv[0]))


def guess_field(header: Any, learned: dict[str, str] | None = None) -> str | None:
    """The field a header cell means (None: not known). ``learned`` maps normalised headers to a field or ''."""
    n = norm(header)
    if not n:
        return None
    if learned and n in learned:
        return learned[n] or None
    hit = synonyms().get(n)
    if hit:
        return hit
    for k, v in _prefixes():
        if n.startswith(k):
            return v
    return None


def map_columns(headers: Sequence[Any], learned: dict[str, str] | None = None) -> list[str | None]:
    """One field (or None) per column; a field is used once (the first column that means it wins)."""
    used: set[str] = set()
    out: list[str | None] = []
    for h in headers:
        f = guess_field(h, learned)
        if f is not None and f != SEQ and f in used:
            f = None
        if f is not None:
            used.add(f)
        out.append(f)
    return out


@dataclass
class HeaderGuess:
    header_row: int           # row number (1-based, as in Excel) of the (last) header row
    headers: list[str]        # header text per column (two-level headers joined: 会籍变化 + 类型)
    fields: list[str | None]  # mapped field per column
    score: int


def _score(fields: Sequence[str | None]) -> int:
    real = {f for f in fields if f}
    if not ({"name", "id_number"} & real):
        return 0
    return len(real)


def _text(v: Any) -> str:
    return v.strip() if isinstance(v, str) else ("" if v is None else str(v))


def detect_header(rows: Sequence[tuple[int, list[Any]]], learned: dict[str, str] | None = None) -> HeaderGuess | None:
    """The most header-like of the first rows (most columns recognised; 姓名 or 证件号码 among them).

    A two-level header (a merged 会籍变化 above 类型 / 日期 / 原因) is joined when that recognises more columns.
    """
    best: HeaderGuess | None = None
    for i, (num, cells) in enumerate(rows[:SCAN_ROWS]):
        texts = [_text(c) for c in cells]
        if sum(1 for t in texts if t) < 2:
            continue
        fields = map_columns(texts, learned)
        guess = HeaderGuess(num, texts, fields, _score(fields))
        if i + 1 < len(rows):
            below = [_text(c) for c in rows[i + 1][1]]
            if below and all(isinstance(c, str) or c is None for c in rows[i + 1][1]):
                joined = [(a + b) if b and a and b not in a else (b or a)
                          for a, b in zip(texts + [""] * max(0, len(below) - len(texts)),
                                          below + [""] * max(0, len(texts) - len(below)), strict=True)]
                jf = map_columns(joined, learned)
                if _score(jf) > guess.score:
                    guess = HeaderGuess(rows[i + 1][0], joined, jf, _score(jf))
        if guess.score >= 2 and (best is None or guess.score > best.score):
            best = guess
    return best
