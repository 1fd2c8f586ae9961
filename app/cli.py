"""The command line: ``uniondesk`` (the window) and subcommands for everything a script or test needs.

Exit codes: 0 ok · 1 bad input (the message says what and where) · 2 usage · 3+ internal error (log path shown).
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import os
import sys
from pathlib import Path
from typing import NoReturn

from app import paths, version
from app.errors import DomainError
from app.filetypes import window_argv
from app.i18n import _, set_language

EXIT_OK, EXIT_USER, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3

# One module per area under app/commands; each has register(subparsers). Missing ones are skipped.
COMMAND_MODULES = (
    "core", "roster", "roster_import", "safety", "backup", "documents", "congress", "motions", "contracts",
    "hardship", "bundle", "keys", "hub", "about",
)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # usage errors exit 2 with the usage line
        self.print_usage(sys.stderr)
        sys.stderr.write(f"{self.prog}: {message}\n")
        raise SystemExit(EXIT_USAGE)


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="uniondesk", description=_("工会工作台：会员名册、职代会与提案、集体合同、困难职工帮扶。不带子命令时打开窗口。"))
    p.add_argument("--version", action="version", version=f"UnionDesk {version()}")
    p.add_argument("--data-dir", metavar="DIR", help=_("数据文件夹（默认：系统的用户数据目录；也可用环境变量 UNIONDESK_DATA_DIR）"))
    p.add_argument("--lang", metavar="LANG", choices=("zh_CN", "en"), help=_("界面语言：zh_CN 或 en"))
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name in COMMAND_MODULES:
        modname = f"app.commands.{name}"
        if importlib.util.find_spec(modname) is None:
            continue
        importlib.import_module(modname).register(sub)
    return p


def _global_option(argv: list[str], name: str) -> str | None:
    """The value of a global option (``--name VALUE`` or ``--name=VALUE``) before argparse has run."""
    value = None
    for i, a in enumerate(argv):
        if a == name and i + 1 < len(argv):
            value = argv[i + 1]
        elif a.startswith(name + "="):
            value = a.split("=", 1)[1]
    return value


def _preparse(argv: list[str]) -> None:
    """Apply --lang / --data-dir before building the parser so help texts are in the right language.

    The language chosen in the window is a setting of the data folder in use (settings live beside the data when
    the folder is overridden), so ``--data-dir`` is applied before that setting is read."""
    lang = _global_option(argv, "--lang")
    if lang is None:
        from app import settings

        data_dir = _global_option(argv, "--data-dir")
        if data_dir:
            paths.set_data_dir(data_dir)
        lang = os.environ.get("UNIONDESK_LANG") or settings.get("language")
    set_language(lang)


def write_crash_log(exc: BaseException) -> Path:
    import datetime as _dt
    import traceback

    from app.fileio import atomic_write_text

    d = paths.ensure_private_dir(paths.log_dir())
    path = d / f"crash-{_dt.datetime.now():%Y%m%d-%H%M%S}.log"
    text = f"UnionDesk {version()} {sys.platform} Python {sys.version}\n\n" + "".join(
        traceback.format_exception(exc))
    atomic_write_text(path, text)
    return path


def _gui_only(argv: list[str]) -> argparse.Namespace | None:
    """Just the global options and no command: start the window without importing every command module."""
    p = _Parser(prog="uniondesk", add_help=False)
    p.add_argument("--data-dir")
    p.add_argument("--lang", choices=("zh_CN", "en"))
    try:
        ns, rest = p.parse_known_args(argv)
    except SystemExit:
        return None
    if window_argv(rest):  # one bundle file (a double-click) opens the window on it
        return None
    ns.command = None
    ns.func = None
    return ns


def _remember_language(lang: str | None) -> None:
    """``uniondesk --lang en`` starting the window chooses the window's language, as View → 界面语言 does (README).
    A subcommand given --lang only speaks that language for itself: it changes no setting."""
    if not lang:
        return
    from app import settings

    try:
        settings.set_values(language=lang)
    except OSError:
        pass


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    _preparse(argv)
    gui = _gui_only(argv)
    if gui is not None:
        if gui.data_dir:
            paths.set_data_dir(gui.data_dir)
        gui.data_dir_path = paths.data_dir()
        _remember_language(gui.lang)
        try:
            from ui.application import run_gui

            return run_gui(gui)
        except Exception as e:  # noqa: BLE001
            path = write_crash_log(e)
            sys.stderr.write(_("内部错误：{err}\n详细信息已写入 {path}").format(err=e, path=path) + "\n")
            return EXIT_INTERNAL
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as e:
        return int(e.code or 0)
    if args.data_dir:
        paths.set_data_dir(args.data_dir)
    args.data_dir_path = paths.data_dir()
    try:
        if not getattr(args, "func", None):
            if args.command:
                try:
                    parser.parse_args([args.command, "--help"])  # prints the group's help
                except SystemExit:
                    pass
                return EXIT_USAGE
            _remember_language(args.lang)  # the window opened on a bundle file
            from ui.application import run_gui

            return run_gui(args)
        rc = args.func(args)
        return int(rc or 0)
    except DomainError as e:
        sys.stderr.write(_("错误：{msg}").format(msg=e.message) + "\n")
        if e.details:
            sys.stderr.write(e.details + "\n")
        return EXIT_USER
    except KeyboardInterrupt:
        sys.stderr.write(_("已取消") + "\n")
        return EXIT_USER
    except BrokenPipeError:  # output piped into `head` and closed early: not an error
        try:
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115 — keep Python's exit flush quiet
        except OSError:
            pass
        return EXIT_OK
    except SystemExit as e:
        return int(e.code or 0)
    except Exception as e:  # noqa: BLE001 — last resort: log and say where
        try:
            path = write_crash_log(e)
            sys.stderr.write(_("内部错误：{err}\n详细信息已写入 {path}").format(err=e, path=path) + "\n")
        except OSError:
            import traceback

            traceback.print_exc()
        return EXIT_INTERNAL


if __name__ == "__main__":
    raise SystemExit(main())
