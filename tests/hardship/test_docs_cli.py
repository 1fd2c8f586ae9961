"""Documents and the command line: every document masks ID numbers; sensitive data only with consent."""

from __future__ import annotations

import dataclasses
import re
import subprocess
from datetime import date

import pytest
from python_calamine import CalamineWorkbook

from app.cli import main
from app.documents import hardship_docs as docs
from app.services import hardship as hs
from tests.conftest import need_tool
from tests.hardship.conftest import filed_file

FULL_ID = re.compile(r"\d{17}[\dX]")


def strings(obj) -> list[str]:
    """Every string a document model holds (what would be printed)."""
    if isinstance(obj, str):
        return [obj]
    if dataclasses.is_dataclass(obj):
        return [s for f in dataclasses.fields(obj) for s in strings(getattr(obj, f.name))]
    if isinstance(obj, list | tuple):
        return [s for x in obj for s in strings(x)]
    return []


@pytest.fixture
def world(hdb):
    fid = filed_file(hdb, own="500", annual_other="0", size=3)
    hs.update_file(hdb, fid, {"bank_account": "6222020200112233445", "bank_name": "工商银行"})
    hs.set_household(hdb, fid, [{"name": "张小雨", "relation": "女儿", "id_number": "460105201205010020",
                                 "identity": "学生", "school_or_unit": "海口一中"}])
    camp = hs.create_campaign(hdb, "2025年春节送温暖", 2025, categories=[hs.DEEP], cash="500", goods="大米",
                              goods_value="100")
    aid = hs.add_payment(hdb, fid, {"aid_type": "金秋助学", "amount": "3000", "paid_on": "2025-08-20",
                                    "student_name": "张小雨", "school": "海南大学", "tuition": "5800"})
    hs.add_payment(hdb, fid, {"aid_type": "生活救助", "amount": "1000", "paid_on": "2025-03-01"})
    return hdb, fid, camp.id, aid.id


def all_docs(db, fid, camp, aid):
    return {
        "file": docs.file_document(db, fid),
        "signoff_year": docs.signoff_document(db, year=2025),
        "signoff_campaign": docs.signoff_document(db, campaign_id=camp),
        "study": docs.study_aid_document(db, aid),
        "publicity": docs.publicity_document(db, [fid]),
        "ledger": docs.ledger_document(db, 2025),
        "summary": docs.summary_document(db, 2025),
    }


def test_every_document_masks_ids_and_bank_numbers(world):
    db, fid, camp, aid = world
    for name, doc in all_docs(db, fid, camp, aid).items():
        text = "\n".join(strings(doc))
        assert not FULL_ID.search(text), name
        assert "6222020200112233445" not in text, name
        assert "13800138000" not in text, name
    file_text = "\n".join(strings(docs.file_document(db, fid)))
    assert "460105********0027" in file_text and "***************3445" in file_text
    assert "尿毒症" in file_text and "深度困难" in file_text and "人均月收入" in file_text
    signoff = docs.signoff_document(db, year=2025)
    assert signoff.columns[-1].label == "领取人签名" and all(r[-1] == "" for r in signoff.rows)
    assert signoff.rows[-1][1] == "合计" and signoff.rows[-1][5] == "4,500.00"
    # the 公示 list carries no sensitive data
    pub = "\n".join(strings(docs.publicity_document(db, [fid])))
    assert "尿毒症" not in pub and "因病" not in pub


def test_file_document_hides_sensitive_fields_without_consent(world):
    db, fid, _camp, _aid = world
    hs.withdraw_consent(db, fid, hs.SENSITIVE, erase=False)
    text = "\n".join(strings(docs.file_document(db, fid)))
    assert "尿毒症" not in text and "3445" not in text and "张小雨" not in text
    assert "未登记同意" in text


def test_publicity_refuses_households_without_consent(world):
    db, fid, _camp, _aid = world
    hs.withdraw_consent(db, fid, hs.PUBLICITY)
    with pytest.raises(Exception) as e:
        docs.publicity_document(db, [fid])
    assert getattr(e.value, "code", "") == "hardship.publicity_empty"


def run(args, data, capsys):
    rc = main(["--data-dir", str(data), *args])
    out = capsys.readouterr()
    return rc, out.out, out.err


def test_cli_list_ledger_and_errors(tmp_path, capsys):
    data = tmp_path / "d"
    rc, _out, _err = run(["demo", "--members", "150", "--seed", "3"], data, capsys)
    assert rc == 0
    rc, out, _err = run(["hardship", "list"], data, capsys)
    lines = [ln.split("\t") for ln in out.splitlines() if ln]
    assert rc == 0 and 10 <= len(lines) <= 30
    assert all(ln[0].isdigit() for ln in lines)
    assert {ln[2] for ln in lines} >= {"深度困难", "相对困难"}
    assert {ln[3] for ln in lines} >= {"在档"} and len({ln[3] for ln in lines}) >= 3
    assert not FULL_ID.search(out)
    rc, out, _err = run(["hardship", "list", "--category", "深度困难", "--state", "在档"], data, capsys)
    assert rc == 0 and all("\t深度困难\t在档" in ln for ln in out.splitlines())
    rc, out, _err = run(["hardship", "show", lines[0][0]], data, capsys)
    assert rc == 0 and "人均月收入" in out and not FULL_ID.search(out)
    year = str(date.today().year)
    rc, out, _err = run(["hardship", "ledger", "--year", year, "-o", str(tmp_path / "l.xlsx")], data, capsys)
    assert rc == 0 and "走访慰问" in out
    sheets = CalamineWorkbook.from_path(str(tmp_path / "l.xlsx"))
    detail = sheets.get_sheet_by_name("明细").to_python()
    assert len(detail) > 1 and not any(FULL_ID.search(str(c)) for row in detail for c in row)
    rc, _out, err = run(["print", "hardship-file", "99999", "-o", str(tmp_path / "x.pdf")], data, capsys)
    assert rc == 1 and "99999" in err


