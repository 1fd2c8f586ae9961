"""Every component we ship is listed with its licence text, verbatim."""

from __future__ import annotations

import tomllib
from importlib import metadata
from pathlib import Path

from packaging.utils import canonicalize_name

from app import licenses

ROOT = Path(__file__).resolve().parents[2]


def _index_names() -> set[str]:
    return {canonicalize_name(c.name) for c in licenses.components(None)}


def test_every_runtime_dependency_from_pyproject_is_listed(specdata):
    deps = {canonicalize_name(n) for n in specdata.runtime_requirements()}
    assert deps, "pyproject lists no dependencies?"
    missing = deps - _index_names()
    assert not missing, f"run `python packaging/collect_licenses.py`: {sorted(missing)} have no licence entry"


def test_transitive_dependencies_are_listed_too(collect_licenses):
    closure = set(collect_licenses.runtime_closure())
    missing = closure - _index_names()
    assert not missing, f"run `python packaging/collect_licenses.py`: {sorted(missing)} have no licence entry"


def test_bundled_non_python_components_are_listed():
    names = {c.name for c in licenses.components(None)}
    assert {"Python", "Qt", "SQLCipher", "OpenSSL"} <= names
    qt = next(c for c in licenses.components(None) if c.name == "Qt")
    assert qt.license == "LGPL-3.0-only"
    text = licenses.license_text(qt)
    assert "GNU LESSER GENERAL PUBLIC LICENSE" in text and "Version 3, 29 June 2007" in text
    assert "GNU GENERAL PUBLIC LICENSE" in text  # LGPLv3 incorporates the GPLv3, which must accompany it
    sqlcipher = licenses.license_text(next(c for c in licenses.components(None) if c.name == "SQLCipher"))
    assert "ZETETIC LLC" in sqlcipher


def test_every_text_the_index_names_exists():
    assert licenses.missing_texts() == []
    for c in licenses.components(None):
        assert c.texts, f"{c.name} has no licence text"
        assert c.license, f"{c.name} has no licence name"


def test_texts_are_verbatim_copies_of_the_installed_licence_files():
    checked = 0
    for c in licenses.components(None):
        if c.kind == "bundled" or not c.texts[0].startswith(canonicalize_name(c.name) + "/"):
            continue
        try:
            dist = metadata.distribution(c.name)
        except metadata.PackageNotFoundError:
            continue  # a Windows-only dependency
        originals = {Path(str(dist.locate_file(f))).name: Path(str(dist.locate_file(f)))
                     for f in dist.files or [] if f.parts[0].endswith(".dist-info")}
        for rel in c.texts:
            ours = licenses.licenses_dir() / rel
            name = ours.name.split("-", 1)[-1] if ours.name not in originals else ours.name
            assert ours.read_bytes() == originals[name].read_bytes(), rel
            checked += 1
    assert checked >= 30


def test_platform_filter():
    win = {c.name for c in licenses.components("windows")}
    lin = {c.name for c in licenses.components("linux")}
    assert "pywin32-ctypes" in win and "pywin32-ctypes" not in lin
    assert "SecretStorage" in lin and "SecretStorage" not in win


def test_runtime_requirements_parse_names(specdata):
    proj = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert len(specdata.runtime_requirements()) == len(proj["dependencies"])
    assert specdata.requirement_name("SQLAlchemy>=2.0.30,<2.1") == "SQLAlchemy"
    assert specdata.requirement_name("PySide6-Essentials==6.12.0") == "PySide6-Essentials"
