"""``roster import FILE [--dry-run] [--report OUT.xlsx] [--skip-invalid] [--on-duplicate update|skip]``."""

from __future__ import annotations

import argparse
from pathlib import Path

from app.commands.common import Progress, db_from, err, group, out
from app.i18n import _


def register(sub: argparse._SubParsersAction) -> None:
    rsub = group(sub, "roster", _("会员名册：查询、导入、导出"))
    p = rsub.add_parser("import", help=_("从 Excel（.xlsx/.xls）或 CSV 文件导入会员；有问题的行列入错误报告"))
    p.add_argument("file", metavar="FILE", help=_("要导入的 Excel 或 CSV 文件"))
    p.add_argument("--dry-run", action="store_true",
                   help=_("只检查不导入；有问题的行时退出码为1，否则为0"))
    p.add_argument("--report", metavar="OUT.xlsx", help=_("把有问题的行（原样，加“行号”和“错误原因”两列）写入此文件"))
    p.add_argument("--skip-invalid", action="store_true",
                   help=_("导入没有问题的行，跳过有问题的行（默认：只要有一行有问题就什么都不导入）"))
    p.add_argument("--on-duplicate", choices=("update", "skip"), default="update",
                   help=_("名册中已有的会员（按证件号码）：update 更新（默认；文件中的空格不会清空已有内容）或 skip 跳过"))
    p.set_defaults(func=cmd_import)


def cmd_import(args: argparse.Namespace) -> int:
    from app.errors import DomainError
    from app.services import roster_import as ri

    if args.report and not args.report.lower().endswith(".xlsx"):
        raise DomainError("import.report_ext", _("错误报告文件名应以 .xlsx 结尾：{f}").format(f=args.report))
    if not Path(args.file).exists():
        raise DomainError("import.not_found", _("找不到文件：{f}").format(f=args.file))
    with db_from(args, create=True) as db:
        result = None
        if args.dry_run:  # new / updated / unchanged are counted, nothing is written
            preview = ri.read_file(db, args.file, on_duplicate=args.on_duplicate, progress=Progress(_("检查")))
        else:  # rows are written while the next ones are checked, in one transaction (all or nothing)
            try:
                preview, result = ri.import_file(db, args.file, skip_invalid=args.skip_invalid,
                                                 on_duplicate=args.on_duplicate, progress=Progress(_("导入")))
            except ri.InvalidRows as e:
                preview = e.preview
        for note in preview.notes:
            out(note)
        bad = preview.invalid
        for r in bad[:20]:
            err(_("第{row}行（{name}）：{why}").format(row=r.row, name=r.name or "?", why="；".join(r.problems)))
        if len(bad) > 20:
            err(_("……另有{n}行有问题").format(n=len(bad) - 20))
        if args.report:
            ri.write_error_report(preview, args.report)
            if bad:
                out(_("错误报告：{f}（{n}行）").format(f=args.report, n=len(bad)))
        if args.dry_run:
            out(_("检查结果（未导入）：") + preview.summary())
            return 1 if bad else 0
        if result is None:
            err(_("有{n}行有问题，没有导入任何数据。改正后重新导入，或加 --skip-invalid 只导入没有问题的行。").format(
                n=len(bad)))
            return 1
    out(result.summary())
    return 0
