"""The command line as a script uses it: exit codes, messages that say what and where."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from python_calamine import CalamineWorkbook

from app.cli import main

ROOT = Path(__file__).resolve().parents[1]


def run(args, data, capsys):
    rc = main(["--data-dir", str(data), *args])
    out = capsys.readouterr()
    return rc, out.out, out.err


def test_demo_search_export_check(tmp_path, capsys):
    data = tmp_path / "d"
    rc, out, _ = run(["demo", "--members", "120", "--seed", "5"], data, capsys)
    assert rc == 0 and "120" in out
    rc, out, _ = run(["roster", "search", "zh"], data, capsys)
    assert rc == 0
    lines = [line for line in out.splitlines() if line]
    assert lines and all("*" in line for line in lines)  # numbers masked
    rc, out, _ = run(["roster", "export", str(tmp_path / "r.xlsx")], data, capsys)
    assert rc == 0
    rows = CalamineWorkbook.from_path(str(tmp_path / "r.xlsx")).get_sheet_by_name("会员信息").to_python()
    assert len(rows) > 4
    rc, out, _ = run(["check"], data, capsys)
    assert rc == 0 and "完好" in out


def test_demo_is_reproducible(tmp_path, capsys):
    for d in ("a", "b"):
        assert run(["demo", "--members", "30", "--seed", "9"], tmp_path / d, capsys)[0] == 0
    outs = [run(["roster", "search", "a"], tmp_path / d, capsys)[1] for d in ("a", "b")]
    assert outs[0] == outs[1]


def test_demo_refuses_a_folder_with_members(tmp_path, capsys):
    run(["demo", "--members", "10"], tmp_path, capsys)
    rc, _out, err = run(["demo", "--members", "10"], tmp_path, capsys)
    assert rc == 1 and "已有10名会员" in err


def test_usage_errors_exit_2(tmp_path, capsys):
    assert run(["roster", "search"], tmp_path, capsys)[0] == 2
    assert run(["no-such-command"], tmp_path, capsys)[0] == 2
    assert run(["roster"], tmp_path, capsys)[0] == 2


def test_bad_input_exits_1_saying_what(tmp_path, capsys):
    rc, _o, err = run(["roster", "search", "x"], tmp_path / "empty", capsys)
    assert rc == 1 and "uniondesk demo" in err
    run(["demo", "--members", "10"], tmp_path / "d", capsys)
    rc, _o, err = run(["roster", "export", str(tmp_path / "x.txt")], tmp_path / "d", capsys)
    assert rc == 1 and ".xlsx" in err


def test_english_switch(tmp_path, capsys):
    rc, out, _ = run(["--lang", "en", "demo", "--members", "5"], tmp_path, capsys)
    assert rc == 0 and "Sample data" in out


def test_the_language_chosen_for_a_data_folder_applies_with_data_dir(tmp_path, capsys, monkeypatch):
    """View → 界面语言 stores the language beside the data of an overridden folder; a start with --data-dir reads
    it from there (it used to read the default folder's settings before --data-dir was applied)."""
    monkeypatch.delenv("UNIONDESK_LANG", raising=False)
    monkeypatch.delenv("UNIONDESK_DATA_DIR", raising=False)
    data = tmp_path / "d"
    assert run(["demo", "--members", "5"], data, capsys)[0] == 0
    from app import paths, settings

    paths.set_data_dir(data)
    settings.set_values(language="en")  # what the language menu does
    paths.set_data_dir(None)
    rc, out, _ = run(["roster", "search", ""], data, capsys)
    assert rc == 0 and "Member" in out and "在会" not in out
    assert main(["--data-dir=" + str(data), "roster", "search", ""]) == 0
    assert "Member" in capsys.readouterr().out


def test_console_script_selftest_opens_every_view(tmp_path):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "UNIONDESK_DATA_DIR": str(tmp_path / "st"),
           "PYTHONPATH": str(ROOT)}
    r = subprocess.run([sys.executable, "-m", "app", "selftest"], capture_output=True, text=True, env=env,
                       timeout=300, cwd=ROOT)
    assert r.returncode == 0, r.stderr
    assert "自检通过" in r.stdout


def test_lang_on_a_subcommand_is_for_that_command_only(tmp_path, capsys, monkeypatch):
    """`uniondesk --lang en roster search 张` answered in English and also switched the window to English for good
    (it saved the language setting); the window and later commands keep the language chosen in View → 界面语言."""
    monkeypatch.delenv("UNIONDESK_LANG", raising=False)
    from app import paths, settings

    data = tmp_path / "d"
    assert run(["demo", "--members", "5"], data, capsys)[0] == 0
    rc, out, _ = run(["--lang", "en", "roster", "search", ""], data, capsys)
    assert rc == 0 and "Member" in out
    paths.set_data_dir(data)
    try:
        assert settings.get("language") is None
    finally:
        paths.set_data_dir(None)
    rc, out, _ = run(["roster", "search", ""], data, capsys)
    assert rc == 0 and "在会" in out and "Member" not in out


def test_lang_starting_the_window_chooses_its_language(tmp_path, monkeypatch):
    """README: the language is chosen in View → 界面语言 or with `uniondesk --lang en` (the window)."""
    import ui.application
    from app import paths, settings

    started = []
    monkeypatch.setattr(ui.application, "run_gui", lambda args: started.append(args) or 0)
    assert main(["--data-dir", str(tmp_path / "d"), "--lang", "en"]) == 0
    assert started
    paths.set_data_dir(tmp_path / "d")
    try:
        assert settings.get("language") == "en"
    finally:
        paths.set_data_dir(None)


def _all_parsers(parser, path=("uniondesk",)):
    import argparse

    yield path, parser
    for a in parser._actions:
        if isinstance(a, argparse._SubParsersAction):
            for name, sp in a.choices.items():
                yield from _all_parsers(sp, (*path, name))


def test_every_command_line_argument_is_explained():
    """`uniondesk --lang en hub init --help` listed --org and --name with no text at all (and many FILE/ID
    arguments the same); every option and argument of every command says what it is, in the UI language."""
    import argparse

    from app.cli import build_parser
    from app.i18n import set_language

    set_language("en")
    try:
        bare = [f"{' '.join(path)} {a.option_strings[-1] if a.option_strings else a.metavar or a.dest}"
                for path, p in _all_parsers(build_parser()) for a in p._actions
                if not a.help and not isinstance(a, argparse._SubParsersAction | argparse._HelpAction)]
    finally:
        set_language("zh_CN")
    assert not bare, bare


def test_english_counts_are_singular_for_one(tmp_path, capsys):
    """The English command line said “1 years”, “Exported 1 members”, “1 errors, 1 warnings”."""
    import re

    data = tmp_path / "d"
    assert run(["demo", "--members", "5"], data, capsys)[0] == 0
    rc, out, _ = run(["--lang", "en", "privacy", "retention", "1"], data, capsys)
    assert rc == 0 and "1 year" in out and "1 years" not in out
    from sqlmodel import select

    from app.core import open_data
    from app.models import Member

    db = open_data(data)
    with db.session() as s:
        id_number = s.exec(select(Member.id_number)).first()
    db.close()
    rc, out, _ = run(["--lang", "en", "roster", "export", "--query", id_number, str(tmp_path / "a.xlsx")], data, capsys)
    assert rc == 0 and "Exported 1 member to" in out
    rc, out, _ = run(["--lang", "en", "congress", "check"], data, capsys)
    assert "Findings: " in out and not re.search(r"\b1 (errors|warnings)\b", out)
