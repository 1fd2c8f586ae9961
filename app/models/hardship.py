"""Hardship files, visits and aid (困难职工帮扶、走访慰问、送温暖).

Field set of the provincial 困难职工建档申请表 (reference/templates/hainan-hardship-file-form.docx). Money is kept in
fen (integer cents) so every sum and comparison is exact. Sensitive personal information (health, disability,
income, bank account, children — PIPL Art. 28) is written only under a consent in force (app.services.hardship).
Every table here is audited (who/when/what) by the flush hook; ID and bank numbers, health and disability are
masked inside the audit log itself.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Column, LargeBinary, UniqueConstraint
from sqlmodel import Field

from app.models.base import AUDIT_IGNORED_COLUMNS, AUDIT_MASKED_COLUMNS, AUDITED_TABLES, SyncedTable


class HardshipFile(SyncedTable, table=True):
    """One household file (建档立卡), linked to a member."""

    __tablename__ = "hardship_file"
    id: int | None = Field(default=None, primary_key=True)
    member_id: int | None = Field(default=None, foreign_key="member.id", index=True, ondelete="SET NULL")
    file_no: str = Field(default="", max_length=30)                 # 职工编号 / 档案号
    # classification
    category: str = Field(default="", max_length=10, index=True)     # 深度困难 / 相对困难 / 意外致困 / "" (未达标)
    category_computed: str = Field(default="", max_length=10)        # what the figures give
    category_override: bool = Field(default=False)
    override_reason: str = Field(default="")
    per_capita_fen: int | None = None                                # 家庭人均月收入 (rounded, for lists)
    # lifecycle
    state: str = Field(default="申请", max_length=10, index=True)
    state_since: date | None = None
    applied_on: date | None = None                                   # 申报时间
    filed_on: date | None = None                                     # 在档 since
    next_recheck_on: date | None = Field(default=None, index=True)   # yearly re-check due
    exit_kind: str = Field(default="", max_length=10)                # 解困 / 脱困 / 退档
    exit_on: date | None = None
    exit_reason: str = Field(default="")
    # person (prefilled from the member)
    name: str = Field(max_length=50, index=True)                     # 姓名
    sex: str = Field(default="", max_length=2)
    ethnicity: str = Field(default="", max_length=20)
    id_number: str = Field(default="", max_length=30)                # 身份证号
    birth_date: date | None = None
    political_status: str = Field(default="", max_length=20)
    health: str = Field(default="", max_length=50)                   # 健康状况 (sensitive)
    disability: str = Field(default="", max_length=50)               # 残疾类别 (sensitive)
    work_status: str = Field(default="", max_length=20)              # 工作状态
    model_worker_type: str = Field(default="", max_length=30)        # 劳模类型
    mobile: str = Field(default="", max_length=20)
    address: str = Field(default="", max_length=200)                 # 现居住地
    work_unit: str = Field(default="", max_length=200)
    # housing
    housing_type: str = Field(default="", max_length=20)             # 住房类型
    housing_area: str = Field(default="", max_length=20)             # 建筑面积 (m², as written)
    # household
    marital_status: str = Field(default="", max_length=10)
    single_parent: bool = Field(default=False)                        # 是否单亲
    household_size: int = Field(default=1)                            # 家庭人口
    own_monthly_income_fen: int | None = None                         # 本人月均收入 (sensitive)
    other_annual_income_fen: int | None = None                        # 家庭其他年收入 (sensitive)
    rigid_expense_fen: int | None = None                              # 刚性支出 per year (sensitive)
    medical_insurance: str = Field(default="", max_length=30)         # 医保状况
    zero_employment: bool = Field(default=False)                      # 是否零就业家庭
    dibao_fen: int | None = None                                      # 低保金额 received per month (sensitive)
    accident_cost_fen: int | None = None                              # 意外/疾病/灾害 cost (sensitive)
    accident_covered_fen: int | None = None                           # … of which insurance and aid paid
    accident_desc: str = Field(default="")
    # causes
    main_cause: str = Field(default="", max_length=20)
    secondary_causes: str = Field(default="", max_length=100)         # up to three, joined with "、"
    reason_text: str = Field(default="")                              # 致困原因简述
    # bank account for aid (sensitive)
    bank_name: str = Field(default="", max_length=100)
    bank_account: str = Field(default="", max_length=40)
    account_holder: str = Field(default="", max_length=50)
    notes: str = Field(default="")


class HardshipMember(SyncedTable, table=True):
    """家庭成员 (不含职工本人): one row of the household table."""

    __tablename__ = "hardship_member"
    id: int | None = Field(default=None, primary_key=True)
    file_id: int = Field(foreign_key="hardship_file.id", index=True, ondelete="CASCADE")
    name: str = Field(max_length=50)
    relation: str = Field(default="", max_length=10)
    sex: str = Field(default="", max_length=2)
    id_number: str = Field(default="", max_length=30)
    birth_date: date | None = None
    health: str = Field(default="", max_length=50)                    # sensitive
    monthly_income_fen: int | None = None                             # sensitive
    identity: str = Field(default="", max_length=20)                  # 身份: 在职/学生/退休/无业 …
    school_or_unit: str = Field(default="", max_length=100)
    sort_order: int = Field(default=0)


class HardshipAttachment(SyncedTable, table=True):
    """Evidence (诊断证明, 收入证明, 户口本 …) of a file, or a photo of a visit — the bytes live in the database."""

    __tablename__ = "hardship_attachment"
    id: int | None = Field(default=None, primary_key=True)
    file_id: int = Field(foreign_key="hardship_file.id", index=True, ondelete="CASCADE")
    visit_id: int | None = Field(default=None, foreign_key="hardship_visit.id", index=True, ondelete="CASCADE")
    kind: str = Field(default="", max_length=20)
    filename: str = Field(default="", max_length=200)
    mime: str = Field(default="", max_length=50)
    size: int = Field(default=0)
    sha256: str = Field(default="", max_length=64)
    added_on: date | None = None
    note: str = Field(default="")
    blob_data: bytes = Field(default=b"", sa_column=Column(LargeBinary, nullable=False))


class HardshipEvent(SyncedTable, table=True):
    """The file's history: state changes, review opinions per level, re-checks, follow-up calls, overrides."""

    __tablename__ = "hardship_event"
    id: int | None = Field(default=None, primary_key=True)
    file_id: int = Field(foreign_key="hardship_file.id", index=True, ondelete="CASCADE")
    kind: str = Field(max_length=10)        # 状态 / 审核 / 复核 / 回访 / 改类别 / 同意
    on_date: date
    from_state: str = Field(default="", max_length=10)
    to_state: str = Field(default="", max_length=10)
    level: str = Field(default="", max_length=20)     # 审核 level: 本单位工会 / 上级工会 / …
    result: str = Field(default="", max_length=10)    # 同意 / 不同意 / 仍困难 / 返困 …
    opinion: str = Field(default="")
    person: str = Field(default="", max_length=50)    # reviewer / caller


