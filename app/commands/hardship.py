"""``hardship list|show|reminders|ledger`` and the hardship documents of ``print``."""

from __future__ import annotations

import argparse
from datetime import date

from app.commands.common import db_from, group, out
from app.commands.documents import add_output_args, print_group, render_to
from app.documents.model import Document
from app.i18n import _
from app.privacy_mask import mask_id
from app.rules.hardship import CATEGORIES, category_label, yuan
from app.services import hardship as hs


def register(sub: argparse._SubParsersAction) -> None:
    hsub = group(sub, "hardship", _("困难职工帮扶：档案、提醒、资金台账"))
    p = hsub.add_parser("list", help=_("列出困难职工档案：编号、户主姓名、困难类别、状态"))
    p.add_argument("--category", choices=list(CATEGORIES), help=_("只列出该困难类别"))
    p.add_argument("--state", choices=list(hs.STATES), help=_("只列出该状态"))
    p.set_defaults(func=cmd_list)
    p = hsub.add_parser("show", help=_("显示一份档案及困难类别的计算过程（证件号已隐去）"))
    p.add_argument("id", type=int, metavar="ID", help=_("档案编号（见 hardship list 的第一列）"))
    p.set_defaults(func=cmd_show)
    p = hsub.add_parser("reminders", help=_("到期的年度复核、解困评估和回访"))
    p.add_argument("--on", metavar="YYYY-MM-DD", help=_("按该日期计算（默认今天）"))
    p.set_defaults(func=cmd_reminders)
    p = hsub.add_parser("ledger", help=_("帮扶资金台账：按类别的预算、已支出、余额"))
    p.add_argument("--year", type=int, default=date.today().year, help=_("年度（默认今年）"))
    p.add_argument("-o", "--output", metavar="FILE.xlsx", help=_("导出给财务的 Excel 文件"))
    p.set_defaults(func=cmd_ledger)

    psub = print_group(sub)   # documents are always printed masked: no --unmask for hardship data
    p = psub.add_parser("hardship-file", help=_("困难职工档案"))
    p.add_argument("id", type=int, metavar="ID", help=_("档案编号（见 hardship list 的第一列）"))
    add_output_args(p, unmask=False)
    p.set_defaults(func=cmd_print_file)
    p = psub.add_parser("aid-signoff", help=_("慰问金发放签收表（某年度或某次走访活动）"))
    p.add_argument("--year", type=int, help=_("发放年度"))
    p.add_argument("--campaign", type=int, metavar="ID", help=_("走访活动编号"))
    add_output_args(p, unmask=False)
    p.set_defaults(func=cmd_print_signoff)
    p = psub.add_parser("study-aid", help=_("金秋助学申请表"))
    p.add_argument("id", type=int, metavar="AID_ID", help=_("金秋助学发放记录的编号"))
    add_output_args(p, unmask=False)
    p.set_defaults(func=cmd_print_study)
    p = psub.add_parser("publicity", help=_("困难职工建档公示名单（仅列入同意公示的家庭）"))
    p.add_argument("--ids", metavar="ID,ID…", help=_("档案编号（默认：处于公示阶段的全部档案）"))
    add_output_args(p, unmask=False)
    p.set_defaults(func=cmd_print_publicity)
    p = psub.add_parser("hardship-summary", help=_("年度困难职工帮扶工作汇总"))
    p.add_argument("--year", type=int, default=date.today().year, help=_("年度（默认今年）"))
    add_output_args(p, unmask=False)
    p.set_defaults(func=cmd_print_summary)
    p = psub.add_parser("fund-ledger", help=_("帮扶资金台账"))
    p.add_argument("--year", type=int, default=date.today().year, help=_("年度（默认今年）"))
    add_output_args(p, unmask=False)
    p.set_defaults(func=cmd_print_ledger)


