"""Garbage never crashes the importer; a kill -9 or a Cancel during an import leaves the roster as it was;
the provincial template filled by openpyxl imports; the command line's exit codes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from datetime import date, datetime, time
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app import paths
from app.services import roster
from app.services import roster_import as ri

from ..import_helpers import member_by_id_number, snapshot
from .corpus import make_id

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = Path("/work/shared/reference/templates/hainan-member-template.xlsx")
if not TEMPLATE.exists():
    TEMPLATE = ROOT.parent.parent / "shared/reference/templates/hainan-member-template.xlsx"

HEADERS = ["序号", "姓名", "性别", "出生日期", "民族", "证件号码", "学历", "移动电话", "会籍变化类型", "会籍变化日期",
           "会籍变化原因", "政治面貌", "是否农民工会员", "部门", "入会日期", "备注"]
GOOD = [1, "张三", "男", "1985/3/1", "汉族", make_id("110105", date(1985, 3, 1), 11), "大学", "13812345678", "入会",
        "2020/5/1", "", "群众", "否", "生产部", "2020/5/1", ""]
# columns where a value containing these characters can never be valid
STRICT = {"性别", "出生日期", "民族", "证件号码", "学历", "移动电话", "会籍变化类型", "会籍变化日期", "政治面貌",
          "是否农民工会员", "入会日期"}

garbage = st.one_of(
    st.text(max_size=300), st.floats(allow_nan=True, allow_infinity=True), st.integers(min_value=-2**63,
                                                                                        max_value=2**63),
    st.booleans(), st.datetimes(min_value=datetime(1, 1, 1)), st.dates(), st.times(), st.none(),
    st.binary(max_size=20).map(lambda b: b.decode("latin-1")),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(col=st.integers(min_value=1, max_value=len(HEADERS) - 1), value=garbage)
def test_garbage_in_any_cell_gives_a_row_verdict_never_a_crash(empty_db, tmp_path, col, value):
    mapping = ri.ColumnMapping(1, HEADERS, ri.hdr.map_columns(HEADERS), ri.hdr.map_columns(HEADERS))
    row = list(GOOD)
    row[col] = value
    preview = ri.check_rows(empty_db, mapping, [(1, HEADERS), (2, row)])
    assert len(preview.rows) <= 1
    if preview.rows:
        r = preview.rows[0]
        assert r.status in ("new", "invalid")
        if r.status == "invalid":
            assert r.problems and all(isinstance(p, str) and p for p in r.problems)
    ri.write_error_report(preview, tmp_path / "r.xlsx")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(col=st.sampled_from(sorted(STRICT)), junk=st.text(min_size=0, max_size=30),
       mark=st.sampled_from("@#$%&~^"))
def test_garbage_in_a_checked_column_is_a_row_error_naming_the_column(empty_db, col, junk, mark):
    mapping = ri.ColumnMapping(1, HEADERS, ri.hdr.map_columns(HEADERS), ri.hdr.map_columns(HEADERS))
    row = list(GOOD)
    i = HEADERS.index(col)
    row[i] = junk + mark
    preview = ri.check_rows(empty_db, mapping, [(1, HEADERS), (2, row)])
    (r,) = preview.rows
    assert r.status == "invalid"
    assert any(col in p for p in r.problems), r.problems


def _write_csv(path: Path, n: int, start: int = 0) -> None:
    lines = [",".join(HEADERS)]
    for k in range(start, start + n):
        born = date(1960 + k % 40, 1 + k % 12, 1 + k % 28)
        lines.append(f"{k},会员{k},,,,{make_id('330106', born, k % 1000)},,,,,,,,部门{k % 7},,")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_cancel_leaves_nothing_written(demo_db, tmp_path):
    f = tmp_path / "big.csv"
    _write_csv(f, 5000)
    preview = ri.read_file(demo_db, f)
    assert preview.count("new") > 4000
    snap = snapshot(demo_db)
    calls = []

    def progress(done, total):
        calls.append(done)
        return len(calls) < 2  # the user presses Cancel after the first batch was written

    with pytest.raises(ri.ImportCancelled):
        ri.commit(demo_db, preview, skip_invalid=True, progress=progress)
    assert snapshot(demo_db) == snap


KILL_SCRIPT = r"""
import sys
from pathlib import Path
from app.core import open_data
from app.services import roster_import as ri
db = open_data(Path(sys.argv[1]))
def progress(done, total):
    print("WRITE", done, total, flush=True)
    return True
