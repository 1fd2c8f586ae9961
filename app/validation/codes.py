"""Code lists (民族, 学历, 政治面貌 …) from resources/codes/member_codes.json, with the synonyms real files use.

Values are stored in Chinese, as the provincial system has them (imports, the upward bundle and the printed forms
use them). The window shows them in the UI language with :func:`code_label`: each value is a msgid of the one
catalog (English in resources/locale/en/LC_MESSAGES/codes.po; ``python -m tools.i18n missing`` lists a value of
member_codes.json that has no English)."""

from __future__ import annotations

from functools import cache, lru_cache

from app.i18n import _
from app.resources import load_json
from app.validation.text import clean


class CodeError(ValueError):
    pass


@cache
def code_list(name: str) -> tuple[str, ...]:
    return tuple(load_json("codes", "member_codes.json")[name]["values"])


def code_label(value: str | None) -> str:
    """How a stored code value (男, 汉族, 入会 …) reads in the UI language; '' and None read ''."""
    return _(value) if value else ""


def code_choices(name: str) -> list[tuple[str, str]]:
    """(label in the UI language, stored code) for each value of the code list ``name``: a combo box's items."""
    return [(code_label(v), v) for v in code_list(name)]


def code_from_label(name: str, text: str) -> str:
    """The stored code an editable combo's text means: a value's label in the UI language (or the value itself)
    gives the value; any other text stays as typed."""
    s = text.strip()
    for v in code_list(name):
        if s in (v, code_label(v)):
            return v
    return s


@cache
def _lookup(name: str) -> dict[str, str]:
    spec = load_json("codes", "member_codes.json")[name]
    table = {v: v for v in spec["values"]}
    table.update({k.upper(): v for k, v in spec.get("synonyms", {}).items()})
    # half-width brackets variants
    for v in spec["values"]:
        table.setdefault(v.replace("（", "(").replace("）", ")"), v)
    return table


@lru_cache(maxsize=8192)
def _known(name: str, raw: str) -> str | None:
    """The code a text means, or None (remembered: a roster repeats the same few values 100,000 times)."""
    s = clean(raw)
    if not s:
        return ""
    table = _lookup(name)
    return table.get(s) or table.get(s.upper()) or table.get(s.replace(" ", ""))


def known_code(name: str, raw: object) -> str | None:
    """The code a short text cell means if it is in the list (the fast path of :func:`normalise_code`, which needs
    no label); None otherwise (then :func:`normalise_code` says what is wrong)."""
    if raw.__class__ is str and len(raw) <= 100:  # type: ignore[attr-defined]
        return _known(name, raw)  # type: ignore[arg-type]
    return None


def normalise_code(name: str, raw: object, label: str) -> str:
    """Map ``raw`` onto the code list ``name``; '' stays ''. Raises CodeError naming the accepted values."""
    hit = known_code(name, raw)
    if hit is not None:
        return hit
    s = clean(raw)
    if not s:
        return ""
    table = _lookup(name)
    hit = table.get(s) or table.get(s.upper()) or table.get(s.replace(" ", ""))
    if hit:
        return hit
    values = code_list(name)
    shown = "、".join(values) if len(values) <= 14 else "、".join(values[:10]) + "…"
    raise CodeError(_("{label}“{value}”不在代码表中，可填：{values}").format(label=label, value=s, values=shown))


def parse_yes_no(raw: object, label: str) -> bool:
    s = clean(raw)
    if not s:
        return False
    return normalise_code("yes_no", s, label) == "是"
