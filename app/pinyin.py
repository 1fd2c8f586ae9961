"""Pinyin for names, computed once when a name is written (never per query).

pypinyin reads heteronym surnames with their everyday reading (曾 céng, 单 dān …); our own surname table
(resources/codes/surnames.json) fixes the first one or two characters.
"""

from __future__ import annotations

from functools import cache, lru_cache

from app.resources import load_json


@cache
def _surnames() -> tuple[dict[str, str], dict[str, str]]:
    data = load_json("codes", "surnames.json")
    return data["compound"], data["single"]


def _syllables_full(text: str) -> list[str]:
    from pypinyin import Style, lazy_pinyin  # imported on first use: its phrase tables take 0.3 s to load

    return [s.lower() for s in lazy_pinyin(text, style=Style.NORMAL, errors=lambda x: list(x))]  # type: ignore[arg-type,return-value]


@cache
def _char_syllables(ch: str) -> tuple[str, ...]:
    return tuple(_syllables_full(ch))


def _syllables(text: str) -> list[str]:
    """Same result as pypinyin on the whole text, faster for names (a bulk import writes 100,000 of them)."""
    return list(_syllables_of(text))


@lru_cache(maxsize=65536)
def _syllables_of(text: str) -> tuple[str, ...]:
    """pypinyin reads a text by cutting it into dictionary phrases; a short all-Chinese text in which no two or more
    characters form a dictionary phrase is read character by character, so those readings can be remembered.
    Remembered per text too: given names (the part after the surname) repeat across a roster."""
    from pypinyin.constants import PHRASES_DICT

    n = len(text)
    if n == 2:  # the usual given name: no generator machinery
        a, b = text[0], text[1]
        if "\u4e00" <= a <= "\u9fff" and "\u4e00" <= b <= "\u9fff" and text not in PHRASES_DICT:
            return _char_syllables(a) + _char_syllables(b)
    elif 1 < n <= 8 and all("\u4e00" <= c <= "\u9fff" for c in text) and not any(
            text[i:j] in PHRASES_DICT for i in range(n - 1) for j in range(i + 2, n + 1)):
        return tuple(s for c in text for s in _char_syllables(c))
    return tuple(_syllables_full(text))


def name_syllables(name: str) -> list[str]:
    """Syllables of a personal name with the surname read as a surname."""
    name = name.strip()
    if not name:
        return []
    compound, single = _surnames()
    if len(name) >= 3 and name[:2] in compound:
        sur, rest = compound[name[:2]], name[2:]
        # a compound surname is two syllables; keep its initials right ("ouyang" -> "o","y")
        first = _split_compound(sur, name[:2])
        return first + _syllables(rest)
    if name[0] in single:
        return [single[name[0]]] + _syllables(name[1:])
    return _syllables(name)


def _split_compound(reading: str, chars: str) -> list[str]:
    auto = _syllables(chars)
    if "".join(auto) == reading:
        return auto
    # find the split that makes two plausible syllables: try each split point
    for i in range(1, len(reading)):
        if reading[:i] == auto[0] or reading[i:] == auto[1]:
            return [reading[:i], reading[i:]]
    return [reading[: len(reading) // 2], reading[len(reading) // 2 :]]


def name_keys(name: str) -> tuple[str, str]:
    """(full pinyin without spaces, initials) — e.g. 曾志伟 -> ("zengzhiwei", "zzw")."""
    syl = [s for s in name_syllables(name) if s.strip()]
    full = "".join(syl)
    initials = "".join(s[0] for s in syl if s and s[0].isalnum())
    return full, initials
