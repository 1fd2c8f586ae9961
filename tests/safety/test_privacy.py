"""Privacy (PIPL): consent for sensitive fields, masking in lists, audited unmasking, the audit log, anonymisation."""

from __future__ import annotations

from datetime import date

import pytest

from app.cli import main
from app.errors import DomainError
from app.models import AuditLog, Member
from app.services import privacy, roster
from app.services.privacy import AuditFilter
from tests.safety.helpers import add_member


def test_consent_blocks_sensitive_fields_until_recorded(demo_db):
    m = add_member(demo_db, "李四")
    values = {"health": "慢性病", "income": 1200}
    with pytest.raises(DomainError) as e, demo_db.session(write=True) as s:
        privacy.check_sensitive(s, m.uuid, values)
    assert e.value.code == "privacy.no_consent" and "第二十九条" in e.value.message
    # ordinary fields need no consent
    with demo_db.session(write=True) as s:
        privacy.check_sensitive(s, m.uuid, {"post": "操作工", "health": ""})
    c = privacy.record_consent(demo_db, m.uuid, "hardship.sensitive", date.today())
    with demo_db.session(write=True) as s:
        privacy.check_sensitive(s, m.uuid, values)
    privacy.withdraw_consent(demo_db, c.id)
    with pytest.raises(DomainError), demo_db.session(write=True) as s:
        privacy.check_sensitive(s, m.uuid, values)


def test_lists_mask_id_and_phone_numbers(demo_db, capsys):
    m = add_member(demo_db, "欧阳明")
    demo_db.close()
    assert main(["roster", "search", "欧阳明"]) == 0
    out = capsys.readouterr().out
    assert "欧阳明" in out
    assert m.id_number not in out and m.mobile not in out
    assert m.id_number[:6] + "********" + m.id_number[-4:] in out
    assert m.mobile[:3] + "****" + m.mobile[-4:] in out


def test_audit_log_keeps_numbers_masked(demo_db):
    m = add_member(demo_db, "王五")
    roster.update_member(demo_db, m.id, {"mobile": "13900001111"})
    rows = privacy.audit_entries(demo_db, AuditFilter(text="王五"))
    assert {r.action for r in rows} == {"create", "update"}
    text = " ".join(r.changes for r in rows)
    assert m.id_number not in text and "13900001111" not in text and "1111" in text


def test_audit_changes_read_as_words(demo_db):
    m = add_member(demo_db, "孙七")
    roster.update_member(demo_db, m.id, {"migrant_worker": True, "post": "钳工"})
    (row,) = privacy.audit_entries(demo_db, AuditFilter(text="孙七", action="update"))
    assert "是否农民工会员：否 → 是" in row.changes_text() and "岗位：" in row.changes_text()


def test_audit_changes_of_other_tables_name_their_fields_and_show_yuan():
    from datetime import UTC, datetime

    row = privacy.AuditRow(1, datetime.now(UTC), "主席", "create", "hardship_aid", "u", "",
                           '{"file_id": [null, 9], "aid_type": [null, "生活救助"], "amount_fen": [null, 100000], '
                           '"paid_on": [null, "2026-08-22"], "signature": [null, false]}')
    assert row.changes_text() == ("困难职工档案： → 9；帮扶类型： → 生活救助；金额： → ¥1,000.00；发放日期： → 2026-08-22；"
                                  "签收： → 否")
    visit = privacy.AuditRow(2, datetime.now(UTC), "主席", "update", "hardship_file", "u", "",
                             '{"own_monthly_income_fen": [120000, 150000], "mystery": [1, 2]}')
    assert visit.changes_text() == "本人月均收入：¥1,200.00 → ¥1,500.00；mystery：1 → 2"


def test_unmasking_is_deliberate_and_audit_logged(demo_db):
    m = add_member(demo_db, "赵六")
    assert privacy.unmask_member(demo_db, m.id, "id_number", "办理会员卡") == m.id_number
    rows = privacy.audit_entries(demo_db, AuditFilter(action="unmask"))
    assert len(rows) == 1 and rows[0].label == "赵六" and "办理会员卡" in rows[0].changes
    assert rows[0].action_label == "查看完整号码"


def test_audit_log_filters_and_exports_to_xlsx(demo_db, tmp_path):
    add_member(demo_db, "钱七")
    everything = privacy.audit_count(demo_db)
    assert privacy.audit_count(demo_db, AuditFilter(action="create", table="member")) >= 1
    assert privacy.audit_count(demo_db, AuditFilter(since=date(2000, 1, 1), until=date(2000, 12, 31))) == 0
    assert privacy.audit_count(demo_db, AuditFilter(since=date.today(), until=date.today())) == everything
    path = tmp_path / "审计.xlsx"
    n = privacy.export_audit(demo_db, path, AuditFilter(text="钱七", table="member", action="create"))
    from python_calamine import CalamineWorkbook

    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
    assert n == 1 and rows[0][0] == "时间" and rows[1][4] == "钱七" and rows[1][2] == "新增"
    # the export itself is recorded
    assert privacy.audit_entries(demo_db, AuditFilter(action="export"))[0].table == "audit_log"


