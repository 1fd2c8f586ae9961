"""L2 names only the people its stated purpose concerns (PIPL Art. 6), everyone else is in the totals only."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from app.core import open_data
from app.sync import exporter
from app.sync import hub as hubmod
from tests.sync.conftest import open_bundle, run

OPEN = ("申请", "入户调查", "公示", "审批", "在档")


def _members(world) -> dict[int, tuple[str, str]]:
    """member id -> (uuid, id_number) of everyone in the roster."""
    db = open_data(world.ent)
    try:
        with db.engine.connect() as c:
            return {i: (u, n) for i, u, n in c.exec_driver_sql("SELECT id, uuid, id_number FROM member")}
    finally:
        db.close()


def _aid_concerned(world) -> set[int]:
    """Worked out in Python from the hardship rows: open file, or aid / a done visit this year."""
    year = date.today().year
    db = open_data(world.ent)
    try:
        with db.engine.connect() as c:
            files = {fid: (mid, st) for fid, mid, st in c.exec_driver_sql("SELECT id, member_id, state FROM hardship_file")}
            aid = [(fid, y) for fid, y in c.exec_driver_sql("SELECT file_id, year FROM hardship_aid")]
            visits = list(c.exec_driver_sql("SELECT file_id, done, visited_on FROM hardship_visit"))
    finally:
        db.close()
    out = {mid for mid, st in files.values() if mid and st in OPEN}
    out |= {files[fid][0] for fid, y in aid if y == year and files[fid][0]}
    out |= {files[fid][0] for fid, done, on in visits
            if done and on and str(on)[:4] == str(year) and files[fid][0]}
    return out


def _named(payload: bytes) -> dict[str, dict]:
    return {x["u"]: x["d"] for x in map(json.loads, payload.splitlines()) if x["t"] == "member" and "d" in x}


def _hub_members(world) -> int:
    h = hubmod.open_hub(world.hub)
    try:
        with h.engine.connect() as c:
            return int(c.execute(hubmod.sa.select(hubmod.sa.func.count()).select_from(hubmod.T_RECORD)
                                 .where(hubmod.T_RECORD.c.table_name == "member")).scalar() or 0)
    finally:
        h.close()


def test_aid_bundle_names_only_the_members_with_hardship_files_or_aid(world, capsys):
    pytest.importorskip("app.services.hardship")
    members = _members(world)
    concerned = _aid_concerned(world)
    assert 0 < len(concerned) < len(members)
    b = world.export("aid.age", "--level", "L2", "--purpose", "aid", "--confirm-identified")
    said = capsys.readouterr().out
    assert f"实名上报 {len(concerned)} 人" in said and "直接帮扶救助" in said
    m, _sig, payload = open_bundle(world, b)
    named = _named(payload)
    assert set(named) == {members[i][0] for i in concerned}
    assert m["payload"]["counts"]["records"]["member"] == len(concerned) == m["state"]["counts"]["member"]
    assert m["kind"] == "snapshot" and m["policy"]["purpose"] == "aid"
    for i, (_u, idn) in members.items():  # nobody else's ID number anywhere in the payload
        if i not in concerned and idn:
            assert idn.encode() not in payload, i
    # the totals still count everyone
    aggs = {x["k"]: x["v"] for x in map(json.loads, payload.splitlines()) if x["t"] == "agg"}
    assert aggs["roster.members"]["total"] + sum(v for k, v in aggs["roster.members"]["by_status"].items()
                                                 if k not in ("active", "retained")) == len(members)
    # the receiver takes it as it is: no totals mismatch (W02), exactly those people stored
    assert world.hub_import(b) == 0
    cap = capsys.readouterr()
    assert "已导入" in cap.out and "W02" not in cap.err
    assert _hub_members(world) == len(concerned)


def test_transfer_bundle_names_only_the_recent_transfers(world, capsys):
    from app.services import roster

    members = _members(world)
    db = open_data(world.ent)
    try:
        ids = sorted(members)
        roster.add_event(db, ids[0], "转出", date.today() - timedelta(days=3), "调往兄弟单位")
        with db.engine.connect() as c:
            today = date.today()
            since = today.replace(year=today.year - 1, day=28 if (today.month, today.day) == (2, 29) else today.day)
            concerned = {mid for mid, kind, on in c.exec_driver_sql(
                "SELECT member_id, kind, on_date FROM membership_event")
                if kind in ("转出", "转入") and date.fromisoformat(str(on)[:10]) >= since}
        p = exporter.preview(db, "L2", purpose="transfer")
    finally:
        db.close()
    assert ids[0] in concerned and len(concerned) < len(members)
    assert p["identified"] == len(concerned)
    b = world.export("t.age", "--level", "L2", "--purpose", "transfer", "--confirm-identified")
    assert f"实名上报 {len(concerned)} 人" in capsys.readouterr().out
    _m, _sig, payload = open_bundle(world, b)
    assert set(_named(payload)) == {members[i][0] for i in concerned}
    for i, (_u, idn) in members.items():
        if i not in concerned and idn:
            assert idn.encode() not in payload
    assert world.hub_import(b) == 0
    assert _hub_members(world) == len(concerned)


def test_l2_replaces_what_an_l1_snapshot_left_and_stays_a_snapshot_after_an_ack(world, capsys):
    pytest.importorskip("app.services.hardship")
    b1 = world.export("l1.age", "--level", "L1")
    assert world.hub_import(b1) == 0
    assert _hub_members(world) == len(_members(world))          # L1 unchanged: everyone, pseudonymous
    b2 = world.export("aid.age", "--level", "L2", "--purpose", "aid", "--confirm-identified")
    assert world.hub_import(b2) == 0
    assert _hub_members(world) == len(_aid_concerned(world))    # the others are gone at the receiver
    assert run("--data-dir", world.ent, "bundle", "ack", "--seq", "2") == 0
    b3 = world.export("aid2.age", "--level", "L2", "--purpose", "aid", "--confirm-identified")
    m, _s, _p = open_bundle(world, b3)
    assert m["kind"] == "snapshot"  # who is concerned changes without their records changing: never a delta
    capsys.readouterr()
    assert world.hub_import(b3) == 0
    assert "W02" not in capsys.readouterr().err


def test_preview_counts_the_people_named_per_purpose(world):
    pytest.importorskip("app.services.hardship")
    db = open_data(world.ent)
    try:
        aid = exporter.preview(db, "L2", purpose="aid")
        l1 = exporter.preview(db, "L1")
    finally:
        db.close()
    assert aid["identified"] == aid["records"]["member"] == len(_aid_concerned(world))
    assert l1["identified"] == 0 and l1["records"]["member"] == len(_members(world))
