"""The command line's one-call import (check and write in one pass, rows written while the next are checked)
leaves the roster exactly as the wizard's path does (preview, then commit)."""

from __future__ import annotations

import csv
import re
from datetime import date

import pytest
from sqlalchemy import text

from app.core import open_data
from app.services import roster
from app.services import roster_import as ri
from tests.import_helpers import snapshot

from .corpus import HEADERS, existing_members, make_id, write_csv, write_xlsx

# what differs between two imports of the same rows: random uuids, time stamps, and the order in which the
# departments were created (all before the members, or each when its first row comes), hence their ids and the
# change numbers (rv) taken in between. Departments are compared by path, change numbers by how many were taken.
_VOLATILE = {"uuid", "created_at", "updated_at", "at", "record_uuid", "rv", "id", "parent_id"}


def _contents(db) -> dict[str, list[tuple]]:
    out = {}
    paths = roster.department_paths(db)
    with db.engine.connect() as conn:
        for table in ("member", "membership_event", "department", "member_name_gram", "audit_log"):
            cols = [r[1] for r in conn.exec_driver_sql(f"PRAGMA table_info({table})") if r[1] not in _VOLATILE]
            rows = conn.execute(text(f"SELECT {', '.join(cols)} FROM {table}")).all()
            if "department_id" in cols:
                at = cols.index("department_id")
                rows = [(*r[:at], paths.get(r[at]), *r[at + 1:]) for r in rows]
            if table == "audit_log":  # department ids in the audit text, as paths
                at = cols.index("changes")
                rows = [(*r[:at], re.sub(r'("department_id": \[[^,]*, )(\d+)',
                                         lambda m: m[1] + repr(paths.get(int(m[2]))), r[at])) for r in rows]
            out[table] = sorted(rows, key=repr)
        out["department"] = sorted(paths.values())
        out["member_ids"] = conn.execute(text("SELECT id, id_number FROM member ORDER BY id")).all()
        out["rv"] = [conn.execute(text("SELECT value FROM meta WHERE key='rv'")).scalar()]
        rvs = conn.execute(text("SELECT rv FROM member UNION ALL SELECT rv FROM membership_event "
                                "UNION ALL SELECT rv FROM department")).scalars().all()
        assert len(rvs) == len(set(rvs)) and max(rvs) <= int(out["rv"][0]), "change numbers taken once each"
        out["schema"] = sorted(conn.exec_driver_sql("SELECT type, name, sql FROM sqlite_master").all())
    return out


def _seeded(path):
    db = open_data(path)
    for v in existing_members():
        roster.create_member(db, v)
    return db


def _big_csv(path, n: int, bad_at: int | None = None) -> None:
    """n rows; a department first named after the first batches; the two members of the roster in the middle
    (one of them changed); a row with a wrong check digit at the end (and one at ``bad_at``)."""
    rows: list[list[str]] = []
    for k in range(n):
        born = date(1960 + k % 40, 1 + k % 12, 1 + k % 28)
        dept = "新部门/三班" if k >= n // 2 else f"部门{k % 3}"
        kind, on = ("转出", "2024/03/01") if k % 11 == 0 else ("", "")
        rows.append([str(k), f"会员{k}", "", make_id("330106", born, k % 1000), "", "", dept, "2010/1/1", "", "", "",
                     kind, on, ""])
    for j, v in enumerate(existing_members()):
        rows.insert(n // 3 + j, ["x", v["name"], "", v["id_number"], "", f"1390000000{j + 1}", "部门1", "", "", "",
                                 "", "", "", ""])
    if bad_at is not None:
        rows.insert(bad_at, ["z", "半路坏行", "", "123", "", "", "", "", "", "", "", "", "", ""])
    rows.append(["y", "坏行", "", make_id("330106", date(1990, 1, 1), 7)[:-1] + "0", "", "", "", "", "", "", "", "",
                 "", ""])
    with open(path, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([HEADERS, *rows])


@pytest.mark.parametrize("bulk", [False, True])
def test_one_pass_import_writes_what_preview_and_commit_write(tmp_path, monkeypatch, bulk):
    monkeypatch.setattr(ri, "_BATCH", 40)  # many batches, a department created between two of them
    if bulk:  # preview+commit then drops and rebuilds the indexes; one pass keeps them up either way
        monkeypatch.setattr(ri, "_BULK_INDEXES", 50)
    f = tmp_path / "名单.csv"
    _big_csv(f, 300)
    a, b = _seeded(tmp_path / "a"), _seeded(tmp_path / "b")
    try:
        preview_a, result_a = ri.import_file(a, f, skip_invalid=True)
        preview_b = ri.read_file(b, f)
        result_b = ri.commit(b, preview_b, skip_invalid=True)
        assert result_a == result_b and result_a.created == 300 and result_a.updated == 2
        assert result_a.invalid == 1 and result_a.departments_created == 5
        assert [(r.row, r.status, r.member_id) for r in preview_a.rows] == [
            (r.row, r.status, r.member_id) for r in preview_b.rows]
        assert _contents(a) == _contents(b)
        with a.engine.connect() as conn:
            assert conn.execute(text("PRAGMA integrity_check")).scalar() == "ok"
    finally:
        a.close()
        b.close()


@pytest.mark.parametrize("kind", ["xlsx", "csv-gbk"])
def test_one_pass_import_of_the_corpus_matches_preview_and_commit(tmp_path, kind):
    built = write_xlsx(tmp_path / "c.xlsx") if kind == "xlsx" else write_csv(tmp_path / "c.csv", "gbk")
    a, b = _seeded(tmp_path / "a"), _seeded(tmp_path / "b")
    try:
        _p, result_a = ri.import_file(a, built.path, skip_invalid=True)
        result_b = ri.commit(b, ri.read_file(b, built.path), skip_invalid=True)
        assert result_a == result_b and result_a.created > 10
        assert _contents(a) == _contents(b)
    finally:
        a.close()
        b.close()


def test_one_pass_import_with_a_bad_row_writes_nothing_and_reports_every_bad_row(tmp_path, monkeypatch):
    monkeypatch.setattr(ri, "_BATCH", 40)
    f = tmp_path / "名单.csv"
    _big_csv(f, 200, bad_at=130)  # a bad row after the first batches were written
    db = _seeded(tmp_path / "a")
    try:
        snap = snapshot(db)
        with pytest.raises(ri.InvalidRows) as e:
            ri.import_file(db, f)
        assert e.value.code == "import.invalid"
        assert sorted(r.name for r in e.value.preview.invalid) == ["半路坏行", "坏行"]
        counts = e.value.preview.counts  # what the import would have done, as a dry run says it
        assert (counts["new"], counts["update"], counts["invalid"]) == (200, 2, 2)
        assert snapshot(db) == snap and roster.count(db) == 2
    finally:
        db.close()


def test_one_pass_import_cancelled_leaves_nothing(tmp_path, monkeypatch):
    monkeypatch.setattr(ri, "_BATCH", 40)
    monkeypatch.setattr(ri, "_BULK_INDEXES", 50)
    f = tmp_path / "名单.csv"
    _big_csv(f, 4500)
    db = _seeded(tmp_path / "a")
    try:
        snap, schema = snapshot(db), _contents(db)["schema"]
        with pytest.raises(ri.ImportCancelled):
            ri.import_file(db, f, skip_invalid=True, progress=lambda done, total: done < 4000)
        assert snapshot(db) == snap and _contents(db)["schema"] == schema
    finally:
        db.close()
