"""``uniondesk bundle export``: build, sign, encrypt and write one bundle; its seq is recorded in the same
transaction. Snapshots until the receiver's acknowledgement is known, then deltas since the acknowledged seq."""

from __future__ import annotations

import contextlib
import gc
import hashlib
import json
import uuid as _uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from json.encoder import encode_basestring  # type: ignore[attr-defined]
from pathlib import Path
from typing import Any

from sqlalchemy import func, text
from sqlmodel import select

from app import __version__
from app.errors import DomainError
from app.fileio import atomic_write_bytes
from app.i18n import N_, _
from app.models import Meta
from app.models.base import utcnow
from app.models.sync import BundleExport, SyncRecipient
from app.rules.profile import current_profile
from app.storage.db import Database
from app.sync import agefmt, container, keys, policy, providers

FORMAT_VERSION = "1.0"
SCHEMA_VERSION = 1
ProgressFn = Callable[..., bool]

# what the user reads for the tables a bundle carries (CLI and window alike)
TABLE_LABELS = {"member": N_("会员"), "contract": N_("集体合同"), "motion": N_("提案")}


def records_text(records: dict[str, int]) -> str:
    """Per-table record counts for people: "会员 300，集体合同 2", or 无明细记录."""
    return "，".join(f"{_(TABLE_LABELS.get(t, t))} {n}" for t, n in records.items() if n) or _("无明细记录")


def kind_label(kind: str) -> str:
    return _("完整快照") if kind == "snapshot" else _("增量")


@dataclass
class ExportResult:
    path: Path
    seq: int
    kind: str
    level: str
    bundle_id: str
    counts: dict[str, Any] = field(default_factory=dict)
    bytes: int = 0
    purpose: str = ""

    @property
    def identified(self) -> int:
        """How many people the bundle names (L2), 0 below L2."""
        return identified_people(self.level, self.counts.get("records", {}))


# --- recipients ----------------------------------------------------------------------------------------------------


def add_recipient(db: Database, age_recipient: str, org_code: str, name: str, pseudonym_key: str = "") -> SyncRecipient:
    age_recipient = age_recipient.strip()
    if not agefmt.is_recipient(age_recipient):
        raise DomainError("sync.recipient", _("“{r}”不是有效的接收方公钥：应以 age1 开头（由上级工会提供）").format(r=age_recipient[:80]),
                          "age_recipient")
    org_code, name = org_code.strip(), name.strip()
    if not org_code or not name:
        raise DomainError("sync.recipient_org", _("请填写上级工会的单位代码和名称"), "org_code")
    pk = pseudonym_key.strip().lower()
    if pk:
        try:
            if len(bytes.fromhex(pk)) < 16:
                raise ValueError
        except ValueError:
            raise DomainError("sync.pseudonym_key", _("化名密钥应为至少32位的十六进制数（由上级工会提供）"),
                              "pseudonym_key") from None
    with db.session(write=True) as s:
        rec = s.exec(select(SyncRecipient).where(SyncRecipient.org_code == org_code)).first()
        if rec is None:
            rec = SyncRecipient(org_code=org_code, name=name, age_recipient=age_recipient)
        rec.name, rec.age_recipient, rec.active = name, age_recipient, True
        if pk:
            rec.pseudonym_key = pk
        s.add(rec)
    return rec


def recipients(db: Database) -> list[SyncRecipient]:
    with db.session() as s:
        return list(s.exec(select(SyncRecipient).where(SyncRecipient.active == True)  # noqa: E712
                           .order_by(SyncRecipient.id)).all())  # type: ignore[arg-type]


def pick_recipient(db: Database, org_code: str | None = None) -> SyncRecipient:
    recs = recipients(db)
    if org_code:
        recs = [r for r in recs if r.org_code == org_code]
    if not recs:
        raise DomainError("sync.no_recipient", _("还没有添加上级工会（接收方）：请运行 uniondesk bundle recipient add"))
    if len(recs) > 1:
        raise DomainError("sync.many_recipients", _("有多个接收方，请用 --to 指定单位代码：{codes}")
                          .format(codes="、".join(r.org_code for r in recs)))
    return recs[0]


# --- state ---------------------------------------------------------------------------------------------------------


def _meta(s: Any, key: str) -> str | None:
    row = s.get(Meta, key)
    return row.value if row else None


def _set_meta(s: Any, key: str, value: str) -> None:
    row = s.get(Meta, key) or Meta(key=key)
    row.value = value
    s.add(row)


