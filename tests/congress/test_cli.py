"""The congress and motions commands as a script uses them."""

from __future__ import annotations

import re

import pytest

from app import paths
from app.cli import main


def run(args, capsys):
    rc = main(["--data-dir", str(paths.data_dir()), *args])
    out = capsys.readouterr()
    return rc, out.out, out.err


def test_motions_list_number_first_then_title_and_state(demo_db, capsys):
    rc, out, _ = run(["motions", "list"], capsys)
    assert rc == 0
    lines = [line for line in out.splitlines() if "\t" in line]
    assert 20 <= len(lines) <= 60
    for line in lines:
        number, title, state = line.split("\t")[:3]
        assert re.fullmatch(r"\d+-\d+-\d{3}", number) and title.startswith("关于") and state
    rc, out, _ = run(["motions", "list", "--state", "办理中"], capsys)
    assert rc == 0 and all("\t办理中" in line for line in out.splitlines() if "\t" in line)
    rc, out, _ = run(["motions", "list", "--state", "handling", "--session", "5-2"], capsys)
    assert rc == 0 and all(line.startswith("5-2-") for line in out.splitlines() if "\t" in line)


def test_bad_state_and_session_say_what_is_wrong(demo_db, capsys):
    rc, _, err = run(["motions", "list", "--state", "飞走了"], capsys)
    assert rc == 1 and "飞走了" in err and "办理中" in err
    rc, _, err = run(["motions", "list", "--session", "9-9"], capsys)
    assert rc == 1 and "9-9" in err
    rc, _, err = run(["motions", "show", "1-1-999"], capsys)
    assert rc == 1 and "1-1-999" in err


def test_congress_check_exit_codes(demo_db, capsys):
    rc, out, _ = run(["congress", "check"], capsys)
    assert rc == 1  # the demo has too many managers among the representatives
    assert "中层以上管理人员" in out and "依据" in out and "企业民主管理规定" in out


def test_congress_check_clean_exits_zero(empty_db, capsys):
    from .conftest import make_congress

    make_congress(empty_db, reps=30, staff=300)  # 30 front-line representatives, a meeting in 2025
    rc, out, _ = run(["congress", "check", "--today", "2025-06-01"], capsys)
    assert rc == 0, out


def test_show_and_stats(demo_db, capsys):
    rc, out, _ = run(["motions", "show", "5-2-010"], capsys)
    assert rc == 0 and out.startswith("5-2-010\t") and "提交" in out
    rc, out, _ = run(["motions", "stats", "--session", "5-2"], capsys)
    assert rc == 0 and "立案率" in out and "%" in out


@pytest.mark.parametrize("kind", ["pdf", "docx"])
def test_print_requires_known_suffix(demo_db, capsys, tmp_path, kind):
    rc, _, err = run(["print", "motion-book", "-o", str(tmp_path / f"book.{kind}x")], capsys)
    assert rc == 1 and ".pdf" in err


def test_table_documents_are_pdf_only_text_documents_also_docx(demo_db, capsys, tmp_path):
    rc, _, err = run(["print", "motion-book", "-o", str(tmp_path / "book.docx")], capsys)
    assert rc == 1 and ".pdf" in err and not (tmp_path / "book.docx").exists()
    rc, out, _ = run(["print", "motion-report", "-o", str(tmp_path / "report.docx")], capsys)
    assert rc == 0 and (tmp_path / "report.docx").stat().st_size > 0