def cmd_list(args: argparse.Namespace) -> int:
    with db_from(args) as db:
        for r in hs.list_files(db, category=args.category, state=args.state):
            cat = category_label(r.category) if r.category else "—"
            due = r.next_recheck_on.isoformat() if r.next_recheck_on else ""
            out("\t".join([str(r.id), r.name, cat, hs.state_label(r.state), mask_id(r.id_number), due]).rstrip())
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    with db_from(args) as db:
        d = hs.get_file(db, args.id)
        f = d.file
        out(f"{f.id}\t{f.name}\t{mask_id(f.id_number)}")
        out(_("困难类别：{c}{o}").format(c=category_label(f.category) if f.category else "—",
                                      o=_("（手动认定：{r}）").format(r=f.override_reason) if f.category_override else ""))
        out(_("状态：{s}（{d} 起）").format(s=hs.state_label(f.state), d=f.state_since or ""))
        if d.classification is not None and d.sensitive_allowed:
            out(_("计算过程："))
            for line in d.classification.steps:
                out("  " + line)
        elif d.computation_error:
            out(d.computation_error)
        for e in d.events:
            move = (hs.state_label(e.from_state) if e.from_state else "") + (
                "→" + hs.state_label(e.to_state) if e.to_state else "")
            result = category_label(e.result) if e.result in CATEGORIES else (_(e.result) if e.result else "")
            out(f"  {e.on_date}  {_(e.kind)}  {_(e.level) if e.level else ''}  {move}  {result}  {e.opinion}".rstrip())
    return 0


def cmd_reminders(args: argparse.Namespace) -> int:
    from app.validation.dates import parse_date

    with db_from(args) as db:
        for r in hs.reminders(db, parse_date(args.on) if args.on else None):
            out(f"{r.file_id}\t{r.name}\t{_(r.kind)}\t{r.due_on}\t{r.message}")
    return 0


def cmd_ledger(args: argparse.Namespace) -> int:
    with db_from(args) as db:
        for r in hs.ledger(db, args.year):
            out("\t".join([_(r.aid_type), yuan(r.budget_fen) if r.budget_fen is not None else "—",
                           yuan(r.paid_fen), yuan(r.remaining_fen) if r.remaining_fen is not None else "—",
                           str(r.count)]))
        if args.output:
            p = hs.export_ledger_xlsx(db, args.year, args.output)
            out(_("已导出：{p}").format(p=p))
    return 0


def _render(doc: Document, path: str) -> int:
    render_to(doc, path, label=doc.title)
    return 0


def cmd_print_file(args: argparse.Namespace) -> int:
    from app.documents.hardship_docs import file_document

    with db_from(args) as db:
        doc = file_document(db, args.id)
    return _render(doc, args.output)


def cmd_print_signoff(args: argparse.Namespace) -> int:
    from app.documents.hardship_docs import signoff_document

    with db_from(args) as db:
        doc = signoff_document(db, year=args.year, campaign_id=args.campaign)
    return _render(doc, args.output)


def cmd_print_study(args: argparse.Namespace) -> int:
    from app.documents.hardship_docs import study_aid_document

    with db_from(args) as db:
        doc = study_aid_document(db, args.id)
    return _render(doc, args.output)


def cmd_print_publicity(args: argparse.Namespace) -> int:
    from app.documents.hardship_docs import publicity_document
    from app.errors import DomainError

    ids = None
    if args.ids:
        try:
            ids = [int(x) for x in args.ids.replace("，", ",").split(",") if x.strip()]
        except ValueError:
            raise DomainError("hardship.ids", _("--ids 应为以逗号分隔的档案编号，如 3,5,8"), "ids") from None
    with db_from(args) as db:
        doc = publicity_document(db, ids)
    return _render(doc, args.output)


def cmd_print_summary(args: argparse.Namespace) -> int:
    from app.documents.hardship_docs import summary_document

    with db_from(args) as db:
        doc = summary_document(db, args.year)
    return _render(doc, args.output)


def cmd_print_ledger(args: argparse.Namespace) -> int:
    from app.documents.hardship_docs import ledger_document

    with db_from(args) as db:
        doc = ledger_document(db, args.year)
    return _render(doc, args.output)
