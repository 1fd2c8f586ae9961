"""``keys …`` (the union's signing key) and ``print enrolment`` (the paper enrolment form)."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path

from app.commands.common import db_from, group, out
from app.errors import DomainError
from app.i18n import _

PASSPHRASE_ENV = "UNIONDESK_KEY_PASSPHRASE"


def read_passphrase(args: argparse.Namespace, *, confirm: bool = False, required: bool = False,
                    attr: str = "passphrase_file", env: str = PASSPHRASE_ENV) -> str | None:
    """From --passphrase-file, the environment, or a prompt at a terminal."""
    f = getattr(args, attr, None)
    if f:
        try:
            return Path(f).read_text(encoding="utf-8").rstrip("\r\n")
        except OSError as e:
            raise DomainError("keys.passphrase_file", _("无法读取口令文件 {path}：{err}").format(path=f, err=e)) from None
    if os.environ.get(env):
        return os.environ[env]
    if sys.stdin.isatty():
        p = getpass.getpass(_("口令：")) or None
        if p and confirm and getpass.getpass(_("再输一遍口令：")) != p:
            raise DomainError("keys.passphrase_mismatch", _("两次输入的口令不一致"))
        if p or not required:
            return p
    if required:
        option = "--" + attr.replace("_", "-")
        raise DomainError("keys.need_passphrase", _("需要口令：用 {option} 或环境变量 {env} 提供").format(
            option=option, env=env))
    return None


def key_passphrase(args: argparse.Namespace, db: object) -> str | None:
    """The passphrase of the existing key's file, only when the key is not in this computer's keyring."""
    from app.sync import keys

    if not keys.needs_passphrase(db):  # type: ignore[arg-type]
        return None
    return read_passphrase(args, required=True, attr="key_passphrase_file")


def _key_passphrase_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("--key-passphrase-file", metavar="FILE",
                   help=_("系统钥匙串中没有签名密钥时：现有密钥文件的口令（也可用环境变量 {env}）").format(env=PASSPHRASE_ENV))


def register(sub: argparse._SubParsersAction) -> None:
    ks = group(sub, "keys", _("本工会的签名密钥（上报数据包用）"))
    p = ks.add_parser("create", help=_("创建签名密钥（存入系统钥匙串；给出口令时另存一份口令保护的密钥文件）"))
    p.add_argument("--passphrase-file", metavar="FILE", help=_("从文件读取密钥文件的口令"))
    p.set_defaults(func=cmd_create)
    p = ks.add_parser("show", help=_("显示签名密钥的指纹"))
    p.set_defaults(func=cmd_show)
    p = ks.add_parser("enrolment", help=_("写出给上级工会登记用的登记文件"))
    p.add_argument("-o", "--output", required=True, metavar="FILE", help=_("要写出的登记文件"))
    _key_passphrase_arg(p)
    p.set_defaults(func=cmd_enrolment)
    p = ks.add_parser("handover", help=_("写出口令保护的密钥文件（交接或备份）"))
    p.add_argument("-o", "--output", required=True, metavar="FILE", help=_("要写出的密钥文件"))
    p.add_argument("--passphrase-file", metavar="FILE", help=_("交接文件的口令"))
    _key_passphrase_arg(p)
    p.set_defaults(func=cmd_handover)
    p = ks.add_parser("import", help=_("从交接的密钥文件导入签名密钥"))
    p.add_argument("file", metavar="FILE", help=_("交接的密钥文件"))
    p.add_argument("--passphrase-file", metavar="FILE", help=_("从文件读取密钥文件的口令"))
    p.set_defaults(func=cmd_import)
    p = ks.add_parser("rotate", help=_("换届：生成新密钥，并写出新旧密钥共同签署的换届声明"))
    p.add_argument("--passphrase-file", metavar="FILE", help=_("新密钥文件的口令"))
    _key_passphrase_arg(p)
    p.set_defaults(func=cmd_rotate)

    from app.commands.documents import add_output_args, print_group

    p = print_group(sub).add_parser("enrolment", help=_("签名密钥登记表（供签字盖章后交上级工会）"))
    add_output_args(p, unmask=False)
    _key_passphrase_arg(p)
    p.set_defaults(func=cmd_print_enrolment)


def cmd_create(args: argparse.Namespace) -> int:
    from app.sync import keys

    with db_from(args) as db:
        rec = keys.create_signing_key(db, read_passphrase(args, confirm=True))
    out(_("已创建签名密钥，指纹：{fp}").format(fp=keys.fingerprint(rec.key_id)))
    if rec.key_file:
        out(_("口令保护的密钥文件：{path}").format(path=rec.key_file))
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    from app.sync import keys

    with db_from(args) as db:
        rec = keys.active_key(db)
        if rec is None:
            raise DomainError("keys.none", _("还没有签名密钥：请先运行 uniondesk keys create"))
        out(_("指纹：{fp}").format(fp=keys.fingerprint(rec.key_id)))
        out(_("公钥：{pk}").format(pk=rec.public_key))
        out(_("创建于：{d}").format(d=rec.created_at.strftime("%Y-%m-%d")))
        out(_("保存于：{where}").format(where="、".join(
            ([_("系统钥匙串")] if rec.in_keyring else []) + ([rec.key_file] if rec.key_file else []))))
    return 0


def cmd_enrolment(args: argparse.Namespace) -> int:
    from app.sync import keys

    with db_from(args) as db:
        doc = keys.write_enrolment(db, Path(args.output), key_passphrase(args, db))
    out(_("已写出登记文件 {path}（指纹 {fp}）").format(path=args.output, fp=doc["fingerprint"]))
    return 0


def cmd_handover(args: argparse.Namespace) -> int:
    from app.sync import keys

    with db_from(args) as db:
        old = key_passphrase(args, db)
        keys.write_handover(db, Path(args.output), read_passphrase(args, confirm=True, required=True) or "", old)
    out(_("已写出口令保护的密钥文件 {path}").format(path=args.output))
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from app.sync import keys

    with db_from(args) as db:
        rec = keys.import_key_file(db, Path(args.file), read_passphrase(args, required=True) or "")
    out(_("已导入签名密钥，指纹：{fp}").format(fp=keys.fingerprint(rec.key_id)))
    return 0


def cmd_rotate(args: argparse.Namespace) -> int:
    from app.sync import keys

    with db_from(args) as db:
        old = key_passphrase(args, db)
        row = keys.rotate(db, read_passphrase(args, confirm=True), old)
    out(_("已生成新的签名密钥，指纹：{fp}").format(fp=keys.fingerprint(row.new_key_id)))
    out(_("旧密钥在第{seq}号数据包之后停用；换届声明将随下一个数据包上报。请打印新的登记表交上级工会。").format(seq=row.last_seq_old))
    return 0


def cmd_print_enrolment(args: argparse.Namespace) -> int:
    from app.commands.documents import render_to
    from app.sync import enrolment_form

    with db_from(args) as db:
        doc = enrolment_form.enrolment_document(db, key_passphrase(args, db))
    render_to(doc, args.output, label=_("登记表"))
    return 0