def stream_id(db: Database) -> str:
    with db.session(write=True) as s:
        sid = _meta(s, "sync.stream_id")
        if not sid:
            sid = str(_uuid.uuid4())
            _set_meta(s, "sync.stream_id", sid)
        return sid


def acked_seq(db: Database) -> int:
    with db.session() as s:
        return int(_meta(s, "sync.acked_seq") or 0)


def acknowledge(db: Database, seq: int) -> int:
    """Record that the receiver has applied bundle ``seq``: later exports are deltas since it."""
    with db.session(write=True) as s:
        row = s.exec(select(BundleExport).where(BundleExport.seq == seq)).first()
        if row is None:
            raise DomainError("sync.ack_unknown", _("没有发出过第{seq}号数据包").format(seq=seq), "seq")
        if seq > int(_meta(s, "sync.acked_seq") or 0):
            _set_meta(s, "sync.acked_seq", str(seq))
        for r in s.exec(select(BundleExport).where(BundleExport.seq <= seq)).all():
            if not r.acknowledged:
                r.acknowledged = True
                s.add(r)
    return seq


def acknowledge_file(db: Database, path: Path) -> int:
    """An acknowledgement file written by the receiver (``uniondesk hub ack``). Returns the acknowledged seq, or 0
    when the receiver asks for a full snapshot (its totals disagreed, W02): the next export is one."""
    try:
        doc = json.loads(Path(path).read_text(encoding="utf-8"))
        if doc.get("type") != "uniondesk-ack":
            raise ValueError
        seq, org, sid = int(doc["seq"]), str(doc["org_code"]), str(doc["stream_id"])
    except (OSError, ValueError, KeyError, TypeError):
        raise DomainError("sync.ack_file", _("{path} 不是上级工会的回执文件").format(path=path)) from None
    if org != keys.sender(db).org_code:
        raise DomainError("sync.ack_org", _("回执是给另一个单位（{org}）的").format(org=org))
    if sid != stream_id(db):
        raise DomainError("sync.ack_stream", _("回执属于另一份数据序列：下次将发送完整快照"))
    if doc.get("snapshot_requested"):
        request_snapshot(db)
        return 0
    return acknowledge(db, seq)


def request_snapshot(db: Database) -> None:
    """Forget the acknowledged base: the next export is a full snapshot (the receiver asked for one, W02)."""
    with db.session(write=True) as s:
        _set_meta(s, "sync.acked_seq", "0")


def history(db: Database) -> list[BundleExport]:
    with db.session() as s:
        return list(s.exec(select(BundleExport).order_by(BundleExport.seq.desc())).all())  # type: ignore[attr-defined]


# --- building ------------------------------------------------------------------------------------------------------


def check_level(level: str, purpose: str = "", confirmed: bool = False) -> None:
    if level not in policy.LEVELS:
        raise DomainError("sync.level", _("数据级别应为 L0、L1 或 L2"), "level")
    if level == "L2":
        if purpose not in policy.PURPOSES:
            raise DomainError("sync.purpose", _("L2 实名数据须说明用途：{p}").format(
                p="、".join(f"{k}（{_(v)}）" for k, v in policy.PURPOSES.items())), "purpose")
        if not confirmed:
            raise DomainError("sync.confirm", _("L2 会发送会员的姓名和证件号码：请确认用途后再导出"), "confirm")


def collect(db: Database, level: str, org_code: str, since_rv: int | None,
            pseudonym_key: bytes, *, count_only: bool = False, purpose: str = "") -> providers.Output:
    ctx = providers.Context(db=db, level=level, org_code=org_code, since_rv=since_rv,
                            pseudonym_key=pseudonym_key, count_only=count_only, purpose=purpose)
    total = providers.Output()
    for _name, fn in sorted(providers.providers().items()):
        o = fn(ctx)
        total.aggregates.update(o.aggregates)
        total.records.extend(o.records)
        for t, ls in o.lines.items():
            total.lines.setdefault(t, []).extend(ls)
        for t, n in o.counted.items():
            total.counted[t] = total.counted.get(t, 0) + n
        total.tombstones.extend(o.tombstones)
        total.live.update(o.live)
    return total