class HardshipIncome(SyncedTable, table=True):
    """A month's household income, entered at re-checks and follow-ups (for the 6-month exit prompt)."""

    __tablename__ = "hardship_income"
    __table_args__ = (UniqueConstraint("file_id", "month"),)
    id: int | None = Field(default=None, primary_key=True)
    file_id: int = Field(foreign_key="hardship_file.id", index=True, ondelete="CASCADE")
    month: date                                     # first day of the month
    household_income_fen: int                      # sensitive
    rigid_expense_fen: int = Field(default=0)      # that month's 刚性支出
    household_size: int = Field(default=1)


class HardshipStandard(SyncedTable, table=True):
    """The local 低保 standard (yuan per person per month) from a date on — the union's own setting."""

    __tablename__ = "hardship_standard"
    id: int | None = Field(default=None, primary_key=True)
    valid_from: date = Field(index=True)
    monthly_fen: int
    region: str = Field(default="", max_length=100)
    source: str = Field(default="", max_length=200)   # 文件名/文号 of the local announcement


class HardshipCampaign(SyncedTable, table=True):
    """A season's visits (送温暖 at Spring Festival, 节日慰问 …)."""

    __tablename__ = "hardship_campaign"
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=100)
    kind: str = Field(default="送温暖", max_length=10)
    year: int = Field(index=True)
    starts_on: date | None = None
    ends_on: date | None = None
    rule: str = Field(default="")                   # how households were picked, in words
    cash_fen: int = Field(default=0)                # planned cash per household
    goods: str = Field(default="", max_length=200)
    goods_value_fen: int = Field(default=0)
    fund: str = Field(default="", max_length=50)


