"""Translation tooling.

    python -m tools.i18n missing            # every _()/N_()/ngettext() string and every code value of
                                            # resources/codes/member_codes.json (shown translated by
                                            # app.validation.codes.code_label) without an English translation
                                            # (ngettext: without its plural forms), with its file
    python -m tools.i18n stub AREA PATH...  # append untranslated entries from PATHs to resources/locale/en/LC_MESSAGES/AREA.po
                                            # (msgstr left empty: fill them in; empty entries still count as missing)
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from pathlib import Path

from babel.messages.extract import extract_from_file

from app.i18n import load_catalog

ROOT = Path(__file__).resolve().parents[1]
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}
CODES = ROOT / "resources" / "codes" / "member_codes.json"
DEFAULT_PATHS = (ROOT / "app", ROOT / "ui", CODES)


def code_values(path: Path = CODES) -> dict[str, list[str]]:
    """value -> ["member_codes.json:list", ...] for every value of the code lists (the window shows them
    translated, so each is a msgid like a _() string)."""
    found: dict[str, list[str]] = {}
    shown = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
    for name, spec in json.loads(path.read_text(encoding="utf-8")).items():
        if isinstance(spec, dict):
            for v in spec.get("values", []):
                found.setdefault(v, []).append(f"{shown}:{name}")
    return found


def extract(paths: Iterable[Path], plural: set[str] | None = None) -> dict[str, list[str]]:
    """msgid -> ["file:line", ...] for every _("...") / N_("...") / ngettext("...", ...) call; the msgids of
    ngettext calls also go into ``plural``."""
    found: dict[str, list[str]] = {}
    for base in paths:
        if base.suffix == ".json":
            for msg, where in code_values(base).items():
                found.setdefault(msg, []).extend(where)
            continue
        files = [base] if base.is_file() else sorted(base.rglob("*.py"))
        for f in files:
            if "migrations" in f.parts:
                continue
            for lineno, msg, _comments, _ctx in extract_from_file("python", str(f), keywords=KEYWORDS):
                if isinstance(msg, tuple):
                    msg = msg[0]
                    if plural is not None and msg:
                        plural.add(msg)
                if msg:
                    found.setdefault(msg, []).append(f"{f.relative_to(ROOT)}:{lineno}")
    return found


def missing(lang: str = "en", paths: Iterable[Path] | None = None) -> dict[str, list[str]]:
    forms: dict[str, list[str]] = {}
    cat = load_catalog(lang, forms)
    plural: set[str] = set()
    found = extract(paths or DEFAULT_PATHS, plural)
    return {k: v for k, v in found.items() if not cat.get(k) or (k in plural and k not in forms)}


def _po_quote(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t") + '"'


def stub(area: str, paths: list[Path]) -> int:
    po = ROOT / "resources" / "locale" / "en" / "LC_MESSAGES" / f"{area}.po"
    existing = po.read_text(encoding="utf-8") if po.exists() else ""
    from app.i18n import parse_po

    have = set(parse_po(existing)) if existing else set()
    # also skip msgids present with an empty msgstr
    todo = {k: v for k, v in missing("en", paths).items() if k not in have and _po_quote(k) not in existing}
    with po.open("a", encoding="utf-8") as fh:
        if not existing:
            fh.write('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: en\\n"\n\n')
        for k, where in todo.items():
            fh.write(f"#: {where[0]}\nmsgid {_po_quote(k)}\nmsgstr \"\"\n\n")
    print(f"{len(todo)} entries added to {po}")
    return 0


def main(argv: list[str]) -> int:
    if not argv or argv[0] == "missing":
        m = missing()
        for k, where in sorted(m.items(), key=lambda kv: kv[1][0]):
            print(f"{where[0]}\t{k!r}")
        print(f"{len(m)} missing", file=sys.stderr)
        return 1 if m else 0
    if argv[0] == "stub" and len(argv) >= 3:
        return stub(argv[1], [ROOT / p for p in argv[2:]])
    print(__doc__)
    return 2


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
