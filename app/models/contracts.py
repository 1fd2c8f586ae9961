"""Collective contracts (集体合同): the contract and its life, versions of the draft, the negotiation (要约,
representatives, meetings), the congress vote and the dated timeline. Imported by app/models/__init__.py."""

from __future__ import annotations

from datetime import date

from sqlmodel import Field

from app.models.base import AUDITED_TABLES, SyncedTable


class Contract(SyncedTable, table=True):
    """One collective contract or special contract, from first draft to expiry."""

    __tablename__ = "contract"
    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=20, index=True)          # comprehensive | wage | women | safety
    title: str = Field(max_length=200)
    state: str = Field(default="drafting", max_length=20, index=True)  # see app.services.contracts.STATES
    previous_id: int | None = Field(default=None, foreign_key="contract.id", ondelete="SET NULL")  # renewal/change of
    employer_name: str = Field(default="", max_length=200)
    large_firm: bool = Field(default=False)                # 规模以上企业 (Zhejiang: ≥ 5 representatives a side)
    recorder_name: str = Field(default="", max_length=50)  # 记录员 (not a representative)
    recorder_key: str = Field(default="", max_length=36)
    term_start: date | None = None
    term_end: date | None = None
    # 工资专项 figures (yuan, decimal text; people count)
    prev_avg_wage: str = Field(default="", max_length=20)   # 上年度职工平均工资（元/月）
    wage_increase_pct: str = Field(default="", max_length=10)  # 工资调整幅度（%）
    lowest_wage: str = Field(default="", max_length=20)     # 本单位最低工资（元/月）
    people_covered: int = Field(default=0)                 # 涉及职工人数
    signed_on: date | None = None
    filed_on: date | None = None                           # sent to the labour administration
    received_on: date | None = None                        # received by the labour administration
    objection_on: date | None = None                       # 审查意见书 received
    objection_note: str = Field(default="")
    in_force_on: date | None = None
    published_on: date | None = None
    ended_on: date | None = None
    notes: str = Field(default="")


class ContractVersion(SyncedTable, table=True):
    """A saved draft. Immutable: every save makes a new version. ``body`` is the chapter/article tree as JSON."""

    __tablename__ = "contract_version"
    id: int | None = Field(default=None, primary_key=True)
    contract_id: int = Field(foreign_key="contract.id", index=True, ondelete="CASCADE")
    number: int                                             # 1, 2, 3 … per contract
    note: str = Field(default="", max_length=200)
    body: str = Field(default="[]")                         # [{"title": "总则", "articles": [{"text": …, "topic": …}]}]
    saved_by: str = Field(default="", max_length=100)


class ContractOffer(SyncedTable, table=True):
    """要约: a written request to negotiate, and the other side's written reply."""

    __tablename__ = "contract_offer"
    id: int | None = Field(default=None, primary_key=True)
    contract_id: int = Field(foreign_key="contract.id", index=True, ondelete="CASCADE")
    from_side: str = Field(default="worker", max_length=10)  # worker | employer
    sent_on: date
    received_on: date | None = None
    topics: str = Field(default="")                          # what is proposed for negotiation
    proposed_time: str = Field(default="", max_length=100)
    reply_on: date | None = None
    reply_note: str = Field(default="")


class ContractRepresentative(SyncedTable, table=True):
    """A negotiation representative (协商代表) of one side."""

    __tablename__ = "contract_representative"
    id: int | None = Field(default=None, primary_key=True)
    contract_id: int = Field(foreign_key="contract.id", index=True, ondelete="CASCADE")
    side: str = Field(max_length=10)                         # worker | employer
    name: str = Field(max_length=50)
    member_id: int | None = Field(default=None, foreign_key="member.id", ondelete="SET NULL")
    post: str = Field(default="", max_length=100)            # 单位职务
    chief: bool = Field(default=False)                        # 首席代表
    outsider: bool = Field(default=False)                     # 本单位以外的专业人员
    union_chair: bool = Field(default=False)                  # is the union chair
    authorisation: str = Field(default="", max_length=200)    # 委托书 (date / reference) when the chief is not the chair
    labour_contract_end: date | None = None
    appointed_on: date | None = None
    left_on: date | None = None
    left_reason: str = Field(default="", max_length=100)


class ContractMeeting(SyncedTable, table=True):
    """A negotiation meeting (集体协商会议) with its agenda and minutes."""

    __tablename__ = "contract_meeting"
    id: int | None = Field(default=None, primary_key=True)
    contract_id: int = Field(foreign_key="contract.id", index=True, ondelete="CASCADE")
    number: int
    held_on: date
    place: str = Field(default="", max_length=100)
    chaired_by: str = Field(default="worker", max_length=10)  # the chiefs chair in turn
    agenda: str = Field(default="")
    minutes: str = Field(default="")
    outcome: str = Field(default="continue", max_length=20)   # continue | agreed | suspended
    next_on: date | None = None                               # agreed date to resume after a suspension
    signed_worker: bool = Field(default=False)                # minutes signed by the worker chief
    signed_employer: bool = Field(default=False)              # … and by the employer chief


class ContractVote(SyncedTable, table=True):
    """The congress (or all-staff) vote on the draft — the contract's own record of it."""

    __tablename__ = "contract_vote"
    id: int | None = Field(default=None, primary_key=True)
    contract_id: int = Field(foreign_key="contract.id", index=True, ondelete="CASCADE")
    version_id: int | None = Field(default=None, foreign_key="contract_version.id", ondelete="SET NULL")
    held_on: date
    body: str = Field(default="职工代表大会", max_length=20)    # 职工代表大会 | 职工大会
    total: int                                                # all representatives (or all staff)
    present: int
    in_favour: int
    against: int = Field(default=0)
    abstain: int = Field(default=0)
    passed: bool = Field(default=False)
    congress_meeting_uuid: str = Field(default="", max_length=36)  # link to the congress module's meeting
    profile: str = Field(default="national", max_length=20)


class ContractEvent(SyncedTable, table=True):
    """The dated timeline of a contract (要约, meetings, vote, signing, filing …) — the negotiation history."""

    __tablename__ = "contract_event"
    id: int | None = Field(default=None, primary_key=True)
    contract_id: int = Field(foreign_key="contract.id", index=True, ondelete="CASCADE")
    on_date: date
    kind: str = Field(max_length=20)
    note: str = Field(default="")


class MinimumWage(SyncedTable, table=True):
    """The local monthly minimum wage, a dated setting (the union enters its own area's figure)."""

    __tablename__ = "minimum_wage"
    id: int | None = Field(default=None, primary_key=True)
    effective_from: date = Field(index=True)
    yuan: str = Field(max_length=20)
    area: str = Field(default="", max_length=100)
    source: str = Field(default="", max_length=200)
AUDITED_TABLES.add("contract_representative")
