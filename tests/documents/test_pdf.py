"""PDF output: fonts embedded, GB/T 9704 geometry (版心, 16 pt, 28 × 22), page numbers, tables, fallback, atomicity."""

from __future__ import annotations

from collections import defaultdict

import pdfplumber
import pytest

from app.documents import fonts
from app.documents.model import Paragraph, TextDocument
from app.documents.render import render, render_bytes
from app.errors import DomainError
from tests.documents.helpers import PLAIN, pdffonts, pdftotext, sample_form, sample_table, sample_text

MM = 72 / 25.4


def _lines(page) -> list[tuple[float, list[dict]]]:
    """Characters grouped into lines by their top coordinate."""
    rows: dict[int, list[dict]] = defaultdict(list)
    for ch in page.chars:
        if ch["text"].strip():
            rows[round(ch["top"])].append(ch)
    return [(top, sorted(chs, key=lambda c: c["x0"])) for top, chs in sorted(rows.items())]


def _need_system_fonts() -> None:
    fs = fonts.resolve_fonts()
    if fs.fallback:
        pytest.skip("no embeddable Chinese system font (fonts-arphic-uming / fonts-wqy-zenhei)")


@pytest.mark.parametrize("make", [sample_text, sample_table, sample_form])
def test_every_cjk_font_is_embedded_as_subset(tmp_path, make):
    _need_system_fonts()
    out = render(make(), tmp_path / "doc.pdf")
    rows = pdffonts(out)
    assert rows, "the PDF names no fonts"
    for r in rows:
        assert r["emb"] == "yes" and r["sub"] == "yes", r["line"]
    assert not any("Helvetica" in r["name"] for r in rows)


def test_text_and_names_are_extractable(tmp_path):
    out = render(sample_table(), tmp_path / "t.pdf")
    text = pdftotext(out)
    assert "职工0001" in text and "职工0120" in text
    assert "签到表" in text and "示例公司工会" in text and "打印日期：2026-11-23" in text


def test_gbt9704_body_lies_inside_the_type_area_at_16pt(tmp_path):
    _need_system_fonts()
    out = render(sample_text(), tmp_path / "gw.pdf")
    left, right = 28 * MM, (210 - 26) * MM
    top, bottom = 37 * MM, (297 - 35) * MM
    with pdfplumber.open(out) as pdf:
        assert len(pdf.pages) >= 2
        body_sizes = set()
        for page in pdf.pages:
            for ch in page.chars:
                if not ch["text"].strip() or ch["top"] > bottom + 5:   # the page number is below the 版心
                    continue
                assert ch["x0"] >= left - 0.5 and ch["x1"] <= right + 0.5, ch
                assert ch["top"] >= top - 0.5 and ch["bottom"] <= bottom + 0.5, ch
                body_sizes.add(round(ch["size"]))
        assert 16 in body_sizes and 22 in body_sizes    # 3号 body, 2号 title


def test_28_characters_per_line_and_22_lines_per_page(tmp_path):
    doc = TextDocument(title="", blocks=[Paragraph(PLAIN * 40, indent=False)])
    out = render(doc, tmp_path / "grid.pdf")
    with pdfplumber.open(out) as pdf:
        p2 = _lines(pdf.pages[1])
        body = [chs for top, chs in p2 if top < (297 - 35) * MM]
        assert len(body) == 22
        assert all(len(chs) == 28 for chs in body[:-1])
        pitch = [round(b[0]["top"] - a[0]["top"], 1) for a, b in zip(body, body[1:], strict=False)]
        assert set(pitch) == {round(225 * MM / 22, 1)}


def test_no_line_starts_with_closing_or_ends_with_opening_punctuation(tmp_path):
    from app.documents.linebreak import NO_END, NO_START

    out = render(sample_text(), tmp_path / "p.pdf")
    with pdfplumber.open(out) as pdf:
        checked = 0
        for page in pdf.pages:
            for _top, chs in _lines(page):
                if len(chs) < 10:
                    continue
                assert chs[0]["text"] not in NO_START, "".join(c["text"] for c in chs)
                assert chs[-1]["text"] not in NO_END, "".join(c["text"] for c in chs)
                checked += 1
    assert checked > 20


