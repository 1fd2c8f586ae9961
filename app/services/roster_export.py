"""Roster export to .xlsx in the layout of the provincial 会员信息采集表
(reference/templates/hainan-member-template.xlsx): two title rows, the 填表单位 line, the header on row 4 in the
template's column order, ID numbers as text. Written atomically."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

import xlsxwriter

from app.fileio import atomic_write
from app.i18n import _
from app.models import Member
from app.services import org as org_service
from app.services import roster
from app.storage.db import Database

# Header texts exactly as the provincial template has them (they are data, not UI strings).
TEMPLATE_HEADERS = (
    "序号", "姓名", "性别", "出生日期（格式：yyyy/MM/dd）", "民族", "就业状况", "有效证件类别",
    "证件号码\n(填写18位身份证)", "学历", "技术等级", "移动电话", "户籍类型", "户籍所在地", "会籍变化类型",
    "会籍变化日期（格式：yyyy/MM/dd）", "会籍变化原因", "政治面貌", "工作单位", "籍贯", "是否农民工会员\n填写“是”或“否”",
)
EXTRA_HEADERS = ("部门/班组", "岗位", "入职日期", "入会日期", "会员卡号", "劳务派遣", "劳模", "备注")
WIDTHS = (6, 10, 6, 14, 8, 10, 12, 22, 10, 14, 14, 12, 16, 10, 14, 18, 12, 22, 12, 14)

ProgressFn = Callable[[int, int], bool]


def _d(v: date | None) -> str:
    return v.strftime("%Y/%m/%d") if v else ""


def export_xlsx(db: Database, path: str | os.PathLike, ids: Sequence[int] | None = None, *,
                extra_columns: bool = True, progress: ProgressFn | None = None) -> int:
    """Write the members ``ids`` (default: everyone, pinyin order). Returns the number of rows.

    ``progress(done, total)`` returning False cancels; nothing is left under ``path`` then.
    """
    if ids is None:
        ids = roster.search_ids(db)
    total = len(ids)
    org = org_service.get_org(db)
    dept_paths = roster.department_paths(db)
    target = Path(path)
    with atomic_write(target, "wb") as fh:
        wb = xlsxwriter.Workbook(fh, {"constant_memory": True, "in_memory": False, "strings_to_numbers": False})
        ws = wb.add_worksheet("会员信息")
        title = wb.add_format({"bold": True, "font_size": 16, "align": "center", "valign": "vcenter"})
        head = wb.add_format({"bold": True, "border": 1, "align": "center", "valign": "vcenter",
                              "text_wrap": True, "bg_color": "#F2F2F2"})
        cell = wb.add_format({"border": 1})
        text_cell = wb.add_format({"border": 1, "num_format": "@"})
        headers = TEMPLATE_HEADERS + (EXTRA_HEADERS if extra_columns else ())
        for i, w in enumerate(WIDTHS + (14, 10, 12, 12, 12, 8, 6, 20)[: len(headers) - len(WIDTHS)]):
            ws.set_column(i, i, w)
        ws.write(0, 0, "附件四")
        ws.merge_range(1, 0, 1, len(TEMPLATE_HEADERS) - 1, "海南省工会会员信息采集表", title)
        ws.set_row(1, 30)
        ws.write(2, 0, "填表单位（盖章）：" + (org.union_name if org else ""))
        ws.write(2, 11, "     单位负责人(签字)：" + (org.chair_name if org else ""))
        ws.set_row(3, 45)
        for c, h in enumerate(headers):
            ws.write_string(3, c, h, head)
        ws.freeze_panes(4, 2)
        events = {}
        row = 4
        for start in range(0, total, 2000):
            chunk = list(ids[start:start + 2000])
            events = roster.last_event_by_member(db, chunk)
            for m in roster.iter_members(db, chunk):
                ev = events.get(m.id or 0)
                values = _row(m, row - 3, ev, dept_paths) if extra_columns else _row(m, row - 3, ev, dept_paths)[:20]
                for c, v in enumerate(values):
                    if c in (7, 10):  # 证件号码, 移动电话: always text, never a number
                        ws.write_string(row, c, v, text_cell)
                    elif isinstance(v, int):
                        ws.write_number(row, c, v, cell)
                    else:
                        ws.write_string(row, c, v, cell)
                row += 1
            if progress is not None and not progress(min(start + 2000, total), total):
                wb.close()
                raise ExportCancelled(_("导出已取消"))
        wb.close()
    return total


class ExportCancelled(Exception):
    pass


def _row(m: Member, n: int, ev, dept_paths: dict[int, str]) -> list:
    yes_no = {True: "是", False: "否"}
    return [
        n, m.name, m.sex, _d(m.birth_date), m.ethnicity, m.employment_status, m.id_type, m.id_number or "",
        m.education, m.skill_level, m.mobile, m.hukou_type, m.hukou_place, ev.kind if ev else "",
        _d(ev.on_date) if ev else "", ev.reason if ev else "", m.political_status, m.work_unit, m.native_place,
        yes_no[bool(m.migrant_worker)],
        dept_paths.get(m.department_id or 0, ""), m.post, _d(m.hire_date), _d(m.join_date), m.card_number,
        yes_no[bool(m.dispatched)], yes_no[bool(m.model_worker)], m.notes,
    ]


def csv_headers() -> list[str]:
    """The template's headers without their notes ("证件号码\\n(填写18位身份证)" → 证件号码): one line each."""
    from app.importing.headers import _BRACKETS

    out = []
    for h in TEMPLATE_HEADERS + EXTRA_HEADERS:
        first = h.split("\n")[0]
        out.append(_BRACKETS.sub("", first).strip() or first)
    return out


