"""The modules the navigation shows. Only modules that exist are listed — no placeholder pages.

Each entry names its page class as "module:Class"; the page is imported and built on first visit (fast start).
A page class takes (ctx: AppContext, parent) and may define ``activate()`` (called each time it is shown).
"""

from __future__ import annotations

from dataclasses import dataclass

from app.i18n import N_


@dataclass(frozen=True)
class ModuleSpec:
    key: str
    title: str          # translatable source string (N_)
    page: str           # "package.module:ClassName"
    icon: str = ""      # QStyle standard pixmap name, e.g. "SP_DirHomeIcon"


MODULES: list[ModuleSpec] = [
    ModuleSpec("home", N_("首页"), "ui.home:HomePage", "SP_DirHomeIcon"),
    ModuleSpec("roster", N_("会员名册"), "ui.roster.page:RosterPage", "SP_FileDialogDetailedView"),
    ModuleSpec("congress", N_("职工代表大会"), "ui.congress.page:CongressPage", "SP_DirOpenIcon"),
    ModuleSpec("motions", N_("提案"), "ui.congress.motions_page:MotionsPage", "SP_FileDialogContentsView"),
    ModuleSpec("contracts", N_("集体合同"), "ui.contracts.page:ContractsPage", "SP_FileDialogListView"),
    ModuleSpec("hardship", N_("困难帮扶"), "ui.hardship.page:HardshipPage", "SP_DialogHelpButton"),
    ModuleSpec("handup", N_("上报数据"), "ui.handup.page:HandUpPage", "SP_ArrowUp"),
    ModuleSpec("safety", N_("数据安全"), "ui.safety.page:SafetyPage", "SP_DriveHDIcon"),
    ModuleSpec("org", N_("工会信息"), "ui.org_page:OrgPage", "SP_FileDialogInfoView"),
]