if sys.argv[3] == "one-pass":  # the command line's import: rows written while the next are checked
    ri.import_file(db, sys.argv[2], skip_invalid=True, progress=progress)
else:
    preview = ri.read_file(db, sys.argv[2])
    print("READ", preview.count("new"), flush=True)
    ri.commit(db, preview, skip_invalid=True, progress=progress)
print("DONE", flush=True)
"""


@pytest.mark.parametrize("mode", ["preview-commit", "one-pass"])
def test_kill_9_during_a_large_import_leaves_the_roster_as_it_was(demo_db, tmp_path, mode):
    data = paths.data_dir()
    before = roster.count(demo_db)
    snap = snapshot(demo_db)
    with demo_db.engine.connect() as conn:  # a large import drops and rebuilds indexes: all must be back
        schema = set(conn.exec_driver_sql("SELECT type, name, sql FROM sqlite_master").all())
    demo_db.close()
    f = tmp_path / "big.csv"
    _write_csv(f, 40_000)
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.Popen([sys.executable, "-c", KILL_SCRIPT, str(data), str(f), mode], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    killed_at = None
    assert proc.stdout is not None
    for line in proc.stdout:
        parts = line.split()
        # one pass: past half the file, when batches have been written and more are being checked
        if parts and parts[0] == "WRITE" and int(parts[2]) // (2 if mode == "one-pass" else 40) < int(parts[1]) < int(
                parts[2]):
            os.kill(proc.pid, signal.SIGKILL)
            killed_at = int(parts[1])
            break
    proc.wait(timeout=120)
    err = proc.stderr.read() if proc.stderr else ""
    assert killed_at is not None, "the import finished before it could be killed: " + err
    assert proc.returncode == -signal.SIGKILL
    r = subprocess.run([sys.executable, "-m", "app", "--data-dir", str(data), "check"], cwd=ROOT, env=env,
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stdout + r.stderr
    from app.core import open_data

    db = open_data(data)
    try:
        assert roster.count(db) == before
        assert snapshot(db) == snap
        with db.engine.connect() as conn:
            assert set(conn.exec_driver_sql("SELECT type, name, sql FROM sqlite_master").all()) == schema
    finally:
        db.close()


def test_provincial_template_filled_by_openpyxl_imports(empty_db, tmp_path):
    if not TEMPLATE.exists():
        pytest.skip("provincial template not available")
    wb = openpyxl.load_workbook(TEMPLATE)
    ws = wb["会员信息"]
    a = make_id("460105", date(1988, 4, 5), 16)
    b = make_id("460106", date(1992, 11, 30), 25)
    rows = [
        [1, "符海燕", "女", "1988/04/05", "黎族", "在岗", "二代身份证", a, "本科", "高级工", "13976543210", "农业户口",
         "海南省琼中县", "入会", "2019/03/01", "", "中共党员", "海南示例机械制造有限公司", "海南琼中", "是"],
        [2, "陈文", "男", datetime(1992, 11, 30), "汉族", "退休", "居民身份证", b, "研究生", "", "0898-66123456",
         "非农业户口", "海口", "保留", "2024/01/01", "退休", "群众", "海南示例机械制造有限公司", "", "否"],
    ]
    for i, r in enumerate(rows):
        for j, v in enumerate(r):
            ws.cell(row=5 + i, column=1 + j, value=v)
    f = tmp_path / "会员信息采集表.xlsx"
    wb.save(f)
    preview = ri.read_file(empty_db, f)
    assert [r.problems for r in preview.rows] == [[], []]
    result = ri.commit(empty_db, preview)
    assert preview.mapping.header_row == 4
    assert [r.status for r in preview.rows] == ["new", "new"], [r.problems for r in preview.rows]
    assert result.created == 2
    m = member_by_id_number(empty_db, a)
    assert (m.name, m.sex, m.ethnicity, m.id_type, m.education, m.skill_level, m.hukou_type, m.political_status,
            m.migrant_worker, m.join_date, m.status) == (
        "符海燕", "女", "黎族", "居民身份证", "大学", "职业资格三级（高级工）", "农业户口", "中共党员", True,
        date(2019, 3, 1), "active")
    m2 = member_by_id_number(empty_db, b)
    assert (m2.birth_date, m2.mobile, m2.employment_status, m2.status) == (
        date(1992, 11, 30), "089866123456", "退休", "retained")
    kinds = [(e.kind, e.reason) for e in roster.list_events(empty_db, m2.id)]
    assert kinds[-1] == ("保留", "退休")


def _cli(*args: str, data: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "app", "--data-dir", str(data), *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)


def test_cli_exit_codes_and_report(tmp_path):
    data = tmp_path / "fresh"  # an empty data folder: the import creates the database
    good = tmp_path / "good.csv"
    _write_csv(good, 3)
    bad = tmp_path / "bad.csv"
    _write_csv(bad, 3)
    with bad.open("a", encoding="utf-8") as fh:
        fh.write("9,坏行,男的,,,123,,,,,,,,,,\n")
    r = _cli("roster", "import", str(bad), "--dry-run", "--report", str(tmp_path / "r.xlsx"), data=data)
    assert r.returncode == 1 and (tmp_path / "r.xlsx").exists()
    r = _cli("roster", "import", str(good), "--dry-run", data=data)
    assert r.returncode == 0, r.stderr
    r = _cli("roster", "import", str(bad), data=data)
    assert r.returncode == 1 and "第5行" in r.stderr and "没有导入任何数据" in r.stderr
    r = _cli("roster", "search", "会员", data=data)
    assert "会员0" not in r.stdout
    r = _cli("roster", "import", str(bad), "--skip-invalid", data=data)
    assert r.returncode == 0, r.stderr
    assert "新增3名" in r.stdout
    r = _cli("roster", "import", str(good), "--on-duplicate", "skip", data=data)
    assert r.returncode == 0 and "跳过3行" in r.stdout
    r = _cli("roster", "import", str(tmp_path / "missing.xlsx"), data=data)
    assert r.returncode == 1 and "找不到文件" in r.stderr


def test_time_cells_and_odd_types_in_an_xlsx_do_not_crash(empty_db, tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["姓名", "身份证号", "出生日期", "手机", "入会日期"])
    ws.append(["甲", make_id("110105", date(1985, 3, 1), 11), time(12, 30), True, -1.5])
    wb.save(tmp_path / "t.xlsx")
    preview = ri.read_file(empty_db, tmp_path / "t.xlsx")
    (r,) = preview.rows
    assert r.status == "invalid" and len(r.problems) >= 2


def test_old_xls_files_import(empty_db, tmp_path):
    xlwt = pytest.importorskip("xlwt")
    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("会员")
    ws.write_merge(0, 0, 0, 3, "某公司会员名单")
    for c, h in enumerate(["序号", "姓名", "身份证号", "入会日期"]):
        ws.write(1, c, h)
    a = make_id("110105", date(1985, 3, 1), 11)
    ws.write(2, 0, 1)
    ws.write(2, 1, "张三")
    ws.write(2, 2, a)
    ws.write(2, 3, 45047)  # an Excel serial: 2023-05-01
    ws.write(3, 0, 2)
    ws.write(3, 1, "李四")
    ws.write(3, 2, 110105194912310021.0)  # typed as a number
    f = tmp_path / "老名单.xls"
    wb.save(str(f))
    preview = ri.read_file(empty_db, f)
    assert preview.mapping.header_row == 2
    assert [(r.row, r.status) for r in preview.rows] == [(3, "new"), (4, "invalid")]
    assert "末几位已经丢失" in preview.rows[1].problems[0]
    ri.commit(empty_db, preview, skip_invalid=True)
    assert member_by_id_number(empty_db, a).join_date == date(2023, 5, 1)
