"""Files holding personal data are the user's only on POSIX: 0600 files, 0700 folders — under the usual umask 022,
where SQLite and shutil.copyfile would make them 0644 (readable by every account on the computer)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from app import paths
from app.core import open_data
from app.storage import backup, handover
from tests.conftest import copy_template
from tests.safety.helpers import no_keyring, passphrase_env

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")

NEW = "新任主席的交接口令2026"


@pytest.fixture(autouse=True)
def usual_umask():
    old = os.umask(0o022)
    yield
    os.umask(old)


def mode(p: Path) -> int:
    return stat.S_IMODE(os.stat(p).st_mode)


def assert_private(folder: Path) -> None:
    """Every file under ``folder`` 0600, every folder 0700 (the lock file holds nothing and may be seen)."""
    seen = 0
    for p in [folder, *folder.rglob("*")]:
        if p.is_dir():
            assert mode(p) == 0o700, (p, oct(mode(p)))
        elif p.name != "uniondesk.lock":
            assert mode(p) == 0o600, (p, oct(mode(p)))
            seen += 1
    assert seen


def test_new_database_its_wal_and_shm_are_the_users_only(tmp_path):
    data = tmp_path / "data"
    db = open_data(data)
    try:
        from app.services import roster

        roster.create_member(db, {"name": "张三", "sex": "女", "id_number": "11010519491231002X"})
        names = {p.name for p in data.iterdir()}
        assert {"uniondesk.db", "uniondesk.db-wal", "uniondesk.db-shm"} <= names  # while open, WAL beside it
        assert_private(data)
    finally:
        db.close()


def test_backups_and_the_usb_copy_are_the_users_only(demo_db, tmp_path):
    info = backup.create_backup(demo_db, "manual")
    assert mode(info.path.parent) == 0o700 and mode(info.path) == 0o600
    usb = tmp_path / "usb"
    copy = backup.copy_to_folder(demo_db, usb)
    assert mode(copy) == 0o600 and mode(copy.with_suffix(".key")) == 0o600
    backup.restore_file(demo_db, info.path)
    assert_private(demo_db.path.parent)


def test_handover_package_and_the_data_opened_from_it(demo_db, tmp_path):
    pkg = tmp_path / "交接.udhandover"
    handover.export_package(demo_db, pkg, NEW)
    demo_db.close()
    assert mode(pkg) == 0o600
    second = tmp_path / "laptop2"
    with no_keyring(), passphrase_env(None, tmp_path):
        handover.open_package(pkg, second, NEW)
    assert_private(second)


def test_a_database_made_world_readable_by_an_earlier_version_is_tightened_on_open(tmp_path):
    data = tmp_path / "old"
    copy_template(data)
    for p in data.glob("uniondesk.db*"):
        os.chmod(p, 0o644)
    os.chmod(data, 0o755)
    open_data(data).close()
    assert_private(data)


def test_receiver_database_and_its_backups_folder(tmp_path):
    from app.sync import hub as hubmod
    from tests.sync.conftest import plain_receiver

    folder = plain_receiver(tmp_path)  # an earlier version's plain database: encrypted on open
    os.chmod(folder / hubmod.DB_FILE, 0o644)
    os.chmod(folder / hubmod.CONFIG, 0o600)
    hubmod.open_hub(folder).close()
    assert (folder / "backups").is_dir()
    assert_private(folder)


def test_helpers_tighten_what_was_there(tmp_path):
    f = tmp_path / "x"
    f.write_bytes(b"old")
    os.chmod(f, 0o644)
    with paths.open_private(f) as fh:
        fh.write(b"new")
    assert mode(f) == 0o600 and f.read_bytes() == b"new"
    g = tmp_path / "sub" / "deeper"
    paths.ensure_private_dir(g)
    assert mode(g) == 0o700