def test_printed_pdfs_have_no_full_id_number(world, tmp_path):
    from app.documents.render import render

    pdftotext = need_tool("pdftotext")
    db, fid, camp, aid = world
    for name, doc in all_docs(db, fid, camp, aid).items():
        pdf = tmp_path / f"{name}.pdf"
        render(doc, pdf)
        text = subprocess.run([pdftotext, str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        assert text.strip(), name
        assert not FULL_ID.search(text.replace(" ", "")), name
        assert "6222020200112233445" not in text.replace(" ", ""), name
    docx = tmp_path / "summary.docx"
    render(docs.summary_document(db, 2025), docx)
    assert docx.stat().st_size > 0


def test_cli_prints_file_and_signoff_with_masked_ids(tmp_path, capsys):
    pdftotext = need_tool("pdftotext")
    data = tmp_path / "d"
    assert run(["demo", "--members", "120", "--seed", "4"], data, capsys)[0] == 0
    rc, out, _err = run(["hardship", "list", "--state", "在档"], data, capsys)
    fid = out.splitlines()[0].split("\t")[0]
    year = str(date.today().year)
    for args, name in ((["hardship-file", fid], "file.pdf"), (["aid-signoff", "--year", year], "signoff.pdf")):
        rc, out, err = run(["print", *args, "-o", str(tmp_path / name)], data, capsys)
        assert rc == 0, err
        text = subprocess.run([pdftotext, "-layout", str(tmp_path / name), "-"], capture_output=True, text=True,
                              check=True).stdout
        assert "********" in text and not FULL_ID.search(text.replace(" ", ""))
    assert "领取人签名" in subprocess.run([pdftotext, str(tmp_path / "signoff.pdf"), "-"], capture_output=True,
                                      text=True, check=True).stdout
    rc, _out, err = run(["print", "aid-signoff", "-o", str(tmp_path / "x.pdf")], data, capsys)
    assert rc == 1 and "年度" in err


def test_signoff_rows_leave_room_to_sign(world, tmp_path):
    """Each recipient signs in the 领取人签名 column: a row as low as one line of type is too small to sign in."""
    import docx
    import pdfplumber

    from app.documents.render import render

    db, *_rest = world
    doc = docs.signoff_document(db, year=2025)
    pdf = tmp_path / "signoff.pdf"
    render(doc, pdf)
    with pdfplumber.open(pdf) as p:
        page = p.pages[0]
        ys = sorted({round(e["top"], 1) for e in page.edges if e["orientation"] == "h"})
    gaps = [b - a for a, b in zip(ys, ys[1:], strict=False)]
    body = gaps[-len(doc.rows) - 1:-1]   # the rows under the header (the last gap leads to the signature lines)
    assert len(body) == len(doc.rows) and min(body) >= 11.5 / 25.4 * 72, gaps
    out = tmp_path / "signoff.docx"
    render(doc, out)
    rows = docx.Document(str(out)).tables[0].rows
    assert all(r.height is not None and r.height.mm >= 11.5 for r in rows[1:])


def test_household_file_keeps_figures_whole(world, tmp_path):
    """No amount or date is cut at a cell's edge ("780." / "00", "1,500.0" / "0") in the printed file."""
    from app.documents.render import render

    pdftotext = need_tool("pdftotext")
    db, fid, *_rest = world
    hs.set_household(db, fid, [{"name": "王大海", "relation": "配偶", "id_number": "46010519800501003X",
                                "monthly_income": "1500", "identity": "灵活就业"}])
    pdf = tmp_path / "file.pdf"
    render(docs.file_document(db, fid), pdf)
    lines = subprocess.run([pdftotext, str(pdf), "-"], capture_output=True, text=True, check=True).stdout.splitlines()
    std = hs.standard_on(db, date(2025, 1, 5))
    assert any(f"{std.valid_from.isoformat()} 起）" in ln and "元/人·月" in ln for ln in lines)
    assert any("1,500.00" in ln for ln in lines)
    assert not [ln for ln in lines if re.search(r"\d[.,]\d?$", ln.strip())]   # no amount cut after its point


def test_cli_show_in_english_names_states_and_review_levels_in_english(demo_db, capsys):
    """`--lang en hardship show` listed the file's history with the Chinese state codes (申请→入户调查) and levels."""
    fid = next(r.id for r in hs.list_files(demo_db, state="在档"))
    demo_db.close()
    assert main(["--lang", "en", "hardship", "show", str(fid)]) == 0
    out = capsys.readouterr().out
    history = [ln for ln in out.splitlines() if ln.startswith("  20")]
    assert history and "→On file" in out
    moves = [f for ln in history for f in ln.split("  ") if "→" in f]   # the opinions are the clerk's own text
    assert moves and not any(state in f for f in moves for state in hs.STATES), moves
    assert "This organisation's union" in out and "  本单位工会  " not in out
