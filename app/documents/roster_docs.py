"""The first documents: 会员名册 (the roster or a filtered view, as a table) and 会员登记表 (one member as a form).

ID and phone numbers are masked unless ``unmask=True``; unmasking is recorded in the audit log
(app.services.privacy.record_audit) before the document is built.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from app.documents.model import (
    Column,
    FormDocument,
    FormField,
    FormSection,
    TableBlock,
    TableDocument,
)
from app.errors import DomainError
from app.i18n import _
from app.privacy_mask import mask_id, mask_phone
from app.services import org as org_service
from app.services import privacy, roster
from app.storage.db import Database

Progress = Callable[..., bool]


def _org_name(db: Database) -> str:
    o = org_service.get_org(db)
    return (o.union_name or o.enterprise_name) if o else ""


def _d(v: date | None) -> str:
    return v.isoformat() if v else ""


def _yes(v: bool) -> str:
    return _("是") if v else _("否")


def roster_columns() -> list[Column]:
    return [
        Column(_("序号"), 0.55, "right"), Column(_("姓名"), 1.0), Column(_("性别"), 0.5, "center"),
        Column(_("出生日期"), 1.05, "center"), Column(_("证件号码"), 1.9), Column(_("移动电话"), 1.25),
        Column(_("部门/班组"), 1.7), Column(_("岗位"), 1.1), Column(_("入会日期"), 1.05, "center"),
        Column(_("会籍状态"), 0.85, "center"),
    ]


def roster_document(db: Database, *, query: str = "", filters: roster.Filters | None = None,
                    ids: Sequence[int] | None = None, unmask: bool = False, today: date | None = None,
                    subtitle: str = "", progress: Progress | None = None) -> TableDocument:
    """会员名册 of the members matching ``query``/``filters`` (or exactly ``ids``, in that order)."""
    if ids is None:
        ids = roster.search_ids(db, query, filters)
    ids = list(ids)
    paths = roster.department_paths(db)
    org = _org_name(db)
    if unmask:
        privacy.record_audit(db, "unmask", table="member", label=_("会员名册"),
                             text=_("打印会员名册（完整证件号码和手机号码），{n}人").format(n=len(ids)))
    rows: list[list[str]] = []
    step = 1000
    for i in range(0, len(ids), step):
        chunk = ids[i:i + step]
        got = roster.rows_by_ids(db, chunk)
        dept_of = _departments_of(db, chunk)
        for mid in chunk:
            r = got.get(mid)
            if r is None:
                continue
            dept = paths.get(dept_of.get(mid) or -1, r.department or "")
            rows.append([
                str(len(rows) + 1), r.name, r.sex, _d(r.birth_date),
                (r.id_number or "") if unmask else mask_id(r.id_number),
                r.mobile if unmask else mask_phone(r.mobile),
                dept, r.post, _d(r.join_date), roster.status_label(r.status),
            ])
        if progress is not None and progress(min(i + step, len(ids)), len(ids), _("正在读取会员")) is False:
            raise DomainError("print.cancelled", _("已取消生成文件"))
    sub = subtitle or _("共{n}人").format(n=len(rows))
    notes = [] if unmask else [_("注：证件号码和手机号码已部分隐藏（个人信息保护）。")]
    return TableDocument(
        title=_("会员名册"), columns=roster_columns(), rows=rows, landscape=True, org_name=org,
        printed_on=today or date.today(), subtitle=sub, notes=notes,
        signature_lines=[_("制表人："), _("审核人："), _("日期：")], font_size=10.0,
    )


def _departments_of(db: Database, ids: Sequence[int]) -> dict[int, int | None]:
    from sqlalchemy import select

    from app.models import Member

    out: dict[int, int | None] = {}
    with db.engine.connect() as conn:
        for i in range(0, len(ids), 900):
            chunk = list(ids[i:i + 900])
            for mid, dept in conn.execute(select(Member.id, Member.department_id)
                                          .where(Member.id.in_(chunk))):  # type: ignore[union-attr]
                out[mid] = dept
    return out


def member_form_document(db: Database, member_id: int, *, unmask: bool = False,
                         today: date | None = None) -> FormDocument:
    """会员登记表: every field of one member and the membership history."""
    m = roster.get_member(db, member_id)
    events = roster.list_events(db, member_id)
    paths = roster.department_paths(db)
    if unmask:
        privacy.record_audit(db, "unmask", table="member", uuid=m.uuid, label=m.name,
                             text=_("打印会员登记表（完整证件号码和手机号码）"))
    lab = roster.field_label
    idn = (m.id_number or "") if unmask else mask_id(m.id_number)
    mobile = m.mobile if unmask else mask_phone(m.mobile)
    basic = FormSection(_("基本信息"), [
        [FormField(lab("name"), m.name), FormField(lab("sex"), m.sex)],
        [FormField(lab("birth_date"), _d(m.birth_date)), FormField(lab("ethnicity"), m.ethnicity)],
        [FormField(lab("id_type"), m.id_type), FormField(lab("id_number"), idn)],
        [FormField(lab("political_status"), m.political_status), FormField(lab("education"), m.education)],
        [FormField(lab("skill_level"), m.skill_level), FormField(lab("employment_status"), m.employment_status)],
        [FormField(lab("mobile"), mobile), FormField(lab("hukou_type"), m.hukou_type)],
        [FormField(lab("native_place"), m.native_place), FormField(lab("migrant_worker"), _yes(m.migrant_worker))],
        [FormField(lab("hukou_place"), m.hukou_place, span=2)],
    ])
    work = FormSection(_("工作与会籍"), [
        [FormField(lab("work_unit"), m.work_unit, span=2)],
        [FormField(lab("department_id"), paths.get(m.department_id or -1, "")), FormField(lab("post"), m.post)],
        [FormField(lab("hire_date"), _d(m.hire_date)), FormField(lab("join_date"), _d(m.join_date))],
        [FormField(lab("card_number"), m.card_number), FormField(_("会籍状态"), roster.status_label(m.status))],
        [FormField(lab("dispatched"), _yes(m.dispatched)), FormField(lab("model_worker"), _yes(m.model_worker))],
        [FormField(lab("notes"), m.notes, span=2)],
    ])
    history = TableBlock(
        columns=[Column(_("日期"), 1.0, "center"), Column(_("变化"), 0.7, "center"), Column(_("原因"), 1.6),
                 Column(_("备注"), 2.0)],
        rows=[[_d(e.on_date), e.kind, e.reason, e.note] for e in events] or [["", _("（无记录）"), "", ""]],
        title=_("会籍变化记录"),
    )
    return FormDocument(
        title=_("工会会员登记表"), blocks=[basic, work, history], org_name=_org_name(db),
        printed_on=today or date.today(),
        signature_lines=[_("本人签名："), _("经办人："), _("日期：")],
    )
