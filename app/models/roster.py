"""Roster (会员名册): departments/teams, members and their membership history."""

from __future__ import annotations

from datetime import date

from sqlmodel import Field, SQLModel

from app.models.base import AUDITED_TABLES, SyncedTable


class Department(SyncedTable, table=True):
    """部门/班组 — a tree. Later also the workers' congress constituencies."""

    __tablename__ = "department"
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=100)
    parent_id: int | None = Field(default=None, foreign_key="department.id", index=True, ondelete="RESTRICT")
    kind: str = Field(default="部门", max_length=10)  # 部门 | 班组
    sort_order: int = Field(default=0)


class Member(SyncedTable, table=True):
    """One member. Field set of the provincial 会员信息采集表 plus what the committee needs day to day."""

    __tablename__ = "member"
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=50, index=True)                  # 姓名
    sex: str = Field(default="", max_length=2)                    # 性别 男/女
    birth_date: date | None = None                                # 出生日期
    ethnicity: str = Field(default="", max_length=20)             # 民族
    employment_status: str = Field(default="在岗", max_length=20)  # 就业状况
    id_type: str = Field(default="居民身份证", max_length=20)       # 有效证件类别
    id_number: str | None = Field(default=None, max_length=30, unique=True)  # 证件号码 (NULL = not given)
    education: str = Field(default="", max_length=20)             # 学历
    skill_level: str = Field(default="", max_length=40)           # 技术等级
    mobile: str = Field(default="", max_length=20)                # 移动电话
    hukou_type: str = Field(default="", max_length=20)            # 户籍类型
    hukou_place: str = Field(default="", max_length=100)          # 户籍所在地
    political_status: str = Field(default="", max_length=20)      # 政治面貌
    work_unit: str = Field(default="", max_length=200)            # 工作单位
    native_place: str = Field(default="", max_length=100)         # 籍贯
    migrant_worker: bool = Field(default=False)                   # 是否农民工会员
    department_id: int | None = Field(default=None, foreign_key="department.id", index=True,
                                      ondelete="SET NULL")        # 部门/班组
    post: str = Field(default="", max_length=50)                  # 岗位
    hire_date: date | None = None                                 # 入职日期
    join_date: date | None = None                                 # 入会日期
    card_number: str = Field(default="", max_length=30)           # 会员卡号
    dispatched: bool = Field(default=False)                       # 劳务派遣
    model_worker: bool = Field(default=False)                     # 劳模
    notes: str = Field(default="")                                # 备注
    # Derived, maintained by the roster service on every write (never computed per query):
    status: str = Field(default="active", max_length=20, index=True)  # see app.services.roster.STATUSES
    name_pinyin: str = Field(default="", max_length=200, index=True)  # "zengzhiwei" — sorting and search
    name_initials: str = Field(default="", max_length=20, index=True)  # "zzw"
    id_rev: str = Field(default="", max_length=30, index=True)     # reversed ID number: tail search by prefix
    mobile_rev: str = Field(default="", max_length=20, index=True)  # reversed mobile digits


class MembershipEvent(SyncedTable, table=True):
    """会籍变化: 入会 / 转入 / 保留 / 转出 / 除名 / 退会, with date and reason. Status derives from these."""

    __tablename__ = "membership_event"
    id: int | None = Field(default=None, primary_key=True)
    member_id: int = Field(foreign_key="member.id", index=True, ondelete="CASCADE")
    kind: str = Field(max_length=10)      # 入会 转入 保留 转出 除名 退会
    on_date: date
    reason: str = Field(default="", max_length=100)
    note: str = Field(default="")


AUDITED_TABLES.update({"member", "membership_event"})


class MemberNameGram(SQLModel, table=True):
    """Every 1- and 2-character piece of each member's name, kept by SQL triggers (migration 0001).

    Lets a one- or two-character name fragment ("伟", "建国") use an index instead of scanning every name.
    """

    __tablename__ = "member_name_gram"
    gram: str = Field(primary_key=True, max_length=2)
    member_id: int = Field(primary_key=True, foreign_key="member.id", ondelete="CASCADE")
