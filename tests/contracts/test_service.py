"""The contract's life through the service: drafts and versions, negotiation, vote, signing, filing, renewal."""

from __future__ import annotations

from datetime import date

import pytest

from app.errors import DomainError
from app.services import contracts as cs
from app.services import org as org_service


@pytest.fixture
def db(empty_db):
    org_service.save_org(empty_db, {"union_name": "示例公司工会委员会", "enterprise_name": "示例公司", "chair_name": "王主席"})
    return empty_db


def _team(db, cid, n=3):
    cs.add_representative(db, cid, {"side": "worker", "name": "王主席", "chief": True, "union_chair": True})
    for i in range(n - 1):
        cs.add_representative(db, cid, {"side": "worker", "name": f"职工{i}"})
    cs.add_representative(db, cid, {"side": "employer", "name": "总经理", "chief": True})
    for i in range(n - 1):
        cs.add_representative(db, cid, {"side": "employer", "name": f"经理{i}"})
    cs.update_contract(db, cid, {"recorder_name": "记录员"})


def agreed(db, kind="comprehensive"):
    c = cs.create_contract(db, kind, term_start="2026-01-01", term_end="2026-12-31", today=date(2025, 11, 1))
    cs.send_offer(db, c.id, sent_on="2025-11-03", received_on="2025-11-04")
    _team(db, c.id)
    cs.add_meeting(db, c.id, held_on="2025-11-20", agenda="全文", outcome="agreed")
    return c.id


def test_new_contract_starts_from_the_clause_library_and_is_complete(db):
    c = cs.create_contract(db, "comprehensive", term_start="2026-01-01", term_end="2028-12-31")
    assert c.state == "drafting" and c.title == "综合集体合同"
    tree = cs.draft(db, c.id)
    topics = {a.topic for ch in tree for a in ch.articles}
    assert {"term", "change", "disputes", "liability", "remuneration"} <= topics
    assert not [f for f in cs.check_draft(db, c.id) if f.code.startswith("contract.missing.term")]
    text = cs.plain_text(tree)
    assert text.startswith("第一章　总则\n第一条　") and "第十条" in text and "第二章" in text


def test_empty_draft_warns_about_missing_items(db):
    c = cs.create_contract(db, "women", from_library=False)
    codes = {f.code for f in cs.check_draft(db, c.id)}
    assert {"contract.missing.term", "contract.missing.change", "contract.missing.disputes",
            "contract.missing.liability", "contract.term.missing"} <= codes


def test_every_save_is_a_version_and_articles_renumber(db):
    c = cs.create_contract(db, "comprehensive", from_library=False)
    tree = [cs.Chapter("总则", [cs.Article("第一句。"), cs.Article("第二句。")]), cs.Chapter("附则", [cs.Article("第三句。")])]
    v2 = cs.save_draft(db, c.id, tree, "初稿")
    assert v2.number == 2
    tree[0].articles.insert(0, cs.Article("新增的一条。"))
    v3 = cs.save_draft(db, c.id, tree)
    assert v3.number == 3
    assert [v.number for v in cs.versions(db, c.id)] == [1, 2, 3]
    text = cs.plain_text(cs.draft(db, c.id))
    assert "第一条　新增的一条。" in text and "第四条　第三句。" in text and "第二章　附则" in text
    # saving the same text again makes no new version
    assert cs.save_draft(db, c.id, tree).number == 3
    # an untitled chapter is refused, saying which
    with pytest.raises(DomainError) as e:
        cs.save_draft(db, c.id, [cs.Chapter(" ", [])])
    assert e.value.code == "contract.chapter.title" and "第一章" in e.value.message


def test_redline_is_character_level_on_chinese_text(db):
    c = cs.create_contract(db, "comprehensive", from_library=False)
    cs.save_draft(db, c.id, [cs.Chapter("劳动报酬", [cs.Article("企业每月15日前支付工资。")])])
    cs.save_draft(db, c.id, [cs.Chapter("劳动报酬", [cs.Article("企业每月10日前足额支付工资。")])])
    segs = cs.redline(db, c.id, 2, 3)
    assert ("del", "5") in segs and ("ins", "0") in segs and ("ins", "足额") in segs
    assert "".join(t for k, t in segs if k != "ins") == cs.plain_text(cs.draft(db, c.id, 2))
    assert "".join(t for k, t in segs if k != "del") == cs.plain_text(cs.draft(db, c.id, 3))
    with pytest.raises(DomainError) as e:
        cs.redline(db, c.id, 1, 9)
    assert e.value.code == "contract.version"


