"""``roster search`` and ``roster export`` (``roster import`` lives in roster_import.py)."""

from __future__ import annotations

import argparse

from app.commands.common import Progress, db_from, group, out
from app.i18n import _, ngettext
from app.privacy_mask import mask_id, mask_phone


def register(sub: argparse._SubParsersAction) -> None:
    rsub = group(sub, "roster", _("会员名册：查询、导入、导出"))
    p = rsub.add_parser("search", help=_("查找会员：姓名片段、全拼或首字母、证件号码或手机号码尾号"))
    p.add_argument("query", metavar="QUERY", help=_("要查找的文字"))
    p.add_argument("--limit", type=int, default=50, help=_("最多显示多少名（默认50）"))
    p.set_defaults(func=cmd_search)
    p = rsub.add_parser("export", help=_("按省级会员信息采集表格式导出为 .xlsx，或导出为 .csv（Excel 可直接打开）"))
    p.add_argument("file", metavar="FILE.xlsx|FILE.csv", help=_("输出文件（.xlsx 或 .csv）"))
    p.add_argument("--department", metavar="D", help=_("只导出该部门（含下属班组）"))
    p.add_argument("--status", metavar="S", action="append",
                   help=_("只导出该会籍状态（在会、保留会籍、已转出、已除名、已退会；可重复）"))
    p.add_argument("--query", metavar="Q", help=_("只导出搜索到的会员（姓名、拼音、证件号或手机号尾号）"))
    p.set_defaults(func=cmd_export)


def cmd_search(args: argparse.Namespace) -> int:
    from app.services import roster

    with db_from(args) as db:
        rows = roster.search(db, args.query, limit=args.limit)
    for r in rows:
        out("\t".join([r.name, r.sex, r.department or "", mask_id(r.id_number), mask_phone(r.mobile),
                       roster.status_label(r.status)]))
    if not rows:
        out(_("没有找到匹配“{q}”的会员").format(q=args.query))
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from app.errors import DomainError
    from app.services import roster, roster_export

    if not args.file.lower().endswith((".xlsx", ".csv")):
        raise DomainError("export.ext", _("导出文件名应以 .xlsx 或 .csv 结尾：{f}").format(f=args.file))
    with db_from(args) as db:
        dept = None
        if args.department:
            dept = roster.find_department_by_path(db, args.department)
            if dept is None:
                raise DomainError("export.department", _("没有名为“{d}”的部门").format(d=args.department))
        statuses: list[str] = []
        for st in args.status or []:
            code = next((c for c in roster.STATUSES if st in (c, roster.status_label(c), roster.STATUSES[c])), None)
            if code is None:
                raise DomainError("export.status", _("未知的会籍状态“{s}”，可用：{v}").format(
                    s=st, v="、".join(roster.status_label(c) for c in roster.STATUSES)))
            statuses.append(code)
        filters = roster.Filters(department_id=dept, statuses=tuple(statuses))
        ids = roster.search_ids(db, args.query or "", filters)
        n = roster_export.export_file(db, args.file, ids, progress=Progress(_("导出")))
    out(ngettext("已导出{n}名会员到 {f}", "已导出{n}名会员到 {f}", n).format(n=n, f=args.file))
    return 0