class HardshipVisit(SyncedTable, table=True):
    """One visit (走访慰问): planned by a campaign or recorded ad hoc."""

    __tablename__ = "hardship_visit"
    id: int | None = Field(default=None, primary_key=True)
    file_id: int = Field(foreign_key="hardship_file.id", index=True, ondelete="CASCADE")
    campaign_id: int | None = Field(default=None, foreign_key="hardship_campaign.id", index=True,
                                    ondelete="SET NULL")
    kind: str = Field(default="日常走访", max_length=10)   # 送温暖 / 节日慰问 / 住院探视 / 日常走访
    done: bool = Field(default=False, index=True)
    visited_on: date | None = Field(default=None, index=True)
    visitors: str = Field(default="", max_length=200)
    cash_fen: int = Field(default=0)
    goods: str = Field(default="", max_length=200)
    goods_value_fen: int = Field(default=0)
    fund: str = Field(default="", max_length=50)
    signature: str = Field(default="未签收", max_length=10)  # 未签收 / 已签收 / 代签
    notes: str = Field(default="")


class HardshipAid(SyncedTable, table=True):
    """An aid payment (生活救助, 医疗救助, 金秋助学, 法律援助) from a fund."""

    __tablename__ = "hardship_aid"
    id: int | None = Field(default=None, primary_key=True)
    file_id: int = Field(foreign_key="hardship_file.id", index=True, ondelete="CASCADE")
    aid_type: str = Field(max_length=10, index=True)
    amount_fen: int
    paid_on: date = Field(index=True)
    year: int = Field(index=True)
    fund: str = Field(default="", max_length=50)
    signature: str = Field(default="未签收", max_length=10)
    note: str = Field(default="")
    # 金秋助学
    student_name: str = Field(default="", max_length=50)
    school: str = Field(default="", max_length=100)
    major: str = Field(default="", max_length=100)
    admission_on: date | None = None
    study_years: int | None = None
    tuition_fen: int | None = None


class HardshipBudget(SyncedTable, table=True):
    """The fund's budget for one year and one aid type."""

    __tablename__ = "hardship_budget"
    __table_args__ = (UniqueConstraint("year", "aid_type"),)
    id: int | None = Field(default=None, primary_key=True)
    year: int = Field(index=True)
    aid_type: str = Field(max_length=10)
    amount_fen: int
    fund: str = Field(default="", max_length=50)


AUDITED_TABLES.update({
    "hardship_file", "hardship_member", "hardship_attachment", "hardship_event", "hardship_income",
    "hardship_standard", "hardship_campaign", "hardship_visit", "hardship_aid", "hardship_budget",
})
# Kept masked inside the audit log (health and disability are sensitive; id/bank numbers already are).
AUDIT_MASKED_COLUMNS.update({"health", "disability"})
# The bytes of a scan are not written to the audit log (its size and sha256 are).
AUDIT_IGNORED_COLUMNS.add("blob_data")
