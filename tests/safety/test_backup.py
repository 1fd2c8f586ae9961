"""Backups: exact restore, list order, rotation, damaged database → newest sound backup, single-instance lock."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

import pytest

from app import paths
from app.cli import main
from app.core import open_data
from app.errors import DomainError
from app.services import roster
from app.storage import backup, lock
from tests.safety.helpers import add_member, run_cli, spawn, table_dump


def test_backup_change_restore_gives_back_the_exact_data(demo_db):
    before = table_dump(demo_db)
    info = backup.create_backup(demo_db)
    add_member(demo_db, "新来的")
    victim = roster.search(demo_db, limit=1)[0]
    roster.delete_member(demo_db, victim.id)
    assert table_dump(demo_db) != before
    pre = backup.restore_backup(demo_db, info.id)
    assert table_dump(demo_db) == before
    # the state before the restore was saved too
    assert pre is not None and pre.reason == "restore"
    assert {b.id for b in backup.list_backups(demo_db)} >= {info.id, pre.id}


def test_cli_backup_create_list_restore(demo_db, capsys):
    before = table_dump(demo_db)
    demo_db.close()
    assert main(["backup", "create"]) == 0
    first = capsys.readouterr().out
    assert "会员 200" in first
    time.sleep(1.1)
    db = open_data(paths.data_dir())
    add_member(db, "后加的")
    db.close()
    assert main(["backup", "create"]) == 0
    capsys.readouterr()
    assert main(["backup", "list"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    ids = [ln.split("\t")[0] for ln in lines]
    assert len(ids) == 2 and ids[0] > ids[1]  # newest first, the id first on each line
    assert "会员 201" in lines[0] and "会员 200" in lines[1]
    assert main(["backup", "restore", ids[1], "--yes"]) == 0
    assert "已恢复" in capsys.readouterr().out
    db = open_data(paths.data_dir())
    try:
        assert table_dump(db) == before
    finally:
        db.close()


def test_restore_without_a_terminal_needs_yes(demo_db, capsys, monkeypatch):
    import io

    demo_db.close()
    assert main(["backup", "create"]) == 0
    bid = capsys.readouterr().out.split("：", 1)[1].split("（")[0]
    monkeypatch.setattr("sys.stdin", io.StringIO(""))   # a script: nobody to answer "确定吗？"
    assert main(["backup", "restore", bid]) == 1
    assert "--yes" in capsys.readouterr().err
    assert main(["backup", "list"]) == 0
    assert len(capsys.readouterr().out.strip().splitlines()) == 1   # no 恢复前 backup: nothing was replaced


def test_restore_unknown_id_says_what_is_wrong(demo_db, capsys):
    demo_db.close()
    assert main(["backup", "restore", "20000101-000000"]) == 1
    assert "backup list" in capsys.readouterr().err


def test_manual_backup_to_a_folder_and_restore_from_that_file(demo_db, tmp_path):
    before = table_dump(demo_db)
    usb = tmp_path / "usb"
    path = backup.copy_to_folder(demo_db, usb)
    assert path.exists() and path.with_suffix(".key").exists()
    add_member(demo_db, "又一个")
    info = backup.describe_file(path, demo_db.key)
    assert info.counts["member"] == 200
    backup.restore_file(demo_db, path)
    assert table_dump(demo_db) == before


def test_backup_if_changed_skips_when_nothing_changed(demo_db):
    assert backup.backup_if_changed(demo_db) is not None
    assert backup.backup_if_changed(demo_db) is None
    add_member(demo_db)
    assert backup.backup_if_changed(demo_db) is not None


def test_rotation_keeps_last_ten_and_daily_weekly_monthly(tmp_path):
    folder = tmp_path / "d" / backup.BACKUP_DIRNAME
    folder.mkdir(parents=True)
    now = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
    import json

    made = []
    # one backup every 6 hours for 400 days
    for i in range(400 * 4):
        t = now - timedelta(hours=6 * i)
        bid = t.strftime("%Y%m%d-%H%M%S")
        (folder / f"{bid}.db").write_bytes(b"x")
        (folder / f"{bid}.json").write_text(json.dumps({"created": t.isoformat(), "reason": "auto"}))
        made.append((bid, t))
    backup.rotate(folder, now)
    kept = {b.id for b in backup.list_backups(tmp_path / "d")}
    newest10 = {bid for bid, _t in made[:10]}
    assert newest10 <= kept
    # at most 10 + 7 + 4 + 12 remain, and something from about a year ago is still there
    assert len(kept) <= 33
    oldest = min(kept)
    assert oldest < (now - timedelta(days=300)).strftime("%Y%m%d")
    # nothing older than the monthly window
    assert oldest >= (now - timedelta(days=31 * 12 + 1)).strftime("%Y%m%d")


def test_backup_before_migration(tmp_path):
    from app.storage import keys, migrate
    from app.storage.db import make_engine

    base = paths.ensure_private_dir(paths.data_dir())
    key = keys.new_key()
    rec = keys.new_record(key, "a good passphrase")
    keys.write_record(keys.key_path(base), rec)
    keys.keyring_set(rec.db_id, key)
    engine = make_engine(paths.database_path(base), key)
    from alembic import command

    cfg = migrate.alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0001")
    engine.dispose()
    db = open_data(base)
    db.close()
    assert [b.reason for b in backup.list_backups(base)] == ["migrate"]


def test_damaged_database_names_the_newest_sound_backup(demo_db):
    info = backup.create_backup(demo_db)
    demo_db.close()
    path = paths.database_path()
    data = bytearray(path.read_bytes())
    for off in range(4096 * 3, 4096 * 6):  # scramble a few pages in the middle
        data[off] ^= 0x5A
    path.write_bytes(bytes(data))
    with pytest.raises(DomainError) as e:
        open_data(paths.data_dir())
    assert e.value.code == "storage.corrupt"
    assert info.id in e.value.message
    assert main(["backup", "restore", info.id, "--yes"]) == 0
    assert main(["check"]) == 0


def test_second_process_cannot_open_data_in_use(demo_db):
    r = run_cli("check")  # waits a few seconds, then says why it cannot
    assert r.returncode == 1
    assert "正被另一个工会工作台使用" in r.stderr
    assert "pid" in r.stderr


def test_lock_is_released_on_close_and_after_a_kill(demo_db):
    demo_db.close()
    assert not lock.is_held(paths.data_dir())
    child = spawn("import sys,time\nfrom app.core import open_data\nfrom pathlib import Path\n"
                  "db=open_data(Path(sys.argv[1]))\nprint('open', flush=True)\ntime.sleep(60)",
                  str(paths.data_dir()))
    try:
        assert child.stdout.readline().strip() == "open"
        with pytest.raises(DomainError) as e:
            open_data(paths.data_dir(), lock_wait=0)
        assert e.value.code == "storage.in_use"
    finally:
        child.kill()
        child.wait()
    db = open_data(paths.data_dir(), lock_wait=2)  # the OS released the killed process's lock
    db.close()
