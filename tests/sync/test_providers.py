"""What the bundle carries from the other modules (congress/motions, contracts, hardship), by level."""

from __future__ import annotations

import io
import json

import pytest

from app.sync import hub as hubmod
from tests.sync.conftest import open_bundle, run


def _aggs(payload: bytes) -> dict[str, dict]:
    return {x["k"]: x["v"] for x in map(json.loads, payload.splitlines()) if x["t"] == "agg"}


def _tables(payload: bytes) -> set[str]:
    return {x["t"] for x in map(json.loads, payload.splitlines()) if x["t"] != "agg"}


def test_l0_carries_module_totals_and_the_report_shows_them(world, capsys):
    pytest.importorskip("app.services.motions")
    pytest.importorskip("app.services.contracts")
    pytest.importorskip("app.services.hardship")
    b = world.export("a.age")
    _m, _s, payload = open_bundle(world, b)
    aggs = _aggs(payload)
    assert set(aggs) == {"roster.members", "congress.stats", "contracts.stats", "hardship.totals"}
    assert aggs["congress.stats"]["motions"] > 0
    text = payload.decode()
    for forbidden in ("bank", "health", "disab", "银行", "病"):
        assert forbidden not in text
    assert world.hub_import(b) == 0
    out = world.tmp / "report.xlsx"
    assert run("--data-dir", world.hub, "hub", "report", "-o", out) == 0
    from python_calamine import CalamineWorkbook

    rows = CalamineWorkbook.from_filelike(io.BytesIO(out.read_bytes())).get_sheet_by_index(0).to_python()
    head, first, total = rows[0], rows[1], rows[-1]
    assert first[0] == world.org_code and total[0] == "合计"
    assert first[head.index("提案数")] == aggs["congress.stats"]["motions"]
    assert first[head.index("会员总数")] == aggs["roster.members"]["total"]
    assert first[head.index("女")] + first[head.index("男")] == aggs["roster.members"]["total"]
    assert first[head.index("生效合同")] == aggs["contracts.stats"]["in_force"]
    assert first[head.index("在档困难户")] == aggs["hardship.totals"]["households"]
    assert 0 <= first[head.index("立案率")] <= 1


def test_motions_only_at_l2_contracts_from_l1(world):
    pytest.importorskip("app.services.motions")
    pytest.importorskip("app.services.contracts")
    b1 = world.export("l1.age", "--level", "L1")
    assert _tables(open_bundle(world, b1)[2]) >= {"member", "contract"}
    assert "motion" not in _tables(open_bundle(world, b1)[2])
    b2 = world.export("l2.age", "--level", "L2", "--purpose", "aid", "--confirm-identified")
    assert "motion" in _tables(open_bundle(world, b2)[2])
    assert world.hub_import(b2) == 0
    h = hubmod.open_hub(world.hub)
    with h.engine.connect() as c:
        n = c.execute(hubmod.sa.select(hubmod.sa.func.count()).select_from(hubmod.T_RECORD)
                      .where(hubmod.T_RECORD.c.table_name == "motion")).scalar()
    h.close()
    assert n and n > 0
