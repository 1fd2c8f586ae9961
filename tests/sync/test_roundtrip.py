from __future__ import annotations

from tests.sync.conftest import run


def test_round_trip_l1(world, capsys):
    b = world.export("a.age", "--level", "L1")
    assert world.hub_import(b) == 0
    out = capsys.readouterr().out
    assert "已导入" in out
    report = world.tmp / "r.xlsx"
    assert run("--data-dir", world.hub, "hub", "report", "-o", report) == 0