def test_full_life_from_offer_to_in_force(db):
    cid = agreed(db)
    assert cs.get_contract(db, cid).state == "agreed"
    vote, res = cs.record_vote(db, cid, held_on="2025-11-28", total=30, present=20, in_favour=15)
    assert res.passed and cs.get_contract(db, cid).state == "adopted"
    cs.sign(db, cid, "2025-12-01")
    assert [d.what for d in cs.deadlines(db, date(2025, 12, 2))][0].startswith("报送劳动行政部门审查")
    assert cs.deadlines(db, date(2025, 12, 2))[0].due == date(2025, 12, 11)
    cs.file_contract(db, cid, "2025-12-05")
    cs.record_received(db, cid, "2025-12-08")
    with pytest.raises(DomainError) as e:
        cs.take_effect(db, cid, date(2025, 12, 23))       # review period ends 2025-12-23
    assert e.value.code == "contract.review.open"
    c = cs.take_effect(db, cid, date(2025, 12, 24))
    assert c.state == "in_force" and c.in_force_on == date(2025, 12, 24)
    cs.publish(db, cid, "2025-12-26")
    kinds = [e.kind for e in cs.events(db, cid)]
    assert kinds[:2] == ["created", "offer"] and "vote" in kinds and kinds[-2:] == ["in_force", "published"]
    # the text is locked now: changes go through the procedure again
    with pytest.raises(DomainError) as e:
        cs.save_draft(db, cid, cs.draft(db, cid) + [cs.Chapter("新章", [cs.Article("新条。")])])
    assert e.value.code == "contract.locked"


def test_failed_vote_goes_back_to_negotiation(db):
    cid = agreed(db)
    _v, res = cs.record_vote(db, cid, held_on="2025-11-28", total=30, present=20, in_favour=14)
    assert not res.passed
    assert cs.get_contract(db, cid).state == "negotiating"
    assert cs.votes(db, cid)[0].passed is False
    with pytest.raises(DomainError):
        cs.sign(db, cid, "2025-12-01")


def test_objection_means_renegotiate_and_refile(db):
    cid = agreed(db)
    cs.record_vote(db, cid, held_on="2025-11-28", total=30, present=25, in_favour=20)
    cs.sign(db, cid, "2025-12-01")
    cs.file_contract(db, cid, "2025-12-05")
    cs.record_received(db, cid, "2025-12-08")
    cs.record_objection(db, cid, "2025-12-15", "第十二条低于法定标准")
    assert cs.get_contract(db, cid).state == "objection"
    todo = [i for i in cs.deadlines(db, date(2025, 12, 20)) if i.contract_id == cid]
    assert [i.what for i in todo] == ["按审查意见书修改，重新协商并报送"] and todo[0].status == "due"
    with pytest.raises(DomainError):
        cs.take_effect(db, cid, date(2026, 1, 30))
    c = cs.renegotiate(db, cid, "2025-12-16")
    assert c.state == "negotiating" and c.signed_on is None
    cs.add_meeting(db, cid, held_on="2025-12-18", agenda="修改第十二条", outcome="agreed")
    cs.record_vote(db, cid, held_on="2025-12-20", total=30, present=25, in_favour=20)
    cs.sign(db, cid, "2025-12-21")
    cs.file_contract(db, cid, "2025-12-22")
    assert cs.get_contract(db, cid).state == "filed"


def test_illegal_moves_are_refused(db):
    c = cs.create_contract(db, "safety")
    with pytest.raises(DomainError) as e:
        cs.sign(db, c.id, "2026-01-01")
    assert e.value.code == "contract.state"
    with pytest.raises(DomainError):
        cs.add_meeting(db, c.id, held_on="2026-01-01")    # no 要约 yet
    with pytest.raises(DomainError):
        cs.record_vote(db, c.id, held_on="2026-01-01", total=10, present=10, in_favour=10)


def test_agreeing_needs_valid_representatives(db):
    c = cs.create_contract(db, "wage")
    cs.send_offer(db, c.id, sent_on="2026-01-05")
    cs.add_representative(db, c.id, {"side": "worker", "name": "王主席", "chief": True})
    with pytest.raises(DomainError) as e:
        cs.add_meeting(db, c.id, held_on="2026-01-20", outcome="agreed")
    assert e.value.code == "contract.reps.invalid" and "不少于3人" in e.value.message


def test_union_chair_recognised_by_name(db):
    c = cs.create_contract(db, "wage")
    r = cs.add_representative(db, c.id, {"side": "worker", "name": "王主席", "chief": True})
    assert r.union_chair
    r2 = cs.add_representative(db, c.id, {"side": "worker", "name": "李委员", "chief": False})
    assert not r2.union_chair


