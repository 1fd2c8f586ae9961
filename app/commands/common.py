"""Helpers shared by the CLI subcommands."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from app.core import open_data
from app.storage.db import Database


def out(text: str = "") -> None:
    sys.stdout.write(text + "\n")


def err(text: str) -> None:
    sys.stderr.write(text + "\n")


def db_from(args: argparse.Namespace, *, create: bool = False) -> Database:
    return open_data(getattr(args, "data_dir_path", None), create=create, interactive=sys.stdin.isatty())


class Progress:
    """A terminal progress line on stderr (quiet when not a terminal)."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.tty = sys.stderr.isatty()

    def __call__(self, done: int, total: int, *_a: Any) -> bool:
        if self.tty and total:
            sys.stderr.write(f"\r{self.label} {done}/{total}")
            if done >= total:
                sys.stderr.write("\n")
            sys.stderr.flush()
        return True  # never cancelled from the terminal (Ctrl+C interrupts)


_groups: dict[tuple[int, str], tuple[argparse._SubParsersAction, argparse._SubParsersAction]] = {}


def group(sub: argparse._SubParsersAction, name: str, help_text: str) -> argparse._SubParsersAction:
    """Create or get a command group (``roster``, ``print``, ``bundle`` …) so several modules can add to it."""
    key = (id(sub), name)
    hit = _groups.get(key)
    if hit is None or hit[0] is not sub:  # ids are reused once an old parser is gone: check it is the same one
        p = sub.add_parser(name, help=help_text)
        hit = (sub, p.add_subparsers(dest=f"{name}_command", metavar="SUBCOMMAND", parser_class=type(p)))
        _groups[key] = hit
    return hit[1]
