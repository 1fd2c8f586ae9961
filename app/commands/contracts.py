"""``uniondesk contracts list|deadlines`` and ``uniondesk print contract|filing-pack|redline|offer|minutes|vote-record``."""

from __future__ import annotations

import argparse
from datetime import date
from typing import Any

from app.commands.common import db_from, group, out
from app.i18n import _
from app.rules import workdays
from app.services import contracts as cs  # noqa: F401  (also registers the contracts demo step)


def register(sub: argparse._SubParsersAction) -> None:
    g = group(sub, "contracts", _("集体合同：列表和期限"))
    p = g.add_parser("list", help=_("列出集体合同：编号、类型、名称、状态"))
    p.set_defaults(func=cmd_list)
    p = g.add_parser("deadlines", help=_("所有合同的期限（已逾期的在前），日期格式 YYYY-MM-DD"))
    p.add_argument("--today", metavar="YYYY-MM-DD", help=_("按指定日期计算（默认今天）"))
    p.add_argument("--all", action="store_true", help=_("包括较远的期限"))
    p.set_defaults(func=cmd_deadlines)

    pr = group(sub, "print", _("打印文书（PDF 或 DOCX）"))
    p = pr.add_parser("contract", help=_("集体合同文本（PDF 或 DOCX）"))
    _common(p)
    p.add_argument("--version", type=int, metavar="V", help=_("版本号（默认最新版）"))
    p.set_defaults(func=cmd_print_contract)
    p = pr.add_parser("filing-pack", help=_("报送审查材料（合同、协商情况说明、决议、代表名单、会议纪要）"))
    _common(p)
    p.set_defaults(func=cmd_print_filing_pack)
    p = pr.add_parser("redline", help=_("两个版本的修改对照"))
    _common(p)
    p.add_argument("--from", dest="from_version", type=int, required=True, metavar="V", help=_("原版本号"))
    p.add_argument("--to", dest="to_version", type=int, required=True, metavar="V", help=_("新版本号"))
    p.set_defaults(func=cmd_print_redline)
    p = pr.add_parser("offer", help=_("集体协商要约书"))
    _common(p)
    p.set_defaults(func=cmd_print_offer)
    p = pr.add_parser("minutes", help=_("集体协商会议纪要"))
    _common(p)
    p.add_argument("--meeting", type=int, default=1, metavar="N", help=_("第几次会议（默认1）"))
    p.set_defaults(func=cmd_print_minutes)
    p = pr.add_parser("vote-record", help=_("职代会表决记录（决议）"))
    _common(p)
    p.set_defaults(func=cmd_print_vote)


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("id", metavar="ID", help=_("合同编号（见 contracts list 的第一列）"))
    p.add_argument("-o", "--output", required=True, metavar="FILE", help=_("输出文件（.pdf 或 .docx）"))


def cmd_list(args: argparse.Namespace) -> int:
    with db_from(args) as db:
        rows = cs.list_contracts(db)
    if not rows:
        out(_("还没有集体合同"))
    for r in rows:
        term = f"{r.term_start.isoformat() if r.term_start else ''}~{r.term_end.isoformat() if r.term_end else ''}"
        out(f"{r.id}\t{r.kind_label}\t{r.title}\t{r.state_label}\t{term}")
    return 0


def cmd_deadlines(args: argparse.Namespace) -> int:
    today = date.fromisoformat(args.today) if args.today else None
    with db_from(args) as db:
        items = cs.deadlines(db, today) if args.all else cs.upcoming_deadlines(db, today, limit=1000)
    if not items:
        out(_("没有需要办理的期限"))
    for i in items:
        label = _(cs.DEADLINE_STATUS[i.status])
        out(f"{i.due.isoformat()}{'*' if i.approximate else ''}\t{label}\t{i.contract_id}\t{i.title}\t{i.what}")
    if any(i.approximate for i in items):
        out("* " + workdays.approximate_note())
    return 0


def _print(args: argparse.Namespace, build: Any) -> int:
    with db_from(args) as db:
        c = cs.find_contract(db, args.id)
        doc = build(db, c.id)
    from app.commands.documents import render_to

    render_to(doc, args.output, label=_("生成"))
    return 0


def cmd_print_contract(args: argparse.Namespace) -> int:
    from app.documents import contract_docs as docs

    return _print(args, lambda db, cid: docs.contract_document(cs.contract_file(db, cid, args.version)))


def cmd_print_filing_pack(args: argparse.Namespace) -> int:
    from app.documents import contract_docs as docs

    return _print(args, lambda db, cid: docs.filing_pack_document(cs.contract_file(db, cid)))


def cmd_print_redline(args: argparse.Namespace) -> int:
    from app.documents import contract_docs as docs

    def build(db: Any, cid: int) -> Any:
        segs = cs.redline(db, cid, args.from_version, args.to_version)
        return docs.redline_document(cs.contract_file(db, cid), args.from_version, args.to_version, segs)

    return _print(args, build)


def cmd_print_offer(args: argparse.Namespace) -> int:
    from app.documents import contract_docs as docs

    return _print(args, lambda db, cid: docs.offer_document(cs.contract_file(db, cid)))


def cmd_print_minutes(args: argparse.Namespace) -> int:
    from app.documents import contract_docs as docs

    return _print(args, lambda db, cid: docs.minutes_document(cs.contract_file(db, cid), args.meeting))


def cmd_print_vote(args: argparse.Namespace) -> int:
    from app.documents import contract_docs as docs

    return _print(args, lambda db, cid: docs.vote_document(cs.contract_file(db, cid)))
