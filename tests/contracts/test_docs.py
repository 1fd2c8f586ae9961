"""The contract's documents: what they say (text) and how they are laid out (model blocks; PDF when the engine is in)."""

from __future__ import annotations

import importlib.util
import subprocess

import pytest

from app.documents import contract_docs as docs
from app.documents.model import FormSection, PageBreak, Paragraph, Redline, TableBlock, TextDocument
from app.services import contracts as cs
from tests.conftest import need_tool

HAS_RENDER = importlib.util.find_spec("app.documents.render") is not None


def texts(doc: TextDocument) -> str:
    out = [doc.title, doc.recipient]
    for b in doc.blocks:
        if isinstance(b, Paragraph):
            out.append(b.text)
        elif isinstance(b, TableBlock):
            out += [c.label for c in b.columns] + ["|".join(r) for r in b.rows]
        elif isinstance(b, FormSection):
            out += [f"{f.label}:{f.value}" for row in b.rows for f in row]
        elif isinstance(b, Redline):
            out.append("".join(t for _k, t in b.segments))
        elif hasattr(b, "text"):
            out.append(b.text)
    if doc.signature:
        out += doc.signature.lines
    return "\n".join(out)


@pytest.fixture
def files(demo_db):
    rows = {r.kind: r.id for r in cs.list_contracts(demo_db)}
    return cs.contract_file(demo_db, rows["comprehensive"]), cs.contract_file(demo_db, rows["wage"]), demo_db


def test_contract_text_has_numbered_chapters_articles_and_signatures(files):
    cf, _w, _db = files
    doc = docs.contract_document(cf)
    t = texts(doc)
    assert doc.title == cf.contract.title
    assert "第一章　总则" in t and "第一条　为维护" in t and "第二十条" in t
    assert "甲方（用人单位）：海南示例机械制造有限公司" in t
    chapters = [b for b in doc.blocks if isinstance(b, Paragraph) and b.text.startswith("第") and "章" in b.text[:5]]
    assert chapters and all(b.align == "center" and not b.indent for b in chapters)
    articles = [b for b in doc.blocks if isinstance(b, Paragraph) and b.text.startswith("第") and "条　" in b.text[:8]]
    assert all(b.indent for b in articles)
    assert any("乙方首席代表（签字）：王建国" in line for line in doc.signature.lines)
    assert doc.signature.lines[-1].endswith("日")


def test_offer_letter_states_reply_deadline(files):
    _c, wf, _db = files
    doc = docs.offer_document(wf)
    t = texts(doc)
    assert doc.title == "集体协商要约书" and doc.recipient.startswith("海南示例机械制造有限公司")
    assert "20日内书面答复" in t and "第三十二条" in t and "答复期限至" in t


def test_minutes_name_both_sides_recorder_and_signatures(files):
    cf, _w, _db = files
    doc = docs.minutes_document(cf, 1)
    t = texts(doc)
    assert "第1次集体协商会议" in t and "记录员:" + cf.contract.recorder_name in t
    assert "双方商定中止协商" in t
    assert "职工方首席代表 王建国（已签）" in t
    assert any("企业方首席代表（签字）" in line for line in doc.signature.lines)


def test_vote_record_for_a_failed_vote_says_why(files):
    _c, wf, _db = files
    doc = docs.vote_document(wf)
    t = texts(doc)
    assert "关于《" in doc.title and "决议" in doc.title
    v = wf.votes[-1]
    assert f"{v.total}|{v.present}|{v.in_favour}|{v.against}|{v.abstain}|未通过" in t
    need = (v.total + 1) // 2
    assert f"未达全体{v.total}人的半数以上（至少{need}票）" in t and "退回" in t


def test_filing_pack_has_every_part_and_wage_figures(files):
    _c, wf, _db = files
    doc = docs.filing_pack_document(wf)
    t = texts(doc)
    for part in ("集体合同文本", "集体协商情况说明", "工资专项集体合同有关数据", "职工代表大会决议", "协商代表名单", "协商会议纪要"):
        assert part in t
    assert "上年度职工月平均工资（元）|6850" in t and "当地月最低工资标准（元）|1830.00" in t
    assert "一式3份" in t
    assert "工会主席" in t                      # the chief's authority
    assert "第1次（" in t and "职代会" not in doc.title
    assert sum(isinstance(b, PageBreak) for b in doc.blocks) >= 4


def test_comprehensive_filing_pack_has_no_wage_part(files):
    cf, _w, _db = files
    t = texts(docs.filing_pack_document(cf))
    v = cf.votes[-1]
    assert "工资专项集体合同有关数据" not in t and f"赞成票{v.in_favour}票，达到全体{v.total}人的半数以上" in t


def test_redline_document_marks_insertions_and_deletions(files):
    _c, wf, db = files
    segs = cs.redline(db, wf.contract.id, 1, 3)
    doc = docs.redline_document(wf, 1, 3, segs)
    lines = [b.segments for b in doc.blocks if isinstance(b, Redline)]
    segs_all = [s for line in lines for s in line]
    assert any(k == "ins" and "6850" in s for k, s in segs_all)
    assert any(k == "del" and "【" in s for k, s in segs_all)
    assert "第1版 → 第3版" in texts(doc)
    # one paragraph per chapter heading / article: no line break inside a printed redline paragraph
    assert all("\n" not in s for _k, s in segs_all)
    assert "".join(s for line in lines[:2] for _k, s in line).startswith("第一章　总则第一条")


