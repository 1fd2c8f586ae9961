"""What UnionDesk ships and under which licences (``resources/licenses/index.json``, written by
``packaging/collect_licenses.py``). Read by the About dialog and ``uniondesk about``; no Qt here."""

from __future__ import annotations

import json
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

from app.resources import resource_path


@dataclass(frozen=True)
class Component:
    name: str
    version: str
    license: str
    kind: str                   # "bundled" (Python, Qt, SQLCipher, OpenSSL) | "direct" | "dependency"
    platforms: tuple[str, ...]  # "windows" / "macos" / "linux"
    texts: tuple[str, ...]      # paths relative to resources/licenses
    url: str = ""
    note: str = ""

    @property
    def label(self) -> str:
        return f"{self.name} {self.version}".strip()


def current_platform() -> str:
    if sys.platform.startswith("win"):
        return "windows"
    if sys.platform == "darwin":
        return "macos"
    return "linux"


def licenses_dir() -> Path:
    return resource_path("licenses")


def components(platform: str | None = "current") -> list[Component]:
    """Components shipped on ``platform`` ("current" = this machine's, None = all), in index order."""
    plat = current_platform() if platform == "current" else platform
    raw = json.loads((licenses_dir() / "index.json").read_text(encoding="utf-8"))
    out = []
    for c in raw:
        comp = Component(name=c["name"], version=c.get("version", ""), license=c.get("license", ""),
                         kind=c.get("kind", ""), platforms=tuple(c.get("platforms", ())),
                         texts=tuple(c.get("texts", ())), url=c.get("url", ""), note=c.get("note", ""))
        if plat is None or plat in comp.platforms:
            out.append(comp)
    return out


def license_text(comp: Component) -> str:
    """The component's licence texts, verbatim, one after the other (with a header line per file)."""
    parts = []
    if comp.note:
        parts.append(textwrap.fill(comp.note, 78) + "\n")
    for rel in comp.texts:
        path = licenses_dir() / rel
        header = f"==== {Path(rel).name} ===="
        parts.append(header + "\n\n" + path.read_text(encoding="utf-8", errors="replace"))
    return "\n\n".join(parts)


def missing_texts() -> list[str]:
    """Licence files the index names but the installation lacks (a packaging mistake)."""
    return [f"{c.name}: {t}" for c in components(None) for t in c.texts if not (licenses_dir() / t).is_file()]
