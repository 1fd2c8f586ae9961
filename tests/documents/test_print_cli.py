"""``uniondesk print roster|member``: names printed, ID numbers masked by default, unmasking confirmed and audited."""

from __future__ import annotations

import docx
from sqlmodel import select

from app.cli import main
from app.models import AuditLog, Member
from app.services import roster
from tests.documents.helpers import pdftotext


def _members(db):
    with db.session() as s:
        return list(s.exec(select(Member)).all())


def test_print_roster_masks_id_numbers(demo_db, tmp_path):
    out = tmp_path / "名册.pdf"
    assert main(["print", "roster", "-o", str(out)]) == 0
    text = pdftotext(out).replace(" ", "")
    ms = [m for m in _members(demo_db) if m.status in roster.IN_UNION_STATUSES]
    assert sum(m.name in text for m in ms) == len(ms)
    for m in _members(demo_db):
        if m.id_number:
            assert m.id_number not in text
        if m.mobile:
            assert m.mobile not in text
    assert "会员名册" in text


def test_print_roster_of_one_department(demo_db, tmp_path, capsys):
    depts = roster.department_paths(demo_db)
    path = next(iter(depts.values()))
    out = tmp_path / "dept.pdf"
    assert main(["print", "roster", "--department", path, "-o", str(out)]) == 0
    ids = roster.search_ids(demo_db, "", roster.Filters(department_id=roster.find_department_by_path(demo_db, path),
                                                        statuses=roster.IN_UNION_STATUSES))
    text = pdftotext(out)
    assert f"共{len(ids)}人" in text.replace(" ", "")
    assert main(["print", "roster", "--department", "没有这个部门", "-o", str(out)]) == 1
    assert "没有这个部门" in capsys.readouterr().err


def test_unmask_needs_confirmation_and_is_audited(demo_db, tmp_path, capsys):
    m = next(m for m in _members(demo_db) if m.id_number)
    out = tmp_path / "m.pdf"
    assert main(["print", "member", m.id_number, "-o", str(out), "--unmask"]) == 1
    assert "--yes" in capsys.readouterr().err
    assert not out.exists()
    assert main(["print", "member", m.id_number, "-o", str(out), "--unmask", "--yes"]) == 0
    assert m.id_number in pdftotext(out)
    with demo_db.session() as s:
        audits = s.exec(select(AuditLog).where(AuditLog.action == "unmask")).all()
    assert any(a.record_uuid == m.uuid for a in audits)


def test_print_member_form_pdf_and_docx(demo_db, tmp_path):
    m = next(m for m in _members(demo_db) if m.id_number)
    pdf = tmp_path / "m.pdf"
    assert main(["print", "member", m.id_number, "-o", str(pdf)]) == 0
    text = pdftotext(pdf)
    assert m.name in text and "工会会员登记表" in text and "会籍变化记录" in text
    assert m.id_number not in text and m.id_number[-4:] in text
    out = tmp_path / "m.docx"
    assert main(["print", "member", m.id_number, "-o", str(out)]) == 0
    d = docx.Document(str(out))
    cells = [c.text for t in d.tables for row in t.rows for c in row.cells]
    assert m.name in cells and m.id_number not in "".join(cells)


def test_print_member_by_ambiguous_name_lists_candidates(demo_db, tmp_path, capsys):
    for m in _members(demo_db)[:2]:
        roster.update_member(demo_db, m.id, {"name": "同名人"})
    out = tmp_path / "x.pdf"
    assert main(["print", "member", "同名人", "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert "同名人" in err and "2" in err
    assert not out.exists()
    assert main(["print", "member", "查无此人", "-o", str(out)]) == 1


def test_wrong_suffix_exit_1(demo_db, tmp_path, capsys):
    assert main(["print", "roster", "-o", str(tmp_path / "x.xlsx")]) == 1
    assert ".pdf" in capsys.readouterr().err
