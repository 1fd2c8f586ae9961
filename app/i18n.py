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
_plurals: dict[str, list[str]] = {}   # msgid -> its plural forms (msgstr[0], msgstr[1] …)
_language = DEFAULT_LANGUAGE
# Which plural form a count takes, per language (gettext's Plural-Forms). Chinese has one form.
PLURAL_FORM = {"en": lambda n: 0 if n == 1 else 1}


def _(text: str) -> str:
    """Translate ``text`` (a Chinese source string) into the current language."""
    if not _catalog:
        return text
    return _catalog.get(text) or text


def ngettext(singular: str, plural: str, n: int) -> str:
    """Translate a message that counts something: ``ngettext("已导出{n}名会员", "已导出{n}名会员", n).format(n=n)``.

    The Chinese source has one form (pass it twice); the .po entry gives msgid_plural and msgstr[0], msgstr[1]."""
    forms = _plurals.get(singular)
    if forms:
        i = PLURAL_FORM.get(_language, lambda n: 0)(n)
        return forms[min(i, len(forms) - 1)]
    return _(singular) if n == 1 else _(plural)


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
    global _language, _catalog, _plurals
    lang = normalise_language(lang or os.environ.get("UNIONDESK_LANG"))
    _language = lang
    plurals: dict[str, list[str]] = {}
    _catalog = {} if lang == DEFAULT_LANGUAGE else load_catalog(lang, plurals)
    _plurals = plurals
    return lang


def catalog_dir(lang: str) -> Path:
    return resource_path("locale", lang, "LC_MESSAGES")


def load_catalog(lang: str, plurals: dict[str, list[str]] | None = None) -> dict[str, str]:
    """The flat catalog msgid -> msgstr (first form of plural entries); ``plurals`` receives every form."""
    merged: dict[str, str] = {}
    d = catalog_dir(lang)
    if d.is_dir():
        for po in sorted(d.glob("*.po")):
            merged.update(parse_po(po.read_text(encoding="utf-8"), plurals))
    return merged


def _unquote(s: str) -> str:
    s = s.strip()
    if not (s.startswith('"') and s.endswith('"')):
        raise ValueError(f"bad po string: {s!r}")
    return str(ast.literal_eval(s))


def parse_po(text: str, plurals: dict[str, list[str]] | None = None) -> dict[str, str]:
    """Parse a gettext .po file (msgctxt ignored, fuzzy entries skipped). A plural entry maps to its first form;
    all its forms go into ``plurals`` when given."""
    out: dict[str, str] = {}
    msgid: list[str] | None = None
    msgstr: list[str] | None = None
    forms: dict[int, list[str]] = {}
    current: list[str] | None = None
    fuzzy = False

    def flush() -> None:
        nonlocal msgid, msgstr, fuzzy, forms
        if msgid is not None and msgstr is not None and not fuzzy:
            k, v = "".join(msgid), "".join(msgstr)
            if k and v:
                out[k] = v
                texts = ["".join(forms[i]) for i in sorted(forms)]
                if plurals is not None and len(texts) > 1 and all(texts):
                    plurals[k] = texts
        msgid = msgstr = None
        forms = {}
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
                index, rest = rest[1:].split("]", 1)
                current = forms.setdefault(int(index), [])
                current.append(_unquote(rest))
                if index == "0":
                    msgstr = current
                continue
            msgstr = [_unquote(rest)]
            current = msgstr
            continue
        if line.startswith('"') and current is not None:
            current.append(_unquote(line))
    flush()
    return out