def test_cli_audit_list_and_export(demo_db, tmp_path, capsys):
    add_member(demo_db, "孙八")
    demo_db.close()
    assert main(["audit", "list", "--text", "孙八"]) == 0
    assert "孙八" in capsys.readouterr().out
    assert main(["audit", "export", "-o", str(tmp_path / "a.xlsx"), "--since", "2020-01-01"]) == 0
    assert (tmp_path / "a.xlsx").exists()
    assert main(["audit", "list", "--since", "2020-13-01"]) == 1
    assert "--since" in capsys.readouterr().err


def test_anonymise_members_who_left_after_the_retention_period(demo_db):
    old = add_member(demo_db, "周九", seed=1, post="焊工", join_date=date(2010, 5, 1))
    recent = add_member(demo_db, "吴十", seed=2, join_date=date(2012, 5, 1))
    stay = add_member(demo_db, "郑十一", seed=3)
    roster.add_event(demo_db, old.id, "退会", date(2018, 3, 1), note="个人原因，家住某某小区")
    roster.add_event(demo_db, recent.id, "退会", date(2025, 6, 1))
    assert privacy.anonymise_left_members(demo_db) == 0  # no retention period set: nothing happens
    privacy.set_retention_years(demo_db, 5)
    cands = privacy.anonymise_candidates(demo_db, today=date(2026, 11, 23))
    names = [c.name for c in cands]
    assert "周九" in names and "吴十" not in names and "郑十一" not in names
    assert all(c.left_on <= date(2021, 11, 23) for c in cands)
    assert privacy.anonymise_left_members(demo_db, today=date(2026, 11, 23)) == len(cands)
    with demo_db.session() as s:
        m = s.get(Member, old.id)
        assert m.name.startswith("（已匿名）") and m.id_number is None and m.mobile == ""
        assert m.sex == "男" and m.birth_date == date(old.birth_date.year, 1, 1) and m.post == "焊工"
        assert m.join_date == old.join_date and m.status == "withdrawn"
        assert s.get(Member, recent.id).name == "吴十" and s.get(Member, stay.id).name == "郑十一"
        from sqlmodel import select

        trail = s.exec(select(AuditLog).where(AuditLog.record_uuid == old.uuid)).all()
        assert trail and all("周九" not in (a.record_label + a.changes) for a in trail)
        assert "anonymise" in {a.action for a in trail}
    assert roster.search(demo_db, "周九") == []
    # a second run finds nothing more, and a backup was made first
    assert privacy.anonymise_left_members(demo_db, today=date(2026, 11, 23)) == 0
    from app.storage import backup

    assert any(b.reason == "anonymise" for b in backup.list_backups(demo_db))


def test_retention_setting_is_checked(demo_db):
    with pytest.raises(DomainError):
        privacy.set_retention_years(demo_db, 0)
    privacy.set_retention_years(demo_db, None)
    assert privacy.retention_years(demo_db) is None


def test_idle_lock_setting(demo_db):
    assert privacy.idle_lock_minutes() == 0
    privacy.set_idle_lock_minutes(10)
    assert privacy.idle_lock_minutes() == 10
    with pytest.raises(DomainError):
        privacy.set_idle_lock_minutes(-1)


def test_audit_entry_of_a_bundle_export_speaks_the_ui_language():
    """The audit log showed a bundle export as raw keys (seq： → 3；purpose： → aid；to： → …；counts： → {…})."""
    from datetime import UTC, datetime

    from app.i18n import set_language

    text = ('{"seq": 3, "level": "L2", "kind": "snapshot", "purpose": "aid", "to": "31000001", '
            '"counts": {"aggregates": 4, "records": {"member": 12, "motion": 0}, "tombstones": {"member": 2}}}')
    row = privacy.AuditRow(1, datetime.now(UTC), "主席", "export", "sync_bundle_export", "", "31000001_3", text)
    assert row.table_label == "上报数据包"
    assert row.changes_text() == ("序号：3；类型：完整快照；级别：L2；接收方：31000001；用途：直接帮扶救助；"
                                  "内容（数量）：会员 12；删除 2")
    set_language("en")
    try:
        shown = row.changes_text()
    finally:
        set_language("zh_CN")
    assert shown == ("No.：3；Type：full snapshot；Level：L2；Recipient：31000001；Purpose：Direct aid；"
                     "Content (counts)：Members 12；deleted 2")
