"""The union itself (工会组织): one row, edited in the setup wizard and the union page."""

from __future__ import annotations

from datetime import date

from sqlmodel import Field

from app.models.base import SyncedTable


class Organisation(SyncedTable, table=True):
    __tablename__ = "organisation"
    id: int | None = Field(default=None, primary_key=True)
    union_name: str = Field(default="", max_length=200)          # 工会名称
    union_credit_code: str = Field(default="", max_length=18)     # 工会统一社会信用代码
    enterprise_name: str = Field(default="", max_length=200)     # 单位名称
    enterprise_credit_code: str = Field(default="", max_length=18)  # 单位统一社会信用代码
    address: str = Field(default="", max_length=300)             # 单位地址
    region: str = Field(default="", max_length=100)              # 所在政区
    enterprise_nature: str = Field(default="", max_length=50)    # 单位性质类别
    economic_type: str = Field(default="", max_length=50)        # 经济类型
    industry: str = Field(default="", max_length=100)            # 所属行业
    staff_count: int = Field(default=0)                          # 职工人数
    female_staff_count: int = Field(default=0)                   # 女职工人数
    parent_union: str = Field(default="", max_length=200)        # 上级工会名称
    founded_on: date | None = None                               # 建会日期
    union_type: str = Field(default="独立", max_length=20)        # 基层工会类型 独立/联合
    chair_name: str = Field(default="", max_length=50)           # 工会负责人
    phone: str = Field(default="", max_length=30)                # 联系电话
    profile: str = Field(default="national", max_length=30)      # regional profile: national | shanghai | zhejiang
    is_sample: bool = Field(default=False)                       # created by "open sample data"