def test_suspension_and_resume(db):
    c = cs.create_contract(db, "wage")
    cs.send_offer(db, c.id, sent_on="2026-01-05", received_on="2026-01-06")
    with pytest.raises(DomainError) as e:
        cs.add_meeting(db, c.id, held_on="2026-01-20", outcome="suspended")
    assert e.value.field == "next_on"
    cs.add_meeting(db, c.id, held_on="2026-01-20", outcome="suspended", next_on="2026-02-10")
    assert cs.get_contract(db, c.id).state == "suspended"
    items = cs.deadlines(db, date(2026, 2, 11))
    assert any(i.what.startswith("恢复协商") and i.overdue for i in items)
    m = cs.add_meeting(db, c.id, held_on="2026-02-10")
    assert cs.get_contract(db, c.id).state == "negotiating"
    assert m.chaired_by == "employer"   # the chiefs chair in turn
    signed = cs.sign_minutes(db, m.id, "worker")
    assert signed.signed_worker and not signed.signed_employer


def test_offer_reply_deadline_is_listed_until_answered(db):
    c = cs.create_contract(db, "wage")
    o = cs.send_offer(db, c.id, sent_on="2026-01-23", received_on="2026-01-25")
    items = cs.deadlines(db, date(2026, 2, 20))
    assert items[0].overdue and items[0].due == date(2026, 2, 14)
    cs.record_reply(db, o.id, reply_on="2026-02-01", note="同意")
    assert not [i for i in cs.deadlines(db, date(2026, 2, 20)) if "要约" in i.what]


def test_deadlines_overdue_first_and_upcoming_for_start_page(db):
    a = cs.create_contract(db, "wage", "甲")
    cs.send_offer(db, a.id, sent_on="2026-03-01", received_on="2026-03-01")     # due 2026-03-23
    b = cs.create_contract(db, "safety", "乙")
    cs.send_offer(db, b.id, sent_on="2026-01-01", received_on="2026-01-05")     # due 2026-01-26
    items = cs.deadlines(db, date(2026, 3, 10))
    assert [(i.title, i.status) for i in items] == [("乙", "overdue"), ("甲", "due")]
    assert [i.title for i in cs.upcoming_deadlines(db, date(2026, 3, 10))] == ["乙", "甲"]


def test_renewal_reminder_and_successor(db):
    cid = agreed(db)
    cs.record_vote(db, cid, held_on="2025-11-28", total=30, present=25, in_favour=20)
    cs.sign(db, cid, "2025-12-01")
    cs.file_contract(db, cid, "2025-12-05")
    cs.record_received(db, cid, "2025-12-08")
    cs.take_effect(db, cid, date(2025, 12, 24))
    items = {i.what: i for i in cs.deadlines(db, date(2026, 10, 2))}
    renew = next(i for w, i in items.items() if w.startswith("可提出续订"))
    assert renew.due == date(2026, 10, 1) and renew.status == "open"
    new = cs.successor(db, cid, reason="renew", today=date(2026, 10, 2))
    assert new.previous_id == cid and new.state == "drafting" and new.term_start == date(2027, 1, 1)
    assert new.term_end == date(2027, 12, 31)                     # the same length of term
    assert cs.plain_text(cs.draft(db, new.id)) == cs.plain_text(cs.draft(db, cid))
    assert cs.refresh_states(db, date(2027, 1, 1)) == [cid]
    assert cs.get_contract(db, cid).state == "ended"


def test_renewing_a_three_year_contract_keeps_three_years(db):
    from app.models.contracts import Contract

    c = cs.create_contract(db, "comprehensive", term_start="2024-01-01", term_end="2026-12-31")
    with db.session(write=True) as s:
        row = s.get(Contract, c.id)
        row.state = "in_force"
        s.add(row)
    new = cs.successor(db, c.id, reason="renew")
    assert (new.term_start, new.term_end) == (date(2027, 1, 1), date(2029, 12, 31))
    changed = cs.successor(db, c.id, reason="change", term_start="2025-06-01", term_end="2026-12-31")
    assert changed.title.endswith("（变更）") and changed.term_start == date(2025, 6, 1)


