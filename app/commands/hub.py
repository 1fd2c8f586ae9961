"""``hub …``: the higher-level union's receiver (its own data folder; ``--db URL`` for PostgreSQL)."""

from __future__ import annotations

import argparse
from pathlib import Path

from app.commands.common import err, group, out
from app.i18n import _, ngettext


def _db_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("--db", metavar="URL", help=_("数据库地址（如 postgresql://…）；默认使用数据文件夹中的 SQLite"))


def register(sub: argparse._SubParsersAction) -> None:
    hs = group(sub, "hub", _("上级工会接收端：登记、导入、汇总"))
    p = hs.add_parser("init", help=_("创建接收端：生成接收密钥并显示公钥（age1…）"))
    p.add_argument("--org", required=True, metavar="CODE", help=_("本接收端（上级工会）的单位代码"))
    p.add_argument("--name", required=True, metavar="NAME", help=_("本接收端（上级工会）的名称"))
    p.add_argument("--identity-file", metavar="FILE", help=_("把身份密钥存为标准 age 身份文件（而非系统钥匙串）"))
    _db_arg(p)
    p.set_defaults(func=cmd_init)
    p = hs.add_parser("show", help=_("显示本接收端的公钥和化名密钥"))
    _db_arg(p)
    p.set_defaults(func=cmd_show)
    p = hs.add_parser("enrol", help=_("根据登记文件登记基层工会的签名密钥"))
    p.add_argument("file", metavar="FILE", help=_("基层工会的登记文件"))
    p.add_argument("--fingerprint", metavar="FP", help=_("纸质登记表上的指纹（核对用）"))
    _db_arg(p)
    p.set_defaults(func=cmd_enrol)
    p = hs.add_parser("import", help=_("验证并导入数据包"))
    p.add_argument("files", nargs="+", metavar="FILE", help=_("数据包文件（可以有多个）"))
    _db_arg(p)
    p.set_defaults(func=cmd_import)
    p = hs.add_parser("report", help=_("汇总表（.xlsx）：每个单位一行，另加合计"))
    p.add_argument("-o", "--output", required=True, metavar="FILE.xlsx", help=_("汇总表文件（.xlsx）"))
    _db_arg(p)
    p.set_defaults(func=cmd_report)
    p = hs.add_parser("ack", help=_("写出给基层工会的回执文件"))
    p.add_argument("--org", required=True, metavar="CODE", help=_("基层工会的单位代码"))
    p.add_argument("-o", "--output", required=True, metavar="FILE", help=_("要写出的回执文件"))
    _db_arg(p)
    p.set_defaults(func=cmd_ack)
    p = hs.add_parser("revoke", help=_("停用一个签名密钥（如电脑丢失）"))
    p.add_argument("key_id", metavar="FINGERPRINT", help=_("要停用的签名密钥的指纹"))
    p.add_argument("--after-seq", type=int, metavar="N", help=_("此序号之后的数据包拒收（默认：已导入的最后一个）"))
    _db_arg(p)
    p.set_defaults(func=cmd_revoke)


def _open(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from app.sync import hub

    return hub.open_hub(hub.hub_data_dir(), args.db)


def cmd_init(args: argparse.Namespace) -> int:
    from app.sync import hub

    r = hub.init_hub(hub.hub_data_dir(), args.org, args.name,
                     Path(args.identity_file) if args.identity_file else None, args.db)
    out(r["recipient"])
    err(_("接收端已创建。请把上面的公钥（age1…）和化名密钥交给各基层工会：{key}").format(key=r["pseudonym_key"]))
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    from app.sync import hub

    h = _open(args)
    try:
        i = hub.info(h)
    finally:
        h.close()
    out(_("单位：{org} {name}").format(org=i["org_code"], name=i["name"]))
    out(_("公钥：{r}").format(r=i["recipient"]))
    out(_("化名密钥：{k}").format(k=i["pseudonym_key"]))
    return 0


def cmd_enrol(args: argparse.Namespace) -> int:
    from app.sync import hub

    h = _open(args)
    try:
        doc = hub.enrol(h, Path(args.file), args.fingerprint)
    finally:
        h.close()
    out(_("已登记 {org} {name}，密钥指纹 {fp}").format(org=doc["org_code"], name=doc["union_name"], fp=doc["fingerprint"]))
    if not args.fingerprint:
        err(_("请核对此指纹与盖章的纸质登记表一致。"))
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from app.sync import hub
    from app.sync.errors import BundleRefused

    h = _open(args)
    try:
        results = hub.import_files(h, [Path(f) for f in args.files])
    finally:
        h.close()
    rc = 0
    for f, r in results:
        if isinstance(r, BundleRefused):
            err(f"{f}: {r.message}")
            rc = 1
        else:
            out(f"{f}: {r.message}")
            for w in r.warnings:
                err(f"{f}: {w}")
    return rc


def cmd_report(args: argparse.Namespace) -> int:
    from app.sync import hub

    h = _open(args)
    try:
        n = hub.write_report(h, Path(args.output))
    finally:
        h.close()
    out(ngettext("已写出汇总表 {path}（{n}个单位）", "已写出汇总表 {path}（{n}个单位）", n).format(path=args.output, n=n))
    return 0


def cmd_ack(args: argparse.Namespace) -> int:
    from app.sync import hub

    h = _open(args)
    try:
        doc = hub.ack(h, args.org, Path(args.output))
    finally:
        h.close()
    out(_("已写出回执 {path}：{org} 第{seq}号").format(path=args.output, org=args.org, seq=doc["seq"]))
    if doc["snapshot_requested"]:
        err(_("{org} 的合计数不一致：回执请求对方发送完整快照").format(org=args.org))
    return 0


def cmd_revoke(args: argparse.Namespace) -> int:
    from app.sync import hub

    h = _open(args)
    try:
        n = hub.revoke(h, args.key_id, args.after_seq)
    finally:
        h.close()
    out(_("已停用该密钥：第{seq}号之后的数据包将被拒收").format(seq=n))
    return 0
