"""Load packaging/specdata.py by path (packaging/ is not a package: it would shadow PyPI's ``packaging``)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def load(name: str):
    spec = importlib.util.spec_from_file_location(f"ud_{name}", ROOT / "packaging" / f"{name}.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="session")
def specdata():
    return load("specdata")


@pytest.fixture(scope="session")
def collect_licenses():
    return load("collect_licenses")
