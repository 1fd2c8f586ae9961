"""Row-by-row verdicts on a corpus of nasty files (xlsx with merged titles, GBK CSV, UTF-8 CSV with BOM)."""

from __future__ import annotations

import pytest
from python_calamine import CalamineWorkbook
from sqlalchemy import text

from app.services import roster
from app.services import roster_import as ri
from tests.import_helpers import member_by_id_number, snapshot

from .corpus import Built, existing_members, write_csv, write_xlsx


@pytest.fixture
def db_with_two(empty_db):
    for v in existing_members():
        roster.create_member(empty_db, v)
    return empty_db


def _check_verdicts(db, built: Built) -> ri.ImportPreview:
    preview = ri.read_file(db, built.path)
    got = {r.row: r for r in preview.rows}
    assert set(got) == set(built.rows), "every data row gets exactly one verdict; empty rows are skipped"
    for num, case in built.rows.items():
        r = got[num]
        assert r.status == case.status, f"row {num} ({case.label}): {r.status} {r.problems}"
        if case.problem:
            assert any(case.problem in p for p in r.problems), (case.label, r.problems)
    return preview


@pytest.mark.parametrize("kind", ["xlsx", "csv-gbk", "csv-bom", "csv-utf8"])
def test_corpus_verdicts_and_import(db_with_two, tmp_path, kind):
    db = db_with_two
    if kind == "xlsx":
        built = write_xlsx(tmp_path / "花名册.xlsx")
    else:
        enc = {"csv-gbk": "gbk", "csv-bom": "utf-8-sig", "csv-utf8": "utf-8"}[kind]
        built = write_csv(tmp_path / f"名单-{kind}.csv", enc)
    preview = _check_verdicts(db, built)
    assert preview.mapping.header_row == (4 if kind == "xlsx" else 2)
    upd = next(r for r in preview.rows if r.status == "update")
    assert [(c.field, c.old, c.new) for c in upd.changes] == [("mobile", "13900000002", "13911112222")]

    before = roster.count(db)
    result = ri.commit(db, preview, skip_invalid=True)
    assert result.created == preview.count("new") and result.updated == 1
    assert roster.count(db) == before + result.created
    for case in built.rows.values():
        if case.status in ("new", "update") and case.check:
            idn = next(r.id_number for r in preview.rows if r.name == case.cells["姓名"].strip())
            m = member_by_id_number(db, idn)
            for k, v in case.check.items():
                if k == "department":
                    assert roster.department_paths(db)[m.department_id] == v
                else:
                    assert getattr(m, k) == v, (case.label, k)
    # departments named in the file exist now, as a tree
    assert "生产部/一车间" in roster.department_paths(db).values()

    # the error report: the rejected rows as they were, plus 行号 and 错误原因
    report = tmp_path / "错误报告.xlsx"
    assert ri.write_error_report(preview, report) == preview.count("invalid")
    rows = CalamineWorkbook.from_path(str(report)).get_sheet_by_index(0).to_python()
    assert rows[0][:2] == ["行号", "错误原因"]
    assert rows[0][2 + 3].startswith("身份证号码")
    bad = {int(r[0]): r for r in rows[1:]}
    assert set(bad) == {n for n, c in built.rows.items() if c.status == "invalid"}
    for n, r in bad.items():
        assert built.rows[n].problem in r[1]
        assert r[2 + 1] == str(built.rows[n].cells["姓名"])  # the original cell, as it was

    # re-importing the same file changes nothing
    snap = snapshot(db)
    again = ri.read_file(db, built.path)
    assert again.count("new") == 0 and again.count("update") == 0
    ri.commit(db, again, skip_invalid=True)
    assert snapshot(db) == snap


def test_numeric_id_cell_says_digits_are_lost(empty_db, tmp_path):
    built = write_xlsx(tmp_path / "a.xlsx")
    preview = ri.read_file(empty_db, built.path)
    r = next(r for r in preview.rows if r.name == "数字号")
    assert "1.10105E+17" in r.problems[0] and "末几位已经丢失" in r.problems[0]


def test_without_skip_invalid_nothing_is_written(db_with_two, tmp_path):
    built = write_xlsx(tmp_path / "a.xlsx")
    preview = ri.read_file(db_with_two, built.path)
    snap = snapshot(db_with_two)
    with pytest.raises(ri.DomainError) as e:
        ri.commit(db_with_two, preview)
    assert e.value.code == "import.invalid"
    assert snapshot(db_with_two) == snap


def test_on_duplicate_skip_leaves_existing_members(db_with_two, tmp_path):
    built = write_xlsx(tmp_path / "a.xlsx")
    preview = ri.read_file(db_with_two, built.path, on_duplicate="skip")
    assert preview.count("skip") == 2 and preview.count("update") == 0
    ri.commit(db_with_two, preview, skip_invalid=True)
    from .corpus import EXISTING_CHANGED

    assert member_by_id_number(db_with_two, EXISTING_CHANGED).mobile == "13900000002"


def test_update_never_blanks_and_is_audited(db_with_two, tmp_path):
    from .corpus import EXISTING_CHANGED

    p = tmp_path / "u.csv"
    p.write_text(f"姓名,身份证号,手机,岗位,学历\n钱七,{EXISTING_CHANGED},,,研究生\n", encoding="utf-8")
    preview = ri.read_file(db_with_two, p)
    (r,) = preview.rows
    assert r.status == "update" and [c.field for c in r.changes] == ["education"]
    ri.commit(db_with_two, preview)
    m = member_by_id_number(db_with_two, EXISTING_CHANGED)
    assert (m.mobile, m.post, m.education) == ("13900000002", "技术员", "研究生")
    with db_with_two.engine.connect() as conn:
        log = conn.execute(text("SELECT changes FROM audit_log WHERE action='update' AND record_uuid=:u"),
                           {"u": m.uuid}).scalars().all()
    assert any("研究生" in c for c in log)


def test_created_members_are_audited_and_searchable(empty_db, tmp_path):
    p = tmp_path / "n.csv"
    from .corpus import M1

    p.write_text(f"姓名,证件号码,手机\n曾志伟,{M1},13812345678\n", encoding="utf-8-sig")
    ri.import_file(empty_db, p)
    assert [r.name for r in roster.search(empty_db, "zzw")] == ["曾志伟"]
    assert [r.name for r in roster.search(empty_db, M1[-4:])] == ["曾志伟"]
    with empty_db.engine.connect() as conn:
        n = conn.execute(text("SELECT COUNT(*) FROM audit_log WHERE action='create' AND table_name='member'")).scalar()
        masked = conn.execute(text("SELECT changes FROM audit_log WHERE action='create'")).scalar()
    assert n == 1 and M1 not in masked
    from app.services import privacy

    (entry,) = privacy.audit_entries(empty_db, privacy.AuditFilter(action="create"))
    assert entry.label == "曾志伟" and entry.changes_text() == "从文件“n.csv”第2行导入"
    (summary,) = privacy.audit_entries(empty_db, privacy.AuditFilter(action="import"))
    assert summary.action_label == "导入" and summary.label == "n.csv"
    assert summary.changes_text() == f"文件 {p}：新增1名，更新0名，无变化0名，跳过0行，有问题未导入0行"
