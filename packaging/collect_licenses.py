"""Copy the licence texts of everything the built program ships into resources/licenses/, with an index.

    python packaging/collect_licenses.py            # from the environment the package is built from

Walks the runtime dependency closure of pyproject's [project].dependencies (markers evaluated for Windows, macOS
and Linux, so one index serves all three builds) and copies each distribution's licence files verbatim from its
installed dist-info. Components that are not Python distributions (Python itself, Qt, SQLCipher and OpenSSL inside
the sqlcipher3 and cryptography wheels) take their texts from packaging/licenses-extra/. A platform-only
dependency that is not installed here keeps the entry already committed, or is read from a wheel passed with
``--wheel FILE`` (``pip download NAME --no-deps`` fetches one).
Writes resources/licenses/index.json; app.licenses reads it, the About dialog shows it.
"""

from __future__ import annotations

import json
import re
import shutil
import sys
import tomllib
from importlib import metadata
from pathlib import Path

from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "resources" / "licenses"
EXTRA = Path(__file__).resolve().parent / "licenses-extra"

PLATFORMS = {
    "windows": {"sys_platform": "win32", "platform_system": "Windows", "os_name": "nt", "platform_machine": "AMD64"},
    "macos": {"sys_platform": "darwin", "platform_system": "Darwin", "os_name": "posix", "platform_machine": "arm64"},
    "linux": {"sys_platform": "linux", "platform_system": "Linux", "os_name": "posix", "platform_machine": "x86_64"},
}
_COMMON_ENV = {"python_version": "3.11", "python_full_version": "3.11.7", "implementation_name": "cpython",
               "platform_python_implementation": "CPython", "extra": ""}

# SPDX identifiers where the distribution's metadata gives prose or nothing.
LICENSE_OVERRIDES = {
    "reportlab": "BSD-3-Clause", "pyrage": "MIT", "pyside6-essentials": "LGPL-3.0-only",
    "pyside6-addons": "LGPL-3.0-only", "pyside6-pdf": "LGPL-3.0-only", "shiboken6": "LGPL-3.0-only",
    "sqlcipher3": "Zlib", "pypinyin": "MIT", "python-docx": "MIT", "sqlalchemy": "MIT", "lxml": "BSD-3-Clause",
    "pywin32-ctypes": "BSD-3-Clause", "secretstorage": "BSD-3-Clause", "jeepney": "MIT",
}
# Distributions that ship no licence file: the texts they are under.
TEXT_OVERRIDES = {
    "pyside6-essentials": ["LGPL-3.0.txt", "GPL-3.0.txt"],
    "pyside6-addons": ["LGPL-3.0.txt", "GPL-3.0.txt"],
    "pyside6-pdf": ["LGPL-3.0.txt", "GPL-3.0.txt"],
    "shiboken6": ["LGPL-3.0.txt", "GPL-3.0.txt"],
}
# Not Python distributions, but inside what we ship.
EXTRA_COMPONENTS = [
    {"name": "Python", "license": "PSF-2.0", "texts": ["Python-PSF.txt"], "url": "https://www.python.org/",
     "note": "The Python interpreter and standard library inside the program folder."},
    {"name": "Qt", "license": "LGPL-3.0-only", "texts": ["LGPL-3.0.txt", "GPL-3.0.txt"], "url": "https://www.qt.io/",
     "note": "The Qt 6 libraries (Core, Gui, Widgets, Pdf, PrintSupport …) are used under the GNU LGPL v3, which "
             "incorporates the GNU GPL v3. They are separate shared libraries in the program folder and can be "
             "replaced with compatible builds. Source: https://download.qt.io/official_releases/qt/"},
    {"name": "SQLCipher", "license": "BSD-3-Clause", "texts": ["SQLCipher.txt"],
     "url": "https://www.zetetic.net/sqlcipher/",
     "note": "Built into the sqlcipher3 module; based on SQLite, which is in the public domain."},
    {"name": "OpenSSL", "license": "Apache-2.0", "texts": ["Apache-2.0.txt"], "url": "https://www.openssl.org/",
     "note": "The cryptographic library linked into the sqlcipher3 and cryptography modules."},
]


def _env(platform: str) -> dict[str, str]:
    return {**_COMMON_ENV, **PLATFORMS[platform]}


def _applies(marker: Marker | None, platforms: set[str]) -> set[str]:
    if marker is None:
        return set(platforms)
    return {p for p in platforms if marker.evaluate(_env(p))}


def runtime_closure(pyproject: Path = ROOT / "pyproject.toml") -> dict[str, dict]:
    """canonical name -> {"name", "platforms", "direct", "installed"} for every runtime dependency (transitively)."""
    deps = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]["dependencies"]
    out: dict[str, dict] = {}
    todo: list[tuple[Requirement, set[str], bool]] = [(Requirement(d), set(PLATFORMS), True) for d in deps]
    while todo:
        req, parent_platforms, direct = todo.pop()
        plats = _applies(req.marker, parent_platforms)
        if not plats:
            continue
        key = canonicalize_name(req.name)
        entry = out.get(key)
        if entry is not None and plats <= entry["platforms"] and (entry["direct"] or not direct):
            continue
        if entry is None:
            entry = out[key] = {"name": req.name, "platforms": set(), "direct": False, "installed": True}
        entry["platforms"] |= plats
        entry["direct"] |= direct
        try:
            requires = metadata.requires(req.name) or []
        except metadata.PackageNotFoundError:
            entry["installed"] = False
            continue
        for r in requires:
            todo.append((Requirement(r), set(entry["platforms"]), False))
    return out


