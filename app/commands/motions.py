"""``uniondesk motions …`` and the motion documents of ``uniondesk print``."""

from __future__ import annotations

import argparse

from app.commands.common import db_from, group, out
from app.i18n import _, ngettext


def register(sub: argparse._SubParsersAction) -> None:
    msub = group(sub, "motions", _("职工代表大会提案"))
    p = msub.add_parser("list", help=_("列出提案：案号、案由、状态"))
    p.add_argument("--session", metavar="S", help=_("只列出该次会议（“届-次”，如 5-2）"))
    p.add_argument("--state", metavar="STATE", help=_("只列出该状态（如 办理中 或 handling）"))
    p.add_argument("--overdue", action="store_true", help=_("只列出超过办理期限的提案"))
    p.set_defaults(func=cmd_list)
    p = msub.add_parser("show", help=_("显示一件提案及其办理经过"))
    p.add_argument("number", metavar="NUMBER", help=_("案号（见 motions list 的第一列）"))
    p.set_defaults(func=cmd_show)
    p = msub.add_parser("stats", help=_("立案率、办复率、落实率、满意率"))
    p.add_argument("--session", metavar="S", help=_("只统计该次会议（“届-次”，如 5-2；默认全部）"))
    p.set_defaults(func=cmd_stats)
    psub = group(sub, "print", _("打印文书（PDF / DOCX）"))
    p = psub.add_parser("motion", help=_("提案表（一件提案）"))
    p.add_argument("number", metavar="NUMBER", help=_("案号（见 motions list 的第一列）"))
    p.add_argument("-o", "--output", required=True, metavar="FILE.pdf|FILE.docx", help=_("输出文件（.pdf 或 .docx）"))
    p.add_argument("--kind", choices=("form", "notice", "reply"), default="form",
                   help=_("form 提案表（默认）、notice 交办通知单、reply 答复单"))
    p.set_defaults(func=cmd_print_motion)
    p = psub.add_parser("motion-book", help=_("提案汇编（一次会议的全部提案）"))
    p.add_argument("--session", metavar="S", help=_("会议，写成“届-次”，如 5-2（默认最近一次）"))
    p.add_argument("-o", "--output", required=True, metavar="FILE.pdf", help=_("输出文件（.pdf）"))
    p.set_defaults(func=cmd_print_book)
    p = psub.add_parser("motion-report", help=_("提案工作报告（含立案率、办复率、落实率、满意率）"))
    p.add_argument("--session", metavar="S", help=_("会议，写成“届-次”，如 5-2（默认最近一次）"))
    p.add_argument("-o", "--output", required=True, metavar="FILE.pdf|FILE.docx", help=_("输出文件（.pdf 或 .docx）"))
    p.set_defaults(func=cmd_print_report)


def _state(text: str | None) -> tuple[str, ...]:
    from app.errors import DomainError
    from app.services import motions

    if not text:
        return ()
    for code, label in motions.STATES.items():
        if text in (code, label, _(label)):
            return (code,)
    raise DomainError("motion.state", _("未知的状态“{s}”，可用：{v}").format(
        s=text, v="、".join(_(v) for v in motions.STATES.values())))


def cmd_list(args: argparse.Namespace) -> int:
    from app.services import congress, motions

    with db_from(args) as db:
        f = motions.Filters(states=_state(args.state), overdue=args.overdue)
        if args.session:
            f.meeting_id = congress.find_meeting(db, args.session).id
        rows = motions.list_motions(db, f)
    for r in rows:
        extra = _("超期") if r.overdue else ""
        out("\t".join(x for x in (r.number, r.title, r.state_label, r.proposer, r.lead_department, extra)))
    out(ngettext("共{n}件提案", "共{n}件提案", len(rows)).format(n=len(rows)))
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    from app.services import motions

    with db_from(args) as db:
        d = motions.detail(db, motions.find(db, args.number).id)  # type: ignore[arg-type]
    m = d.motion
    out(f"{m.number}\t{m.title}\t{motions.state_label(m.state)}")
    out(_("提案人：{p}（{d}）　附议人：{c}").format(p=d.proposer, d=m.proposer_dept,
                                             c="、".join(n for _i, n in d.cosigners)))
    out(_("理由：") + m.reasons)
    out(_("建议：") + m.suggestions)
    for e in d.events:
        out(f"  {e.on_date or e.at.date()}\t{motions.action_label(e.action)}\t{e.actor}\t{e.note}")
    return 0


def cmd_stats(args: argparse.Namespace) -> int:
    from app.services import congress, motions
    from app.services.motions import pct

    with db_from(args) as db:
        mid = congress.find_meeting(db, args.session).id if args.session else None
        st = motions.statistics(db, mid)
    if not st.overall.submitted:
        out(_("{label}：未收到提案").format(label=st.meeting_label) if mid is not None else _("未收到提案"))
        return 0
    out("\t".join([_("范围"), _("提案"), _("立案率"), _("办复率"), _("落实率(A)"), _("落实率(A+B)"), _("满意率")]))
    for r in [st.overall, *st.by_department, *st.by_category]:
        out("\t".join([r.label, str(r.submitted), pct(r.acceptance), pct(r.reply_rate), pct(r.done_a),
                       pct(r.done_ab), pct(r.satisfaction)]))
    return 0


def cmd_print_motion(args: argparse.Namespace) -> int:
    from app.commands.congress import write_doc
    from app.documents import congress_docs
    from app.services import motions

    with db_from(args) as db:
        mid = int(motions.find(db, args.number).id)  # type: ignore[arg-type]
        build = {"form": congress_docs.motion_form, "notice": congress_docs.assignment_notice,
                 "reply": congress_docs.reply_form}[args.kind]
        doc = build(db, mid)
    return write_doc(doc, args.output, text=True)


def cmd_print_book(args: argparse.Namespace) -> int:
    from app.commands.congress import write_doc
    from app.documents import congress_docs
    from app.services import motions

    with db_from(args) as db:
        doc = congress_docs.motion_book(db, motions.default_meeting(db, args.session).id)
    return write_doc(doc, args.output, text=False)


def cmd_print_report(args: argparse.Namespace) -> int:
    from app.commands.congress import write_doc
    from app.documents import congress_docs
    from app.services import motions

    with db_from(args) as db:
        doc = congress_docs.motion_report(db, motions.default_meeting(db, args.session).id)
    return write_doc(doc, args.output, text=True)
