"""Export gains CSV (UTF-8 with BOM, Excel-safe ID numbers) and filtered views; what we export imports back
without a single change."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app import paths
from app.services import roster, roster_export
from app.services import roster_import as ri

from ..import_helpers import snapshot

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_exported_roster_imports_back_unchanged(demo_db, tmp_path, suffix):
    f = tmp_path / f"名册{suffix}"
    n = roster_export.export_file(demo_db, f, roster.search_ids(demo_db))
    assert n == roster.count(demo_db)
    if suffix == ".csv":
        raw = f.read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf")
        head = raw[3:].decode("utf-8").splitlines()[0].split(",")
        assert head[:8] == ["序号", "姓名", "性别", "出生日期", "民族", "就业状况", "有效证件类别", "证件号码"]
        assert '="' in raw.decode("utf-8-sig").splitlines()[1]
    snap = snapshot(demo_db)
    preview = ri.read_file(demo_db, f)
    assert preview.count("invalid") == 0, [(r.row, r.problems) for r in preview.invalid][:5]
    assert preview.count("unchanged") == n, [(r.row, r.changes) for r in preview.rows if r.changes][:5]
    ri.commit(demo_db, preview)
    assert snapshot(demo_db) == snap


def test_cli_export_csv_of_a_filtered_view(demo_db, tmp_path):
    data = paths.data_dir()
    dept = roster.list_departments(demo_db)[0]
    expected = roster.count(demo_db, "", roster.Filters(department_id=dept.id, statuses=("active",)))
    demo_db.close()
    out = tmp_path / "生产部.csv"
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    r = subprocess.run([sys.executable, "-m", "app", "--data-dir", str(data), "roster", "export", str(out),
                        "--department", dept.name, "--status", "在会"], cwd=ROOT, env=env, capture_output=True,
                       text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    lines = out.read_text(encoding="utf-8-sig").splitlines()
    assert len(lines) == expected + 1
    r = subprocess.run([sys.executable, "-m", "app", "--data-dir", str(data), "roster", "export", str(out),
                        "--status", "不存在"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert r.returncode == 1 and "未知的会籍状态" in r.stderr


def test_csv_text_that_looks_like_a_formula_is_not_run_by_excel_and_imports_back(demo_db, tmp_path):
    first = roster.search_ids(demo_db)[0]
    note = '=HYPERLINK("http://example.invalid","点我")'
    roster.update_member(demo_db, first, {"notes": note, "post": "@班长", "card_number": "-12"})
    f = tmp_path / "名册.csv"
    roster_export.export_file(demo_db, f, [first])
    import csv

    row = list(csv.reader(f.read_text(encoding="utf-8-sig").splitlines()))[1]
    # every cell Excel would read as a formula is an ="…" text literal, the quotes inside doubled
    assert '="=HYPERLINK(""http://example.invalid"",""点我"")"' in row
    assert '="@班长"' in row and '="-12"' in row
    assert not [c for c in row if (c and c[0] in "+-@") or (c.startswith("=") and not c.startswith('="'))]
    snap = snapshot(demo_db)
    preview = ri.read_file(demo_db, f)
    assert preview.count("unchanged") == 1, [(r.row, r.changes, r.problems) for r in preview.rows]
    ri.commit(demo_db, preview)
    assert snapshot(demo_db) == snap and roster.get_member(demo_db, first).notes == note


@given(st.text(min_size=1, max_size=60))
def test_excel_text_literal_reads_back_as_the_same_text(v):
    from app.importing.reader import _excel_text

    assert _excel_text(roster_export._as_excel_text(v)) == v
