"""Locating the read-only data files shipped in ``resources/`` (source tree, installed, or frozen)."""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path


@cache
def resources_root() -> Path:
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "resources"
    here = Path(__file__).resolve().parent
    for cand in (here.parent / "resources", here / "_resources"):
        if cand.is_dir():
            return cand
    return here.parent / "resources"


def resource_path(*parts: str) -> Path:
    return resources_root().joinpath(*parts)


@cache
def load_json(*parts: str):
    import json

    return json.loads(resource_path(*parts).read_text(encoding="utf-8"))


@cache
def load_toml(*parts: str) -> dict:
    import tomllib

    return tomllib.loads(resource_path(*parts).read_text(encoding="utf-8"))
