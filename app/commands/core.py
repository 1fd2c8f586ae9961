"""``selftest``, ``demo``, ``check``."""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from app import paths
from app.commands.common import db_from, err, out
from app.i18n import _


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("selftest", help=_("打开数据库和主窗口（无界面模式），逐个访问每个模块页面"))
    p.set_defaults(func=cmd_selftest)

    p = sub.add_parser("demo", help=_("在数据文件夹中生成逼真的示例数据"))
    p.add_argument("--members", type=int, default=300, metavar="N", help=_("会员人数（默认300）"))
    p.add_argument("--seed", type=int, default=1, metavar="S", help=_("随机种子（相同种子生成相同数据）"))
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("check", help=_("完整性检查；数据库完好时退出码为0"))
    p.set_defaults(func=cmd_check)


def cmd_demo(args: argparse.Namespace) -> int:
    from app.services import demo

    if args.members < 1 or args.members > 1_000_000:
        err(_("--members 应在 1 到 1000000 之间"))
        return 1
    with db_from(args, create=True) as db:
        result = demo.run_demo(db, members=args.members, seed=args.seed)
    out(_("已生成示例数据：{n}名会员，{d}个部门；模块：{m}").format(
        n=result["members"], d=result["departments"], m="、".join(result["modules"])))
    out(_("数据文件夹：{path}").format(path=paths.data_dir()))
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from app.storage.database import integrity_check

    with db_from(args) as db:
        problems = integrity_check(db, quick=False)
    if problems:
        err(_("数据库有问题：{path}").format(path=db.path))
        for p in problems[:50]:
            err("  " + p)
        return 1
    out(_("数据库完好：{path}").format(path=db.path))
    return 0


def cmd_selftest(args: argparse.Namespace) -> int:
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from app.services import demo

    explicit = paths.database_path(args.data_dir_path).exists()
    tmp = None
    if explicit:
        db = db_from(args)
    else:
        tmp = tempfile.TemporaryDirectory(prefix="uniondesk-selftest-")
        paths.set_data_dir(Path(tmp.name))
        import secrets

        from app.core import open_data

        # throw-away data: its own random recovery passphrase, so no keyring or prompt is needed
        db = open_data(Path(tmp.name), create=True, passphrase=secrets.token_urlsafe(16))
        demo.run_demo(db, members=60, seed=7)
    try:
        from ui.selftest import run_selftest

        problems = run_selftest(db)
    finally:
        db.close()
        if tmp is not None:
            tmp.cleanup()
    if problems:
        for p in problems:
            err(p)
        return 1
    out(_("自检通过"))
    return 0
