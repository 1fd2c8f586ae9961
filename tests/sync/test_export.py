"""The enterprise side: keys, recipients, policy levels, export, acknowledgements, history."""

from __future__ import annotations

import json

import keyring
import pytest
from keyring.backends import fail

from app.core import open_data
from app.errors import DomainError
from app.sync import exporter, keys, providers
from tests.sync.conftest import open_bundle, run


def test_l0_default_holds_aggregates_only(world):
    b = world.export("a.age")
    m, _sig, payload = open_bundle(world, b)
    assert m["policy"]["level"] == "L0" and m["kind"] == "snapshot"
    assert m["payload"]["counts"]["records"] == {}
    text = payload.decode()
    assert '"roster.members"' in text
    db = open_data(world.ent)
    from app.services import roster

    someone = roster.search(db, "", limit=1)[0]
    db.close()
    assert someone.name not in text and someone.id_number not in text


def test_l1_needs_agreed_pseudonym_key(world, capsys):
    db = open_data(world.ent)
    exporter.add_recipient(db, world.recipient, "HK-ZGH", "海口市总工会")  # keeps the key it has
    from app.models.sync import SyncRecipient

    with db.session(write=True) as s:
        r = s.exec(__import__("sqlmodel").select(SyncRecipient)).first()
        r.pseudonym_key = ""
        s.add(r)
    with pytest.raises(DomainError) as e:
        exporter.export_bundle(db, world.tmp / "x.age", level="L1")
    db.close()
    assert e.value.code == "sync.no_pseudonym_key"


def test_l2_needs_purpose_and_confirmation(world, capsys):
    out = world.tmp / "l2.age"
    assert run("--data-dir", world.ent, "bundle", "export", "-o", out, "--level", "L2") == 1
    assert "用途" in capsys.readouterr().err
    assert run("--data-dir", world.ent, "bundle", "export", "-o", out, "--level", "L2", "--purpose", "transfer") == 1
    assert "确认" in capsys.readouterr().err
    assert not out.exists()
    assert run("--data-dir", world.ent, "bundle", "export", "-o", out, "--level", "L2", "--purpose", "transfer",
               "--confirm-identified") == 0
    m, _sig, payload = open_bundle(world, out)
    assert m["policy"]["purpose"] == "transfer" and m["policy"]["legal_basis"]
    first = next(json.loads(x) for x in payload.splitlines() if b'"member"' in x)
    assert first["d"]["name"] and len(first["d"]["id_number"]) == 18
    assert world.hub_import(out) == 0


def test_exporter_refuses_id_number_at_l0_l1(world, monkeypatch):
    def leaky(ctx):
        return providers.Output(aggregates={"roster.members": {"note": "联系人 11010519491231002X"}})

    monkeypatch.setitem(providers._providers, "zz_leak", leaky)
    db = open_data(world.ent)
    try:
        for level in ("L0", "L1"):
            with pytest.raises(DomainError) as e:
                exporter.export_bundle(db, world.tmp / "leak.age", level=level)
            assert e.value.code == "sync.id_number_in_bundle"
            assert "11010519491231002X" not in e.value.message
        assert exporter.history(db) == []
    finally:
        db.close()
    assert not (world.tmp / "leak.age").exists()


def test_seq_history_and_ack_file_make_deltas(world, capsys):
    a = world.export("a.age", "--level", "L1")
    assert world.hub_import(a) == 0
    ack = world.tmp / "ack.json"
    assert run("--data-dir", world.hub, "hub", "ack", "--org", world.org_code, "-o", ack) == 0
    assert run("--data-dir", world.ent, "bundle", "ack", ack) == 0
    b = world.export("b.age", "--level", "L1")
    m, *_ = open_bundle(world, b)
    assert (m["kind"], m["seq"], m["base_seq"]) == ("delta", 2, 1)
    assert m["payload"]["counts"]["records"] == {}   # nothing changed since the acknowledged bundle
    assert world.hub_import(b) == 0
    capsys.readouterr()
    assert run("--data-dir", world.ent, "bundle", "history", "--json") == 0
    hist = json.loads(capsys.readouterr().out)
    assert [h["seq"] for h in hist] == [2, 1]
    assert hist[1]["counts"]["records"]["member"] == 200 and hist[1]["acknowledged"]
    assert "name" not in json.dumps(hist, ensure_ascii=False)
    assert run("--data-dir", world.ent, "bundle", "ack", "--seq", "9") == 1


def test_keys_show_and_enrolment(world, capsys):
    assert run("--data-dir", world.ent, "keys", "show") == 0
    shown = capsys.readouterr().out
    doc = json.loads((world.tmp / "enrol.json").read_text(encoding="utf-8"))
    assert doc["fingerprint"] in shown
    assert doc["org_code"] == world.org_code and doc["union_name"] and doc["date"] and doc["public_key"]
    assert keys.verify_enrolment(doc)
    doc["org_code"] = "91000000FAKE"
    assert not keys.verify_enrolment(doc)


