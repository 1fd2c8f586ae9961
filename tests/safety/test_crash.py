"""kill -9 in the middle of an import-like bulk write, a backup and a migration: the database still passes
``uniondesk check`` and never holds half an import."""

from __future__ import annotations

import time

from app import paths
from app.core import open_data
from app.storage import backup
from tests.safety.helpers import plaintext_files, run_cli, spawn

BULK_IMPORT = r"""
import random, sys
from datetime import date
from pathlib import Path
from app.core import open_data
from app.services import roster
from app.services.demo import random_id, random_name
db = open_data(Path(sys.argv[1]))
rng = random.Random(5)
with db.session(write=True) as s:           # one transaction: all or nothing
    print("started", flush=True)
    for i in range(100000):
        born = date(1970 + rng.randint(0, 30), rng.randint(1, 12), rng.randint(1, 28))
        roster._insert_member(s, {"name": random_name(rng), "sex": "女", "birth_date": born,
                                  "id_number": random_id(rng, born, "女")})
        if i % 200 == 0:
            s.flush()
            print(i, flush=True)
print("finished", flush=True)
"""


def _kill_after(child, lines: int) -> list[str]:
    seen = []
    for _ in range(lines):
        line = child.stdout.readline()
        if not line:
            break
        seen.append(line.strip())
    child.kill()  # SIGKILL: no cleanup of any kind
    child.wait()
    return seen


def _member_count() -> int:
    db = open_data(paths.data_dir())
    try:
        with db.engine.connect() as conn:
            return conn.exec_driver_sql("SELECT count(*) FROM member").scalar()
    finally:
        db.close()


def test_kill_during_bulk_import_leaves_a_sound_database_without_half_an_import(demo_db):
    demo_db.close()
    child = spawn(BULK_IMPORT, str(paths.data_dir()))
    seen = _kill_after(child, 4)
    assert seen[0] == "started" and "finished" not in seen
    r = run_cli("check")
    assert r.returncode == 0, r.stderr
    assert _member_count() == 200  # nothing of the interrupted import
    assert plaintext_files(paths.data_dir()) == []


BACKUP_LOOP = r"""
import sys
from pathlib import Path
from app.core import open_data
from app.storage import backup
db = open_data(Path(sys.argv[1]))
backup.PAGES_PER_STEP = 1
for i in range(1000):
    print(i, flush=True)
    backup.create_backup(db, "manual")
"""


def test_kill_during_backup_leaves_sound_database_and_only_whole_backups(demo_db):
    demo_db.close()
    child = spawn(BACKUP_LOOP, str(paths.data_dir()))
    _kill_after(child, 3)
    r = run_cli("check")
    assert r.returncode == 0, r.stderr
    db = open_data(paths.data_dir())
    try:
        listed = backup.list_backups(db)
        assert listed
        for b in listed:  # every listed backup is complete and opens with the key
            assert backup.check_file(b.path, db.key) == []
        backup.create_backup(db)  # the next backup removes the crashed run's partial file
        assert not list(backup.backup_dir(db).glob("*.part"))
    finally:
        db.close()
    assert plaintext_files(paths.data_dir()) == []


MIGRATION_LOOP = r"""
import sys
from pathlib import Path
from alembic import command
from app.core import open_data
from app.services import demo
from app.storage import keys, migrate
from app.storage.db import Database, make_engine
root = Path(sys.argv[1])
for i in range(1000):
    base = root / str(i)
    base.mkdir(parents=True)
    key = keys.new_key()
    rec = keys.new_record(key, "migration test passphrase")
    keys.write_record(keys.key_path(base), rec)
    engine = make_engine(base / "uniondesk.db", key)
    cfg = migrate.alembic_config()
    with engine.begin() as conn:                      # the schema of the first version
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0001")
        conn.exec_driver_sql("INSERT OR IGNORE INTO meta(key, value) VALUES ('rv', '0')")
        conn.exec_driver_sql("INSERT INTO department(uuid, created_at, updated_at, rv, name, kind, sort_order) "
                             "VALUES ('u1', '2020-01-01', '2020-01-01', 1, '一车间', '部门', 0)")
    engine.dispose()
    print(i, flush=True)
    db = open_data(base)                              # backup, then migrate to the current schema
    db.close()
"""


def test_kill_during_migration_leaves_a_sound_database_at_a_known_revision(tmp_path, monkeypatch):
    root = tmp_path / "many"
    pp = tmp_path / "pp.txt"
    pp.write_text("migration test passphrase\n", encoding="utf-8")
    monkeypatch.setenv("UNIONDESK_PASSPHRASE_FILE", str(pp))
    child = spawn(MIGRATION_LOOP, str(root))
    first = child.stdout.readline()
    time.sleep(0.3)
    child.kill()
    child.wait()
    printed = [int(x) for x in (first + child.stdout.read()).split()]
    assert printed
    # the folders whose first-version database was complete when the migration started
    for base in [root / str(i) for i in printed[-2:]]:
        r = run_cli("--data-dir", str(base), "check")  # migrates (after a backup) if the kill came first
        assert r.returncode == 0, r.stderr
        db = open_data(base)
        try:
            with db.engine.connect() as conn:
                assert conn.exec_driver_sql("SELECT name FROM department").scalar() == "一车间"
        finally:
            db.close()
        assert plaintext_files(base) == []


REAL_IMPORT = r"""
import sys
from pathlib import Path
from app.core import open_data
from app.services import roster_import
db = open_data(Path(sys.argv[1]))
preview = roster_import.read_file(db, sys.argv[2])
print("checked", preview.count("new"), flush=True)

def progress(done, total, *rest):   # the rows so far are written inside the open transaction: hold here
    print("writing", done, total, flush=True)
    import time
    time.sleep(120)
    return True

roster_import.commit(db, preview, skip_invalid=True, progress=progress)
print("finished", flush=True)
"""


def test_kill_during_the_real_roster_import_writes_nothing(demo_db, tmp_path):
    from app.services import roster, roster_export
    from tests.conftest import copy_template

    source = copy_template(tmp_path / "other", members=2000, seed=7)
    other = open_data(source)
    path = tmp_path / "名册.xlsx"
    try:
        roster_export.export_xlsx(other, path, roster.search_ids(other, ""))
    finally:
        other.close()
    demo_db.close()
    child = spawn(REAL_IMPORT, str(paths.data_dir()), str(path))
    seen = []
    for line in child.stdout:
        seen.append(line.strip())
        if line.startswith("writing"):
            break
    child.kill()
    child.wait()
    assert seen[0].startswith("checked") and int(seen[0].split()[1]) > 1000
    assert seen[-1].startswith("writing") and int(seen[-1].split()[1]) > 1000  # mid-import: rows were written
    r = run_cli("check")
    assert r.returncode == 0, r.stderr
    assert _member_count() == 200
