from __future__ import annotations

from tests.sync.conftest import run


def test_round_trip_l1(world, capsys):
    b = world.export("a.age", "--level", "L1")
    assert world.hub_import(b) == 0
    out = capsys.readouterr().out
    assert "已导入" in out
    report = world.tmp / "r.xlsx"
    assert run("--data-dir", world.hub, "hub", "report", "-o", report) == 0


def test_armored_export_for_email_round_trips(world, capsys):
    b = world.export(f"{world.org_code}_1.asc", "--armor")
    assert b.read_bytes().startswith(b"-----BEGIN AGE ENCRYPTED FILE-----")
    assert world.hub_import(b) == 0
    assert "已导入" in capsys.readouterr().out


def test_english_messages_for_refusals(world, capsys):
    junk = world.tmp / "junk.age"
    junk.write_bytes(b"PK\x03\x04 not a bundle")
    assert run("--lang", "en", "--data-dir", world.hub, "hub", "import", junk) == 1
    assert "E01 This is not a union bundle file" in capsys.readouterr().err


def test_same_file_twice_in_one_command_reports_each(world, capsys):
    b = world.export("a.age", "--level", "L1")
    assert world.hub_import(b, b, world.tmp / "missing.age") == 1
    cap = capsys.readouterr()
    assert "已导入" in cap.out and "I01" in cap.out
    assert "missing.age: 找不到这个文件" in cap.err


def test_a_missing_file_is_not_called_a_malformed_bundle(world, capsys):
    """A file that is not there, or a folder, was never read: no E01 (不是工会数据包), but what is wrong with it."""
    from app.sync import hub as hubmod
    from app.sync.errors import BundleRefused

    h = hubmod.open_hub(world.hub)
    try:
        (f1, r1), (f2, r2) = hubmod.import_files(h, [world.tmp / "missing.age", world.tmp])
    finally:
        h.close()
    for r in (r1, r2):
        assert isinstance(r, BundleRefused) and r.code == "bundle.unreadable"
        assert "E01" not in r.message and "不是工会数据包" not in r.message
    assert "找不到这个文件" in r1.message and "文件夹" in r2.message
    assert world.hub_import(world.tmp / "missing.age") == 1
    err = capsys.readouterr().err
    assert "找不到这个文件" in err and "E01" not in err
    assert run("--lang", "en", "--data-dir", world.hub, "hub", "import", world.tmp / "missing.age") == 1
    err = capsys.readouterr().err
    assert "not found" in err.lower() and "E01" not in err