def test_wage_contract_checks_the_dated_minimum_wage(db):
    c = cs.create_contract(db, "wage", term_start="2026-01-01", term_end="2026-12-31")
    cs.set_minimum_wage(db, "2024-03-01", "2490", "杭州市", "浙江省政府通知")
    cs.update_contract(db, c.id, {"lowest_wage": "2400"})
    f = next(f for f in cs.check_draft(db, c.id) if f.code == "contract.wage.below_minimum")
    assert f.severity == "error" and "2490.00" in f.message and "第五十五条" in f.cite
    cs.update_contract(db, c.id, {"lowest_wage": "2,600"})
    assert not [f for f in cs.check_draft(db, c.id) if f.code.startswith("contract.wage")]
    with pytest.raises(DomainError) as e:
        cs.update_contract(db, c.id, {"lowest_wage": "两千"})
    assert e.value.field == "lowest_wage"


def test_bad_input_says_what_and_where(db):
    with pytest.raises(DomainError) as e:
        cs.create_contract(db, "nonsense")
    assert e.value.field == "kind" and "工资专项集体合同" in e.value.message
    with pytest.raises(DomainError) as e:
        cs.create_contract(db, "wage", term_start="2026-05-01", term_end="2026-01-01")
    assert e.value.field == "term_end"
    c = cs.create_contract(db, "wage")
    with pytest.raises(DomainError) as e:
        cs.send_offer(db, c.id, sent_on="2026-13-45")
    assert e.value.field == "sent_on"
    with pytest.raises(DomainError) as e:
        cs.find_contract(db, "999")
    assert e.value.code == "contract.not_found"


def test_demo_adds_contract_in_force_and_wage_contract_in_negotiation(demo_db):
    rows = cs.list_contracts(demo_db)
    by_kind = {r.kind: r for r in rows}
    assert by_kind["comprehensive"].state == "in_force"
    wage = by_kind["wage"]
    assert wage.state == "negotiating" and wage.versions >= 3
    assert len(cs.meetings(demo_db, wage.id)) >= 2
    assert len(cs.representatives(demo_db, wage.id)) >= 6
    [vote] = cs.votes(demo_db, wage.id)
    assert not vote.passed and vote.present * 3 >= vote.total * 2   # quorum reached, majority of ALL missed
    assert vote.congress_meeting_uuid          # linked to the congress meeting that voted
    assert any("补齐协商代表空缺" in i.what for i in cs.upcoming_deadlines(demo_db))


def test_vote_at_a_congress_meeting_is_recorded_in_both_records(demo_db):
    from app.services import congress

    c = cs.create_contract(demo_db, "women", term_start="2027-01-01", term_end="2027-12-31", today=date(2026, 10, 1))
    cs.send_offer(demo_db, c.id, sent_on="2026-10-02")
    _team(demo_db, c.id)
    cs.add_meeting(demo_db, c.id, held_on="2026-10-20", outcome="agreed")
    term = congress.current_term(demo_db, date(2026, 11, 1))
    m = congress.create_meeting(demo_db, term.id, held_on="2026-11-01", present_count=30)
    total = congress.total_representatives(demo_db, term.id, date(2026, 11, 1))
    half = (total + 1) // 2
    vote, res = cs.record_vote_at_congress(demo_db, c.id, m.id, in_favour=half, against=30 - half)
    assert res.passed == (half * 2 >= total) and vote.total == total and vote.present == 30
    assert vote.congress_meeting_uuid == m.uuid
    [cv] = congress.list_votes(demo_db, m.id)
    assert "女职工" in cv.title or c.title in cv.title
    # a contract not ready for a vote leaves no trace in the congress's record either
    other = cs.create_contract(demo_db, "safety")
    with pytest.raises(DomainError):
        cs.record_vote_at_congress(demo_db, other.id, m.id, in_favour=10)
    assert len(congress.list_votes(demo_db, m.id)) == 1


def test_zhejiang_profile_changes_the_numbers(empty_db):
    org_service.save_org(empty_db, {"union_name": "浙江示例工会", "enterprise_name": "浙江示例公司", "chair_name": "王主席",
                                    "profile": "zhejiang"})
    db = empty_db
    c = cs.create_contract(db, "wage", term_start="2026-01-01", term_end="2026-12-31", today=date(2025, 9, 1))
    o = cs.send_offer(db, c.id, sent_on="2025-09-01", received_on="2025-09-01")
    assert cs.offer_deadline(db, o).due == date(2025, 9, 15)            # 10 working days
    _team(db, c.id)
    cs.add_meeting(db, c.id, held_on="2025-09-25", outcome="agreed")
    item = next(i for i in cs.deadlines(db, date(2025, 9, 26)) if "职工代表大会" in i.what)
    assert item.due == date(2025, 10, 22) and "第二十四条" in item.cite   # Sun 9-28 and Sat 10-11 are working days
    # 过半数: exactly half of all fails in Zhejiang
    _v, res = cs.record_vote(db, c.id, held_on="2025-10-10", total=30, present=25, in_favour=15)
    assert not res.passed and cs.get_contract(db, c.id).state == "negotiating"