def preview(db: Database, level: str, recipient_org: str | None = None, purpose: str = "") -> dict[str, Any]:
    """What an export at ``level`` (for ``purpose`` at L2) would hold now (counts only). ``identified``: how many
    people an L2 bundle names (0 below L2)."""
    if level == "L2" and purpose not in policy.PURPOSES:
        purpose = next(iter(policy.PURPOSES))
    snd = keys.sender(db)
    out = collect(db, level, snd.org_code, None, b"\x00" * 32, count_only=True, purpose=purpose)
    recs = record_counts(out)
    return {"aggregates": sorted(out.aggregates), "records": recs,
            "members": out.aggregates.get("roster.members", {}).get("total", 0),
            "identified": identified_people(level, recs)}


def identified_people(level: str, records: dict[str, int]) -> int:
    """How many people a bundle names: its member records at L2 (one record a person), else nobody."""
    return int(records.get("member", 0)) if level == "L2" else 0


def identified_text(level: str, purpose: str, records: dict[str, int]) -> str:
    """What the chair reads before and after an L2 export: how many people go up by name, and why only they."""
    if level != "L2":
        return ""
    return _("实名上报 {n} 人（{purpose}所涉人员），其他会员只计入合计").format(
        n=identified_people(level, records), purpose=_(policy.PURPOSES.get(purpose, purpose)))


def _count(tables: Any) -> dict[str, int]:
    c: dict[str, int] = {}
    for t in tables:
        c[t] = c.get(t, 0) + 1
    return c


def record_counts(out: providers.Output) -> dict[str, int]:
    c = _count(r.table for r in out.records)
    for t, ls in out.lines.items():
        c[t] = c.get(t, 0) + len(ls)
    for t, n in out.counted.items():
        c[t] = c.get(t, 0) + n
    return c


def state_digest(live: dict[str, list[tuple[str, int]]]) -> str:
    """SHA-256 over the sorted (table, uuid, rv) of every live record (sender and receiver compute the same)."""
    h = hashlib.sha256()
    for table in sorted(live):
        h.update("".join(f"{table}\t{u}\t{rv}\n" for u, rv in sorted(live[table])).encode())
    return h.hexdigest()


def serialise(out: providers.Output, org_code: str) -> bytes:
    """payload.jsonl: aggregates, records, tombstones — one JSON object a line (hashed as bytes, not re-canonicalised)."""
    dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode
    o = dumps(org_code)
    enc = encode_basestring
    parts = [dumps({"t": "agg", "o": org_code, "k": k, "v": v}) for k, v in sorted(out.aggregates.items())]
    tables: dict[str, str] = {}
    for r in out.records:
        t = tables.get(r.table) or tables.setdefault(r.table, dumps(r.table))
        parts.append(f'{{"t":{t},"o":{o},"u":{enc(r.uuid)},"rv":{int(r.rv)},"d":{dumps(r.fields)}}}')
    for ls in out.lines.values():
        parts.extend(ls)
    parts += [dumps({"t": t, "o": org_code, "u": u, "rv": rv, "del": True}) for t, u, rv in out.tombstones]
    if not parts:
        return b""
    return ("\n".join(parts) + "\n").encode()


