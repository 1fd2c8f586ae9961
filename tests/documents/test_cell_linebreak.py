"""Chinese line breaking (禁则) in every wrapped paragraph of the engine, not only in text documents: table cells,
form fields, notes and the paragraphs of forms follow the same rule as the GB/T 9704 grid text."""

from __future__ import annotations

import random
from pathlib import Path

import pdfplumber
import pytest

from app.cli import main
from app.documents import pdf
from app.documents.fonts import resolve_fonts
from app.documents.linebreak import NO_END, NO_START
from app.documents.model import (
    Column,
    FormDocument,
    FormField,
    FormSection,
    Paragraph,
    TableDocument,
)
from app.documents.render import render

ALPHABET = list("工会会员职工代表大会集体合同困难帮扶") + list("，。、；：？！）》”（《“") + ["2025", "GB/T"]


def _text(rng: random.Random, n: int) -> str:
    """A text of about ``n`` units that starts and ends with a character (a cell may not start with a mark)."""
    return "工" + "".join(rng.choice(ALPHABET) for _ in range(n)) + "会"


def _para_lines(p: pdf.RLParagraph, width: float) -> list[str]:
    p.wrap(width, 1e6)
    if p.blPara.kind == 0:                  # ReportLab's own single-fragment lines: (extra space, [text])
        return ["".join(line[1]) for line in p.blPara.lines]
    return ["".join(f.text for f in line.words) for line in p.blPara.lines]


def test_wrapped_paragraphs_follow_the_rule_and_lose_nothing():
    style = pdf._para_style("t", resolve_fonts()["body"], 10.5)
    rng = random.Random(11)
    for _ in range(300):
        text = _text(rng, rng.randint(1, 80))
        lines = _para_lines(pdf.RLParagraph(text, style), rng.uniform(30, 200))
        assert "".join(lines) == text
        for a, b in zip(lines, lines[1:], strict=False):
            assert b[:1] not in NO_START, (a, b)
            if any(ch not in NO_END for ch in a):
                assert a[-1:] not in NO_END, (a, b)


def test_hard_line_breaks_are_kept():
    style = pdf._para_style("t", resolve_fonts()["body"], 10.5)
    assert _para_lines(pdf.RLParagraph("第一行<br/>第二行<br/><br/>第四行", style), 200) == ["第一行", "第二行", "",
                                                                                          "第四行"]


def _runs(path: Path) -> list[str]:
    """The printed lines of every cell and paragraph: characters on one baseline, cut where a gap (a cell border
    or a space) separates them."""
    out: list[str] = []
    with pdfplumber.open(path) as doc:
        for page in doc.pages:
            rows: dict[int, list[dict]] = {}
            for ch in page.chars:
                if ch["text"].strip():
                    rows.setdefault(round(ch["top"]), []).append(ch)
            for chs in rows.values():
                chs.sort(key=lambda c: c["x0"])
                run = [chs[0]]
                for c in chs[1:]:
                    if c["x0"] - run[-1]["x1"] > 0.45 * c["size"]:
                        out.append("".join(x["text"] for x in run))
                        run = []
                    run.append(c)
                out.append("".join(x["text"] for x in run))
    return out


def _assert_rule(path: Path) -> int:
    runs = [r for r in _runs(path) if len(r) > 1]
    bad = [r for r in runs if r[0] in NO_START or r[-1] in NO_END]
    assert not bad, bad
    return len(runs)


def test_form_and_table_cells_in_the_pdf_follow_the_rule(tmp_path):
    rng = random.Random(5)
    long = [_text(rng, rng.randint(20, 70)) for _ in range(40)]
    form = FormDocument("表", [
        FormSection("甲", [[FormField("理由", t), FormField("说明", u)] for t, u in zip(long[::2], long[1::2],
                                                                                    strict=True)]),
        Paragraph(long[0] * 3),
    ])
    table = TableDocument("表", [Column("序号", 0.5), Column("意见", 3), Column("备注", 1.2)],
                          [[str(i), t, t[::-1]] for i, t in enumerate(long)], notes=[long[1] * 3])
    assert _assert_rule(render(form, tmp_path / "form.pdf")) > 40
    assert _assert_rule(render(table, tmp_path / "table.pdf")) > 40


@pytest.mark.parametrize("args", [["hardship-file", "1"], ["hardship-file", "2"], ["motion-book"],
                                  ["vote-record", "1"], ["votes"]])
def test_printed_documents_of_the_demo_follow_the_rule(demo_db, tmp_path, args):
    out = tmp_path / "doc.pdf"
    assert main(["print", *args, "-o", str(out)]) == 0
    assert _assert_rule(out) > 10


def test_the_hardship_file_computation_has_no_line_starting_with_a_colon(demo_db, tmp_path):
    out = tmp_path / "file.pdf"
    assert main(["print", "hardship-file", "1", "-o", str(out)]) == 0
    assert not [r for r in _runs(out) if r.startswith("：")]
