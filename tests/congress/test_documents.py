"""The motion and congress documents: what a reader finds in the PDF (pdftotext) and the DOCX."""

from __future__ import annotations

import re

import docx

from app import paths
from app.cli import main
from app.documents import congress_docs
from app.documents.render import render
from app.services import congress, motions
from tests.documents.helpers import pdftotext


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _number(db, state):
    return motions.list_motions(db, motions.Filters(states=(state,)))[0].number


def test_motion_form_pdf_and_docx(demo_db, tmp_path):
    m = motions.find(demo_db, _number(demo_db, "closed"))
    d = motions.detail(demo_db, m.id)
    pdf = tmp_path / "form.pdf"
    render(congress_docs.motion_form(demo_db, m.id), pdf)
    text = _flat(pdftotext(pdf))
    for expected in ("职工代表大会提案表", m.number, _flat(m.title), d.proposer, "附议人", "理由/案据", "建议/办法",
                     "提案审查委员会意见", "主办部门", d.lead_department, "落实情况", "办理结果", m.rating_result):
        assert _flat(expected) in text, expected
    assert m.proposer_contact not in text  # the phone number is masked
    out = tmp_path / "form.docx"
    render(congress_docs.motion_form(demo_db, m.id), out)
    body = "".join(c.text for t in docx.Document(str(out)).tables for r in t.rows for c in r.cells)
    body += "".join(p.text for p in docx.Document(str(out)).paragraphs)
    assert m.title in body and d.proposer in body


def test_notice_and_reply_forms(demo_db, tmp_path):
    assigned = motions.find(demo_db, _number(demo_db, "assigned"))
    render(congress_docs.assignment_notice(demo_db, assigned.id), tmp_path / "n.pdf")
    text = _flat(pdftotext(tmp_path / "n.pdf"))
    assert "提案交办通知单" in text and str(assigned.due_on) in text and _flat(assigned.title) in text
    replied = motions.find(demo_db, _number(demo_db, "replied"))
    render(congress_docs.reply_form(demo_db, replied.id), tmp_path / "r.pdf")
    text = _flat(pdftotext(tmp_path / "r.pdf"))
    assert "提案答复单" in text and _flat(replied.reply_text)[:10] in text and "不满意□" in text


def test_motion_book_lists_every_motion_of_the_meeting(demo_db, tmp_path):
    meeting = motions.default_meeting(demo_db)
    rows = motions.list_motions(demo_db, motions.Filters(meeting_id=meeting.id))
    render(congress_docs.motion_book(demo_db, meeting.id), tmp_path / "b.pdf")
    text = _flat(pdftotext(tmp_path / "b.pdf"))
    assert _flat(f"{meeting.label}提案汇编") in text
    for r in rows:
        assert r.number in text
    assert "不予立案，作为意见建议处理" in text and "并入第" in text and "办理情况" in text


def test_report_pdf_docx_and_vote_record_through_the_cli(demo_db, tmp_path, capsys):
    data = str(paths.data_dir())
    assert main(["--data-dir", data, "print", "motion-report", "--session", "5-2", "-o", str(tmp_path / "r.pdf")]) == 0
    text = _flat(pdftotext(tmp_path / "r.pdf"))
    st = motions.statistics(demo_db, congress.find_meeting(demo_db, "5-2").id).overall
    assert "提案办理情况的报告" in text
    assert f"立案率为{motions.pct(st.acceptance)}" in text and f"满意率为{motions.pct(st.satisfaction)}" in text
    motions.save_report(demo_db, congress.find_meeting(demo_db, "5-2").id, "一、概况\n\n主席亲自修改的报告正文。")
    assert main(["--data-dir", data, "print", "motion-report", "-o", str(tmp_path / "r.docx")]) == 0
    paras = [p.text for p in docx.Document(str(tmp_path / "r.docx")).paragraphs]
    assert any("主席亲自修改的报告正文" in p for p in paras)
    assert main(["--data-dir", data, "print", "votes", "--session", "5-2", "-o", str(tmp_path / "v.pdf")]) == 0
    text = _flat(pdftotext(tmp_path / "v.pdf"))
    assert "表决情况记录" in text and "过半数" in text and "未通过" in text and "无记名" in text
    assert main(["--data-dir", data, "print", "motion", _number(demo_db, "handling"), "-o",
                 str(tmp_path / "m.docx")]) == 0
    assert main(["--data-dir", data, "print", "motion-book", "-o", str(tmp_path / "b.docx")]) == 1