def export_bundle(db: Database, path: str | Path, *, level: str = "L0", purpose: str = "", confirmed: bool = False,
                  recipient_org: str | None = None, snapshot: bool = False, armored: bool | None = None,
                  passphrase: str | None = None, progress: ProgressFn | None = None) -> ExportResult:
    check_level(level, purpose, confirmed)
    path = Path(path)
    snd = keys.sender(db)
    rec = pick_recipient(db, recipient_org)
    if level == "L1" and not rec.pseudonym_key:
        raise DomainError("sync.no_pseudonym_key", _("L1 化名数据需要与上级工会约定的化名密钥：请向 {name} 索取，"
                                                     "并用 uniondesk bundle recipient add … --pseudonym-key 添加")
                          .format(name=rec.name), "level")
    krec = keys.active_key(db)
    if krec is None:
        raise DomainError("keys.none", _("还没有签名密钥：请先运行 uniondesk keys create"))
    signer = keys.load_private(db, krec, passphrase)
    rotation = keys.current_rotation(db)
    sid = stream_id(db)
    acked = acked_seq(db)
    if armored is None:
        armored = path.suffix.lower() in (".asc", ".txt")
    if progress:
        progress(0, 4, _("正在收集数据"))
    profile = current_profile(db)
    with db.session() as s:
        last_seq = int(s.exec(select(func.coalesce(func.max(BundleExport.seq), 0))).one())
        base = s.exec(select(BundleExport).where(BundleExport.seq == acked)).first() if acked else None
        max_rv = int(s.execute(text("SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'rv'")).scalar() or 0)
    kind, base_seq, since_rv = "snapshot", 0, None
    # L2 is always a snapshot: who its purpose concerns changes without their records changing (policy docstring)
    if (base is not None and not snapshot and level == "L1" and base.level == level
            and base.stream_id == sid and base.key_id == krec.key_id):
        kind, base_seq, since_rv = "delta", acked, base.max_rv
    # Changes made while collecting have rv > max_rv: the next delta carries them again (the receiver is rv-gated).
    with _gc_paused():  # 100,000 records are many small objects: no collector passes while building them
        out = collect(db, level, snd.org_code, since_rv,
                      bytes.fromhex(rec.pseudonym_key) if rec.pseudonym_key else b"", purpose=purpose)
        if progress:
            progress(1, 4, _("正在整理数据"))
        payload = serialise(out, snd.org_code)
    if level in ("L0", "L1"):
        found = next(iter(policy.find_id_numbers(payload)), None)
        if found:
            from app.privacy_mask import mask_id

            raise DomainError("sync.id_number_in_bundle", _("{level} 数据包不得含有身份证号码（发现 {id}）：已停止导出")
                              .format(level=level, id=mask_id(found)), "level")
    with db.session(write=True) as s:
        seq = int(s.exec(select(func.coalesce(func.max(BundleExport.seq), 0))).one()) + 1
        if seq != last_seq + 1:
            raise DomainError("sync.concurrent", _("另一个导出同时进行中，请重试"))
        last = s.exec(select(BundleExport).where(BundleExport.seq == last_seq)).first()
        rec_counts = record_counts(out)
        tomb_counts = _count(t for t, _u, _rv in out.tombstones)
        counts: dict[str, Any] = {"aggregates": len(out.aggregates), "records": rec_counts,
                                  "tombstones": tomb_counts}
        manifest: dict[str, Any] = {
            "format_version": FORMAT_VERSION, "crit": [], "bundle_id": str(_uuid.uuid4()), "kind": kind,
            "sender": {"org_code": snd.org_code, "org_name": snd.union_name, "key_id": krec.key_id},
            "recipient": {"org_code": rec.org_code, "recipients": [agefmt.recipient_fingerprint(rec.age_recipient)]},
            "stream_id": sid, "seq": seq, "base_seq": base_seq,
            "prev_manifest_sha256": last.manifest_sha256 if last else "",
            "schema_version": SCHEMA_VERSION, "app_version": __version__,
            "created_at": utcnow().isoformat(timespec="seconds"),
            "policy": {"level": level, "profile": profile, "purpose": purpose,
                       "legal_basis": _(policy.LEGAL_BASIS) if level == "L2" else ""},
            "payload": {"sha256": hashlib.sha256(payload).hexdigest(), "bytes": len(payload), "counts": counts},
            "state": {"counts": {t: len(v) for t, v in out.live.items()}, "digest": state_digest(out.live)},
        }
        if rotation:
            manifest["rotation"] = rotation
        mbytes = container.canonical(manifest)
        if progress:
            progress(2, 4, _("正在签名和加密"))
        inner = container.pack(mbytes, container.sign(mbytes, signer), payload)
        outer = agefmt.encrypt(inner, [rec.age_recipient], armored=armored)
        if progress:
            progress(3, 4, _("正在写入文件"))
        s.add(BundleExport(seq=seq, bundle_id=manifest["bundle_id"], stream_id=sid, kind=kind, base_seq=base_seq,
                           level=level, purpose=purpose, recipient_org=rec.org_code, key_id=krec.key_id,
                           file_name=path.name, counts=json.dumps(counts, ensure_ascii=False), max_rv=max_rv,
                           manifest_sha256=hashlib.sha256(mbytes).hexdigest()))
        from app.services.privacy import record_audit

        record_audit(None, "export", table="sync_bundle_export", label=f"{snd.org_code}_{seq}",
                     text=json.dumps({"seq": seq, "level": level, "kind": kind, "purpose": purpose,
                                      "to": rec.org_code, "counts": counts}, ensure_ascii=False), session=s)
        s.flush()  # the seq is taken (unique) before the file exists
        atomic_write_bytes(path, outer)
    if progress:
        progress(4, 4, "")
    return ExportResult(path, seq, kind, level, manifest["bundle_id"], counts, len(outer), purpose)


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def default_file_name(db: Database, armored: bool = False) -> str:
    from app.filetypes import BUNDLE_EXTENSION  # .udbundle: the installers associate it with UnionDesk

    return f"{keys.sender(db).org_code}_{keys.next_seq(db)}{'.asc' if armored else BUNDLE_EXTENSION}"

