"""Every user-facing string is translatable and has its English translation."""

from __future__ import annotations

from app.i18n import _, load_catalog, parse_po, set_language
from tools.i18n import missing


def test_every_string_has_an_english_translation():
    gaps = missing("en")
    assert not gaps, "untranslated strings:\n" + "\n".join(f"{v[0]}: {k}" for k, v in list(gaps.items())[:40])


def test_placeholders_survive_translation():
    import re

    cat = load_catalog("en")
    for src, tr in cat.items():
        assert set(re.findall(r"\{(\w*)\}", src)) == set(re.findall(r"\{(\w*)\}", tr)), src


def test_switching_language():
    set_language("en")
    assert _("会员名册") == "Roster"
    set_language("zh_CN")
    assert _("会员名册") == "会员名册"


def test_po_reader_handles_multiline_and_fuzzy():
    po = 'msgid ""\nmsgstr ""\n"Language: en\\n"\n\nmsgid "甲"\n"乙"\nmsgstr "A"\n"B"\n\n#, fuzzy\nmsgid "丙"\nmsgstr "C"\n'
    assert parse_po(po) == {"甲乙": "AB"}


def test_congress_and_contracts_catalogs_agree_on_the_congress_name():
    """One flat catalog: the same source string translated twice means the later file wins — the navigation showed
    “workers' congress” in lower case because contracts.po said so for its vote-body list."""
    from app.i18n import _, set_language

    set_language("en")
    try:
        assert _("职工代表大会") == "Workers' congress"
    finally:
        set_language("zh_CN")


def test_one_source_string_has_one_english_translation():
    """All .po files load into one flat catalog, so a msgid translated differently in two files shows whichever
    file loads last — everywhere (职工代表 became lower-case “representatives” in the congress tab)."""
    from app.i18n import catalog_dir

    seen: dict[str, dict[str, str]] = {}
    for po in sorted(catalog_dir("en").glob("*.po")):
        for msgid, msgstr in parse_po(po.read_text(encoding="utf-8")).items():
            seen.setdefault(msgid, {}).setdefault(msgstr, po.name)
    conflicts = {k: v for k, v in seen.items() if len(v) > 1}
    assert not conflicts, "translated differently:\n" + "\n".join(
        f"{k}: " + " | ".join(f"{f}: {s!r}" for s, f in v.items()) for k, v in conflicts.items())


def test_counts_take_the_english_plural_form():
    """English counts read “1 year”, “2 years” (the CLI said “1 errors, 1 warnings”, “1 years”)."""
    from app.i18n import ngettext

    set_language("en")
    try:
        assert ngettext("{n} 年", "{n} 年", 1).format(n=1) == "1 year"
        assert ngettext("{n} 年", "{n} 年", 3).format(n=3) == "3 years"
        assert ngettext("{n} 年", "{n} 年", 0).format(n=0) == "0 years"
    finally:
        set_language("zh_CN")
    assert ngettext("{n} 年", "{n} 年", 1).format(n=1) == "1 年"


def test_po_reader_keeps_every_plural_form():
    po = ('msgid "{n} 件"\nmsgid_plural "{n} 件"\nmsgstr[0] "{n} motion"\nmsgstr[1] "{n} "\n"motions"\n\n'
          'msgid "甲"\nmsgstr "A"\n')
    forms: dict[str, list[str]] = {}
    assert parse_po(po, forms) == {"{n} 件": "{n} motion", "甲": "A"}
    assert forms == {"{n} 件": ["{n} motion", "{n} motions"]}


def test_plural_forms_keep_their_placeholders():
    import re

    forms: dict[str, list[str]] = {}
    load_catalog("en", forms)
    assert forms
    for src, texts in forms.items():
        for tr in texts:
            assert set(re.findall(r"\{(\w*)\}", src)) == set(re.findall(r"\{(\w*)\}", tr)), (src, tr)


def test_every_code_value_has_an_english_label():
    """The roster's code values are stored in Chinese and shown in the UI language: a value added to
    member_codes.json (or a membership change kind / status) without English would show in Chinese."""
    from app.resources import load_json
    from app.services import roster
    from app.validation.codes import code_label

    values = [v for spec in load_json("codes", "member_codes.json").values() if isinstance(spec, dict)
              for v in spec["values"]]
    assert "汉族" in values and len(values) > 100
    set_language("en")
    try:
        untranslated = [v for v in [*values, *roster.EVENT_KINDS] if code_label(v) == v]
        untranslated += [v for v in roster.STATUSES.values() if _(v) == v]
        assert not untranslated, untranslated
        assert [code_label(v) for v in ("汉族", "蒙古族", "维吾尔族", "藏族", "男", "入会")] == [
            "Han", "Mongol", "Uyghur", "Tibetan", "Male", "Joined"]
    finally:
        set_language("zh_CN")
    assert code_label("汉族") == "汉族" and code_label("") == ""


def test_tools_i18n_reports_a_code_value_without_english(tmp_path):
    import json

    from tools.i18n import CODES

    codes = json.loads(CODES.read_text(encoding="utf-8"))
    codes["ethnicity"]["values"].append("穿青人")
    f = tmp_path / "member_codes.json"
    f.write_text(json.dumps(codes, ensure_ascii=False), encoding="utf-8")
    assert {k: v[0] for k, v in missing("en", [f]).items()} == {"穿青人": f"{f}:ethnicity"}
