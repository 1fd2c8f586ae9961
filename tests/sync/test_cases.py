"""The 28 cases the receiver must survive (BUNDLE.md, "Cases the receiver's tests must cover"), one test each."""

from __future__ import annotations

import copy
import hashlib
import io
import json
import threading
import uuid
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pyrage
import pytest
import sqlalchemy as sa
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from app.core import open_data
from app.sync import agefmt, container, exporter, keys
from app.sync import hub as hubmod
from app.sync.errors import BundleRefused
from tests.sync.conftest import ent_key, lines_of, open_bundle, payload_of, run, seal


def _hub(w):
    return hubmod.open_hub(w.hub)


def _import(w, data: bytes, name: str = "x.age"):
    h = _hub(w)
    try:
        return hubmod.import_bundle(h, data, name)
    finally:
        h.close()


def _refused(w, data: bytes, name: str = "x.age") -> str:
    with pytest.raises(BundleRefused) as e:
        _import(w, data, name)
    return e.value.number


def _records(w, table: str = "member") -> dict[str, dict]:
    h = _hub(w)
    try:
        with h.engine.connect() as c:
            rows = c.execute(sa.select(hubmod.T_RECORD).where(hubmod.T_RECORD.c.table_name == table)).all()
    finally:
        h.close()
    return {r.uuid: {"rv": r.rv, **json.loads(r.data)} for r in rows}


def _count(w, table) -> int:
    h = _hub(w)
    try:
        with h.engine.connect() as c:
            return int(c.execute(sa.select(sa.func.count()).select_from(table)).scalar() or 0)
    finally:
        h.close()


def _snapshot_state(w) -> tuple:
    return tuple(_count(w, t) for t in (hubmod.T_BUNDLE, hubmod.T_RECORD, hubmod.T_TOMB, hubmod.T_AGG, hubmod.T_KEY))


def _ent(w):
    return open_data(w.ent)


def _update_first_member(w, **values) -> str:
    from app.services import roster

    db = _ent(w)
    try:
        m = roster.search(db, "", limit=1)[0]
        roster.update_member(db, m.id, values)
        return roster.get_member(db, m.id).uuid
    finally:
        db.close()


def _ack(w, seq: int) -> None:
    db = _ent(w)
    try:
        exporter.acknowledge(db, seq)
    finally:
        db.close()


def _forged(w, base: Path, *, edit=None, edit_lines=None, signer=None, **kw) -> bytes:
    m, _sig, payload = open_bundle(w, base)
    if edit_lines is not None:
        payload = payload_of(edit_lines(lines_of(payload)))
    if edit is not None:
        edit(m)
    return seal(m, payload, signer or ent_key(w), kw.pop("recipients", [w.recipient]), **kw)


def test_case_01_valid_bundle_applied(world, capsys):
    b = world.export(f"{world.org_code}_1.age", "--level", "L1")
    assert world.hub_import(b) == 0
    assert "已导入" in capsys.readouterr().out
    recs = _records(world)
    assert len(recs) == 200
    one = next(iter(recs.values()))
    assert set(one) == {"rv", "pseudonym", "birth_year", "sex", "join_date", "status"}
    headers, rows = hubmod.report_rows(_hub(world))
    assert rows[0][0] == world.org_code and rows[0][headers.index("会员总数")] > 150