def test_meeting_report_for_the_higher_level_union(demo_db, tmp_path, capsys):
    data = str(paths.data_dir())
    assert main(["--data-dir", data, "print", "meeting-report", "--session", "5-2", "-o",
                 str(tmp_path / "m.pdf")]) == 0
    text = _flat(pdftotext(tmp_path / "m.pdf"))
    meeting = congress.find_meeting(demo_db, "5-2")
    assert _flat(f"关于召开{meeting.label}的情况报告") in text and "海口市总工会" in text
    assert f"应到职工代表{meeting.total}人，实到{meeting.present}人" in text and "未通过" in text
    held = meeting.held_on.isoformat()
    if meeting.closed_on in (None, meeting.held_on):  # a one-day meeting: "于10-29在…", not "于10-29至10-29"
        assert f"于{held}在" in text and f"至{held}" not in text
    else:
        assert f"于{held}至{meeting.closed_on.isoformat()}在" in text
    assert main(["--data-dir", data, "print", "meeting-report", "-o", str(tmp_path / "m.docx")]) == 0


def test_rates_without_ratings_and_the_quorum_note_read_as_sentences(demo_db, tmp_path):
    """No "满意率—" when nobody has rated yet, and no "（24人） 。" (a closing bracket before the full stop, which
    prints as a gap) in the vote record's note."""
    meeting = congress.find_meeting(demo_db, "5-2")
    st = motions.statistics(demo_db, meeting.id)
    assert any(d.rated == 0 for d in st.by_department)    # the demo has departments whose motions are not rated
    text = motions.draft_report(demo_db, meeting.id)
    assert "满意率—" not in text and "满意率为—" not in text
    assert "暂无评价" in text
    out = tmp_path / "v.pdf"
    render(congress_docs.vote_record(demo_db, meeting.id), out)
    lines = [ln.strip() for ln in pdftotext(out).splitlines()]
    note = next(ln for ln in lines if ln.startswith("全体代表") and "出席" in ln)
    assert note.endswith("人。") and "） 。" not in note and "）。" not in note
    assert f"即至少{congress.rules.quorum(meeting.present, meeting.total).needed}人" in note


def test_a_meeting_without_motions_says_so_in_words(demo_db, tmp_path, capsys):
    """5-3 of the demo received no motions: no "立案率为—" but a sentence saying there were none, in the report,
    the motion book and the statistics."""
    empty = congress.find_meeting(demo_db, "5-3")
    assert motions.statistics(demo_db, empty.id).overall.submitted == 0
    data = str(paths.data_dir())
    out = tmp_path / "r.pdf"
    assert main(["--data-dir", data, "print", "motion-report", "--session", "5-3", "-o", str(out)]) == 0
    text = _flat(pdftotext(out))
    assert "—" not in text.replace("—1—", "") and "率" not in text
    assert "本次会议未收到提案" in text
    assert main(["--data-dir", data, "print", "motion-book", "--session", "5-3", "-o", str(out)]) == 0
    text = _flat(pdftotext(out))
    assert "本次会议未收到提案" in text and "提案目录" not in text
    capsys.readouterr()
    assert main(["--data-dir", data, "motions", "stats", "--session", "5-3"]) == 0
    printed = capsys.readouterr().out
    assert "未收到提案" in printed and "—" not in printed
