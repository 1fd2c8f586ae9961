"""``uniondesk contracts …`` and ``uniondesk print contract|filing-pack|redline`` as a script uses them."""

from __future__ import annotations

import importlib.util
import re

import pytest

from app.cli import main
from tests.conftest import copy_template

HAS_RENDER = importlib.util.find_spec("app.documents.render") is not None


def run(args, data, capsys):
    rc = main(["--data-dir", str(data), *args])
    out = capsys.readouterr()
    return rc, out.out, out.err


@pytest.fixture
def data(tmp_path):
    return copy_template(tmp_path / "d")


def test_list_shows_id_first_then_kind_title_state(data, capsys):
    rc, out, _ = run(["contracts", "list"], data, capsys)
    assert rc == 0
    rows = [line.split("\t") for line in out.splitlines()]
    assert [r[0] for r in rows] == ["1", "2"]
    assert rows[0][1] == "综合集体合同" and rows[0][3] == "已生效"
    assert rows[1][1] == "工资专项集体合同" and "工资专项" in rows[1][2] and rows[1][3] == "协商中"


def test_deadlines_with_iso_dates(data, capsys):
    rc, out, _ = run(["contracts", "deadlines", "--all"], data, capsys)
    assert rc == 0
    lines = out.splitlines()
    assert lines and all(re.match(r"\d{4}-\d{2}-\d{2}\t", line) for line in lines)
    assert any("补齐协商代表空缺" in line for line in lines)
    assert any("合同期满" in line for line in lines)


def test_deadlines_as_of_a_date_show_overdue_first(data, capsys):
    rc, out, _ = run(["contracts", "deadlines", "--all", "--today", "2099-01-01"], data, capsys)
    assert rc == 0
    statuses = [line.split("\t")[1] for line in out.splitlines()]
    assert statuses[0] == "已逾期"


def test_unknown_contract_and_bad_suffix_are_user_errors(data, capsys, tmp_path):
    rc, _out, err = run(["print", "contract", "99", "-o", str(tmp_path / "x.pdf")], data, capsys)
    assert rc == 1 and "99" in err
    rc, _out, err = run(["print", "contract", "1", "-o", str(tmp_path / "x.txt")], data, capsys)
    assert rc == 1 and ".pdf" in err
    rc, _out, err = run(["print", "redline", "2", "--from", "1", "--to", "9", "-o", str(tmp_path / "x.pdf")], data, capsys)
    assert rc == 1 and "第9版" in err


def test_print_needs_from_and_to(data, capsys, tmp_path):
    rc, _out, _err = run(["print", "redline", "2", "-o", str(tmp_path / "x.pdf")], data, capsys)
    assert rc == 2


@pytest.mark.skipif(not HAS_RENDER, reason="the docs engine (app.documents.render) is not merged yet")
@pytest.mark.parametrize("args,name", [
    (["print", "contract", "1"], "c.pdf"), (["print", "contract", "1"], "c.docx"),
    (["print", "filing-pack", "2"], "f.pdf"), (["print", "redline", "2", "--from", "1", "--to", "3"], "r.pdf"),
    (["print", "offer", "2"], "o.pdf"), (["print", "minutes", "2", "--meeting", "1"], "m.pdf"),
    (["print", "vote-record", "2"], "v.pdf"),
])
def test_print_writes_the_file(data, capsys, tmp_path, args, name):
    target = tmp_path / name
    rc, out, err = run([*args, "-o", str(target)], data, capsys)
    assert rc == 0, err
    assert target.exists() and target.stat().st_size > 1000
    head = target.read_bytes()[:4]
    assert head == (b"%PDF" if name.endswith(".pdf") else b"PK\x03\x04")


def test_a_deadline_in_a_year_without_a_holiday_notice_is_starred_and_explained(data, capsys, monkeypatch):
    from datetime import date

    from app.rules import contracts as rules
    from app.services import contracts as cs

    due = rules.filing_deadline(date(2027, 9, 28))
    monkeypatch.setattr(cs, "deadlines", lambda db, today=None: [
        cs.DeadlineItem(1, "综合集体合同", "报送审查", date(2026, 3, 2), "open", "cite", False),
        cs.DeadlineItem(1, "综合集体合同", "报送审查", due.due, "open", "cite", due.approximate)])
    rc, out, _ = run(["contracts", "deadlines", "--all"], data, capsys)
    lines = out.splitlines()
    assert rc == 0 and lines[0].startswith("2026-03-02\t") and lines[1].startswith(due.due.isoformat() + "*\t")
    assert lines[-1].startswith("* ") and "放假安排" in lines[-1]
