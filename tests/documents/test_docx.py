"""DOCX output opens with python-docx, holds the same text as the PDF, names the Chinese fonts and the GB/T page."""

from __future__ import annotations

import docx
from docx.oxml.ns import qn
from docx.shared import Mm

from app.documents.render import render
from tests.documents.helpers import pdftotext, sample_form, sample_table, sample_text


def _all_text(d) -> str:
    parts = [p.text for p in d.paragraphs]
    for t in d.tables:
        for row in t.rows:
            parts += [c.text for c in row.cells]
    return "\n".join(parts)


def test_text_document_docx_has_the_same_text_and_gbt_page(tmp_path):
    doc = sample_text(2)
    out = render(doc, tmp_path / "tz.docx")
    d = docx.Document(str(out))
    text = _all_text(d)
    pdf_text = pdftotext(render(doc, tmp_path / "tz.pdf")).replace("\n", "")
    for s in ("关于做好会员发展工作的通知", "工发〔2026〕3号", "一、总体要求", "（一）工作目标", "劳动报酬和加班费",
              "附件：1. 会员名册", "示例公司工会委员会", "2026年11月23日"):
        assert s in text
        assert s.replace(" ", "") in pdf_text.replace(" ", "")
    sec = d.sections[0]
    assert abs(sec.top_margin - Mm(37)) < Mm(0.1) and abs(sec.bottom_margin - Mm(35)) < Mm(0.1)
    assert abs(sec.left_margin - Mm(28)) < Mm(0.1) and abs(sec.right_margin - Mm(26)) < Mm(0.1)
    assert abs(sec.page_width - Mm(210)) < Mm(0.1)
    # East Asian fonts are named: 仿宋 body, 黑体 first-level heading, 楷体 second level
    east = {r._r.rPr.rFonts.get(qn("w:eastAsia")) for p in d.paragraphs for r in p.runs if r._r.rPr is not None}
    assert {"仿宋", "黑体", "楷体"} <= east
    heading = next(p for p in d.paragraphs if p.text == "一、总体要求")
    assert heading.style.name == "Heading 1"
    # page numbers are a PAGE field in odd and even footers
    assert "PAGE" in sec.footer._element.xml and "PAGE" in sec.even_page_footer._element.xml
    assert d.settings.odd_and_even_pages_header_footer


def test_table_and_form_docx(tmp_path):
    t = docx.Document(str(render(sample_table(30), tmp_path / "t.docx")))
    assert len(t.tables) == 1 and len(t.tables[0].rows) == 31
    assert t.tables[0].rows[0].cells[1].text == "姓名" and t.tables[0].rows[30].cells[1].text == "职工0030"
    assert "<w:tblHeader/>" in t.tables[0].rows[0]._tr.xml
    assert "NUMPAGES" in t.sections[0].footer._element.xml
    f = docx.Document(str(render(sample_form(), tmp_path / "f.docx")))
    text = _all_text(f)
    for s in ("提案表", "提案人", "李四", "关于改善食堂伙食的提案", "赵六", "新文字"):
        assert s in text
    struck = [r for p in f.paragraphs for r in p.runs if r.font.strike]
    assert struck and struck[0].text == "旧文字"
