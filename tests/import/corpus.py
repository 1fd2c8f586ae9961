"""A corpus of nasty roster files, generated in the test: every quirk real files have, and the verdict expected
for each row."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl

from app.validation.idnumber import check_char


def make_id(area: str, born: date, seq: int) -> str:
    first17 = f"{area}{born:%Y%m%d}{seq:03d}"
    return first17 + check_char(first17)


def fullwidth(s: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in s)


HEADERS = ["序号", "姓名", "性别", "身份证号码\n(填写18位身份证)", "出生日期（格式：yyyy/MM/dd）", "手机", "部门",
           "入会时间", "学历", "政治面貌", "是否农民工会员\n填写“是”或“否”", "会籍变化类型", "会籍变化日期", "会籍变化原因"]


@dataclass
class Case:
    cells: dict[str, Any]          # header prefix -> value (xlsx typed); CSV writes str() unless csv_cells says
    status: str                    # expected verdict
    problem: str = ""              # a piece of the expected problem text
    check: dict[str, Any] = field(default_factory=dict)  # expected stored values after import
    csv_cells: dict[str, str] = field(default_factory=dict)
    label: str = ""


EXISTING_SAME = make_id("460105", date(1980, 1, 2), 13)   # in the roster already, file says the same
EXISTING_CHANGED = make_id("460106", date(1979, 6, 7), 22)  # in the roster already, file changes the mobile
M1 = make_id("110105", date(1985, 3, 1), 11)
D = date(2023, 5, 1)


def existing_members() -> list[dict[str, Any]]:
    return [
        {"name": "老会员", "id_number": EXISTING_SAME, "mobile": "13900000001", "post": "班组长"},
        {"name": "钱七", "id_number": EXISTING_CHANGED, "mobile": "13900000002", "post": "技术员"},
    ]


def cases() -> list[Case]:
    c: list[Case] = []
    c.append(Case({"姓名": "张三", "性别": "男", "身份证": M1, "出生": "1985/3/1", "手机": "138-1234-5678",
                   "部门": "生产部/一车间", "入会": "2020/5/1", "学历": "本科", "政治": "党员", "是否农民工": "否"},
                  "new", check={"mobile": "13812345678", "education": "大学", "political_status": "中共党员",
                                "join_date": date(2020, 5, 1), "migrant_worker": False}, label="plain"))
    c.append(Case({"姓名": "全角", "身份证": fullwidth(make_id("310104", date(1990, 2, 3), 21)),
                   "手机": fullwidth("13912345678"), "入会": "２０２３年５月１日"}, "new",
                  check={"mobile": "13912345678", "join_date": D}, label="full-width digits"))
    idx = make_id("110105", date(1949, 12, 31), 2)
    assert idx.endswith("X")
    c.append(Case({"姓名": "小写", "身份证": idx.lower()}, "new", check={"id_number": idx, "sex": "女"},
                  label="lower-case x"))
    forms: list[tuple[Any, str]] = [("2023/5/1", ""), ("2023-05-01", ""), ("2023.5.1", ""), ("2023年5月1日", ""),
                                    ("20230501", ""), (45047, "45047"), (datetime(2023, 5, 1), "2023/5/1 0:00"),
                                    (date(2023, 5, 1), "2023-5-1")]
    for k, (v, as_csv) in enumerate(forms):
        cc = {"入会": as_csv} if as_csv else {}
        c.append(Case({"姓名": f"日期{k}", "身份证": make_id("330106", date(1970 + k, 1, 1), 31), "入会": v}, "new",
                      check={"join_date": D}, csv_cells=cc, label=f"date form {v!r}"))
    c.append(Case({"姓名": "数字号", "身份证": 110105198503010011.0}, "invalid", "末几位已经丢失",
                  csv_cells={"身份证": "1.10105E+17"}, label="numeric ID cell"))
    c.append(Case({"姓名": "张三", "身份证": M1}, "invalid", "同一人在文件中出现了两次", label="duplicate in file"))
    c.append(Case({"姓名": "钱七", "身份证": EXISTING_CHANGED, "手机": "13911112222"}, "update",
                  check={"mobile": "13911112222", "post": "技术员"}, label="update, empty cells keep values"))
    c.append(Case({"姓名": "老会员", "身份证": EXISTING_SAME, "手机": "139 0000 0001"}, "unchanged",
                  label="same as roster"))
    c.append(Case({"姓名": "错号", "身份证": M1[:-1] + ("0" if M1[-1] != "0" else "1")}, "invalid", "校验位",
                  label="bad checksum"))
    c.append(Case({"姓名": "性别错", "性别": "男的", "身份证": make_id("440106", date(1988, 8, 8), 41)}, "invalid",
                  "性别", label="bad sex"))
    c.append(Case({"姓名": "王五  ", "身份证": make_id("440305", date(1992, 9, 9), 51) + "   ", "学历": " 大专 "},
                  "new", check={"name": "王五", "education": "大专"}, label="trailing blanks"))
    c.append(Case({"姓名": "调走", "身份证": make_id("510104", date(1975, 5, 5), 61), "入会": "2010-01-01",
                   "会籍变化类型": "转出", "会籍变化日期": "2022/7/1", "会籍变化原因": "调动"}, "new",
                  check={"status": "transferred_out"}, label="event"))
    c.append(Case({"姓名": "缺日期", "身份证": make_id("420106", date(1983, 3, 3), 71), "会籍变化类型": "退会"},
                  "invalid", "会籍变化日期", label="event without date"))
    c.append(Case({"姓名": "生日不符", "身份证": make_id("370102", date(1986, 6, 6), 81), "出生": "1986/6/7"},
                  "invalid", "不一致", label="birth mismatch"))
    c.append(Case({"姓名": "", "身份证": make_id("350102", date(1987, 7, 7), 91)}, "invalid", "姓名",
                  label="no name"))
    c.append(Case({"姓名": "同部门", "身份证": make_id("130102", date(1991, 1, 1), 33), "部门": None}, "new",
                  label="department merged down"))
    return c


def _col(prefix: str) -> int:
    for i, h in enumerate(HEADERS):
        if h.startswith(prefix) or prefix in h:
            return i
    raise KeyError(prefix)


def _matrix(cs: list[Case], *, as_csv: bool) -> list[list[Any]]:
    out = []
    for k, case in enumerate(cs, start=1):
        row: list[Any] = [""] * len(HEADERS)
        row[0] = k
        for key, v in case.cells.items():
            if as_csv and key in case.csv_cells:
                v = case.csv_cells[key]
            row[_col(key)] = "" if v is None else (str(v) if as_csv else v)
        out.append(row)
    return out


@dataclass
class Built:
    path: Path
    rows: dict[int, Case]  # file row number -> case


def write_xlsx(path: Path) -> Built:
    """Merged title rows, a 填表单位 line, header on row 4 with notes and line breaks, empty rows, a department
    merged down over two rows, trailing empty rows."""
    cs = cases()
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "会员名单"
    ws["A1"] = "某某公司工会会员花名册"
    ws.merge_cells(start_row=1, start_column=1, end_row=2, end_column=len(HEADERS))
    ws["A3"] = "填表单位（盖章）："
    for c, h in enumerate(HEADERS, start=1):
        ws.cell(row=4, column=c, value=h)
    rows: dict[int, Case] = {}
    r = 5
    matrix = _matrix(cs, as_csv=False)
    for k, (case, cells) in enumerate(zip(cs, matrix, strict=True)):
        if k in (3, 9):
            r += 1  # an empty row in the middle
        for c, v in enumerate(cells, start=1):
            if v != "":
                ws.cell(row=r, column=c, value=v)
        rows[r] = case
        if case.label == "department merged down":
            # the department of the row above, merged down over this row
            ws.cell(row=r - 1, column=_col("部门") + 1, value="质量部")
            ws.merge_cells(start_row=r - 1, start_column=_col("部门") + 1, end_row=r, end_column=_col("部门") + 1)
            case.check = {"department": "质量部"}
        r += 1
    ws.cell(row=r + 3, column=1, value=" ")  # trailing blank rows with a space
    wb.save(path)
    return Built(path, rows)


def write_csv(path: Path, encoding: str) -> Built:
    """A title line, then the header, then the rows; Chinese Excel writes GBK, others UTF-8 with a BOM."""
    cs = [c for c in cases() if c.label != "department merged down"]
    matrix = _matrix(cs, as_csv=True)
    rows: dict[int, Case] = {}
    with open(path, "w", encoding=encoding, newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["某某公司工会会员花名册"])
        w.writerow(HEADERS)
        n = 3
        for k, (case, cells) in enumerate(zip(cs, matrix, strict=True)):
            if k == 4:
                w.writerow([""] * len(HEADERS))
                n += 1
            w.writerow(cells)
            rows[n] = case
            n += 1
        w.writerow(["", "", ""])
    return Built(path, rows)
