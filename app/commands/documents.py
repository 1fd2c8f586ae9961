"""``print roster``, ``print member`` and ``print fonts``.

Other modules add ``print motion``, ``print contract`` … to the same group::

    psub = print_group(sub)                      # = app.commands.common.group(sub, "print", …)
    p = psub.add_parser("motion", help=…)
    add_output_args(p)                           # -o FILE.pdf|FILE.docx, --unmask --yes
    …
    unmask = check_unmask(args)                  # exit 1 unless --yes confirms --unmask
    render_to(doc, args.output, label=_("…"))    # progress line, font warning once, "已生成 FILE"
"""

from __future__ import annotations

import argparse

from app.commands.common import Progress, db_from, err, group, out
from app.errors import DomainError
from app.i18n import _, ngettext


def print_group(sub: argparse._SubParsersAction) -> argparse._SubParsersAction:
    return group(sub, "print", _("打印：生成 PDF 或 Word 文件"))


def add_output_args(p: argparse.ArgumentParser, *, docx: bool = True, unmask: bool = True) -> None:
    """``-o FILE`` (and ``--unmask --yes`` where ID/phone numbers appear) — for every ``print`` subcommand."""
    p.add_argument("-o", "--output", required=True, metavar="FILE.pdf|FILE.docx" if docx else "FILE.pdf",
                   help=_("输出文件（.pdf 或 .docx）") if docx else _("输出文件（.pdf）"))
    if unmask:
        p.add_argument("--unmask", action="store_true",
                       help=_("打印完整的证件号码和手机号码（会记入审计日志，须同时加 --yes 确认）"))
        p.add_argument("--yes", action="store_true", help=_("确认打印完整的个人信息"))


def check_unmask(args: argparse.Namespace) -> bool:
    if getattr(args, "unmask", False) and not getattr(args, "yes", False):
        raise DomainError("print.unmask_confirm", _("打印完整的证件号码和手机号码需要确认：请同时加上 --yes。"
                                                    "此操作会记入审计日志。"), "unmask")
    return bool(getattr(args, "unmask", False))


def render_to(doc: object, output: str, *, label: str, pdf_only: bool = False) -> None:
    """Render with a terminal progress line; print the font warning once and where the file went.

    ``pdf_only``: the document is a table or form meant for printing (no Word version)."""
    from app.documents.render import format_for, render

    if format_for(output) != "pdf" and pdf_only:  # bad suffix → exit 1 before any work
        raise DomainError("print.ext", _("输出文件名应以 {ext} 结尾：{f}").format(ext=".pdf", f=output), "output")
    path = render(doc, output, progress=Progress(label), warn=err)  # type: ignore[arg-type]
    out(_("已生成 {f}").format(f=path))


def register(sub: argparse._SubParsersAction) -> None:
    psub = print_group(sub)
    p = psub.add_parser("roster", help=_("打印会员名册（可只打印一个部门）"))
    p.add_argument("--department", metavar="D", help=_("只打印该部门（含下属班组），如“生产部/一班”"))
    p.add_argument("--all-statuses", action="store_true", help=_("包括已转出、已退会等不在会的会员"))
    add_output_args(p)
    p.set_defaults(func=cmd_roster)
    p = psub.add_parser("member", help=_("打印一名会员的会员登记表"))
    p.add_argument("query", metavar="QUERY", help=_("证件号码，或只对应一名会员的姓名"))
    add_output_args(p)
    p.set_defaults(func=cmd_member)
    p = psub.add_parser("fonts", help=_("查看或设置打印用的字体文件"))
    p.add_argument("--set", nargs=2, metavar=("ROLE", "FILE"),
                   help=_("为某一用途选择字体文件：body、title、heading、kai、number"))
    p.add_argument("--clear", metavar="ROLE", help=_("恢复某一用途的自动选择"))
    p.set_defaults(func=cmd_fonts)


def cmd_roster(args: argparse.Namespace) -> int:
    from app.documents.render import format_for
    from app.documents.roster_docs import roster_document
    from app.services import roster

    format_for(args.output)
    unmask = check_unmask(args)
    with db_from(args) as db:
        statuses = () if args.all_statuses else roster.IN_UNION_STATUSES
        filters = roster.Filters(statuses=statuses)
        subtitle = ""
        if args.department:
            dept = roster.find_department_by_path(db, args.department)
            if dept is None:
                raise DomainError("print.department", _("没有名为“{d}”的部门").format(d=args.department),
                                  "department")
            filters = roster.Filters(department_id=dept, statuses=statuses)
        doc = roster_document(db, filters=filters, unmask=unmask)
        if args.department:
            subtitle = ngettext("{dept}　共{n}人", "{dept}　共{n}人", len(doc.rows)).format(dept=args.department, n=len(doc.rows))
            doc.subtitle = subtitle
    render_to(doc, args.output, label=_("生成会员名册"))
    return 0


def cmd_member(args: argparse.Namespace) -> int:
    from app.documents.render import format_for
    from app.documents.roster_docs import member_form_document
    from app.services import roster

    format_for(args.output)
    unmask = check_unmask(args)
    with db_from(args) as db:
        m = roster.resolve_member(db, args.query)
        assert m.id is not None
        doc = member_form_document(db, m.id, unmask=unmask)
    render_to(doc, args.output, label=_("生成会员登记表"))
    return 0


def cmd_fonts(args: argparse.Namespace) -> int:
    from app.documents import fonts

    if args.set:
        fonts.set_user_font(args.set[0], args.set[1])
    if args.clear:
        fonts.set_user_font(args.clear, None)
    fs = fonts.resolve_fonts()
    for role in fonts.ROLES:
        c = fs.choices[role]
        where = str(c.path) if c.path else _("（PDF 内置字体，不嵌入）")
        out(f"{role}\t{_(fonts.ROLE_LABELS[role])}\t{c.family}\t{where}")
    if fs.warning:
        err(fs.warning)
    return 0
