"""Multi-line titles break where words stay whole (GB/T 9704-2012 7.3.3: 回行时要做到词意完整，排列对称)."""

from __future__ import annotations

import docx
import pytest

from app.cli import main
from app.documents.linebreak import NO_END, NO_START, title_lines
from app.documents.model import Column, FormDocument, TableDocument, TextDocument
from app.documents.render import render
from tests.documents.helpers import pdftotext


def _em(text: str) -> float:
    """Width in em of a title: Chinese characters one em, Latin letters and digits half an em."""
    return sum(0.5 if ch.isascii() else 1.0 for ch in text)


@pytest.mark.parametrize(("title", "expected"), [
    ("关于召开第5届职工代表大会第3次会议的情况报告", ["关于召开第5届职工代表大会", "第3次会议的情况报告"]),
    ("关于第5届职工代表大会第2次会议提案办理情况的报告", ["关于第5届职工代表大会", "第2次会议提案办理情况的报告"]),
    ("海南示例机械制造有限公司职工代表大会关于《2026年度工资专项集体合同》的决议",
     ["海南示例机械制造有限公司职工代表大会", "关于《2026年度工资专项集体合同》的决议"]),
])
def test_titles_break_between_words(title, expected):
    assert title_lines(title, _em, 20) == expected


def test_a_title_that_fits_stays_on_one_line():
    assert title_lines("关于做好会员发展工作的通知", _em, 20) == ["关于做好会员发展工作的通知"]
    assert title_lines("", _em, 20) == []


def test_title_lines_fit_keep_the_text_and_follow_the_rule():
    titles = ["中华全国总工会关于进一步加强和改进职工服务体系建设的意见及其实施办法的通知",
              "关于印发《工会会员会籍管理办法（试行）》和《职工代表大会提案工作细则》的通知",
              "海南示例机械制造有限公司2026年度女职工权益保护专项集体合同（草案）修改对照"]
    for t in titles:
        for width in (12, 16, 20, 28):
            lines = title_lines(t, _em, width)
            assert "".join(lines) == t
            assert all(_em(ln) <= width for ln in lines), lines
            for a, b in zip(lines, lines[1:], strict=False):
                assert b[0] not in NO_START and a[-1] not in NO_END, lines


def _pdf_lines(path) -> list[str]:
    return [ln.strip() for ln in pdftotext(path, layout=True).splitlines() if ln.strip()]


def test_printed_reports_of_the_demo_keep_title_words_whole(demo_db, tmp_path):
    out = tmp_path / "report.pdf"
    assert main(["print", "meeting-report", "--session", "5-3", "-o", str(out)]) == 0
    assert _pdf_lines(out)[:2] == ["关于召开第5届职工代表大会", "第3次会议的情况报告"]
    assert main(["print", "motion-report", "--session", "5-2", "-o", str(out)]) == 0
    assert _pdf_lines(out)[:2] == ["关于第5届职工代表大会", "第2次会议提案办理情况的报告"]
    docx_out = tmp_path / "report.docx"
    assert main(["print", "motion-report", "--session", "5-2", "-o", str(docx_out)]) == 0
    assert [p.text for p in docx.Document(str(docx_out)).paragraphs[:2]] == ["关于第5届职工代表大会",
                                                                           "第2次会议提案办理情况的报告"]


def test_form_and_table_titles_break_between_words(tmp_path):
    title = "关于第5届职工代表大会第2次会议提案办理情况的报告附表"
    for doc in (FormDocument(title, []), TableDocument(title + "汇总", [Column("序号")], [["1"]])):
        out = render(doc, tmp_path / "t.pdf")
        lines = _pdf_lines(out)
        assert lines[0] in ("关于第5届职工代表大会", "关于第5届职工代表大会第2次会议"), lines
    out = render(TextDocument(title, []), tmp_path / "x.pdf")
    assert _pdf_lines(out)[:2] == ["关于第5届职工代表大会第2次会议", "提案办理情况的报告附表"]