def test_contract_vote_at_congress_exactly_half_agrees_in_both_records(demo_db):
    """Art. 36 半数以上: exactly half of ALL representatives adopts the draft. The congress's record of the same
    vote (what the chair prints as the vote record and reports upward) must say 通过 under the same rule."""
    from app.services import congress

    c = cs.create_contract(demo_db, "women", term_start="2027-01-01", term_end="2027-12-31", today=date(2026, 10, 1))
    cs.send_offer(demo_db, c.id, sent_on="2026-10-02")
    _team(demo_db, c.id)
    cs.add_meeting(demo_db, c.id, held_on="2026-10-20", outcome="agreed")
    term = congress.current_term(demo_db, date(2026, 11, 1))
    total = congress.total_representatives(demo_db, term.id, date(2026, 11, 1))
    assert total % 2 == 0
    m = congress.create_meeting(demo_db, term.id, held_on="2026-11-01", present_count=total)
    vote, res = cs.record_vote_at_congress(demo_db, c.id, m.id, in_favour=total // 2, against=total // 2)
    assert vote.passed and res.passed
    [cv] = congress.list_votes(demo_db, m.id)
    assert cv.passed, cv.explain()
    assert "半数以上" in cv.explain() and "通过" in cv.explain() and "未通过" not in cv.explain()
    assert "集体合同规定" in cv.cite
    # the printed vote record names the rule each item was decided by
    from app.documents.congress_docs import vote_record

    doc = vote_record(demo_db, m.id)
    assert doc.rows[0][-2].startswith("半数以上") and doc.rows[0][-1] == "通过"
    assert any("集体合同规定" in n for n in doc.notes)


def test_unfilled_blanks_of_the_clause_library_are_flagged_until_filled(db):
    """The clause library's “【　】” are for the chair to fill; a draft still holding them does not pass the check."""
    c = cs.create_contract(db, "comprehensive", term_start="2026-01-01", term_end="2028-12-31")
    [f] = [f for f in cs.check_draft(db, c.id) if f.code == "contract.blank"]
    assert f.severity == "warning" and "【　】" in f.message and f.cite
    tree = cs.draft(db, c.id)
    term = next(a for ch in tree for a in ch.articles if "【" in a.text and "期限" in a.text)
    assert any(n.number in f.message for ch in cs.numbered(tree) for n in ch.articles if n.text == term.text)
    filled = [cs.Chapter(ch.title, [cs.Article(rules_blank_fill(a.text), a.topic) for a in ch.articles])
              for ch in tree]
    cs.save_draft(db, c.id, filled, "填写空白")
    assert not [f for f in cs.check_draft(db, c.id) if f.code == "contract.blank"]


def rules_blank_fill(text: str) -> str:
    from app.rules.contracts import BLANK

    return BLANK.sub("3", text)


def test_demo_contract_in_force_has_no_blanks_left(demo_db):
    """The sample contract was signed and filed: its text holds no unfilled “【　】” (the term clause included)."""
    [c] = [r for r in cs.list_contracts(demo_db) if r.state == "in_force"]
    assert not [f for f in cs.check_draft(demo_db, c.id) if f.code == "contract.blank"]
    text = cs.plain_text(cs.draft(demo_db, c.id))
    assert f"本合同期限为3年，自{c.term_start.year}年1月1日起" in text


@pytest.mark.parametrize(("profile", "label"), [("national", "可提出续订（期满前3个月内）"),
                                                ("zhejiang", "可提出续订（期满前90日内）")])
def test_renewal_window_is_named_as_the_profile_counts_it(empty_db, profile, label):
    org_service.save_org(empty_db, {"union_name": "示例工会", "enterprise_name": "示例公司", "chair_name": "王主席",
                                    "profile": profile})
    cid = agreed(empty_db)
    cs.record_vote(empty_db, cid, held_on="2025-11-28", total=30, present=25, in_favour=20)
    cs.sign(empty_db, cid, "2025-12-01")
    cs.file_contract(empty_db, cid, "2025-12-05")
    cs.record_received(empty_db, cid, "2025-12-08")
    cs.take_effect(empty_db, cid, date(2025, 12, 24))
    whats = [i.what for i in cs.deadlines(empty_db, date(2026, 10, 5))]
    assert label in whats, whats
