"""The congress service: representatives, replacements and recalls, attendance, votes and the check."""

from __future__ import annotations

from datetime import date

import pytest

from app.errors import DomainError
from app.services import congress, org

from .conftest import make_congress


def test_total_counts_voting_representatives_in_office(cg):
    assert congress.total_representatives(cg.db, cg.term_id, date(2025, 3, 1)) == 12
    assert congress.total_representatives(cg.db, cg.term_id, date(2024, 12, 31)) == 0
    congress.end_representative(cg.db, cg.reps[0], "2025-06-01", "辞去", "个人原因")
    assert congress.total_representatives(cg.db, cg.term_id, date(2025, 5, 31)) == 12
    assert congress.total_representatives(cg.db, cg.term_id, date(2025, 6, 1)) == 11


def test_record_vote_exactly_half_national_fails_shanghai_passes(empty_db):
    cg = make_congress(empty_db, reps=12)
    congress.record_attendance(cg.db, cg.meeting_id, {r: "出席" for r in cg.reps[:8]})  # 8 of 12 = 2/3 exactly
    assert congress.meeting_present(cg.db, cg.meeting_id) == 8
    r = congress.record_vote(cg.db, cg.meeting_id, "工资专项集体合同草案", 6, 1, 1, True, important=True)
    assert (r.total, r.present, r.quorum_ok, r.passed, r.pass_needed) == (12, 8, True, False, 7)
    assert r.vote_id and congress.list_votes(cg.db, cg.meeting_id)[0].title == "工资专项集体合同草案"
    org.save_org(cg.db, {"union_name": "测试工会", "profile": "shanghai", "staff_count": 300})
    r = congress.record_vote(cg.db, cg.meeting_id, "同一事项（上海）", 6, 1, 1, True)
    assert r.passed and r.pass_needed == 6 and r.rule == "at_least"


def test_vote_below_quorum_never_passes(cg):
    congress.record_attendance(cg.db, cg.meeting_id, {r: ("出席" if i < 7 else "请假") for i, r in enumerate(cg.reps)})
    r = congress.record_vote(cg.db, cg.meeting_id, "事项", 7, 0, 0, True)
    assert not r.quorum_ok and not r.passed and "不足" in r.explain()
    assert "congress.quorum" in {f.code for f in congress.check(cg.db, date(2025, 4, 1))}


def test_vote_numbers_are_checked(cg):
    congress.update_meeting(cg.db, cg.meeting_id, present_count=10)
    with pytest.raises(DomainError) as e:
        congress.record_vote(cg.db, cg.meeting_id, "事项", 8, 2, 1, True)
    assert e.value.code == "congress.vote_sum"
    with pytest.raises(DomainError):
        congress.record_vote(cg.db, cg.meeting_id, "", 1, 0, 0, True)
    with pytest.raises(DomainError):
        congress.record_vote(cg.db, cg.meeting_id, "事项", 1, 0, 0, True, present=13)


def test_replacement_is_one_transaction_and_keeps_the_constituency(cg):
    from app.services import roster

    newcomer = roster.create_member(cg.db, {"name": "补选人", "sex": "女", "id_number": "11010519491231002X",
                                            "birth_date": "1949-12-31"})
    old = next(r for r in congress.list_representatives(cg.db, cg.term_id) if r.id == cg.reps[3])
    new = congress.replace_representative(cg.db, old.id, newcomer.id, "2025-05-01", category="一线职工",
                                          end_kind="调离", reason="调往分公司")
    assert new.replaces_id == old.id and new.constituency_id == old.constituency_id
    rows = congress.list_representatives(cg.db, cg.term_id, include_ended=True)
    ended = next(r for r in rows if r.id == old.id)
    assert (ended.ended_on, ended.end_kind) == (date(2025, 5, 1), "调离")
    # a failing by-election leaves the old mandate untouched
    with pytest.raises(DomainError):
        congress.replace_representative(cg.db, cg.reps[4], newcomer.id, "2025-05-02", category="一线职工")
    assert next(r for r in congress.list_representatives(cg.db, cg.term_id, include_ended=True)
                if r.id == cg.reps[4]).ended_on is None


