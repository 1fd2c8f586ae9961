"""Statistics and the drafted handling report on a known data set."""

from __future__ import annotations

from fractions import Fraction

from app.services import motions

from .test_motions import PATHS, new_motion, walk


def _build(cg):
    """10 motions: 1 collecting, 1 rejected, 1 merged, 7 accepted of which 5 replied (A, A, B, C, B), 4 rated."""
    parent = walk(cg, new_motion(cg, title="父提案"), PATHS["accepted"])  # accepted, never assigned
    new_motion(cg, title="征集中")
    walk(cg, new_motion(cg, title="不予立案"), PATHS["rejected"])
    walk(cg, new_motion(cg, title="并案"), PATHS["merged"], parent)
    handling = walk(cg, new_motion(cg, title="办理中"), PATHS["handling"])
    assert handling.state == "handling"
    replies = [("A", "满意"), ("A", "基本满意"), ("B", "不满意"), ("C", "满意"), ("B", None)]
    for i, (cls, result) in enumerate(replies):
        m = walk(cg, new_motion(cg, title=f"答复{i}"), PATHS["handling"])
        m = motions.reply(cg.db, m.id, "答复", cls, note="说明" if cls == "C" else "", on="2025-03-20")
        if result:
            motions.rate(cg.db, m.id, "满意", result, on="2025-03-25")


def test_rates_on_a_known_set(cg):
    _build(cg)
    st = motions.statistics(cg.db, cg.meeting_id)
    o = st.overall
    assert (o.submitted, o.reviewed, o.accepted, o.handled, o.replied) == (10, 9, 8, 7, 5)
    assert o.acceptance == Fraction(8, 9)          # 立案率 (并案 counts as 立案)
    assert o.reply_rate == Fraction(5, 7)          # 办复率
    assert o.done_a == Fraction(2, 5)              # 落实率 A
    assert o.done_ab == Fraction(4, 5)             # 落实率 A+B
    assert o.satisfaction == Fraction(3, 4)        # 满意率 (满意 + 基本满意)
    assert motions.pct(o.acceptance) == "88.9%"
    dept = {r.label: r for r in st.by_department}
    assert dept["后勤部"].handled == 6 and dept["后勤部"].replied == 5
    assert {r.label for r in st.by_category} == {"生活后勤"}


def test_drafted_report_has_the_figures_and_can_be_edited(cg):
    _build(cg)
    text, edited = motions.report_text(cg.db, cg.meeting_id)
    assert not edited
    for figure in ("共征集提案10件", "立案率为88.9%", "办复率为71.4%", "落实率（A类）为40.0%",
                   "落实率（A+B类）为80.0%", "满意率为75.0%"):
        assert figure in text, figure
    motions.save_report(cg.db, cg.meeting_id, text + "\n\n主席补充的一段话。")
    text2, edited = motions.report_text(cg.db, cg.meeting_id)
    assert edited and text2.endswith("主席补充的一段话。")
    motions.save_report(cg.db, cg.meeting_id, "")
    assert motions.report_text(cg.db, cg.meeting_id)[1] is False


def test_dashboard(cg):
    _build(cg)
    d = motions.dashboard(cg.db, cg.meeting_id)
    assert d.counts["replied"] == 1 and d.counts["rated"] == 4 and d.total == 10
    assert [r.title for r in d.awaiting_rating] == ["答复4"]
    assert "后勤部" in d.overdue_by_department  # due 2025-04-30 has passed
    assert all(r.overdue for rows in d.overdue_by_department.values() for r in rows)


def test_state_counts_match_the_dashboard(cg):
    _build(cg)
    counts, overdue = motions.state_counts(cg.db, cg.meeting_id)
    d = motions.dashboard(cg.db, cg.meeting_id)
    assert counts == d.counts and overdue == sum(len(v) for v in d.overdue_by_department.values())


def test_aggregates_for_an_upward_bundle_hold_no_names(demo_db):
    import json

    from app.services import congress

    agg = motions.aggregates(demo_db)
    assert agg["composition"]["managers"] == 10 and {"5-1", "5-2"} <= set(agg["motions"])
    dumped = json.dumps(agg, ensure_ascii=False)
    names = [r.name for r in congress.list_representatives(demo_db, congress.current_term(demo_db).id)]
    assert not any(n in dumped for n in names)
