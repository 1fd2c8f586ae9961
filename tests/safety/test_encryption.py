"""Encryption at rest: keyring → passphrase file → ask; wrong passphrase refused; no plaintext anywhere."""

from __future__ import annotations

import pytest

from app import paths
from app.cli import main
from app.core import open_data
from app.errors import DomainError
from app.services import demo
from app.storage import backup, keys, secure
from app.storage.db import connect_raw
from tests.conftest import MEMORY_KEYRING, TEST_PASSPHRASE
from tests.safety.helpers import add_member, no_keyring, passphrase_env, plaintext_files, run_cli, table_dump


def test_no_file_in_the_data_folder_is_plain_sqlite(demo_db):
    # a write leaves WAL content; a backup and a manual copy add more files
    add_member(demo_db, "张三")
    backup.create_backup(demo_db)
    backup.copy_to_folder(demo_db, paths.data_dir() / "usb")
    assert (paths.data_dir() / "uniondesk.db-wal").exists()
    assert plaintext_files(paths.data_dir()) == []
    with open(paths.database_path(), "rb") as fh:
        assert b"\xe5\xbc\xa0\xe4\xb8\x89" not in fh.read()  # "张三" is not readable in the file


def test_key_comes_from_the_keyring_without_any_passphrase(demo_db, tmp_path):
    demo_db.close()
    with passphrase_env(None, tmp_path):
        db = open_data(paths.data_dir())  # not interactive, no passphrase file: the keyring alone opens it
        db.close()


def test_passphrase_file_opens_when_the_keyring_has_no_key_and_stores_it(demo_db, tmp_path):
    demo_db.close()
    rec = keys.read_record(keys.key_path(paths.data_dir()))
    saved = dict(MEMORY_KEYRING.store)
    MEMORY_KEYRING.store.clear()
    try:
        db = open_data(paths.data_dir())  # conftest's passphrase file
        db.close()
        assert MEMORY_KEYRING.get_password(keys.KEYRING_SERVICE, rec.db_id)
    finally:
        MEMORY_KEYRING.store.update(saved)


def test_wrong_passphrase_is_refused_and_nothing_is_touched(demo_db, tmp_path, capsys):
    demo_db.close()
    db_file = paths.database_path()
    before = db_file.read_bytes()
    with no_keyring(), passphrase_env("not the passphrase", tmp_path):
        with pytest.raises(DomainError) as e:
            open_data(paths.data_dir())
        assert e.value.code == "keys.wrong_passphrase"
        assert main(["roster", "search", "王"]) == 1
    assert "口令不正确" in capsys.readouterr().err
    assert db_file.read_bytes() == before


def test_wrong_key_never_opens_the_database(demo_db):
    demo_db.close()
    from app.storage.db import key_opens

    assert not key_opens(paths.database_path(), keys.new_key())
    assert not key_opens(paths.database_path(), None)


def test_cli_process_without_keyring_opens_with_passphrase_file_and_refuses_a_wrong_one(demo_db, tmp_path):
    demo_db.close()
    ok = run_cli("check")
    assert ok.returncode == 0, ok.stderr
    bad = tmp_path / "bad.txt"
    bad.write_text("wrong wrong wrong\n", encoding="utf-8")
    r = run_cli("check", env={"UNIONDESK_PASSPHRASE_FILE": str(bad)})
    assert r.returncode == 1
    assert "口令不正确" in r.stderr


def test_unattended_creation_takes_the_passphrase_file_as_recovery_passphrase(tmp_path):
    with no_keyring():
        db = open_data(paths.data_dir())
        db.close()
        assert secure.verify_passphrase(paths.data_dir(), TEST_PASSPHRASE)
        db = open_data(paths.data_dir())  # no keyring: the passphrase file opens it again
        db.close()


def test_creation_with_no_keyring_no_passphrase_file_and_no_terminal_stops_with_advice(tmp_path):
    with no_keyring(), passphrase_env(None, tmp_path):
        with pytest.raises(DomainError) as e:
            open_data(paths.data_dir())
    assert e.value.code == "keys.no_passphrase"
    assert "UNIONDESK_PASSPHRASE_FILE" in e.value.message
    assert not paths.database_path().exists() or paths.database_path().stat().st_size == 0


def test_cli_demo_without_keyring_or_passphrase_says_how_to_provide_one(tmp_path):
    import os

    env = {k: v for k, v in os.environ.items() if k != "UNIONDESK_PASSPHRASE_FILE"}
    import subprocess
    import sys

    from tests.safety.helpers import ROOT

    r = subprocess.run([sys.executable, "-m", "app", "--data-dir", str(tmp_path / "d"), "demo", "--members", "5"],
                       cwd=ROOT, env=env, capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=120)
    assert r.returncode == 1
    assert "UNIONDESK_PASSPHRASE_FILE" in r.stderr


def test_interactive_ask_is_used_when_nothing_else_gives_the_key(demo_db, tmp_path):
    demo_db.close()
    asked = []

    def ask(purpose):
        asked.append(purpose)
        return TEST_PASSPHRASE

    with no_keyring(), passphrase_env(None, tmp_path):
        db = open_data(paths.data_dir(), interactive=True, ask=ask)
        db.close()
    assert asked == ["unlock"]


def test_plain_database_from_an_earlier_version_is_converted_after_a_backup(tmp_path):
    from app.storage import migrate
    from app.storage.db import Database, make_engine

    base = paths.ensure_private_dir(paths.data_dir())
    engine = make_engine(paths.database_path(base), None)  # how the previous version stored its data
    migrate.upgrade(engine)
    plain = Database(paths.database_path(base), engine, None)
    with plain.engine.begin() as conn:
        conn.exec_driver_sql("INSERT OR IGNORE INTO meta(key, value) VALUES ('rv', '0')")
    demo.run_demo(plain, members=20, seed=3)
    expected = table_dump(plain)
    plain.close()
    assert secure.is_plain(paths.database_path(base))

    db = open_data(base)
    try:
        assert table_dump(db) == expected
        assert not secure.is_plain(db.path)
        assert any(b.reason == "convert" for b in backup.list_backups(db))
    finally:
        db.close()
    assert plaintext_files(base) == []
    conn = connect_raw(next(iter(backup.list_backups(base))).path, db.key)
    assert conn.execute("SELECT count(*) FROM member").fetchone()[0] == 20
    conn.close()