def test_no_keyring_falls_back_to_passphrase_file(tmp_path, monkeypatch, capsys):
    from tests.conftest import copy_template

    ent = tmp_path / "e"
    copy_template(ent)
    keyring.set_keyring(fail.Keyring())
    assert run("--data-dir", ent, "keys", "create") == 1
    assert "口令" in capsys.readouterr().err
    pw = tmp_path / "pw"
    pw.write_text("correct horse battery", encoding="utf-8")
    assert run("--data-dir", ent, "keys", "create", "--passphrase-file", pw) == 0
    from app.sync import agefmt

    _i, rec = agefmt.new_identity()
    assert run("--data-dir", ent, "bundle", "recipient", "add", rec, "--org", "P", "--name", "上级") == 0
    assert run("--data-dir", ent, "bundle", "export", "-o", tmp_path / "b.age") == 1
    assert run("--data-dir", ent, "bundle", "export", "-o", tmp_path / "b.age", "--passphrase-file", pw) == 0
    wrong = tmp_path / "wrong"
    wrong.write_text("not the passphrase", encoding="utf-8")
    assert run("--data-dir", ent, "bundle", "export", "-o", tmp_path / "c.age", "--passphrase-file", wrong) == 1


def test_missing_key_passphrase_names_the_option_the_command_takes(tmp_path, capsys):
    from tests.conftest import copy_template

    ent = tmp_path / "e"
    copy_template(ent)
    keyring.set_keyring(fail.Keyring())
    pw = tmp_path / "pw"
    pw.write_text("correct horse battery", encoding="utf-8")
    assert run("--data-dir", ent, "keys", "create", "--passphrase-file", pw) == 0
    capsys.readouterr()
    # the message must name an option `keys enrolment` accepts, and that option must then work
    assert run("--data-dir", ent, "keys", "enrolment", "-o", tmp_path / "e.json") == 1
    assert "--key-passphrase-file" in capsys.readouterr().err
    assert run("--data-dir", ent, "keys", "enrolment", "-o", tmp_path / "e.json", "--key-passphrase-file", pw) == 0


def test_handover_to_a_new_laptop(world, tmp_path, memory_keyring, capsys):
    from tests.conftest import copy_template

    pw = tmp_path / "pw"
    pw.write_text("handover passphrase", encoding="utf-8")
    f = tmp_path / "handover.age"
    assert run("--data-dir", world.ent, "keys", "handover", "-o", f, "--passphrase-file", pw) == 0
    assert f.read_bytes().startswith(b"age-encryption.org/v1\n-> scrypt")
    for entry in [k for k in memory_keyring.store if k[0] == keys.KEYRING_SERVICE]:
        del memory_keyring.store[entry]   # the new laptop has no signing key in its keyring
    new = tmp_path / "new"
    copy_template(new)
    assert run("--data-dir", new, "keys", "import", f, "--passphrase-file", pw) == 0
    capsys.readouterr()
    assert run("--data-dir", new, "keys", "show") == 0
    doc = json.loads((world.tmp / "enrol.json").read_text(encoding="utf-8"))
    assert doc["fingerprint"] in capsys.readouterr().out


def test_recipient_must_be_an_age_key(world, capsys):
    assert run("--data-dir", world.ent, "bundle", "recipient", "add", "ssh-ed25519 AAAA", "--org", "X", "--name", "Y") == 1
    assert "age1" in capsys.readouterr().err


def test_print_enrolment_pdf(world, capsys):
    pytest.importorskip("app.documents.render")
    from tests.conftest import need_tool

    pdf = world.tmp / "enrol.pdf"
    assert run("--data-dir", world.ent, "print", "enrolment", "-o", pdf) == 0
    import subprocess

    text = subprocess.run([need_tool("pdftotext"), str(pdf), "-"], capture_output=True, text=True).stdout
    doc = json.loads((world.tmp / "enrol.json").read_text(encoding="utf-8"))
    assert doc["fingerprint"] in text.replace(" ", "") and "工会印章" in text and "签字" in text


def test_signing_key_created_at_setup_when_keyring_allows(empty_db, memory_keyring):
    from app.services import org as org_service

    org_service.save_org(empty_db, {"union_name": "甲公司工会", "enterprise_credit_code": "91460100MA5T00000H"})
    rec = keys.create_at_setup(empty_db)
    assert rec is not None and keys.active_key(empty_db).key_id == rec.key_id
    assert keys.create_at_setup(empty_db).key_id == rec.key_id   # once only
    assert keys.load_private(empty_db) is not None


def test_no_key_at_setup_without_keyring(empty_db):
    from app.services import org as org_service

    keyring.set_keyring(fail.Keyring())
    org_service.save_org(empty_db, {"union_name": "甲公司工会", "enterprise_credit_code": "91460100MA5T00000H"})
    assert keys.create_at_setup(empty_db) is None and keys.active_key(empty_db) is None


