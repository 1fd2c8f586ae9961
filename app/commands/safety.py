"""Data safety on the command line: ``handover export|open``, ``keys recovery-sheet|passphrase|status``,
``audit list|export``, ``privacy retention|anonymise``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from app import paths
from app.commands.common import db_from, err, group, out
from app.errors import DomainError
from app.i18n import _, ngettext
from app.storage import keys
from app.validation.dates import DateError, parse_date


def register(sub: argparse._SubParsersAction) -> None:
    ho = group(sub, "handover", _("换届交接：导出交接包，在另一台电脑（数据文件夹）中打开"))
    p = ho.add_parser("export", help=_("导出交接包（数据＋用新交接口令保护的密钥）"))
    p.add_argument("-o", "--output", required=True, metavar="FILE", help=_("交接包文件名（.udhandover）"))
    p.add_argument("--passphrase-file", metavar="FILE", help=_("从该文件第一行读取新的交接口令（不询问）"))
    p.set_defaults(func=cmd_handover_export)
    p = ho.add_parser("open", help=_("在当前数据文件夹（须为空）中打开交接包或带 .key 文件的备份"))
    p.add_argument("file", metavar="FILE", help=_("交接包，或U盘上的备份文件（旁边有同名 .key 文件）"))
    p.add_argument("--passphrase-file", metavar="FILE", help=_("从该文件第一行读取交接口令（不询问）"))
    p.set_defaults(func=cmd_handover_open)

    ks = group(sub, "keys", _("密钥：恢复口令、恢复说明"))
    p = ks.add_parser("recovery-sheet", help=_("生成恢复说明（数据在哪里、如何恢复、日期；不含口令）"))
    p.add_argument("-o", "--output", required=True, metavar="FILE", help=_("输出文件（.pdf、.docx、.html 或 .txt）"))
    p.set_defaults(func=cmd_recovery_sheet)
    p = ks.add_parser("passphrase", help=_("设置或更改恢复口令（同一密钥重新包装）"))
    p.add_argument("--passphrase-file", metavar="FILE", help=_("从该文件第一行读取新的恢复口令（不询问）"))
    p.set_defaults(func=cmd_passphrase)
    p = ks.add_parser("status", help=_("显示加密、钥匙串、恢复口令和备份的状态"))
    p.set_defaults(func=cmd_status)

    au = group(sub, "audit", _("审计日志：查看、筛选、导出"))
    for name, fn, hlp in (("list", cmd_audit_list, _("列出审计记录，最新的在前")),
                          ("export", cmd_audit_export, _("把审计记录导出为 Excel（.xlsx）"))):
        p = au.add_parser(name, help=hlp)
        p.add_argument("--since", metavar="DATE", help=_("起始日期 YYYY-MM-DD"))
        p.add_argument("--until", metavar="DATE", help=_("截止日期 YYYY-MM-DD（含当天）"))
        p.add_argument("--actor", default="", help=_("操作人"))
        p.add_argument("--action", default="", help=_("操作：create/update/delete/unmask/export/print/anonymise …"))
        p.add_argument("--table", default="", help=_("数据表，例如 member"))
        p.add_argument("--text", default="", help=_("记录名称或内容中包含的文字"))
        if name == "list":
            p.add_argument("--limit", type=int, default=100, help=_("最多显示多少条（默认100）"))
        else:
            p.add_argument("-o", "--output", required=True, metavar="FILE.xlsx", help=_("输出文件"))
        p.set_defaults(func=fn)

    pv = group(sub, "privacy", _("个人信息保护：保存期限、匿名化"))
    p = pv.add_parser("retention", help=_("查看或设置离会会员信息的保存期限（年）；0 表示不自动匿名化"))
    p.add_argument("years", nargs="?", type=int, metavar="YEARS", help=_("年数"))
    p.set_defaults(func=cmd_retention)
    p = pv.add_parser("anonymise", help=_("把离会超过保存期限的会员匿名化（保留统计信息：性别、出生年份、日期、部门）"))
    p.add_argument("--dry-run", action="store_true", help=_("只列出将被匿名化的会员，不做改动"))
    p.set_defaults(func=cmd_anonymise)


def _passphrase(args: argparse.Namespace, purpose: str, *, env_ok: bool) -> str:
    if getattr(args, "passphrase_file", None):
        try:
            with open(args.passphrase_file, encoding="utf-8-sig") as fh:
                value = fh.readline().rstrip("\r\n")
        except OSError as e:
            raise DomainError("keys.passphrase_file", _("无法读取口令文件 {path}：{err}").format(
                path=args.passphrase_file, err=e.strerror or e)) from None
        if not value:
            raise DomainError("keys.passphrase_file", _("口令文件 {path} 第一行是空的").format(path=args.passphrase_file))
        return value
    if env_ok:
        env_value = keys.passphrase_from_env()
        if env_value:
            return env_value
    if sys.stdin.isatty():
        asked = keys.terminal_ask(purpose)
        if asked:
            return asked
        raise DomainError("keys.cancelled", _("没有输入口令，已取消。"))
    raise DomainError("keys.no_passphrase", _("需要口令：请用 --passphrase-file 指定口令文件，或在终端中运行。"))


def cmd_handover_export(args: argparse.Namespace) -> int:
    from app.storage.handover import PACKAGE_SUFFIX, export_package

    target = Path(args.output).expanduser()
    if not target.suffix:
        target = target.with_suffix(PACKAGE_SUFFIX)
    passphrase = _passphrase(args, "handover", env_ok=False)
    keys.check_new_passphrase(passphrase)
    with db_from(args) as db:
        info = export_package(db, target, passphrase)
    out(_("已导出交接包：{path}").format(path=info.path))
    out(_("请把交接口令写在纸上，当面交给新任主席；口令不要和交接包放在一起。"))
    return 0


def cmd_handover_open(args: argparse.Namespace) -> int:
    from app.core import open_data
    from app.storage.handover import open_package

    source = Path(args.file).expanduser()
    if not source.is_file():
        raise DomainError("handover.missing", _("找不到文件 {path}").format(path=source), "file")
    passphrase = _passphrase(args, "package", env_ok=True)
    base = args.data_dir_path
    info = open_package(source, base, passphrase)
    db = open_data(base, create=False, passphrase=passphrase)  # migrates a package from an older version
    db.close()
    out(_("已打开交接包，数据保存在 {path}").format(path=paths.database_path(base)))
    if info.counts:
        from app.storage.backup import counts_text

        out(counts_text(info.counts))
    out(_("交接口令现在是这份数据的恢复口令。请尽快运行 uniondesk keys passphrase 设置您自己的恢复口令。"))
    return 0


def cmd_recovery_sheet(args: argparse.Namespace) -> int:
    from app.services.safety import write_recovery_sheet

    with db_from(args) as db:
        path = write_recovery_sheet(db, Path(args.output).expanduser())
    out(_("已生成恢复说明：{path}（不含口令）").format(path=path))
    return 0


def cmd_passphrase(args: argparse.Namespace) -> int:
    from app.services.safety import set_recovery_passphrase

    with db_from(args) as db:
        set_recovery_passphrase(db, _passphrase(args, "new", env_ok=False))
    out(_("已设置恢复口令。旧口令从此不能再打开这份数据。"))
    return 0


def cmd_status(args: argparse.Namespace) -> int:
    from app.services.safety import status

    with db_from(args) as db:
        st = status(db)
    yes, no = _("是"), _("否")
    out(_("数据文件夹：{v}").format(v=st.data_dir))
    out(_("已加密：{v}").format(v=yes if st.encrypted else no))
    out(_("系统钥匙串：{v}").format(v=yes if st.keyring else no))
    out(_("已设置恢复口令：{v}").format(v=yes if st.recovery_set else no))
    out(_("密钥指纹：{v}").format(v=st.key_fingerprint))
    newest = st.newest_backup
    out(_("备份：{n} 份；最近一次：{v}").format(n=st.backups, v=f"{newest.id}（{newest.local_time()}）" if newest
                                        else _("无")))
    if not st.recovery_set:
        err(_("警告：尚未设置恢复口令。钥匙串丢失或换电脑时数据将无法打开。请运行 uniondesk keys passphrase。"))
    return 0


def _audit_filter(args: argparse.Namespace):  # noqa: ANN202
    from app.services.privacy import AuditFilter

    def d(v: str | None, name: str):  # noqa: ANN202
        if not v:
            return None
        try:
            r = parse_date(v)
        except DateError:
            r = None
        if r is None:
            raise DomainError("audit.date", _("{name} 不是有效日期：{v}（应为 YYYY-MM-DD）").format(name=name, v=v), name)
        return r

    return AuditFilter(since=d(args.since, "--since"), until=d(args.until, "--until"), actor=args.actor,
                       action=args.action, table=args.table, text=args.text)


def cmd_audit_list(args: argparse.Namespace) -> int:
    from app.services.privacy import audit_entries

    f = _audit_filter(args)
    with db_from(args) as db:
        rows = audit_entries(db, f, limit=max(1, args.limit))
    for a in rows:
        out("\t".join([a.local_time(), a.actor, a.action_label, a.table, a.label, a.changes_text()]))
    return 0


def cmd_audit_export(args: argparse.Namespace) -> int:
    from app.services.privacy import export_audit

    f = _audit_filter(args)
    with db_from(args) as db:
        n = export_audit(db, Path(args.output).expanduser(), f)
    out(ngettext("已导出 {n} 条审计记录到 {path}", "已导出 {n} 条审计记录到 {path}", n).format(n=n, path=args.output))
    return 0


def cmd_retention(args: argparse.Namespace) -> int:
    from app.services.privacy import retention_years, set_retention_years

    with db_from(args) as db:
        if args.years is not None:
            set_retention_years(db, args.years or None)
        years = retention_years(db)
    out(_("离会会员信息保存期限：{v}").format(v=ngettext("{n} 年", "{n} 年", years).format(n=years) if years else _("未设置（不自动匿名化）")))
    return 0


def cmd_anonymise(args: argparse.Namespace) -> int:
    from app.services.privacy import anonymise_candidates, anonymise_left_members, retention_years

    with db_from(args) as db:
        if not retention_years(db):
            raise DomainError("privacy.no_retention",
                              _("尚未设置保存期限。请先运行 uniondesk privacy retention 年数。"))
        if args.dry_run:
            for c in anonymise_candidates(db):
                out("\t".join([c.name, c.left_on.isoformat() if c.left_on else ""]))
            return 0
        n = anonymise_left_members(db)
    out(ngettext("已匿名化 {n} 名离会会员（匿名化前已自动备份）", "已匿名化 {n} 名离会会员（匿名化前已自动备份）", n).format(n=n))
    return 0
