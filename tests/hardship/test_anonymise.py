"""Members who left and are anonymised after the retention period (PIPL Art. 47) lose their hardship details too."""

from __future__ import annotations

from app.services import hardship as hs
from app.services import privacy, roster
from tests.hardship.conftest import filed_file


def test_anonymising_a_member_who_left_clears_the_household_file(hdb):
    fid = filed_file(hdb)
    roster.add_event(hdb, hdb.test_member, "转出", "2018-06-30", "劳动（工作）关系发生变化")
    before = hs.get_file(hdb, fid)
    assert before.file.health == "尿毒症" and before.file.id_number
    privacy.set_retention_years(hdb, 3)
    assert privacy.anonymise_left_members(hdb) == 1
    after = hs.get_file(hdb, fid).file
    assert after.name.startswith(privacy.ANON_PREFIX)
    assert after.id_number == "" and after.mobile == "" and after.health == ""
    assert after.own_monthly_income_fen is None and after.bank_account == ""
    # what the statistics need stays
    assert after.category == before.file.category and after.state == before.file.state
    assert hs.list_files(hdb)[0].name.startswith(privacy.ANON_PREFIX)