def test_l1_pseudonym_is_the_agreed_hmac_of_the_id_number(world):
    from app.services import roster
    from app.sync import policy

    b = world.export("a.age", "--level", "L1")
    _m, _s, payload = open_bundle(world, b)
    lines = {x["u"]: x for x in map(json.loads, payload.splitlines()) if x["t"] == "member"}
    db = open_data(world.ent)
    try:
        m = roster.get_member(db, roster.search(db, "", limit=1)[0].id)
    finally:
        db.close()
    d = lines[m.uuid]["d"]
    assert d == {"pseudonym": policy.pseudonym(m.id_number, bytes.fromhex(world.pseudonym_key)),
                 "birth_year": m.birth_date.year, "sex": m.sex, "join_date": m.join_date.isoformat(),
                 "status": m.status}
    # the same person gets the same pseudonym whatever way the number was written
    assert policy.pseudonym(m.id_number.lower(), b"k" * 32) == policy.pseudonym(m.id_number, b"k" * 32)


def test_fast_hmac_equals_the_standard_one():
    import hmac

    from app.sync.policy import hmac_sha256

    for k in (b"", b"a" * 32, b"b" * 64, b"c" * 100):
        for msg in (b"", b"11010519491231002X", "张".encode() * 50):
            assert hmac_sha256(k)(msg) == hmac.digest(k, msg, "sha256")


def test_export_and_history_speak_chinese_not_table_names(world, capsys):
    capsys.readouterr()
    world.export("a.age", "--level", "L1")
    said = capsys.readouterr().out
    assert "会员 200" in said and "member" not in said
    assert run("--data-dir", world.ent, "bundle", "history") == 0
    line = capsys.readouterr().out.splitlines()[0]
    assert "完整快照" in line and "会员 200" in line
    assert "snapshot" not in line and "member" not in line


def test_history_and_replay_show_the_clerks_local_time(world, capsys, monkeypatch):
    import time
    from datetime import datetime, timedelta

    monkeypatch.setenv("TZ", "Asia/Shanghai")
    time.tzset()
    try:
        before = datetime.now()   # local wall clock, UTC+8
        b = world.export("a.age")
        assert world.hub_import(b) == 0
        capsys.readouterr()
        assert world.hub_import(b) == 0   # I01 already imported on <local time>
        said = capsys.readouterr().out
        assert run("--data-dir", world.ent, "bundle", "history") == 0
        line = capsys.readouterr().out.splitlines()[0]
        stamps = {(before + timedelta(minutes=m)).strftime("%Y-%m-%d %H:%M") for m in range(3)}
        assert any(s in line for s in stamps), line
        assert "I01" in said and any(s in said for s in stamps), said
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()


def test_receiver_refusals_say_where_in_the_clerks_language(world, capsys):
    b = world.export("a.age")
    data = b.read_bytes()
    empty = world.tmp / "empty.age"
    empty.write_bytes(b"")
    cut = world.tmp / "cut.age"
    cut.write_bytes(data[: len(data) - 20])
    capsys.readouterr()
    assert world.hub_import(world.tmp / "missing.age", empty, cut) == 1
    said = capsys.readouterr().err.splitlines()
    assert "找不到这个文件" in said[0] and "No such file" not in said[0]
    assert "空文件" in said[1] and "bytes" not in said[1]
    assert "E04" in said[2] and "payload" not in said[2]
    assert run("--data-dir", world.hub, "--lang", "en", "hub", "import", cut) == 1
    assert "(payload)" in capsys.readouterr().err


def test_receiver_database_is_encrypted(world, capsys):
    """The higher-level union's clerk keeps identified (L2) records on a laptop too: no plain SQLite file, no ID
    number readable in the receiver's folder."""
    from app.storage.secure import PLAIN_HEADER

    b = world.export("l2.age", "--level", "L2", "--purpose", "transfer", "--confirm-identified")
    assert world.hub_import(b) == 0
    db = open_data(world.ent)
    from app.services import roster

    someone = roster.search(db, "", limit=1)[0]
    db.close()
    for f in world.hub.rglob("*"):
        if f.is_file():
            data = f.read_bytes()
            assert not data.startswith(PLAIN_HEADER), f
            assert someone.id_number.encode() not in data, f
    capsys.readouterr()
    assert run("--data-dir", world.hub, "hub", "report", "-o", world.tmp / "r.xlsx") == 0


def test_plain_receiver_database_of_an_earlier_version_is_encrypted_on_open(tmp_path):
    from app.storage.secure import PLAIN_HEADER
    from app.sync import hub as hubmod

    from .conftest import plain_receiver

    folder = plain_receiver(tmp_path)
    h = hubmod.open_hub(folder)
    try:
        assert h.org_code == "HK-ZGH"
    finally:
        h.close()
    assert not (folder / hubmod.DB_FILE).read_bytes().startswith(PLAIN_HEADER)
    h = hubmod.open_hub(folder)   # and it opens again, through what hub.json now remembers
    try:
        assert hubmod.info(h)["name"] == "海口市总工会"
    finally:
        h.close()
