"""Signature lines: every "…：" label has a line long enough to sign on; a seal place (（盖工会章）) has none."""

from __future__ import annotations

import pdfplumber

from app.cli import main
from app.documents.model import FormDocument
from app.documents.render import render

MM = 72 / 25.4


def _rules(page) -> list[dict]:
    return [ln for ln in page.lines if abs(ln["top"] - ln["bottom"]) < 0.5]


def _line_after(page, label: str) -> float:
    """Length of the horizontal line that starts right after ``label`` on its baseline (0 when there is none)."""
    hits = page.search(label, regex=False)
    assert hits, label
    h = hits[-1]
    for ln in _rules(page):
        if 0 <= ln["top"] - h["bottom"] < 6 and -1 < ln["x0"] - h["x1"] < 12:
            return ln["x1"] - ln["x0"]
    return 0.0


def test_the_hardship_file_has_long_signature_lines_and_none_after_the_seal(demo_db, tmp_path):
    out = tmp_path / "file.pdf"
    assert main(["print", "hardship-file", "1", "-o", str(out)]) == 0
    with pdfplumber.open(out) as pdf:
        page = pdf.pages[-1]
        assert _line_after(page, "申请人签字（按指模）：") >= 40 * MM
        assert _line_after(page, "工会主席（负责人）签名：") >= 40 * MM
        assert _line_after(page, "（盖工会章）") == 0.0
        seal = page.search("（盖工会章）", regex=False)[-1]
        assert seal["x1"] <= page.width - 26 * MM + 1      # inside the right margin


def test_labels_with_a_value_get_no_line_and_long_labels_are_not_cut(tmp_path):
    labels = ["承办部门负责人（签名并盖章）：", "日期：2026-11-23", "经办人："]
    out = render(FormDocument("表", [], signature_lines=labels), tmp_path / "s.pdf")
    with pdfplumber.open(out) as pdf:
        page = pdf.pages[0]
        assert _line_after(page, labels[0]) >= 35 * MM
        assert _line_after(page, labels[1]) == 0.0
        assert _line_after(page, labels[2]) >= 35 * MM
