"""``bundle …``: recipients, export, acknowledgements and the history of bundles sent."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from app.commands.common import Progress, db_from, group, out
from app.errors import DomainError
from app.i18n import _


def register(sub: argparse._SubParsersAction) -> None:
    bs = group(sub, "bundle", _("上报数据包：接收方、导出、回执、历史"))
    rs = bs.add_parser("recipient", help=_("上级工会（接收方）"))
    rsub = rs.add_subparsers(dest="recipient_command", metavar="SUBCOMMAND", parser_class=type(rs))
    p = rsub.add_parser("add", help=_("添加上级工会的接收公钥（age1…）"))
    p.add_argument("recipient", metavar="AGE_RECIPIENT", help=_("上级工会的接收公钥（age1…）"))
    p.add_argument("--org", required=True, metavar="CODE", help=_("上级工会的单位代码"))
    p.add_argument("--name", required=True, metavar="NAME", help=_("上级工会名称"))
    p.add_argument("--pseudonym-key", default="", metavar="HEX", help=_("约定的化名密钥（L1 数据需要）"))
    p.set_defaults(func=cmd_recipient_add)
    p = rsub.add_parser("list", help=_("列出接收方"))
    p.set_defaults(func=cmd_recipient_list)

    p = bs.add_parser("export", help=_("导出一个加密并签名的数据包"))
    p.add_argument("-o", "--output", required=True, metavar="FILE", help=_("要写出的数据包文件"))
    p.add_argument("--level", default="L0", choices=("L0", "L1", "L2"), help=_("数据级别（默认 L0 仅合计数）"))
    p.add_argument("--purpose", default="", choices=("", "transfer", "aid"), help=_("L2 的用途"))
    p.add_argument("--confirm-identified", action="store_true", help=_("确认发送实名数据（L2 必须）"))
    p.add_argument("--to", metavar="CODE", help=_("接收方单位代码（有多个接收方时）"))
    p.add_argument("--snapshot", action="store_true", help=_("发送完整快照（而非增量）"))
    p.add_argument("--armor", action="store_true", help=_("文本格式（便于电子邮件）"))
    p.add_argument("--passphrase-file", metavar="FILE", help=_("系统钥匙串不可用时：密钥文件的口令"))
    p.set_defaults(func=cmd_export)

    p = bs.add_parser("ack", help=_("记录上级工会的回执：此后发送增量"))
    p.add_argument("file", nargs="?", metavar="ACK_FILE", help=_("上级工会的回执文件"))
    p.add_argument("--seq", type=int, metavar="N", help=_("上级工会已导入的数据包序号"))
    p.set_defaults(func=cmd_ack)

    p = bs.add_parser("history", help=_("已发送的数据包（只显示数量）"))
    p.add_argument("--json", action="store_true", help=_("以 JSON 格式输出"))
    p.set_defaults(func=cmd_history)


def cmd_recipient_add(args: argparse.Namespace) -> int:
    from app.sync import exporter

    with db_from(args) as db:
        rec = exporter.add_recipient(db, args.recipient, args.org, args.name, args.pseudonym_key)
    out(_("已添加接收方：{name}（{org}）").format(name=rec.name, org=rec.org_code))
    return 0


def cmd_recipient_list(args: argparse.Namespace) -> int:
    from app.sync import exporter

    with db_from(args) as db:
        for r in exporter.recipients(db):
            out("\t".join([r.org_code, r.name, r.age_recipient, _("有化名密钥") if r.pseudonym_key else ""]))
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from app.commands.keys import read_passphrase
    from app.sync import exporter, keys

    with db_from(args) as db:
        passphrase = read_passphrase(args, required=True) if keys.needs_passphrase(db) else None
        r = exporter.export_bundle(db, Path(args.output), level=args.level, purpose=args.purpose,
                                   confirmed=args.confirm_identified, recipient_org=args.to,
                                   snapshot=args.snapshot, armored=True if args.armor else None,
                                   passphrase=passphrase, progress=Progress(_("导出")))
    kind = exporter.kind_label(r.kind)
    recs = exporter.records_text(r.counts["records"])
    out(_("已导出第{seq}号数据包（{kind}，{level}）到 {path}：{aggs}项合计，{recs}").format(
        seq=r.seq, kind=kind, level=r.level, path=r.path, aggs=r.counts["aggregates"], recs=recs))
    if r.level == "L2":
        out(exporter.identified_text(r.level, r.purpose, r.counts["records"]))
    return 0


def cmd_ack(args: argparse.Namespace) -> int:
    from app.sync import exporter

    if (args.file is None) == (args.seq is None):
        raise DomainError("sync.ack_args", _("请给出回执文件，或用 --seq N 指定上级工会已导入的序号（二选一）"))
    with db_from(args) as db:
        seq = exporter.acknowledge_file(db, Path(args.file)) if args.file else exporter.acknowledge(db, args.seq)
    if seq == 0:
        out(_("上级工会的合计数与本工会不一致，请求完整快照：下次导出将是完整快照"))
        return 0
    out(_("已记录回执：上级工会已导入第{seq}号数据包；此后导出增量").format(seq=seq))
    return 0


def cmd_history(args: argparse.Namespace) -> int:
    from app.sync import exporter

    with db_from(args) as db:
        rows = exporter.history(db)
    if args.json:
        out(json.dumps([{"seq": r.seq, "kind": r.kind, "level": r.level, "to": r.recipient_org,
                         "created_at": r.created_at.isoformat(), "counts": json.loads(r.counts),
                         "acknowledged": r.acknowledged} for r in rows], ensure_ascii=False, indent=1))
        return 0
    if not rows:
        out(_("还没有发送过数据包"))
    for r in rows:
        c = json.loads(r.counts)
        recs = exporter.records_text(c.get("records", {}))
        out("\t".join([str(r.seq), r.created_at.astimezone().strftime("%Y-%m-%d %H:%M"), exporter.kind_label(r.kind), r.level,
                       r.recipient_org,
                       recs, _("已回执") if r.acknowledged else ""]))
    return 0
