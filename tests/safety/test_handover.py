"""Term handover: the package opens in a second data folder with the new passphrase, and only with it."""

from __future__ import annotations

import zipfile

import pytest

from app import paths
from app.cli import main
from app.core import open_data
from app.errors import DomainError
from app.storage import backup, handover, keys
from tests.conftest import MEMORY_KEYRING, TEST_PASSPHRASE
from tests.safety.helpers import no_keyring, passphrase_env, plaintext_files, run_cli, table_dump

NEW = "新任主席的交接口令2026"


def test_package_opens_in_a_second_data_folder_with_the_new_passphrase(demo_db, tmp_path):
    expected = table_dump(demo_db)
    pkg = tmp_path / "交接.udhandover"
    handover.export_package(demo_db, pkg, NEW)
    demo_db.close()
    with zipfile.ZipFile(pkg) as z:
        assert sorted(z.namelist()) == ["manifest.json", "uniondesk.db", "uniondesk.key"]
        assert not z.read("uniondesk.db").startswith(b"SQLite format 3\0")
        assert NEW.encode() not in z.read("uniondesk.key")
    second = tmp_path / "laptop2"
    with no_keyring(), passphrase_env(None, tmp_path):
        with pytest.raises(DomainError) as e:
            handover.open_package(pkg, second, TEST_PASSPHRASE)  # the old recovery passphrase does not open it
        assert e.value.code == "keys.wrong_passphrase"
        assert not paths.database_path(second).exists()
        handover.open_package(pkg, second, NEW)
        with passphrase_env(NEW, tmp_path):  # on the new laptop the handover passphrase is the recovery one
            db = open_data(second)
        try:
            assert table_dump(db) == expected
        finally:
            db.close()
    assert plaintext_files(second) == []


def test_package_has_its_own_key(demo_db, tmp_path):
    pkg = tmp_path / "p.udhandover"
    handover.export_package(demo_db, pkg, NEW)
    second = tmp_path / "two"
    handover.open_package(pkg, second, NEW)
    from app.storage.db import key_opens

    assert not key_opens(paths.database_path(second), demo_db.key)


def test_cli_handover_export_and_open_in_separate_processes(demo_db, tmp_path):
    demo_db.close()
    newpp = tmp_path / "new.txt"
    newpp.write_text(NEW + "\n", encoding="utf-8")
    pkg = tmp_path / "handover.udhandover"
    r = run_cli("handover", "export", "-o", str(pkg), "--passphrase-file", str(newpp))
    assert r.returncode == 0, r.stderr
    second = tmp_path / "second"
    wrong = run_cli("--data-dir", str(second), "handover", "open", str(pkg))  # conftest's old passphrase
    assert wrong.returncode == 1 and "口令不正确" in wrong.stderr
    r = run_cli("--data-dir", str(second), "handover", "open", str(pkg), "--passphrase-file", str(newpp))
    assert r.returncode == 0, r.stderr
    assert "会员 200" in r.stdout
    r = run_cli("--data-dir", str(second), "roster", "search", "", env={"UNIONDESK_PASSPHRASE_FILE": str(newpp)})
    assert r.returncode == 0, r.stderr


def test_handover_refuses_a_short_passphrase_and_a_data_folder_in_use(demo_db, tmp_path):
    with pytest.raises(DomainError) as e:
        handover.export_package(demo_db, tmp_path / "x.udhandover", "short")
    assert e.value.code == "keys.passphrase_short"
    pkg = tmp_path / "p.udhandover"
    handover.export_package(demo_db, pkg, NEW)
    with pytest.raises(DomainError) as e:
        handover.open_package(pkg, paths.data_dir(), NEW)
    assert e.value.code == "handover.target_not_empty"


def test_usb_backup_opens_on_a_new_laptop_with_the_recovery_passphrase(demo_db, tmp_path):
    expected = table_dump(demo_db)
    copy = backup.copy_to_folder(demo_db, tmp_path / "usb")
    demo_db.close()
    MEMORY_KEYRING.store.clear()  # a different computer
    laptop = tmp_path / "new-laptop"
    handover.open_package(copy, laptop, TEST_PASSPHRASE)
    db = open_data(laptop)
    try:
        assert table_dump(db) == expected
    finally:
        db.close()


def test_recovery_sheet_says_where_and_how_but_never_the_passphrase(demo_db, tmp_path, capsys):
    demo_db.close()
    out = tmp_path / "sheet.html"
    assert main(["keys", "recovery-sheet", "-o", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert str(paths.data_dir()) in text and "handover open" in text
    import datetime

    assert datetime.date.today().isoformat() in text
    assert TEST_PASSPHRASE not in text
    rec = keys.read_record(keys.key_path(paths.data_dir()))
    assert rec.wrap["data"] not in text


def test_changing_the_recovery_passphrase(demo_db, tmp_path):
    from app.services.safety import set_recovery_passphrase
    from app.storage.secure import verify_passphrase

    set_recovery_passphrase(demo_db, "a brand new passphrase", "a brand new passphrase")
    assert verify_passphrase(paths.data_dir(), "a brand new passphrase")
    assert not verify_passphrase(paths.data_dir(), TEST_PASSPHRASE)
    with pytest.raises(DomainError):
        set_recovery_passphrase(demo_db, "one passphrase", "another one")


def test_recovery_sheet_as_pdf(demo_db, tmp_path):
    import subprocess

    from app.services.safety import write_recovery_sheet
    from tests.conftest import need_tool

    pdftotext = need_tool("pdftotext")
    out = write_recovery_sheet(demo_db, tmp_path / "sheet.pdf")
    text = subprocess.run([pdftotext, str(out), "-"], capture_output=True, text=True, check=True).stdout
    assert "工会数据恢复说明" in text and "数据文件夹" in text
    assert TEST_PASSPHRASE not in text
