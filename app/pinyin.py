"""Pinyin for names, computed once when a name is written (never per query).

pypinyin reads heteronym surnames with their everyday reading (曾 céng, 单 dān …); our own surname table
(resources/codes/surnames.json) fixes the first one or two characters.
"""

from __future__ import annotations

from collections.abc import Mapping
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


def _keys(syllables: list[str] | tuple[str, ...]) -> tuple[str, str]:
    syl = [s for s in syllables if s.strip()]
    return "".join(syl), "".join(s[0] for s in syl if s and s[0].isalnum())


@cache
def _char_keys(ch: str) -> tuple[str, str]:
    return _keys(_char_syllables(ch))


@cache
def _phrases() -> Mapping[str, object]:
    from pypinyin.constants import PHRASES_DICT

    return PHRASES_DICT


def _cjk(text: str) -> bool:
    return all("\u4e00" <= c <= "\u9fff" for c in text)


@lru_cache(maxsize=65536)
def _by_char_keys(text: str) -> tuple[str, str] | None:
    """The keys of a short all-Chinese text that holds no dictionary phrase: pypinyin reads it character by
    character (as in :func:`_syllables_of`), so its keys are its characters' keys joined. None for any other text.
    Remembered: given names repeat across a roster."""
    n = len(text)
    phrases = _phrases()
    if not 0 < n <= 8 or not _cjk(text) or any(text[i:j] in phrases for i in range(n - 1) for j in range(i + 2, n + 1)):
        return None
    if n == 1:
        return _char_keys(text)
    parts = [_char_keys(c) for c in text]
    return "".join([p[0] for p in parts]), "".join([p[1] for p in parts])


def _text_keys(text: str) -> tuple[str, str]:
    """:func:`_keys` of :func:`_syllables` of ``text``."""
    k = _by_char_keys(text)
    return k if k is not None else _keys(_syllables(text))


@cache
def _surname_keys(ch: str) -> tuple[str, str]:
    return _keys([_surnames()[1][ch]])


def name_keys(name: str) -> tuple[str, str]:
    """(full pinyin without spaces, initials) — e.g. 曾志伟 -> ("zengzhiwei", "zzw").

    The keys of :func:`name_syllables`; both keys are joined syllable by syllable, so a name's keys are its
    surname's keys followed by the rest's (a bulk import computes 100,000 of them).
    """
    name = name.strip()
    if not name:
        return "", ""
    compound, single = _surnames()
    if len(name) >= 3 and name[:2] in compound:
        return _keys(name_syllables(name))
    if name[0] in single:
        a, b = _surname_keys(name[0]), _text_keys(name[1:])
        return a[0] + b[0], a[1] + b[1]
    if 1 < len(name) <= 8 and "\u4e00" <= name[0] <= "\u9fff":
        # read as a whole; character by character when the first character starts no phrase and the rest has none
        rest = _by_char_keys(name[1:])
        phrases = _phrases()
        if rest is not None and not any(name[:j] in phrases for j in range(2, len(name) + 1)):
            a = _char_keys(name[0])
            return a[0] + rest[0], a[1] + rest[1]
    return _text_keys(name)