def test_case_02_same_file_twice_and_concurrently(world, capsys):
    b = world.export("a.age", "--level", "L1")
    data = b.read_bytes()
    results: list[str] = []

    def go():
        h = _hub(world)
        try:
            results.append(hubmod.import_bundle(h, data).status)
        finally:
            h.close()

    threads = [threading.Thread(target=go) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == ["I01", "applied"]
    assert world.hub_import(b) == 0
    assert "I01" in capsys.readouterr().out
    assert _count(world, hubmod.T_BUNDLE) == 1


def test_case_03_same_manifest_reencrypted_is_I01(world):
    b = world.export("a.age", "--level", "L1")
    assert _import(world, b.read_bytes()).status == "applied"
    m, sig, payload = open_bundle(world, b)
    again = agefmt.encrypt(container.pack(container.canonical(m), sig, payload), [world.recipient])
    assert again != b.read_bytes()
    assert _import(world, again).status == "I01"


def test_case_04_same_seq_other_content_quarantined(world):
    b = world.export("a.age", "--level", "L1")
    assert _import(world, b.read_bytes()).status == "applied"

    def edit(m):
        m["bundle_id"] = str(uuid.uuid4())

    def edit_lines(lines):
        next(ln for ln in lines if ln.get("k") == "roster.members")["v"]["total"] += 1
        return lines

    assert _refused(world, _forged(world, b, edit=edit, edit_lines=edit_lines)) == "E15"
    assert _count(world, hubmod.T_QUARANTINE) == 1
    assert _count(world, hubmod.T_BUNDLE) == 1


def test_case_05_gap_then_both_apply_once(world, capsys):
    s1 = world.export("s1.age", "--level", "L1")
    assert _import(world, s1.read_bytes()).status == "applied"
    _ack(world, 1)
    _update_first_member(world, post="班组长甲")
    d2 = world.export("d2.age", "--level", "L1")
    _ack(world, 2)
    _update_first_member(world, post="班组长乙")
    d3 = world.export("d3.age", "--level", "L1")
    assert open_bundle(world, d3)[0]["base_seq"] == 2
    assert _refused(world, d3.read_bytes()) == "E16"
    assert _import(world, d2.read_bytes()).status == "applied"
    assert _import(world, d3.read_bytes()).status == "applied"
    assert _import(world, d3.read_bytes()).status == "I01"
    assert _count(world, hubmod.T_BUNDLE) == 3


def test_case_05b_import_sorts_out_the_gap_itself(world, capsys):
    s1 = world.export("s1.age", "--level", "L1")
    _ack(world, 1)
    _update_first_member(world, post="甲")
    world.export("s2.age", "--level", "L1")
    _ack(world, 2)
    _update_first_member(world, post="乙")
    world.export("s3.age", "--level", "L1")
    t = world.tmp
    assert world.hub_import(s1, t / "s3.age", t / "s2.age") == 0
    assert _count(world, hubmod.T_BUNDLE) == 3


def test_case_06_cumulative_delta_covers_lost_one(world):
    s1 = world.export("s1.age", "--level", "L1")
    assert _import(world, s1.read_bytes()).status == "applied"
    _ack(world, 1)
    u = _update_first_member(world, join_date="2020-01-02")
    lost = world.export("d2.age", "--level", "L1")
    _update_first_member(world, join_date="2021-03-04")
    d3 = world.export("d3.age", "--level", "L1")
    assert open_bundle(world, d3)[0]["base_seq"] == 1
    assert _import(world, d3.read_bytes()).status == "applied"
    assert _records(world)[u]["join_date"] == "2021-03-04"
    assert _import(world, lost.read_bytes()).status == "I02"
    assert _records(world)[u]["join_date"] == "2021-03-04"


def test_case_07_old_bundle_after_update_does_not_revert(world):
    s1 = world.export("s1.age", "--level", "L1")
    u = _update_first_member(world, join_date="2019-09-09")
    s2 = world.export("s2.age", "--level", "L1")
    assert _import(world, s2.read_bytes()).status == "applied"
    assert _import(world, s1.read_bytes()).status == "I02"
    assert _records(world)[u]["join_date"] == "2019-09-09"


def test_case_08_old_bundle_after_delete_does_not_resurrect(world):
    from app.services import roster

    s1 = world.export("s1.age", "--level", "L1")
    db = _ent(world)
    m = roster.search(db, "", limit=1)[0]
    gone = roster.get_member(db, m.id).uuid
    roster.delete_member(db, m.id)
    db.close()
    s2 = world.export("s2.age", "--level", "L1")
    assert _import(world, s2.read_bytes()).status == "applied"
    assert gone not in _records(world)
    assert _import(world, s1.read_bytes()).status == "I02"
    assert gone not in _records(world)


def test_case_09_truncation(world):
    data = agefmt.encrypt(b"z" * 200_000, [world.recipient])
    header_len = len(data) - len(agefmt.parse_header(data).payload)
    chunk_end = header_len + 16 + 65536 + 16
    before = _snapshot_state(world)
    assert _refused(world, data[:chunk_end]) == "E04"           # at a chunk boundary
    assert _refused(world, data[:chunk_end + 1000]) == "E04"    # mid-chunk
    assert _refused(world, data[:header_len]) == "E04"          # header only
    assert _refused(world, data[:40]) == "E04"                  # mid-header
    assert _refused(world, b"") == "E01"                        # zero bytes
    b = world.export("a.age", "--level", "L1").read_bytes()
    assert _refused(world, b[:-7]) == "E04"
    assert _snapshot_state(world) == before


def test_case_10_bit_flips_and_appended_bytes(world):
    b = world.export("a.age", "--level", "L1").read_bytes()
    header_len = len(b) - len(agefmt.parse_header(b).payload)

    def flip(pos):
        x = bytearray(b)
        x[pos] ^= 0x01
        return bytes(x)

    assert _refused(world, flip(40)) == "E03"              # inside the X25519 stanza
    assert _refused(world, flip(header_len - 10)) == "E04"  # inside the header MAC
    assert _refused(world, flip(header_len + 40)) == "E04"  # payload
    assert _refused(world, flip(len(b) - 3)) == "E04"       # last chunk's tag
    assert _refused(world, b + b"\x00extra") == "E04"       # appended bytes
    assert _count(world, hubmod.T_BUNDLE) == 0


def test_case_11_other_recipient_and_passphrase(world):
    b = world.export("a.age", "--level", "L1")
    m, sig, payload = open_bundle(world, b)
    inner = container.pack(container.canonical(m), sig, payload)
    _ident, other = agefmt.new_identity()
    assert _refused(world, agefmt.encrypt(inner, [other])) == "E03"
    assert _refused(world, pyrage.passphrase.encrypt(inner, "correct horse")) == "E02"


def test_case_12_outsider_unknown_key_no_signature(world):
    # an outsider who knows our public recipient can make a valid age file
    assert _refused(world, agefmt.encrypt(b"hello, not a zip", [world.recipient])) == "E05"
    b = world.export("a.age", "--level", "L1")
    outsider = Ed25519PrivateKey.generate()

    def other_org(m):
        m["sender"]["org_code"] = "91110000OUTSIDER1"
        m["sender"]["key_id"] = keys.key_id_of(keys.public_raw(outsider))

    assert _refused(world, _forged(world, b, edit=other_org, signer=outsider)) == "E07"

    def unknown_key(m):
        m["sender"]["key_id"] = keys.key_id_of(keys.public_raw(outsider))

    assert _refused(world, _forged(world, b, edit=unknown_key, signer=outsider)) == "E08"
    m, _sig, payload = open_bundle(world, b)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("manifest.json", container.canonical(m))
        zf.writestr("payload.jsonl", payload)
    assert _refused(world, agefmt.encrypt(buf.getvalue(), [world.recipient])) == "E05"


def _enrol_org_b(w) -> Ed25519PrivateKey:
    kb = Ed25519PrivateKey.generate()
    pub = keys.public_raw(kb)
    doc = {"type": "uniondesk-enrolment", "version": 1, "org_code": "91460200MA5TBBBB02", "union_name": "乙公司工会",
           "key_id": keys.key_id_of(pub), "public_key": keys.b64(pub), "fingerprint": keys.fingerprint(keys.key_id_of(pub)),
           "date": "2026-11-23", "valid_from_seq": 1}
    doc["signature"] = keys.b64(kb.sign(keys.ENROLMENT_DOMAIN + container.canonical(doc)))
    f = w.tmp / "enrol-b.json"
    f.write_text(json.dumps(doc), encoding="utf-8")
    h = _hub(w)
    hubmod.enrol(h, f)
    h.close()
    return kb


def test_case_13_org_b_as_org_a(world):
    kb = _enrol_org_b(world)
    b = world.export("a.age", "--level", "L1")

    def b_key(m):
        m["sender"]["key_id"] = keys.key_id_of(keys.public_raw(kb))

    assert _refused(world, _forged(world, b, edit=b_key, signer=kb)) == "E08"

    def b_sends(m):
        m["sender"]["org_code"] = "91460200MA5TBBBB02"
        m["sender"]["key_id"] = keys.key_id_of(keys.public_raw(kb))
        m["stream_id"] = str(uuid.uuid4())

    # B signs as itself but tags its records as org A's
    assert _refused(world, _forged(world, b, edit=b_sends, signer=kb)) == "E18"
    assert _count(world, hubmod.T_RECORD) == 0


def test_case_14_forwarded_to_another_receiver(world, tmp_path, capsys):
    hub2 = tmp_path / "hub2"
    ident2 = tmp_path / "id2.txt"
    assert run("--data-dir", hub2, "hub", "init", "--org", "SY-ZGH", "--name", "三亚市总工会", "--identity-file", ident2) == 0
    rec2 = capsys.readouterr().out.strip().splitlines()[-1]
    assert run("--data-dir", hub2, "hub", "enrol", world.tmp / "enrol.json") == 0
    b = world.export("a.age", "--level", "L1")
    m, sig, payload = open_bundle(world, b)
    forwarded = agefmt.encrypt(container.pack(container.canonical(m), sig, payload), [rec2])
    h2 = hubmod.open_hub(hub2)
    with pytest.raises(BundleRefused) as e:
        hubmod.import_bundle(h2, forwarded)
    h2.close()
    assert e.value.number == "E11"


def test_case_15_manifest_edited_or_payload_swapped(world):
    b1 = world.export("a.age", "--level", "L1")
    m, sig, payload = open_bundle(world, b1)
    m2 = copy.deepcopy(m)
    m2["policy"]["purpose"] = "aid"
    edited = agefmt.encrypt(container.pack(container.canonical(m2), sig, payload), [world.recipient])
    assert _refused(world, edited) == "E10"
    _update_first_member(world, post="换过")
    b2 = world.export("b.age", "--level", "L1")
    _m2, _s2, payload2 = open_bundle(world, b2)
    swapped = agefmt.encrypt(container.pack(container.canonical(m), sig, payload2), [world.recipient])
    assert _refused(world, swapped) == "E12"
    assert _count(world, hubmod.T_BUNDLE) == 0


def test_case_16_old_chairs_key_after_rotation(world, capsys):
    old = ent_key(world)
    s1 = world.export("s1.age", "--level", "L1")
    s2 = world.export("s2.age", "--level", "L1")
    assert run("--data-dir", world.ent, "keys", "rotate") == 0
    s3 = world.export("s3.age", "--level", "L1")
    assert open_bundle(world, s3)[0]["rotation"]["statement"]["last_seq_old"] == 2
    assert _import(world, s1.read_bytes()).status == "applied"
    r3 = _import(world, s3.read_bytes())
    assert r3.status == "applied" and r3.warnings
    # seq <= N with the old key: accepted (here: older than the data held, not refused as revoked)
    assert _import(world, s2.read_bytes()).status == "I02"

    def seq4(m):
        m["seq"], m["bundle_id"] = 4, str(uuid.uuid4())
        m.pop("rotation", None)
        m["sender"]["key_id"] = keys.key_id_of(keys.public_raw(old))

    with pytest.raises(BundleRefused) as e:
        _import(world, _forged(world, s3, edit=seq4, signer=old))
    assert e.value.number == "E09" and "2" in e.value.message


def test_case_17_rotation_without_old_signature(world):
    old = ent_key(world)
    s1 = world.export("s1.age", "--level", "L1")
    assert _import(world, s1.read_bytes()).status == "applied"
    new = Ed25519PrivateKey.generate()
    rot = keys.rotation_statement(old, new, world.org_code, 1, sign_old=False)

    def with_rot(m):
        m["seq"], m["bundle_id"] = 2, str(uuid.uuid4())
        m["sender"]["key_id"] = keys.key_id_of(keys.public_raw(new))
        m["rotation"] = rot

    assert _refused(world, _forged(world, s1, edit=with_rot, signer=new)) == "E08"
    # a rotation signed by an outsider's "old" key is no better
    rot2 = keys.rotation_statement(Ed25519PrivateKey.generate(), new, world.org_code, 1)

    def with_rot2(m):
        with_rot(m)
        m["rotation"] = rot2

    assert _refused(world, _forged(world, s1, edit=with_rot2, signer=new)) == "E08"


@pytest.mark.parametrize("change,expected", [
    (lambda m, lines: m.update(format_version="2.0"), "E06"),
    (lambda m, lines: m.update(crit=["compression-zstd"]), "E06"),
    (lambda m, lines: m.update(schema_version=99), "E14"),
    (lambda m, lines: m.update(surprise=1), "E05"),
    (lambda m, lines: lines.append({"t": "salary", "o": m["sender"]["org_code"], "u": str(uuid.uuid4()), "rv": 1,
                                    "d": {}}), "E05"),
    (lambda m, lines: lines[-1]["d"].update(shoe_size=42), "E05"),
])
def test_case_18_unknown_version_crit_table_column(world, change, expected):
    b = world.export("a.age", "--level", "L1")
    m, _sig, payload = open_bundle(world, b)
    lines = lines_of(payload)
    change(m, lines)
    recs: dict[str, int] = {}
    for ln in lines:
        if ln["t"] != "agg" and "del" not in ln:
            recs[ln["t"]] = recs.get(ln["t"], 0) + 1
    m["payload"]["counts"]["records"] = recs
    assert _refused(world, seal(m, payload_of(lines), ent_key(world), [world.recipient])) == expected


def _zip(members: list[tuple[str, bytes]]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members:
            zf.writestr(name, data)
    return buf.getvalue()


def test_case_19_zip_extra_duplicate_path_bomb(world):
    import warnings

    b = world.export("a.age", "--level", "L1")
    m, sig, payload = open_bundle(world, b)
    mb = container.canonical(m)
    good = [("manifest.json", mb), ("manifest.sig", sig), ("payload.jsonl", payload)]
    before = _snapshot_state(world)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about the duplicate name
        cases = [
            good + [("extra.txt", b"x")],
            good + [("payload.jsonl", payload)],
            [("manifest.json", mb), ("manifest.sig", sig), ("../payload.jsonl", payload)],
            [("manifest.json", mb), ("manifest.sig", sig), ("payload.jsonl", b"\n" * (50 << 20))],
        ]
        for members in cases:
            assert _refused(world, agefmt.encrypt(_zip(members), [world.recipient])) == "E05"
    assert _snapshot_state(world) == before


@pytest.mark.parametrize("line,expected", [
    (b'{"t":"agg","o":"X","k":"roster.members","v":{"total":"' + b"9" * 20000 + b'"}}', "E05"),
    (b'{"t":"agg","o":"\xff\xfe","k":"roster.members","v":{}}', "E05"),
    (b'{"t":"agg","o":"X","k":"roster.members","v":{"total":NaN}}', "E05"),
    (b"[" * 5000 + b"]" * 5000, "E05"),
    (b'{"t":"agg","t":"agg"}', "E05"),
])
def test_case_20_huge_strings_bad_utf8_nan_deep_nesting(world, line, expected):
    b = world.export("a.age", "--level", "L1")
    m, _sig, payload = open_bundle(world, b)
    assert _refused(world, seal(m, payload + line + b"\n", ent_key(world), [world.recipient])) == expected
    # and the same in the manifest itself
    bad_manifest = container.canonical(m)[:-1] + b',"x":NaN}'
    assert _refused(world, seal(m, payload, ent_key(world), [world.recipient], manifest_bytes=bad_manifest)) == "E05"


def test_case_21_tombstone_for_unknown_record_is_stored(world):
    from app.services import roster

    s1 = world.export("s1.age", "--level", "L1")
    assert _import(world, s1.read_bytes()).status == "applied"
    _ack(world, 1)
    db = _ent(world)
    first17 = "11010519900307002"
    from app.validation.idnumber import check_char

    m = roster.create_member(db, {"name": "临时工", "sex": "女", "join_date": "2024-01-01",
                                  "id_number": first17 + check_char(first17)})
    gone = m.uuid
    roster.delete_member(db, m.id)
    db.close()
    d2 = world.export("d2.age", "--level", "L1")
    assert open_bundle(world, d2)[0]["kind"] == "delta"
    assert _import(world, d2.read_bytes()).status == "applied"
    h = _hub(world)
    with h.engine.connect() as c:
        t = c.execute(sa.select(hubmod.T_TOMB).where(hubmod.T_TOMB.c.uuid == gone)).first()
    h.close()
    assert t is not None and gone not in _records(world)


def test_case_22_new_stream(world):
    s1 = world.export("s1.age", "--level", "L1")
    assert _import(world, s1.read_bytes()).status == "applied"
    new_stream = str(uuid.uuid4())

    def delta_new_stream(m):
        m.update(kind="delta", base_seq=1, seq=2, stream_id=new_stream, bundle_id=str(uuid.uuid4()))

    assert _refused(world, _forged(world, s1, edit=delta_new_stream)) == "E17"

    def snap_new_stream(m):
        m.update(kind="snapshot", seq=1, stream_id=new_stream, bundle_id=str(uuid.uuid4()))
        m["payload"]["counts"]["records"] = {"member": 10}
        m["state"]["counts"] = {"member": 10}

    def ten(lines):
        return [ln for ln in lines if ln["t"] == "agg"] + [ln for ln in lines if ln["t"] == "member"][:10]

    r = _import(world, _forged(world, s1, edit=snap_new_stream, edit_lines=ten))
    assert r.status == "applied"
    assert len(_records(world)) == 10


def test_case_23_future_created_at_accepted_with_warning(world):
    b = world.export("a.age", "--level", "L1")

    def future(m):
        m["created_at"] = (datetime.now(UTC) + timedelta(days=30)).isoformat(timespec="seconds")

    r = _import(world, _forged(world, b, edit=future))
    assert r.status == "applied" and any(w.startswith("W03") for w in r.warnings)


def test_case_24_crash_mid_apply_rolls_back(world, monkeypatch):
    b = world.export("a.age", "--level", "L1")
    before = _snapshot_state(world)
    real = hubmod._insert_records

    def crash(conn, org, puts):
        real(conn, org, puts[:50])
        raise RuntimeError("power cut")

    monkeypatch.setattr(hubmod, "_insert_records", crash)
    with pytest.raises(RuntimeError):
        _import(world, b.read_bytes())
    assert _snapshot_state(world) == before
    monkeypatch.setattr(hubmod, "_insert_records", real)
    assert _import(world, b.read_bytes()).status == "applied"
    assert len(_records(world)) == 200


def test_case_25_count_mismatch_warns_and_asks_for_snapshot(world, capsys):
    b = world.export("a.age", "--level", "L1")

    def off(m):
        m["state"]["counts"]["member"] += 1

    _ack(world, 1)   # the enterprise believed a delta base was known
    r = _import(world, _forged(world, b, edit=off))
    assert r.status == "applied" and any(w.startswith("W02") for w in r.warnings)
    ack = world.tmp / "ack.json"
    assert run("--data-dir", world.hub, "hub", "ack", "--org", world.org_code, "-o", ack) == 0
    assert "快照" in capsys.readouterr().err
    # the enterprise records the acknowledgement: it asks for a snapshot, and the next export is one
    assert run("--data-dir", world.ent, "bundle", "ack", ack) == 0
    assert "完整快照" in capsys.readouterr().out
    nxt = world.export("next.age", "--level", "L1")
    assert open_bundle(world, nxt)[0]["kind"] == "snapshot"
    assert _import(world, nxt.read_bytes()).status == "applied"
    h = _hub(world)
    with h.engine.connect() as c:
        assert not c.execute(sa.select(hubmod.T_ORG.c.needs_snapshot)).scalar()
    h.close()


def test_case_26_raw_id_number_at_l1(world):
    b = world.export("a.age", "--level", "L1")

    def leak(lines):
        for ln in lines:
            if ln["t"] == "member":
                ln["d"]["pseudonym"] = "11010519491231002X"
                break
        return lines

    assert _refused(world, _forged(world, b, edit_lines=leak)) == "E21"

    def l2_field(lines):
        for ln in lines:
            if ln["t"] == "member":
                ln["d"]["name"] = "张三"
                break
        return lines

    assert _refused(world, _forged(world, b, edit_lines=l2_field)) == "E21"


def test_case_27_armor_crlf_and_junk(world):
    b = world.export("a.age", "--level", "L1")
    m, sig, payload = open_bundle(world, b)
    armored = agefmt.encrypt(container.pack(container.canonical(m), sig, payload), [world.recipient], armored=True)
    assert _refused(world, b"Dear colleague,\n" + armored) == "E01"
    assert _import(world, armored.replace(b"\n", b"\r\n")).status == "applied"


def test_case_28_file_name_contradicts_manifest(world):
    b = world.export("a.age", "--level", "L1")
    r = _import(world, b.read_bytes(), "91000000OTHER_7.age")
    assert r.status == "applied" and any(w.startswith("W04") for w in r.warnings)
    assert r.org_code == world.org_code and r.seq == 1


def test_age_cli_opens_outer_layer(world):
    import subprocess

    from tests.conftest import need_tool

    age = need_tool("age")
    b = world.export("a.age", "--level", "L0")
    out = subprocess.run([age, "-d", "-i", str(world.identity), str(b)], capture_output=True, check=True).stdout
    names = zipfile.ZipFile(io.BytesIO(out)).namelist()
    assert sorted(names) == ["manifest.json", "manifest.sig", "payload.jsonl"]
    m = json.loads(zipfile.ZipFile(io.BytesIO(out)).read("manifest.json"))
    assert m["sender"]["org_code"] == world.org_code
    assert hashlib.sha256(zipfile.ZipFile(io.BytesIO(out)).read("payload.jsonl")).hexdigest() == m["payload"]["sha256"]


def test_lost_laptop_revoke_caps_the_old_key(world, capsys):
    s1 = world.export("s1.age", "--level", "L1")
    assert world.hub_import(s1) == 0
    s2 = world.export("s2.age", "--level", "L1")   # made on the lost laptop, never delivered
    doc = json.loads((world.tmp / "enrol.json").read_text(encoding="utf-8"))
    assert run("--data-dir", world.hub, "hub", "revoke", doc["fingerprint"]) == 0
    capsys.readouterr()
    assert world.hub_import(s2) == 1
    assert "E09" in capsys.readouterr().err


def test_rotation_caps_old_key_even_when_new_key_was_enrolled_on_paper(world, capsys):
    old = ent_key(world)
    s1 = world.export("s1.age", "--level", "L1")
    assert _import(world, s1.read_bytes()).status == "applied"
    assert run("--data-dir", world.ent, "keys", "rotate") == 0
    assert run("--data-dir", world.ent, "keys", "enrolment", "-o", world.tmp / "enrol2.json") == 0
    assert run("--data-dir", world.hub, "hub", "enrol", world.tmp / "enrol2.json") == 0
    s2 = world.export("s2.age", "--level", "L1")
    assert _import(world, s2.read_bytes()).status == "applied"

    def seq3_old(m):
        m["seq"], m["bundle_id"] = 3, str(uuid.uuid4())
        m.pop("rotation", None)
        m["sender"]["key_id"] = keys.key_id_of(keys.public_raw(old))

    assert _refused(world, _forged(world, s2, edit=seq3_old, signer=old)) == "E09"
