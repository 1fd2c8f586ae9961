"""``uniondesk about``: version, where things are, what we ship and under which licences; ``--check`` verifies
that an installation (a frozen build in particular) has every data file it needs."""

from __future__ import annotations

import argparse
import sys

from app import licenses, paths, version
from app.commands.common import err, out
from app.i18n import _


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("about", help=_("显示版本、数据位置和所含第三方组件的许可证"))
    p.add_argument("--licenses", action="store_true", help=_("列出所含的第三方组件及其许可证"))
    p.add_argument("--check", action="store_true",
                   help=_("检查安装是否完整（资源文件、许可证文本、数据库迁移脚本），不完整时退出码为1"))
    p.set_defaults(func=cmd_about)


def installation_problems() -> list[str]:
    """What a broken installation lacks, one line each (empty when complete)."""
    from app.i18n import load_catalog
    from app.resources import resources_root
    from app.storage import migrate

    problems = []
    root = resources_root()
    if not root.is_dir():
        return [_("找不到资源文件夹：{path}").format(path=root)]
    for rel in ("codes/member_codes.json", "codes/surnames.json", "licenses/index.json"):
        if not (root / rel).is_file():
            problems.append(_("缺少资源文件：{path}").format(path=root / rel))
    problems += [_("缺少许可证文本：{what}").format(what=m) for m in licenses.missing_texts()]
    if not load_catalog("en"):
        problems.append(_("缺少英文界面翻译：{path}").format(path=root / "locale" / "en"))
    try:
        migrate.head_revision()
    except Exception as e:  # noqa: BLE001 — any failure here means the migration scripts did not ship
        problems.append(_("数据库迁移脚本无法加载（{dir}）：{err}").format(dir=migrate.MIGRATIONS_DIR, err=e))
    return problems


def cmd_about(args: argparse.Namespace) -> int:
    from app.resources import resources_root
    from app.storage import migrate

    frozen = getattr(sys, "frozen", False)
    out(_("工会工作台 UnionDesk {v}").format(v=version()))
    out(_("运行方式：{how}；Python {py}；{plat}").format(
        how=_("安装包") if frozen else _("源代码"), py=sys.version.split()[0], plat=sys.platform))
    out(_("数据文件夹：{path}").format(path=paths.data_dir()))
    out(_("资源文件夹：{path}").format(path=resources_root()))
    if args.licenses:
        out("")
        for c in licenses.components():
            out(f"  {c.label:<32} {c.license}")
        out("")
        out(_("许可证全文位于：{path}").format(path=licenses.licenses_dir()))
    if args.check:
        problems = installation_problems()
        if problems:
            for p in problems:
                err(p)
            return 1
        out(_("安装完整：资源文件、许可证文本和数据库迁移脚本（最新结构版本 {rev}）都在。").format(
            rev=migrate.head_revision()))
    return 0