def _spdx(dist: metadata.Distribution, key: str) -> str:
    if key in LICENSE_OVERRIDES:
        return LICENSE_OVERRIDES[key]
    meta = dist.metadata
    expr = meta.get("License-Expression")
    if expr:
        return expr
    lic = (meta.get("License") or "").strip()
    if lic and len(lic) < 40 and "\n" not in lic:
        return lic
    for c in meta.get_all("Classifier") or []:
        if c.startswith("License :: OSI Approved :: "):
            return {"MIT License": "MIT", "Apache Software License": "Apache-2.0",
                    "BSD License": "BSD"}.get(c.rsplit(" :: ", 1)[1], c.rsplit(" :: ", 1)[1])
    return "see text"


def _licence_files(dist: metadata.Distribution) -> list[Path]:
    files = []
    for f in dist.files or []:
        parts = f.parts
        if not parts or not parts[0].endswith(".dist-info"):
            continue
        name = parts[-1].upper()
        if re.match(r"^(LICEN[CS]E|COPYING|NOTICE|AUTHORS)", name) or (len(parts) > 2 and parts[1] == "licenses"):
            p = Path(str(dist.locate_file(f)))
            if p.is_file() and p.suffix not in (".json",) and "sboms" not in parts:
                files.append(p)
    return sorted(set(files))


def _from_wheel(wheel: Path, key: str, out: Path) -> dict:
    import email
    import zipfile

    with zipfile.ZipFile(wheel) as z:
        names = z.namelist()
        meta_name = next(n for n in names if n.endswith(".dist-info/METADATA"))
        meta = email.message_from_bytes(z.read(meta_name))
        d = out / key
        shutil.rmtree(d, ignore_errors=True)
        d.mkdir()
        texts = []
        for n in names:
            base = n.rsplit("/", 1)[-1]
            if ".dist-info/" in n and re.match(r"^(LICEN[CS]E|COPYING|NOTICE)", base.upper()):
                (d / base).write_bytes(z.read(n))
                texts.append(f"{key}/{base}")
    return {"name": meta["Name"], "version": meta["Version"], "license": LICENSE_OVERRIDES.get(key, "see text"),
            "url": meta.get("Home-page") or "", "texts": texts}


def collect(out: Path = OUT, wheels: list[Path] | None = None) -> list[dict]:
    out.mkdir(parents=True, exist_ok=True)
    old = {}
    if (out / "index.json").exists():
        old = {canonicalize_name(c["name"]): c for c in json.loads((out / "index.json").read_text("utf-8"))}
    common = out / "_texts"
    common.mkdir(exist_ok=True)
    for f in EXTRA.glob("*.txt"):
        shutil.copyfile(f, common / f.name)
    index: list[dict] = []
    for c in EXTRA_COMPONENTS:
        index.append({**c, "version": "", "kind": "bundled", "platforms": sorted(PLATFORMS),
                      "texts": [f"_texts/{t}" for t in c["texts"]]})
    for key, info in sorted(runtime_closure().items()):
        entry = {"name": info["name"], "kind": "direct" if info["direct"] else "dependency",
                 "platforms": sorted(info["platforms"])}
        if not info["installed"]:
            wheel = next((w for w in wheels or [] if canonicalize_name(w.name.split("-")[0]) == key), None)
            if wheel is not None:
                index.append({**_from_wheel(wheel, key, out), **entry})
                continue
            if key in old:  # a Windows-only or macOS-only dependency: keep what an earlier run there wrote
                index.append({**old[key], **entry})
                continue
            raise SystemExit(f"{info['name']} is not installed here and has no committed licence entry; "
                             f"run this script where it is installed ({', '.join(sorted(info['platforms']))}).")
        dist = metadata.distribution(info["name"])
        entry.update(name=dist.metadata["Name"], version=dist.version, license=_spdx(dist, key),
                     url=(dist.metadata.get("Home-page") or _project_url(dist) or ""))
        texts = []
        if key in TEXT_OVERRIDES:
            texts = [f"_texts/{t}" for t in TEXT_OVERRIDES[key]]
        else:
            d = out / key
            if d.exists():
                shutil.rmtree(d)
            d.mkdir()
            for f in _licence_files(dist):
                target = d / f.name
                if target.exists():
                    target = d / f"{f.parent.name}-{f.name}"
                shutil.copyfile(f, target)
                texts.append(f"{key}/{target.name}")
        if not texts:
            raise SystemExit(f"no licence text found for {entry['name']}: add it to TEXT_OVERRIDES")
        entry["texts"] = texts
        index.append(entry)
    (out / "index.json").write_text(json.dumps(index, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return index


def _project_url(dist: metadata.Distribution) -> str | None:
    for u in dist.metadata.get_all("Project-URL") or []:
        label, _, url = u.partition(",")
        if label.strip().lower() in ("homepage", "home", "source", "repository", "source code"):
            return url.strip()
    return None


if __name__ == "__main__":
    import argparse

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--wheel", action="append", type=Path, default=[], help="wheel of a dependency not installed here")
    idx = collect(wheels=ap.parse_args().wheel)
    print(f"{len(idx)} components, licence texts in {OUT.relative_to(ROOT)}", file=sys.stderr)
