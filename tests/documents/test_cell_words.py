"""Narrow table cells keep short words whole: a column is as wide as its longest unbreakable word where the page
allows ("（草案）", a name such as 海口市总工会), and a word that truly cannot fit is broken at a sensible point, never
before its last character."""

from __future__ import annotations

import pytest

from app.cli import main
from app.documents import linebreak, pdf
from app.documents.fonts import resolve_fonts
from tests.documents.test_cell_linebreak import _para_lines, _runs


def _words(text: str) -> list[str]:
    return [text[a:b] for a, b in linebreak.kept_spans(text)]


def test_a_short_bracketed_term_and_a_name_are_one_word():
    assert "（草案）" in _words("审议《2026年度工资专项集体合同》（草案）")
    assert _words("海口市总工会") == ["海口市总工会"]
    assert _words("440106********7319") == ["440106********7319"]
    # a sentence is not a name, a long bracketed text is not a term
    assert _words("经审核符合条件。")[:2] == ["经", "审"]
    assert "《2026年度工资专项集体合同》" not in _words("审议《2026年度工资专项集体合同》")


def test_a_word_too_wide_for_the_cell_is_cut_evenly():
    text = "海口市总工会"
    spans = linebreak.cell_spans(text, [1.0] * len(text), 5.0)
    assert [text[a:b] for a, b in spans] == ["海口市", "总工会"]
    assert linebreak.cell_spans(text, [1.0] * len(text), 6.0) == [(0, 6)]


def test_column_widths_take_from_the_wrapping_columns():
    # 0: a name column too narrow for its name; 1: a long text that wraps; 2: a date that just fits
    w = pdf.fit_column_widths([40, 200, 60], [70, 20, 58], [False, True, False])
    assert w[0] == pytest.approx(70) and w[2] == pytest.approx(60)
    assert sum(w) == pytest.approx(300)
    # nothing wraps: the spare room of the others is shared out, none goes below its need
    w = pdf.fit_column_widths([40, 100, 60], [70, 80, 50], [False, False, False])
    assert w[0] == pytest.approx(70) and w[1] >= 80 - 1e-6 and w[2] >= 50 - 1e-6
    # not enough room anywhere: the short column gets what there is, the others keep their need
    w = pdf.fit_column_widths([40, 100], [90, 95], [False, True])
    assert w == pytest.approx([45, 95])
    # enough room already: unchanged
    assert pdf.fit_column_widths([50, 50], [20, 30], [True, True]) == [50, 50]


def test_a_name_cell_in_a_narrow_column_prints_whole():
    fs = resolve_fonts()
    cols = [pdf.Column("审核单位"), pdf.Column("审核意见", 3), pdf.Column("审核人", 0.8)]
    rows = [["上级工会", "经审核该家庭符合困难职工建档认定条件。" * 2, "海口市总工会"]]
    _data, widths, *_ = pdf._table_parts(cols, rows, 300, fs, 10.5)
    assert widths[2] >= pdf.stringWidth("海口市总工会", fs["body"], 10.5) + 6
    style = pdf._para_style("t", fs["body"], 10.5)
    assert _para_lines(pdf.RLParagraph("海口市总工会", style), 50) == ["海口市", "总工会"]
    assert _para_lines(pdf.RLParagraph("审议《集体合同》（草案）", style), 100) == ["审议《集体合同》", "（草案）"]


FRAGMENTS = ("案）", "会", "学", "中学", "工会")


def _printed_runs(tmp_path, *args: str) -> list[str]:
    out = tmp_path / "doc.pdf"
    assert main(["print", *args, "-o", str(out)]) == 0
    return _runs(out)


def test_the_vote_record_keeps_the_draft_mark_whole(demo_db, tmp_path):
    runs = _printed_runs(tmp_path, "votes", "--session", "5-3")
    assert any("（草案）" in r for r in runs), runs
    assert not [r for r in runs if r in FRAGMENTS]


def test_hardship_files_keep_names_whole(demo_db, tmp_path):
    runs: list[str] = []
    for n in range(1, 7):
        runs += _printed_runs(tmp_path, "hardship-file", str(n))
    assert "海口市总工会" in runs
    assert any(r.endswith(("大学", "中学")) and len(r) > 4 for r in runs)   # schools of the household members
    assert not [r for r in runs if r in FRAGMENTS]


def test_no_cell_ends_with_a_lone_character():
    style = pdf._para_style("t", resolve_fonts()["body"], 10.5)
    text = "关于建立一线职工工资正常增长机制的提案"
    width = pdf.stringWidth(text[:-1], style.fontName, 10.5) + 0.5      # all but the last character fits
    lines = _para_lines(pdf.RLParagraph(text, style), width)
    assert lines == ["关于建立一线职工工资正常增长机制的", "提案"]
    assert _para_lines(pdf.RLParagraph("第一条。", style), 25) == ["第一", "条。"]


def test_the_motion_book_has_no_lone_character_in_its_list(demo_db, tmp_path):
    runs = _printed_runs(tmp_path, "motion-book", "--session", "5-1")
    assert any(r.startswith("关于") for r in runs)
    assert "案" not in runs and "议" not in runs
    assert "类" not in runs and any(r.startswith("类别：") for r in runs)   # 类别 is not broken over two lines



def test_an_amount_is_not_broken_at_its_thousands_separator():
    """"家庭年收入 61, / 662.53 元" was printed in a hardship file's calculation."""
    style = pdf._para_style("t", resolve_fonts()["body"], 10.5)
    text = "超过家庭年收入61,662.53元的80%"
    width = pdf.stringWidth("超过家庭年收入61,6", style.fontName, 10.5)
    lines = _para_lines(pdf.RLParagraph(text, style), width)
    assert lines[0] == "超过家庭年收入" and lines[1].startswith("61,662.53")