_NUMBER_TEXT_COLUMNS = (7, 10)  # 证件号码, 移动电话
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")  # a cell Excel would run as a formula (CSV injection)


def _as_excel_text(v: str) -> str:
    """``="…"``: Excel shows the text as it is, neither a number (ID numbers) nor a formula to run (a note that
    starts with = + - @). The importer reads it back as the same text (:func:`app.importing.reader._excel_text`)."""
    return '="' + v.replace('"', '""') + '"'


def export_csv(db: Database, path: str | os.PathLike, ids: Sequence[int] | None = None, *,
               progress: ProgressFn | None = None) -> int:
    """Write the members ``ids`` (default: everyone) as CSV in UTF-8 with a BOM, so Excel opens it in Chinese.

    One header line, the template's columns plus ours. ID and mobile numbers are written as ``="…"`` so that
    Excel keeps them as text instead of turning them into 1.10105E+17, and so is any text that starts like a
    formula (``=`` ``+`` ``-`` ``@``), which Excel would otherwise run (the importer reads that form back).
    Written atomically; ``progress`` returning False cancels and leaves nothing.
    """
    import csv

    if ids is None:
        ids = roster.search_ids(db)
    total = len(ids)
    dept_paths = roster.department_paths(db)
    with atomic_write(Path(path), "w", encoding="utf-8-sig") as fh:
        w = csv.writer(fh, lineterminator="\r\n")
        w.writerow(csv_headers())
        n = 0
        for start in range(0, total, 2000):
            chunk = list(ids[start:start + 2000])
            events = roster.last_event_by_member(db, chunk)
            for m in roster.iter_members(db, chunk):
                n += 1
                row = _row(m, n, events.get(m.id or 0), dept_paths)
                w.writerow([_as_excel_text(v) if v.__class__ is str and v and (
                    c in _NUMBER_TEXT_COLUMNS or v.startswith(_FORMULA_STARTS)) else v for c, v in enumerate(row)])
            if progress is not None and not progress(min(start + 2000, total), total):
                raise ExportCancelled(_("导出已取消"))
    return total


def export_file(db: Database, path: str | os.PathLike, ids: Sequence[int] | None = None, *,
                progress: ProgressFn | None = None) -> int:
    """.csv → :func:`export_csv`, anything else → :func:`export_xlsx` (the suffix decides)."""
    if str(path).lower().endswith(".csv"):
        return export_csv(db, path, ids, progress=progress)
    return export_xlsx(db, path, ids, progress=progress)