@pytest.mark.skipif(not HAS_RENDER, reason="the docs engine (app.documents.render) is not merged yet")
def test_contract_pdf_text_and_a4_layout(files, tmp_path):
    from app.documents.render import render

    need_tool("pdftotext")
    cf, _w, _db = files
    pdf = tmp_path / "c.pdf"
    render(docs.contract_document(cf), pdf)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "第一章" in text and "第一条" in text and cf.contract.title in text.replace(" ", "")
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "595.2" in info and "841.8" in info  # A4


@pytest.mark.skipif(not HAS_RENDER, reason="the docs engine (app.documents.render) is not merged yet")
def test_redline_pdf_shows_both_old_and_new_text(files, tmp_path):
    from app.documents.render import render

    need_tool("pdftotext")
    _c, wf, db = files
    pdf = tmp_path / "r.pdf"
    render(docs.redline_document(wf, 1, 3, cs.redline(db, wf.contract.id, 1, 3)), pdf)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "6850" in text and "修改对照" in text
    import pdfplumber

    with pdfplumber.open(pdf) as doc:
        chars = [c for page in doc.pages for c in page.chars]
    flat = "".join(c["text"] for c in chars)
    inserted = chars[flat.index("6850")]["non_stroking_color"]
    after = chars[flat.index("一线职工增幅")]["non_stroking_color"]   # plain text after an insertion
    assert tuple(inserted) != (0, 0, 0) and tuple(after) in ((0, 0, 0), (0,))


@pytest.mark.skipif(not HAS_RENDER, reason="the docs engine (app.documents.render) is not merged yet")
def test_contract_layout_chapters_centred_articles_indented_pdf_and_docx(files, tmp_path):
    import docx
    import pdfplumber

    from app.documents.render import render

    cf, _w, _db = files
    pdf, word = tmp_path / "c.pdf", tmp_path / "c.docx"
    doc = docs.contract_document(cf)
    render(doc, pdf)
    render(doc, word)
    with pdfplumber.open(pdf) as p:
        page = p.pages[0]
        lines = page.extract_text_lines()
    mid = page.width / 2
    chapter = next(ln for ln in lines if ln["text"].replace(" ", "").startswith("第一章"))
    assert abs((chapter["x0"] + chapter["x1"]) / 2 - mid) < 20          # centred
    article = next(ln for ln in lines if ln["text"].replace(" ", "").startswith("第一条"))
    left = min(ln["x0"] for ln in lines if ln["text"].strip())
    assert article["x0"] - left > 25                                    # two-character first-line indent
    d = docx.Document(str(word))
    heads = [p for p in d.paragraphs if p.text.startswith("第一章")]
    assert heads and heads[0].alignment == 1                            # WD_ALIGN_PARAGRAPH.CENTER
    assert any(p.text.startswith("第一条") for p in d.paragraphs)


@pytest.mark.skipif(not HAS_RENDER, reason="document engine not built")
@pytest.mark.parametrize("extra", [0, 1, 2, 3, 4, 5, 6])
def test_filing_pack_leaves_no_page_with_a_lone_line(demo_db, tmp_path, extra):
    """However long the representative list, the recorder's line never ends up alone on a page of the pack."""
    from app.documents.render import render

    need_tool("pdftotext")
    cid = {r.kind: r.id for r in cs.list_contracts(demo_db)}["comprehensive"]
    for i in range(extra):
        cs.add_representative(demo_db, cid, {"side": "worker", "name": f"职工代表{i}"})
        cs.add_representative(demo_db, cid, {"side": "employer", "name": f"企业代表{i}"})
    out = render(docs.filing_pack_document(cs.contract_file(demo_db, cid)), tmp_path / "pack.pdf")
    pages = subprocess.run([need_tool("pdftotext"), "-enc", "UTF-8", str(out), "-"], check=True,
                           capture_output=True, text=True).stdout.split("\f")
    for k, page in enumerate(pages[:-1], 1):
        lines = [ln for ln in page.splitlines() if ln.strip() and not ln.strip().startswith("—")]
        assert len(lines) > 1, f"page {k} holds only {lines}"


@pytest.mark.skipif(not HAS_RENDER, reason="document engine not built")
def test_minutes_print_each_chief_on_a_line_of_their_own(files, tmp_path):
    """The chiefs' confirmation in the minutes: each side's chief with the signing state on one line, the name
    never cut between two lines."""
    from app.documents.render import render

    _cf, wf, _db = files
    out = render(docs.minutes_document(wf, 2), tmp_path / "minutes.pdf")
    lines = [ln.strip() for ln in subprocess.run([need_tool("pdftotext"), "-enc", "UTF-8", str(out), "-"], check=True,
                                                   capture_output=True, text=True).stdout.splitlines()]
    for side in ("worker", "employer"):
        name = docs._chief(wf, side)
        assert any(name in ln and ("已签" in ln or "未签" in ln) for ln in lines), (name, lines)
