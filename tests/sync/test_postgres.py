"""The receiver on a real PostgreSQL server (started by the test; skipped with a reason where none can start)."""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import pytest
import sqlalchemy as sa

from tests.conftest import REQUIRE_SYSTEM_TOOLS
from tests.sync.conftest import run


def _skip(reason: str) -> None:
    if REQUIRE_SYSTEM_TOOLS:
        pytest.fail(f"PostgreSQL is required (UNIONDESK_REQUIRE_SYSTEM_TOOLS=1): {reason}")
    pytest.skip(reason)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def pg_url():
    bins = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    initdb = bins[-1] if bins else shutil.which("initdb")
    if not initdb:
        _skip("PostgreSQL server binaries (initdb) are not installed")
    bindir = Path(initdb).parent
    prefix: list[str] = []
    tmp = Path(tempfile.mkdtemp(prefix="uniondesk-pg-"))
    if os.geteuid() == 0:  # initdb refuses to run as root
        runuser = shutil.which("runuser")
        try:
            import pwd

            pw = pwd.getpwnam("postgres")
        except KeyError:
            pw = None
        if not runuser or pw is None:
            _skip("running as root and no 'postgres' user to run the server as")
        os.chown(tmp, pw.pw_uid, pw.pw_gid)
        prefix = [runuser, "-u", "postgres", "--"]
    data, sock = tmp / "data", tmp
    port = _free_port()
    r = subprocess.run(prefix + [str(bindir / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust",
                                 "-E", "UTF8", "--no-locale"], capture_output=True, text=True)
    if r.returncode != 0:
        _skip(f"initdb failed: {r.stderr.strip()[:200]}")
    r = subprocess.run(prefix + [str(bindir / "pg_ctl"), "-D", str(data), "-w", "-l", str(tmp / "log"),
                                 "-o", f"-k {sock} -p {port} -c listen_addresses=''", "start"],
                       capture_output=True, text=True)
    if r.returncode != 0:
        _skip(f"PostgreSQL did not start: {r.stderr.strip()[:200]}")
    try:
        url = f"postgresql+psycopg2://postgres@/postgres?host={sock}&port={port}"
        yield url
    finally:
        subprocess.run(prefix + [str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
                       capture_output=True)
        shutil.rmtree(tmp, ignore_errors=True)


def test_receiver_on_postgresql(world, pg_url, tmp_path, capsys):
    hubdir = tmp_path / "pghub"
    ident = tmp_path / "pg-identity.txt"
    assert run("--data-dir", hubdir, "hub", "init", "--org", "PG-ZGH", "--name", "省总工会", "--identity-file", ident,
               "--db", pg_url) == 0
    rec = capsys.readouterr().out.strip().splitlines()[-1]
    assert run("--data-dir", world.ent, "bundle", "recipient", "add", rec, "--org", "PG-ZGH", "--name", "省总工会",
               "--pseudonym-key", "ab" * 32) == 0
    assert run("--data-dir", hubdir, "hub", "enrol", world.tmp / "enrol.json") == 0
    b = tmp_path / "pg.age"
    assert run("--data-dir", world.ent, "bundle", "export", "-o", b, "--level", "L1", "--to", "PG-ZGH") == 0
    assert run("--data-dir", hubdir, "hub", "import", b) == 0   # remembered --db from init
    assert run("--data-dir", hubdir, "hub", "import", b) == 0
    out = capsys.readouterr().out
    assert "已导入" in out and "I01" in out
    eng = sa.create_engine(pg_url)
    with eng.connect() as c:
        assert c.execute(sa.text("SELECT count(*) FROM hub_record WHERE table_name = 'member'")).scalar() == 200
        assert c.execute(sa.text("SELECT count(*) FROM hub_bundle")).scalar() == 1
    eng.dispose()
    assert not (hubdir / "hub.db").exists()
    assert run("--data-dir", hubdir, "hub", "report", "-o", tmp_path / "r.xlsx") == 0
