"""Fixtures for the upward bundle: an in-memory keyring, an enterprise with a signing key, a receiver."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import keyring
import pytest

from app import paths
from app.cli import main


@pytest.fixture(autouse=True)
def memory_keyring():
    """The test process's in-memory keyring (tests/conftest.py), restored after each test."""
    from tests.conftest import MEMORY_KEYRING

    saved = dict(MEMORY_KEYRING.store)
    yield MEMORY_KEYRING
    keyring.set_keyring(MEMORY_KEYRING)
    MEMORY_KEYRING.store.clear()
    MEMORY_KEYRING.store.update(saved)


def run(*argv: str) -> int:
    return main([str(a) for a in argv])


@dataclass
class World:
    tmp: Path
    ent: Path          # enterprise data folder
    hub: Path          # receiver data folder
    identity: Path     # receiver's age identity file
    recipient: str
    pseudonym_key: str
    org_code: str = ""
    hub_org: str = "HK-ZGH"

    def export(self, name: str, *extra: str) -> Path:
        out = self.tmp / name
        assert run("--data-dir", self.ent, "bundle", "export", "-o", out, *extra) == 0, self.ent
        return out

    def hub_import(self, *files: Path) -> int:
        return run("--data-dir", self.hub, "hub", "import", *files)


@pytest.fixture
def world(tmp_path, capsys):
    from tests.conftest import copy_template

    ent = tmp_path / "ent"
    copy_template(ent, members=200, seed=1)
    hubdir = tmp_path / "hub"
    ident = tmp_path / "hub-identity.txt"
    assert run("--data-dir", hubdir, "hub", "init", "--org", "HK-ZGH", "--name", "海口市总工会",
               "--identity-file", ident) == 0
    recipient = capsys.readouterr().out.strip().splitlines()[-1]
    from app.sync import hub as hubmod

    h = hubmod.open_hub(hubdir)
    pkey = hubmod.info(h)["pseudonym_key"]
    h.close()
    assert run("--data-dir", ent, "keys", "create") == 0
    assert run("--data-dir", ent, "bundle", "recipient", "add", recipient, "--org", "HK-ZGH", "--name", "海口市总工会",
               "--pseudonym-key", pkey) == 0
    enrol = tmp_path / "enrol.json"
    assert run("--data-dir", ent, "keys", "enrolment", "-o", enrol) == 0
    assert run("--data-dir", hubdir, "hub", "enrol", enrol) == 0
    capsys.readouterr()
    paths.set_data_dir(None)
    import json

    code = json.loads(enrol.read_text(encoding="utf-8"))["org_code"]
    return World(tmp_path, ent, hubdir, ident, recipient, pkey, org_code=code)


# --- forging bundles (the adversary's tools) -----------------------------------------------------------------------


def hub_identities(w: World) -> list[str]:
    from app.sync import agefmt

    return agefmt.read_identity_file(w.identity.read_text(encoding="utf-8"))


def open_bundle(w: World, path: Path) -> tuple[dict, bytes, bytes]:
    import json

    from app.sync import agefmt, container

    mbytes, sig, payload = container.unpack(agefmt.open_outer(path.read_bytes(), hub_identities(w)))
    return json.loads(mbytes), sig, payload


def ent_key(w: World):
    from app.core import open_data
    from app.sync import keys

    db = open_data(w.ent)
    try:
        return keys.load_private(db)
    finally:
        db.close()


def seal(manifest: dict, payload: bytes, signer, recipients: list[str], *, fix_payload: bool = True,
         armored: bool = False, manifest_bytes: bytes | None = None) -> bytes:
    import hashlib

    from app.sync import agefmt, container

    if fix_payload:
        manifest["payload"]["sha256"] = hashlib.sha256(payload).hexdigest()
        manifest["payload"]["bytes"] = len(payload)
    mb = manifest_bytes if manifest_bytes is not None else container.canonical(manifest)
    inner = container.pack(mb, container.sign(mb, signer), payload)
    return agefmt.encrypt(inner, recipients, armored=armored)


def lines_of(payload: bytes) -> list[dict]:
    import json

    return [json.loads(x) for x in payload.splitlines()]


def payload_of(lines: list[dict]) -> bytes:
    from app.sync import container

    return b"".join(container.canonical(x) + b"\n" for x in lines)


def plain_receiver(tmp_path: Path) -> Path:
    """A receiver folder as an earlier version left it: a plain (unencrypted) SQLite hub.db and an empty hub.json,
    its age identity in a file. Returns the folder."""
    from app.storage.db import make_engine
    from app.sync import agefmt
    from app.sync import hub as hubmod

    ident, _rec = agefmt.new_identity()
    idf = tmp_path / "id.txt"
    idf.write_text(agefmt.identity_file_text(ident, "2025-01-01T00:00:00"), encoding="utf-8")
    folder = tmp_path / "hub"
    folder.mkdir()
    engine = make_engine(folder / hubmod.DB_FILE)  # how an earlier version stored it: plain SQLite
    hubmod.md.create_all(engine)
    with engine.begin() as conn:
        conn.execute(hubmod.T_META.insert(), [{"key": "lock", "value": "0"}, {"key": "schema", "value": "1"},
                                              {"key": "org_code", "value": "HK-ZGH"},
                                              {"key": "name", "value": "海口市总工会"},
                                              {"key": "identity_file", "value": str(idf)}])
    engine.dispose()
    (folder / hubmod.CONFIG).write_text("{}\n", encoding="utf-8")
    return folder
