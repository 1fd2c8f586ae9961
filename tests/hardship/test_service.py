"""The hardship service: consent blocking, classification kept up to date, lifecycle, visits, aid, ledger."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from sqlmodel import select

from app.errors import DomainError, ValidationFailed
from app.models import AuditLog
from app.services import hardship as hs
from tests.hardship.conftest import add_member, filed_file


def test_sensitive_fields_need_consent_at_service_level(hdb):
    f = hs.create_file(hdb, hdb.test_member, {"address": "海口市龙华区"})
    assert f.name == "李秀英" and f.id_number == "460105198503150027"  # prefilled from the roster
    for fld, value in (("health", "癌症"), ("disability", "肢体残疾"), ("own_monthly_income", "1200"),
                       ("bank_account", "6222020200112233445")):
        with pytest.raises(DomainError) as e:
            hs.update_file(hdb, f.id, {fld: value})
        assert e.value.code == "privacy.no_consent"
        assert e.value.field == fld
        assert hs.label(fld) in e.value.message
    with pytest.raises(DomainError) as e:
        hs.set_household(hdb, f.id, [{"name": "张小明", "relation": "儿子"}])
    assert e.value.code == "privacy.no_consent" and e.value.field == "children"
    with pytest.raises(DomainError) as e:
        hs.add_attachment(hdb, f.id, "诊断证明", "diag.jpg", b"\xff\xd8scan")
    assert e.value.field == "evidence"
    # a non-sensitive field is fine, and nothing sensitive was stored
    d = hs.get_file(hdb, f.id)
    assert d.file.health == "" and d.file.own_monthly_income_fen is None and not d.sensitive_allowed

    hs.give_consent(hdb, f.id, hs.SENSITIVE, date.today(), evidence="同意书扫描件")
    d = hs.update_file(hdb, f.id, {"health": "癌症", "own_monthly_income": "1200", "household_size": 2})
    assert d.file.health == "癌症" and d.sensitive_allowed
    hs.set_household(hdb, f.id, [{"name": "张小明", "relation": "儿子", "birth_date": "2012-05-01",
                                  "identity": "学生", "school_or_unit": "海口市第一中学"}])
    a = hs.add_attachment(hdb, f.id, "诊断证明", "diag.jpg", b"\xff\xd8scan")
    meta, data = hs.attachment_data(hdb, a.id)
    assert data == b"\xff\xd8scan" and meta.mime == "image/jpeg"

    # withdrawing erases the sensitive data (PIPL Art. 47) and blocks new entries
    hs.withdraw_consent(hdb, f.id, hs.SENSITIVE)
    d = hs.get_file(hdb, f.id)
    assert d.file.health == "" and d.file.own_monthly_income_fen is None and d.members == [] and d.attachments == []
    with pytest.raises(DomainError):
        hs.update_file(hdb, f.id, {"health": "癌症"})


def test_changes_are_audited_with_sensitive_values_masked(hdb):
    f = hs.create_file(hdb, hdb.test_member)
    hs.give_consent(hdb, f.id, hs.SENSITIVE, date.today())
    hs.update_file(hdb, f.id, {"health": "尿毒症", "bank_account": "6222020200112233445"})
    with hdb.session() as s:
        logs = s.exec(select(AuditLog).where(AuditLog.table_name == "hardship_file",
                                             AuditLog.record_uuid == f.uuid)).all()
    assert [x.action for x in logs][:1] == ["create"]
    changes = json.loads(logs[-1].changes)
    assert "尿毒症" not in logs[-1].changes and "6222020200112233445" not in logs[-1].changes
    assert changes["bank_account"][1].endswith("3445")


def test_classification_recomputed_when_figures_change_and_override_needs_reason(hdb):
    f = hs.create_file(hdb, hdb.test_member)
    hs.give_consent(hdb, f.id, hs.SENSITIVE, date.today())
    # (1000×12 + 15000 − 0) ÷ 12 ÷ 3 = 750.00: exactly the standard → 相对困难
    d = hs.update_file(hdb, f.id, {"own_monthly_income": "1000", "other_annual_income": "15000", "household_size": 3})
    assert d.file.category == hs.RELATIVE and d.file.per_capita_fen == 75_000
    assert "750.00" in d.classification.text()
    d = hs.update_file(hdb, f.id, {"rigid_expense": "0.12"})
    assert d.file.category == hs.DEEP
    with pytest.raises(DomainError) as e:
        hs.override_category(hdb, f.id, hs.RELATIVE, "  ")
    assert e.value.field == "override_reason"
    hs.override_category(hdb, f.id, hs.RELATIVE, "单位补贴已到账，实际收入高于申报")
    d = hs.update_file(hdb, f.id, {"rigid_expense": "0"})
    assert d.file.category == hs.RELATIVE and d.file.category_override
    assert any(e.kind == "改类别" and "单位补贴" in e.opinion for e in d.events)
    hs.override_category(hdb, f.id, "", "")
    assert hs.get_file(hdb, f.id).file.category == d.file.category_computed
    # a new local standard reclassifies open files
    hs.set_standard(hdb, date.today() - timedelta(days=1), "700")
    assert hs.get_file(hdb, f.id).file.category == hs.RELATIVE


def test_lifecycle_with_approvals_recheck_exit_and_return(hdb):
    f = hs.create_file(hdb, hdb.test_member, applied_on="2025-01-02")
    with pytest.raises(DomainError) as e:
        hs.advance(hdb, f.id, hs.FILED)
    assert e.value.code == "hardship.transition"
    hs.advance(hdb, f.id, hs.SURVEY, on="2025-01-03")
    with pytest.raises(DomainError) as e:           # no publicity consent → no 公示
        hs.advance(hdb, f.id, hs.PUBLICITY_STATE, on="2025-01-04")
    assert e.value.code == "privacy.no_consent"
    hs.advance(hdb, f.id, hs.APPROVAL, on="2025-01-04", note="未同意公示")
    hs.add_review(hdb, f.id, "本单位工会", "同意", "经审核符合条件", person="王建国", on="2025-01-05")
    hs.give_consent(hdb, f.id, hs.SENSITIVE, "2025-01-02")
    hs.update_file(hdb, f.id, {"own_monthly_income": "500", "household_size": 2})
    with pytest.raises(DomainError) as e:
        hs.advance(hdb, f.id, hs.FILED, on="2025-01-06")
    assert e.value.code == "hardship.approval_missing" and "上级工会" in e.value.message
    hs.add_review(hdb, f.id, "上级工会", "同意", "同意建档", on="2025-01-06")
    filed = hs.advance(hdb, f.id, hs.FILED, on="2025-01-06")
    assert filed.next_recheck_on == date(2026, 1, 6)
    assert [r.kind for r in hs.reminders(hdb, date(2025, 12, 1))] == []
    assert [r.kind for r in hs.reminders(hdb, date(2025, 12, 10))] == ["复核"]
    hs.recheck(hdb, f.id, on="2025-12-20", note="仍困难")
    assert hs.get_file(hdb, f.id).file.next_recheck_on == date(2026, 12, 20)
    with pytest.raises(DomainError) as e:
        hs.advance(hdb, f.id, "脱困", on="2026-03-01")
    assert e.value.field == "reason"
    hs.advance(hdb, f.id, "脱困", on="2026-03-01", reason="本人再就业，家庭收入稳定")
    due = hs.reminders(hdb, date(2026, 9, 1))
    assert [r.kind for r in due] == ["回访"]
    hs.add_followup(hdb, f.id, on="2026-09-01", note="电话回访，情况稳定")
    assert hs.reminders(hdb, date(2026, 9, 2)) == []
    hs.add_followup(hdb, f.id, on="2027-01-10", note="家人重病", returned=True)
    d = hs.get_file(hdb, f.id)
    assert d.file.state == hs.APPLIED
    kinds = [(e.kind, e.to_state, e.level) for e in d.events]
    assert ("审核", "", "上级工会") in kinds and ("状态", "脱困", "") in kinds and ("状态", "申请", "") in kinds
    # the new application needs new approvals: the old round's opinions do not count
    hs.advance(hdb, f.id, hs.SURVEY, on="2027-01-15")
    hs.advance(hdb, f.id, hs.APPROVAL, on="2027-01-20")
    with pytest.raises(DomainError) as e:
        hs.advance(hdb, f.id, hs.FILED, on="2027-01-25")
    assert e.value.code == "hardship.approval_missing" and "本单位工会" in e.value.message


def test_one_open_file_per_member(hdb):
    hs.create_file(hdb, hdb.test_member)
    with pytest.raises(DomainError) as e:
        hs.create_file(hdb, hdb.test_member)
    assert e.value.code == "hardship.duplicate_file"


def test_exit_review_prompt_after_six_months(hdb):
    fid = filed_file(hdb, own="500", annual_other="0", size=2)   # per capita 250 → 深度困难, line 750
    for m in range(1, 6):
        hs.record_income(hdb, fid, f"2025-{m:02d}", "1500")        # 750 per person: exactly the line
    assert not [r for r in hs.reminders(hdb, date(2025, 7, 1)) if r.kind == "解困评估"]
    hs.record_income(hdb, fid, "2025-06", "1600")
    prompts = [r for r in hs.reminders(hdb, date(2025, 7, 1)) if r.kind == "解困评估"]
    assert len(prompts) == 1 and "6个月" in prompts[0].message and prompts[0].cite


def test_caps_duplicates_budget_and_ledger(hdb):
    fid = filed_file(hdb)
    hs.set_budget(hdb, 2025, "生活救助", "6000")
    hs.add_payment(hdb, fid, {"aid_type": "生活救助", "amount": "3000", "paid_on": "2025-02-01", "fund": "工会经费"})
    with pytest.raises(ValidationFailed) as e:          # 20 days later: possible duplicate, needs confirmation
        hs.add_payment(hdb, fid, {"aid_type": "生活救助", "amount": "2000", "paid_on": "2025-02-21"})
    assert e.value.problems[0].severity == "warning" and "可能重复" in e.value.message
    hs.add_payment(hdb, fid, {"aid_type": "生活救助", "amount": "2000", "paid_on": "2025-02-21"},
                   confirm_duplicate=True)                 # total exactly the 5000 cap: allowed (以内)
    with pytest.raises(DomainError) as e:
        hs.add_payment(hdb, fid, {"aid_type": "生活救助", "amount": "0.01", "paid_on": "2025-06-01"})
    assert e.value.code == "hardship.cap"
    other = add_member(hdb, "陈国庆", "460105197807070013", "男")
    fid2 = filed_file(hdb, member_id=other)
    with pytest.raises(DomainError) as e:
        hs.add_payment(hdb, fid2, {"aid_type": "生活救助", "amount": "1000.01", "paid_on": "2025-06-01"})
    assert e.value.code == "hardship.over_budget"
    hs.add_payment(hdb, fid2, {"aid_type": "生活救助", "amount": "1000", "paid_on": "2025-06-01"})
    hs.add_payment(hdb, fid2, {"aid_type": "金秋助学", "amount": "3000", "paid_on": "2025-08-20",
                               "student_name": "陈小雨", "school": "海南大学", "tuition": "5800",
                               "admission_on": "2025-08-01", "study_years": 4})
    rows = {r.aid_type: r for r in hs.ledger(hdb, 2025)}
    assert rows["生活救助"].budget_fen == 600_000 and rows["生活救助"].paid_fen == 600_000
    assert rows["生活救助"].remaining_fen == 0 and rows["金秋助学"].budget_fen is None
    with pytest.raises(DomainError):
        hs.add_payment(hdb, fid2, {"aid_type": "金秋助学", "amount": "100", "paid_on": "2025-08-20"})


def test_campaign_picks_households_and_tracks_what_is_left(hdb):
    deep = filed_file(hdb, own="300", annual_other="0", size=2)
    rel_member = add_member(hdb, "陈国庆", "460105197807070013", "男")
    rel = filed_file(hdb, member_id=rel_member, own="1500", annual_other="0", size=2)
    third = add_member(hdb, "周建华", "460105196601010010", "男")
    rel2 = filed_file(hdb, member_id=third, own="1500", annual_other="0", size=2)
    assert hs.get_file(hdb, rel).file.category == hs.RELATIVE
    camp = hs.create_campaign(hdb, "2026年春节送温暖", 2026, categories=[hs.DEEP], extra_file_ids=[rel],
                              cash="500", goods="米、油", goods_value="200", fund="上级帮扶资金")
    p = hs.campaign_progress(hdb, camp.id)
    assert sorted(v.file_id for v, _n in p.left) == sorted([deep, rel]) and p.done == []
    assert rel2 not in [v.file_id for v, _n in p.left]
    v0 = p.left[0][0]
    hs.complete_visit(hdb, v0.id, {"visited_on": "2026-01-20", "visitors": "王建国、刘芳", "signature": "已签收"})
    p = hs.campaign_progress(hdb, camp.id)
    assert len(p.done) == 1 and len(p.left) == 1
    rows = {r.aid_type: r for r in hs.ledger(hdb, 2026)}
    assert rows["走访慰问"].paid_fen == 50_000 and rows["走访慰问"].count == 1
    t = hs.totals(hdb, 2026)
    assert t["visits"] == {"送温暖": 1} and t["aid_paid_fen"]["走访慰问"] == 50_000
    assert t["files_by_category"] == {"深度困难": 1, "相对困难": 2}
    dumped = json.dumps(t, ensure_ascii=False)
    assert "尿毒症" not in dumped and "李秀英" not in dumped


def test_publicity_only_with_consent(hdb):
    f = hs.create_file(hdb, hdb.test_member)
    hs.advance(hdb, f.id, hs.SURVEY)
    rows, excluded = hs.publicity_rows(hdb, [f.id])
    assert rows == [] and excluded == 1
    hs.give_consent(hdb, f.id, hs.PUBLICITY, date.today())
    hs.advance(hdb, f.id, hs.PUBLICITY_STATE)
    rows, excluded = hs.publicity_rows(hdb)
    assert [r.id for r in rows] == [f.id] and excluded == 0


def test_demo_has_households_campaign_and_payments_within_budget(demo_db):
    files = hs.list_files(demo_db)
    assert 10 <= len(files) <= 30
    assert len({f.category for f in files if f.category}) >= 2 and len({f.state for f in files}) >= 3
    year = date.today().year
    camps = hs.list_campaigns(demo_db, year)
    if date.today() >= date(year, 2, 10):
        assert camps and "春节" in camps[0].name
        assert hs.campaign_progress(demo_db, camps[0].id).done
    for row in hs.ledger(demo_db, year):
        assert row.remaining_fen is None or row.remaining_fen >= 0, row
    assert any(r.paid_fen for r in hs.ledger(demo_db, year))
    # every demo file went through consent first: sensitive data only where consent is in force
    for f in files:
        d = hs.get_file(demo_db, f.id)
        assert d.sensitive_allowed or not d.file.health
