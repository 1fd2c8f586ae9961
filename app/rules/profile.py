"""Regional profiles: the numbers that differ by province, each with its citation.

Data lives in ``resources/profiles/<area>.toml`` (one file per module: roster, congress, contracts, hardship …).
Each file has a ``[national]`` table and override tables (``[shanghai]``, ``[zhejiang]``); every entry is
``key = { value = …, cite = "…" }``. A profile inherits ``national`` for keys it does not override.

    rule("congress", "quorum_ratio", "shanghai")  ->  Rule(value=..., cite="上海市职工代表大会条例 第…条")
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from app.errors import DomainError
from app.i18n import N_, _
from app.resources import load_toml, resource_path

PROFILES: dict[str, str] = {"national": N_("全国（默认）"), "shanghai": N_("上海市"), "zhejiang": N_("浙江省")}


@dataclass(frozen=True)
class Rule:
    key: str
    value: Any
    cite: str
    profile: str  # the profile the value actually came from (national when not overridden)


def profile_label(name: str) -> str:
    return _(PROFILES.get(name, name))


@cache
def _area(area: str) -> dict[str, Any]:
    if not resource_path("profiles", f"{area}.toml").exists():
        raise DomainError("profile.area", _("没有规则文件：{area}").format(area=area))
    return load_toml("profiles", f"{area}.toml")


def rule(area: str, key: str, profile: str = "national") -> Rule:
    data = _area(area)
    if profile not in PROFILES:
        raise DomainError("profile.unknown", _("未知的地区规则：{p}").format(p=profile))
    for source in (profile, "national"):
        entry = data.get(source, {}).get(key)
        if entry is not None:
            if isinstance(entry, dict) and "value" in entry:
                return Rule(key, entry["value"], str(entry.get("cite", "")), source)
            return Rule(key, entry, "", source)
    raise DomainError("profile.key", _("规则 {area}.{key} 未定义").format(area=area, key=key))


def value(area: str, key: str, profile: str = "national") -> Any:
    return rule(area, key, profile).value


def current_profile(db: Any) -> str:
    """The union's configured profile (national when not set up)."""
    from app.services.org import get_org

    org = get_org(db)
    return org.profile if org and org.profile in PROFILES else "national"
