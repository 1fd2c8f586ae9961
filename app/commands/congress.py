"""``uniondesk congress …`` (check, representatives, meetings) and ``print votes``."""

from __future__ import annotations

import argparse

from app.commands.common import db_from, group, out
from app.i18n import _, ngettext


def register(sub: argparse._SubParsersAction) -> None:
    csub = group(sub, "congress", _("职工代表大会：代表构成和会议检查"))
    p = csub.add_parser("check", help=_("检查代表构成、任期、会议和表决（附法规依据）；有错误时退出码为1"))
    p.add_argument("--today", metavar="YYYY-MM-DD", help=_("按指定日期检查（默认今天）"))
    p.set_defaults(func=cmd_check)
    p = csub.add_parser("reps", help=_("列出本届在任职工代表"))
    p.set_defaults(func=cmd_reps)
    p = csub.add_parser("meetings", help=_("列出会议、出席人数和表决结果"))
    p.set_defaults(func=cmd_meetings)
    psub = group(sub, "print", _("打印文书（PDF / DOCX）"))
    p = psub.add_parser("votes", help=_("会议表决情况记录"))
    p.add_argument("--session", metavar="S", help=_("会议，写成“届-次”，如 5-2（默认最近一次）"))
    p.add_argument("-o", "--output", required=True, metavar="FILE.pdf", help=_("输出文件（.pdf）"))
    p.set_defaults(func=cmd_print_votes)
    p = psub.add_parser("meeting-report", help=_("会议情况报告（报上一级工会）"))
    p.add_argument("--session", metavar="S", help=_("会议，写成“届-次”，如 5-2（默认最近一次）"))
    p.add_argument("-o", "--output", required=True, metavar="FILE.pdf|FILE.docx", help=_("输出文件（.pdf 或 .docx）"))
    p.set_defaults(func=cmd_print_meeting_report)


def cmd_check(args: argparse.Namespace) -> int:
    from app.errors import DomainError
    from app.rules.congress import severity_label
    from app.services import congress
    from app.validation.dates import DateError, parse_date

    try:
        today = parse_date(args.today) if args.today else None
    except DateError as e:
        raise DomainError("congress.today", f"--today：{e}", "today") from None
    with db_from(args) as db:
        findings = congress.check(db, today)
    for f in findings:
        subject = f"[{f.subject}] " if f.subject else ""
        out(f"{severity_label(f.severity)}\t{subject}{f.message}")
        if f.cite:
            out("\t" + _("依据：{c}").format(c=f.cite))
    errors = sum(1 for f in findings if f.is_error)
    out(_("共{n}项：错误{e}项，提醒{w}项").format(n=len(findings), e=errors,
                                          w=sum(1 for f in findings if f.severity == "warning")))
    return 1 if errors else 0


def cmd_reps(args: argparse.Namespace) -> int:
    from app.privacy_mask import mask_phone
    from app.services import congress

    with db_from(args) as db:
        term = congress.current_term(db)
        if term is None:
            out(_("还没有登记职工代表大会的届次"))
            return 0
        rows = congress.list_representatives(db, term.id)  # type: ignore[arg-type]
    for r in rows:
        flags = [_("列席") if r.observer else "", _("劳务派遣") if r.dispatched else ""]
        out("\t".join([r.name, r.sex, r.constituency, _(r.category), mask_phone(r.mobile), str(r.elected_on),
                       " ".join(f for f in flags if f)]))
    out(ngettext("第{n}届在任代表{k}名", "第{n}届在任代表{k}名", len(rows)).format(n=term.number, k=len(rows)))
    return 0


def cmd_meetings(args: argparse.Namespace) -> int:
    from app.services import congress

    with db_from(args) as db:
        for m in congress.list_meetings(db):
            out(f"{m.term_number}-{m.number}\t{m.label}\t{m.held_on or ''}\t"
                + _("全体{t}人，出席{p}人").format(t=m.total, p=m.present))
            for v in congress.list_votes(db, m.id):
                out(f"\t{v.title}\t{v.explain()}")
    return 0


def cmd_print_votes(args: argparse.Namespace) -> int:
    from app.documents import congress_docs
    from app.services import congress

    with db_from(args) as db:
        m = congress.find_meeting(db, args.session)
        doc = congress_docs.vote_record(db, m.id)
    return write_doc(doc, args.output, text=False)


def cmd_print_meeting_report(args: argparse.Namespace) -> int:
    from app.documents import congress_docs
    from app.services import congress

    with db_from(args) as db:
        doc = congress_docs.meeting_report(db, congress.find_meeting(db, args.session).id)
    return write_doc(doc, args.output, text=True)


def write_doc(doc: object, path: str, *, text: bool) -> int:
    """Render ``doc`` to ``path`` (.pdf, or .docx for text documents)."""
    from app.commands.documents import render_to

    render_to(doc, path, label=_("生成"), pdf_only=not text)
    return 0
