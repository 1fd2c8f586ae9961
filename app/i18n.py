"""One translation system for app and ui.

Source strings are Simplified Chinese (the default UI language and the language of the domain). Other languages
are gettext .po catalogs under ``resources/locale/<lang>/*.po`` — one file per area so modules do not collide.
The catalogs are parsed at start-up by the small reader below (no compiled .mo files to keep in sync).
``tests/test_i18n.py`` extracts every ``_()`` string from app/ and ui/ and fails if the English catalog lacks one.
"""

from __future__ import annotations

import ast
import os
from pathlib import Path

from app.resources import resource_path

DEFAULT_LANGUAGE = "zh_CN"
LANGUAGES = {"zh_CN": "简体中文", "en": "English"}

_catalog: dict[str, str] = {}
_language = DEFAULT_LANGUAGE


def _(text: str) -> str:
    """Translate ``text`` (a Chinese source string) into the current language."""
    if not _catalog:
        return text
    return _catalog.get(text) or text


def N_(text: str) -> str:
    """Mark a string for extraction without translating it now (translate later with ``_``)."""
    return text


def current_language() -> str:
    return _language


def normalise_language(lang: str | None) -> str:
    if not lang:
        return DEFAULT_LANGUAGE
    lang = lang.replace("-", "_")
    if lang in LANGUAGES:
        return lang
    if lang.lower().startswith("zh"):
        return "zh_CN"
    if lang.lower().startswith("en"):
        return "en"
    return DEFAULT_LANGUAGE


def set_language(lang: str | None) -> str:
    """Switch the process language. Unknown languages fall back to Simplified Chinese."""
    global _language, _catalog
    lang = normalise_language(lang or os.environ.get("UNIONDESK_LANG"))
    _language = lang
    _catalog = {} if lang == DEFAULT_LANGUAGE else load_catalog(lang)
    return lang


def catalog_dir(lang: str) -> Path:
    return resource_path("locale", lang, "LC_MESSAGES")


def load_catalog(lang: str) -> dict[str, str]:
    merged: dict[str, str] = {}
    d = catalog_dir(lang)
    if d.is_dir():
        for po in sorted(d.glob("*.po")):
            merged.update(parse_po(po.read_text(encoding="utf-8")))
    return merged


def _unquote(s: str) -> str:
    s = s.strip()
    if not (s.startswith('"') and s.endswith('"')):
        raise ValueError(f"bad po string: {s!r}")
    return str(ast.literal_eval(s))


def parse_po(text: str) -> dict[str, str]:
    """Parse a gettext .po file (msgctxt ignored, plurals take the first form, fuzzy entries skipped)."""
    out: dict[str, str] = {}
    msgid: list[str] | None = None
    msgstr: list[str] | None = None
    current: list[str] | None = None
    fuzzy = False

    def flush() -> None:
        nonlocal msgid, msgstr, fuzzy
        if msgid is not None and msgstr is not None and not fuzzy:
            k, v = "".join(msgid), "".join(msgstr)
            if k and v:
                out[k] = v
        msgid = msgstr = None
        fuzzy = False

    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            flush()
            current = None
            continue
        if line.startswith("#,") and "fuzzy" in line:
            flush()
            fuzzy = True
            continue
        if line.startswith("#"):
            continue
        if line.startswith("msgctxt"):
            flush()
            current = []
            continue
        if line.startswith("msgid_plural"):
            current = []  # ignored
            continue
        if line.startswith("msgid"):
            if msgstr is not None:
                flush()
            msgid = [_unquote(line[5:])]
            current = msgid
            continue
        if line.startswith("msgstr"):
            rest = line[6:]
            if rest.startswith("["):
                if not rest.startswith("[0]"):
                    current = []
                    continue
                rest = rest[3:]
            msgstr = [_unquote(rest)]
            current = msgstr
            continue
        if line.startswith('"') and current is not None:
            current.append(_unquote(line))
    flush()
    return out