def test_page_numbers_odd_right_even_left(tmp_path):
    out = render(sample_text(paragraphs=10), tmp_path / "n.pdf")
    assert "— 1 —" in pdftotext(out, page=1) and "— 2 —" in pdftotext(out, page=2)
    with pdfplumber.open(out) as pdf:
        def number_x(page):
            chs = [c for c in page.chars if c["top"] > (297 - 35) * MM and c["text"].strip()]
            assert chs, "no page number"
            assert min(c["top"] for c in chs) >= (297 - 35 + 7) * MM - 1   # 7 mm below the 版心
            return min(c["x0"] for c in chs), max(c["x1"] for c in chs)
        x0, x1 = number_x(pdf.pages[0])
        assert x1 > 150 * MM           # odd: right
        x0, x1 = number_x(pdf.pages[1])
        assert x0 < 60 * MM            # even: left


def test_table_repeats_header_and_counts_pages(tmp_path):
    out = render(sample_table(300), tmp_path / "t.pdf")
    with pdfplumber.open(out) as pdf:
        n = len(pdf.pages)
    assert n >= 3
    for p in (1, n):
        text = pdftotext(out, page=p)
        assert f"第 {p} 页 共 {n} 页" in text
        assert "姓名" in text and "部门" in text      # the header row on every page
    assert "制表人：" in pdftotext(out, page=n)


def test_form_layout_holds_labels_values_and_embedded_table(tmp_path):
    text = pdftotext(render(sample_form(), tmp_path / "f.pdf"))
    for s in ("提案表", "提案人", "李四", "关于改善食堂伙食的提案", "附议人", "赵六", "提案人签名："):
        assert s in text


def test_fallback_to_stsong_light_warns_once(tmp_path, monkeypatch):
    monkeypatch.setattr(fonts, "_file_index", lambda: {})
    fonts.reset_for_tests()
    fs = fonts.resolve_fonts()
    assert fs.fallback and all(c.name == fonts.FALLBACK_CID for c in fs.choices.values())
    said: list[str] = []
    out = render(sample_text(1), tmp_path / "fb.pdf", warn=said.append, fontset=fs)
    render(sample_table(5), tmp_path / "fb2.pdf", warn=said.append, fontset=fs)
    assert len(said) == 1 and "STSong-Light" in said[0]
    rows = pdffonts(out)
    assert any(r["name"].startswith("STSong-Light") and r["emb"] == "no" for r in rows)
    assert "关于做好会员发展工作的通知" in pdftotext(out)
    fonts.reset_for_tests()


def test_user_font_from_settings_is_used(tmp_path):
    fs0 = fonts.resolve_fonts()
    heading = fs0.choices["heading"].path
    if heading is None:
        pytest.skip("no system font to pick")
    fonts.set_user_font("body", str(heading))
    fs = fonts.resolve_fonts()
    assert fs.choices["body"].path == heading
    with pytest.raises(DomainError) as e:
        fonts.set_user_font("body", str(tmp_path / "missing.ttf"))
    assert e.value.code == "fonts.unusable"


def test_cancel_leaves_no_file_and_keeps_the_old_one(tmp_path):
    target = tmp_path / "roster.pdf"
    target.write_bytes(b"old")
    with pytest.raises(DomainError) as e:
        render(sample_table(400), target, progress=lambda done, total, msg="": done < 2)
    assert e.value.code == "print.cancelled"
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["roster.pdf"]


