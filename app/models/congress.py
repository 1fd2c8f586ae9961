"""Workers' congress (职工代表大会) and its motions (提案).

A term (届) has meetings (次会议, "sessions"); representatives are members elected per constituency (a department
or team). Meetings record attendance and votes. Motions (提案) are submitted to a meeting and follow the state
machine in app/services/motions.py; every step is a :class:`MotionEvent` (who, when, what).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Column, LargeBinary
from sqlmodel import Field, SQLModel

from app.models.base import AUDITED_TABLES, SyncedTable, utcnow


class CongressTerm(SyncedTable, table=True):
    """一届职工代表大会 (or 职工大会 for small units)."""

    __tablename__ = "congress_term"
    id: int | None = Field(default=None, primary_key=True)
    number: int = Field(index=True)                               # 第N届
    start_date: date                                               # 换届（选举）日期
    end_date: date                                                 # 届满日期
    assembly: bool = Field(default=False)                          # 职工大会 (all staff) instead of 代表大会
    notes: str = Field(default="")


class CongressMeeting(SyncedTable, table=True):
    """第N届第M次会议 — a session of the congress: its motions, attendance and votes."""

    __tablename__ = "congress_meeting"
    id: int | None = Field(default=None, primary_key=True)
    term_id: int = Field(foreign_key="congress_term.id", index=True, ondelete="RESTRICT")
    number: int                                                    # 第M次会议
    title: str = Field(default="", max_length=200)
    held_on: date | None = None                                    # 开幕日期
    closed_on: date | None = None                                  # 闭幕日期
    place: str = Field(default="", max_length=200)
    collect_from: date | None = None                               # 提案征集 window
    collect_until: date | None = None
    present_count: int | None = None                               # 出席人数 when no sign-in list is kept
    reported_on: date | None = None                                # 报告上一级工会的日期
    notes: str = Field(default="")


class Representative(SyncedTable, table=True):
    """一名职工代表: a member elected in a constituency for one term."""

    __tablename__ = "congress_representative"
    id: int | None = Field(default=None, primary_key=True)
    term_id: int = Field(foreign_key="congress_term.id", index=True, ondelete="RESTRICT")
    member_id: int = Field(foreign_key="member.id", index=True, ondelete="RESTRICT")
    constituency_id: int | None = Field(default=None, foreign_key="department.id", index=True,
                                        ondelete="SET NULL")  # 选区
    category: str = Field(max_length=20)          # 一线职工 / 专业技术人员 / 中层以上管理人员 / 领导人员
    observer: bool = Field(default=False)         # 列席代表 (no vote), e.g. dispatched workers in Zhejiang
    elected_on: date                              # 当选日期 (election or by-election)
    replaces_id: int | None = Field(default=None, foreign_key="congress_representative.id",
                                    ondelete="SET NULL")  # 补选: the representative this one replaces
    ended_on: date | None = None
    end_kind: str = Field(default="", max_length=10)   # 撤换 (recall) / 辞去 / 调离 / 离职 / 届满
    end_reason: str = Field(default="")
    recall_for: int | None = None                      # recall: votes in favour in the constituency
    recall_base: int | None = None                     # recall: all staff of the constituency


class MeetingAttendance(SQLModel, table=True):
    """Sign-in list of a meeting: one row per representative."""

    __tablename__ = "congress_attendance"
    meeting_id: int = Field(foreign_key="congress_meeting.id", primary_key=True, ondelete="CASCADE")
    representative_id: int = Field(foreign_key="congress_representative.id", primary_key=True,
                                   ondelete="CASCADE")
    status: str = Field(default="出席", max_length=4)   # 出席 / 请假 / 缺席


class CongressVote(SyncedTable, table=True):
    """The vote on one agenda item (决议事项) of a meeting, with the numbers it was decided on."""

    __tablename__ = "congress_vote"
    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="congress_meeting.id", index=True, ondelete="CASCADE")
    seq: int = Field(default=1)
    title: str = Field(max_length=300)
    important: bool = Field(default=False)        # 重要事项 (secret ballot, item by item)
    secret: bool = Field(default=False)           # 无记名投票
    votes_for: int = 0
    votes_against: int = 0
    votes_abstain: int = 0
    total: int = 0                                 # all (voting) representatives at the time
    present: int = 0
    # more_than (过半数) / at_least (半数以上) under the congress rule; "contract": a collective contract's draft,
    # decided by the contract rule (集体合同规定 Art. 36, the profile's contracts entries)
    rule: str = Field(default="more_than", max_length=10)
    passed: bool = False
    voted_on: date | None = None


class Motion(SyncedTable, table=True):
    """提案表 plus the union's handling and the proposer's rating."""

    __tablename__ = "motion"
    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="congress_meeting.id", index=True, ondelete="RESTRICT")
    number: str = Field(max_length=20, unique=True, index=True)   # 案号
    seq: int = Field(default=0)
    title: str = Field(max_length=200)                             # 案由
    category: str = Field(default="", max_length=20, index=True)   # 类别
    proposer_id: int = Field(foreign_key="congress_representative.id", index=True, ondelete="RESTRICT")
    proposer_dept: str = Field(default="", max_length=100)
    proposer_post: str = Field(default="", max_length=50)
    proposer_contact: str = Field(default="", max_length=50)
    reasons: str = Field(default="")                                # 理由/案据
    suggestions: str = Field(default="")                            # 建议/办法
    submitted_on: date
    state: str = Field(default="collecting", max_length=12, index=True)
    # 审查
    disposition: str = Field(default="", max_length=6)   # 立案 / 并案 / 不予立案
    review_opinion: str = Field(default="")               # 审查意见 (or the reason it was not accepted)
    merged_into_id: int | None = Field(default=None, foreign_key="motion.id", ondelete="SET NULL")
    reviewed_on: date | None = None
    # 交办
    lead_department_id: int | None = Field(default=None, foreign_key="department.id", index=True,
                                           ondelete="SET NULL")   # 主办
    assist_departments: str = Field(default="", max_length=300)  # 协办: department ids, comma separated
    assigned_on: date | None = None
    due_on: date | None = Field(default=None, index=True)
    # 答复
    reply_text: str = Field(default="")
    reply_number: str = Field(default="", max_length=50)   # 文号
    reply_kind: str = Field(default="", max_length=10)     # 答复类型: 书面 / 面谈 / 电话 …
    implementation: str = Field(default="", max_length=1)  # A 已解决 / B 列入计划 / C 因条件限制暂不能解决
    implementation_note: str = Field(default="")
    handler: str = Field(default="", max_length=50)        # 承办人
    signer: str = Field(default="", max_length=50)         # 签发人
    replied_on: date | None = None
    # 反馈
    rating_attitude: str = Field(default="", max_length=4)  # 满意 / 基本满意 / 不满意
    rating_result: str = Field(default="", max_length=4)
    rated_on: date | None = None
    return_reason: str = Field(default="")
    returns: int = Field(default=0)
    supervisions: int = Field(default=0)                     # 督办 count
    closed_on: date | None = None
    archived_on: date | None = None


class MotionCosigner(SQLModel, table=True):
    """附议人 — a representative supporting a motion."""

    __tablename__ = "motion_cosigner"
    motion_id: int = Field(foreign_key="motion.id", primary_key=True, ondelete="CASCADE")
    representative_id: int = Field(foreign_key="congress_representative.id", primary_key=True,
                                   ondelete="RESTRICT")


class MotionAttachment(SQLModel, table=True):
    """A file attached to a motion, kept in the database (the data folder stays one file)."""

    __tablename__ = "motion_attachment"
    id: int | None = Field(default=None, primary_key=True)
    motion_id: int = Field(foreign_key="motion.id", index=True, ondelete="CASCADE")
    filename: str = Field(max_length=200)
    size: int = 0
    data: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    added_at: datetime = Field(default_factory=utcnow)


class MotionEvent(SyncedTable, table=True):
    """One step of a motion's handling: who, when, what (the timeline)."""

    __tablename__ = "motion_event"
    id: int | None = Field(default=None, primary_key=True)
    motion_id: int = Field(foreign_key="motion.id", index=True, ondelete="CASCADE")
    at: datetime = Field(default_factory=utcnow)
    on_date: date | None = None           # the date the step took effect (may be earlier than ``at``)
    actor: str = Field(default="", max_length=100)
    action: str = Field(max_length=20)    # submit / review / accept / merge / reject / assign / ...
    from_state: str = Field(default="", max_length=12)
    to_state: str = Field(default="", max_length=12)
    note: str = Field(default="")


class MotionReport(SyncedTable, table=True):
    """The 提案工作报告 of a meeting as the chair edited it (absent = use the generated draft)."""

    __tablename__ = "motion_report"
    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="congress_meeting.id", unique=True, ondelete="CASCADE")
    text: str = Field(default="")


AUDITED_TABLES.update({"congress_representative"})