def test_recall_needs_the_constituency_vote_in_shanghai(empty_db):
    cg = make_congress(empty_db, profile="shanghai")
    with pytest.raises(DomainError) as e:
        congress.end_representative(cg.db, cg.reps[0], "2025-05-01", "撤换", "不履行职责", recall_for=9,
                                    recall_base=20)
    assert e.value.code == "congress.recall" and "第十九条" in e.value.message
    rep = congress.end_representative(cg.db, cg.reps[0], "2025-05-01", "撤换", "不履行职责", recall_for=10,
                                      recall_base=20)
    assert rep.end_kind == "撤换"


def test_elect_checks(cg):
    with pytest.raises(DomainError) as e:
        congress.elect_representative(cg.db, cg.term_id, 1, "一线职工", "2025-02-01")
    assert e.value.code == "congress.duplicate"
    with pytest.raises(DomainError) as e:
        congress.elect_representative(cg.db, cg.term_id, 1, "工人", "2025-02-01")
    assert e.value.code == "congress.category"
    with pytest.raises(DomainError) as e:
        congress.elect_representative(cg.db, cg.term_id, 1, "一线职工", "2030-02-01")
    assert e.value.code == "congress.elected_on"


def test_check_on_demo_data_reports_too_many_managers_with_citation(demo_db):
    findings = congress.check(demo_db)
    managers = [f for f in findings if f.code == "congress.managers"]
    assert managers and managers[0].is_error and "20" in managers[0].cite
    assert all(f.cite for f in findings if f.is_error)


def test_demo_has_motions_in_every_state_and_two_meetings(demo_db):
    from app.services import motions

    counts = motions.dashboard(demo_db).counts
    assert all(counts[s] > 0 for s in motions.STATES), counts
    assert 20 <= sum(counts.values()) <= 60
    meetings = congress.list_meetings(demo_db)  # the contracts module may add a meeting for its vote
    with_motions = [m for m in meetings if motions.list_motions(demo_db, motions.Filters(meeting_id=m.id))]
    assert len(with_motions) == 2 and all(congress.list_votes(demo_db, m.id) for m in meetings)
    assert motions.default_meeting(demo_db).id == with_motions[-1].id


def test_shanghai_report_deadline_through_the_check(empty_db):
    cg = make_congress(empty_db, profile="shanghai", reps=30)
    found = {f.code: f for f in congress.check(cg.db, date(2025, 4, 15))}
    late = found["congress.report_late"]  # closed 2025-03-21, due 7 working days later
    assert late.is_error and "2025-04-01" in late.message and "第三十七条" in late.cite
    congress.set_reported(cg.db, cg.meeting_id, "2025-03-28")
    assert "congress.report_late" not in {f.code for f in congress.check(cg.db, date(2025, 4, 15))}
    assert congress.get_meeting(cg.db, cg.meeting_id).report_due == date(2025, 4, 1)


def test_bad_date_for_check_is_a_user_error(demo_db, capsys):
    from app import paths
    from app.cli import main

    assert main(["--data-dir", str(paths.data_dir()), "congress", "check", "--today", "2025-13-45"]) == 1
    assert "--today" in capsys.readouterr().err


def test_general_assembly_counts_all_staff(empty_db):
    org.save_org(empty_db, {"union_name": "小工会", "staff_count": 60, "profile": "national"})
    term = congress.create_term(empty_db, 1, "2025-01-01", "2027-12-31", assembly=True)
    m = congress.create_meeting(empty_db, term.id, held_on="2025-03-01", present_count=40)
    assert congress.total_representatives(empty_db, term.id) == 60
    r = congress.record_vote(empty_db, m.id, "职工大会决议", 31, 5, 4, True)
    assert (r.total, r.quorum_ok, r.pass_needed, r.passed) == (60, True, 31, True)