def test_crash_midway_leaves_no_partial_file(tmp_path, monkeypatch):
    from app.documents import pdf

    def boom(*a, **k):
        raise RuntimeError("disk gone")
    monkeypatch.setattr(pdf, "signature_table", boom)
    with pytest.raises(RuntimeError):
        render(sample_table(50), tmp_path / "x.pdf")
    assert list(tmp_path.iterdir()) == []


def test_bad_suffix_is_a_user_error(tmp_path):
    with pytest.raises(DomainError) as e:
        render(sample_text(1), tmp_path / "x.txt")
    assert e.value.code == "print.format"


def test_render_bytes_is_a_pdf():
    assert render_bytes(sample_form()).startswith(b"%PDF")


def test_redline_insertions_are_coloured_and_underlined_deletions_struck(tmp_path):
    from app.documents.model import Redline

    doc = TextDocument(title="合同修改对照", blocks=[Redline([("same", "甲方按月支付"), ("del", "工资"),
                                                               ("ins", "劳动报酬"), ("same", "。")])])
    with pdfplumber.open(render(doc, tmp_path / "r.pdf")) as pdf:
        page = pdf.pages[0]
        colour = {c["text"]: tuple(round(v, 2) for v in c["non_stroking_color"] or ()) for c in page.chars}
        assert colour["劳"] == (0.0, 0.31, 0.7) and colour["工"] == (0.75, 0.0, 0.0)
        assert colour["甲"] in ((), (0,), (0.0,), (0.0, 0.0, 0.0))
        ins = [c for c in page.chars if c["text"] in "劳动报酬"]
        dele = [c for c in page.chars if c["text"] in "工资"]
        lines = page.lines + page.edges
        def crossed(chs, where):
            x0, x1 = min(c["x0"] for c in chs), max(c["x1"] for c in chs)
            top, bottom = chs[0]["top"], chs[0]["bottom"]
            return any(ln["x0"] <= x0 + 1 and ln["x1"] >= x1 - 2 and where(ln["top"], top, bottom) for ln in lines)
        assert crossed(ins, lambda y, top, bottom: y >= bottom - 3)              # underline
        assert crossed(dele, lambda y, top, bottom: top + 3 < y < bottom - 3)   # strike-through


def test_line_breaks_inside_a_redline_start_new_paragraphs(tmp_path):
    from app.documents.model import Redline

    doc = TextDocument(title="对照", blocks=[Redline([("same", "第一条　总则\n第二条"), ("ins", "新增\n第三条"),
                                                     ("same", "结束")])])
    text = pdftotext(render(doc, tmp_path / "r.pdf"))
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    assert "第一条 总则" in [ln.replace("\u3000", " ") for ln in lines] and "第二条新增" in lines and "第三条结束" in lines
    assert "\ufffd" not in text


def test_characters_missing_from_chinese_fonts_print_as_lookalikes(tmp_path):
    doc = TextDocument(title="计算", blocks=[Paragraph("收入 − 支出 ✓")])
    text = pdftotext(render(doc, tmp_path / "m.pdf"))
    assert "收入 － 支出 √" in text


@pytest.mark.parametrize("lines", [17, 18, 19, 20])
def test_signature_never_stands_alone_on_the_last_page(tmp_path, lines):
    """GB/T 9704 (7.3.5): the signature and date are never on a page of their own — when they do not fit under the
    last paragraph, that paragraph goes to the next page with them."""
    from app.documents.model import SignatureBlock

    blocks = [Paragraph(f"第{i:02d}段" + "工" * 20 + "。") for i in range(1, lines + 1)]   # one grid line each
    doc = TextDocument("关于召开职工代表大会的情况报告", blocks,
                       signature=SignatureBlock(["示例公司工会委员会", "2026年11月23日"]))
    out = render(doc, tmp_path / "sig.pdf")
    last = pdfplumber.open(out).pages[-1]
    text = last.extract_text() or ""
    assert "示例公司工会委员会" in text and "2026年11月23日" in text
    assert f"第{lines:02d}段" in text, f"page {len(pdfplumber.open(out).pages)} holds only the signature"
