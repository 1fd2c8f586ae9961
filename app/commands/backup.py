"""``backup create | list | restore``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from app.commands.common import db_from, err, out
from app.core import open_data
from app.errors import DomainError
from app.i18n import _
from app.storage import backup


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("backup", help=_("备份：创建、列出、恢复（备份与数据库一样加密）"))
    bs = p.add_subparsers(dest="backup_command", metavar="SUBCOMMAND", parser_class=type(p))

    c = bs.add_parser("create", help=_("立即备份；加 --to 文件夹 时另存一份到该文件夹（例如U盘）"))
    c.add_argument("--to", metavar="FOLDER", help=_("另存到的文件夹（备份文件和密钥文件，用恢复口令打开）"))
    c.set_defaults(func=cmd_create)

    ls = bs.add_parser("list", help=_("列出备份，每行一个，最新的在前，第一列是备份编号"))
    ls.set_defaults(func=cmd_list)

    r = bs.add_parser("restore", help=_("用一份备份替换当前数据（先自动备份当前数据）"))
    r.add_argument("id", metavar="ID|FILE", help=_("备份编号（见 backup list）或备份文件路径"))
    r.add_argument("-y", "--yes", action="store_true", help=_("不询问，直接恢复"))
    r.set_defaults(func=cmd_restore)


def cmd_create(args: argparse.Namespace) -> int:
    with db_from(args) as db:
        if args.to:
            target = backup.copy_to_folder(db, Path(args.to).expanduser())
            out(_("已备份到 {path}（同名 .key 文件是用恢复口令保护的密钥）").format(path=target))
        else:
            info = backup.create_backup(db, "manual")
            out(_("已备份：{id}（{counts}）").format(id=info.id, counts=backup.counts_text(info.counts)))
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    with db_from(args) as db:
        items = backup.list_backups(db)
    for b in items:
        out("\t".join([b.id, b.local_time(), b.reason_label, backup.counts_text(b.counts), f"{b.size // 1024} KB"]))
    if not items:
        err(_("还没有备份"))
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    # a damaged database must still be restorable: no integrity check on this open
    db = open_data(args.data_dir_path, create=False, interactive=sys.stdin.isatty(), check=False)
    try:
        path = Path(args.id).expanduser()
        info = backup.describe_file(path, db.key) if path.is_file() else backup.get_backup(db, args.id)
        out(_("将恢复备份 {id}：{date}，{counts}").format(id=info.id, date=info.local_time(),
                                                     counts=backup.counts_text(info.counts)))
        if not args.yes:
            if not sys.stdin.isatty():
                # nobody can answer the question: never replace the data unasked
                raise DomainError("backup.restore_unconfirmed", _(
                    "没有确认，数据没有改动。要在脚本中恢复，请加 --yes"), "yes")
            answer = input(_("当前数据会先自动备份，然后被这份备份替换。确定吗？[y/N] "))
            if answer.strip().lower() not in ("y", "yes", "是"):
                err(_("已取消"))
                return 1
        before = backup.restore_file(db, info.path)
    finally:
        db.close()
    db = open_data(args.data_dir_path, create=False)  # migrates an older backup and checks it
    db.close()
    if before is not None:
        out(_("已恢复。恢复前的数据已备份为 {id}").format(id=before.id))
    else:
        out(_("已恢复。"))
    return 0
