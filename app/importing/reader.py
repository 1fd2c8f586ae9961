"""Rows of cell values from .xlsx / .xls (python-calamine) and .csv (UTF-8 with or without BOM, GB18030/GBK,
UTF-16 as Excel's "Unicode text").

Row numbers are the ones the user sees in Excel (1-based, counting the rows above the data); columns keep their
position (column A is index 0). Merged cells are filled in: a value merged down over several rows (a department
beside its members) is copied into every row; a header merged across several columns is copied across.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.errors import DomainError
from app.i18n import _

EXCEL_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods")
CSV_SUFFIXES = (".csv", ".txt", ".tsv")
SUFFIXES = EXCEL_SUFFIXES + CSV_SUFFIXES
HEADER_ZONE = 50  # merged ranges starting above this row are copied across (titles and headers)


@dataclass
class Sheet:
    """One table of a file. ``rows()`` yields ``(row_number, cells)``; it can be called more than once."""

    name: str
    total: int  # rows, as far as the file says (for progress)
    _source: Any
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)  # r0, c0, r1, c1 (0-based, inclusive)
    offset: tuple[int, int] = (0, 0)

    def rows(self) -> Iterator[tuple[int, list[Any]]]:
        r0, c0 = self.offset
        pad = [""] * c0
        down: dict[int, list[tuple[int, int]]] = {}   # row -> [(col, range index)] to fill from above
        across: dict[int, list[tuple[int, int, int]]] = {}  # row -> [(c0, c1, range index)]
        for i, (a, b, c, d) in enumerate(self.merged):
            if c - a > 200_000 or (a == c and b == d):
                continue
            if a < HEADER_ZONE and d > b:
                across.setdefault(a, []).append((b, d, i))
            for r in range(a + 1, c + 1):
                down.setdefault(r, []).append((b, i))
        starts: dict[int, list[tuple[int, int]]] = {}  # row -> [(col, range index)] whose top-left is there
        for i, (a, b, _c, _d) in enumerate(self.merged):
            starts.setdefault(a, []).append((b, i))
        top: dict[int, Any] = {}
        for k, cells in enumerate(self._source() if callable(self._source) else self._source):
            r = r0 + k
            row = pad + list(cells) if c0 else list(cells)
            for b, d, _i in across.get(r, ()):
                v = row[b] if b < len(row) else ""
                for c in range(b + 1, d + 1):
                    if c < len(row) and row[c] in ("", None):
                        row[c] = v
            for c, i in down.get(r, ()):
                if c < len(row) and row[c] in ("", None):
                    row[c] = top.get(i, "")
            for b, i in starts.get(r, ()):
                if b < len(row):
                    top[i] = row[b]
            yield r + 1, row


def _unreadable(path: Path, exc: BaseException) -> DomainError:
    name = type(exc).__name__
    if name == "PasswordError":
        return DomainError("import.password", _("文件 {f} 设有打开密码，请在 Excel 中取消密码后另存再导入").format(f=path.name))
    return DomainError("import.unreadable", _("无法读取文件 {f}：它可能已损坏，或不是真正的 Excel 文件（{err}）").format(
        f=path.name, err=exc))


def open_sheets(path: str | os.PathLike) -> list[Sheet]:
    """Every worksheet of ``path`` (a CSV file is one sheet). Raises DomainError when the file cannot be read."""
    p = Path(path)
    if not p.exists():
        raise DomainError("import.not_found", _("找不到文件：{f}").format(f=p))
    suffix = p.suffix.lower()
    if suffix in CSV_SUFFIXES:
        return [read_csv(p)]
    if suffix not in EXCEL_SUFFIXES:
        raise DomainError("import.format", _("不支持的文件类型 {s}：请使用 .xlsx、.xls 或 .csv 文件").format(s=p.suffix or "?"))
    from python_calamine import CalamineWorkbook

    try:
        wb = CalamineWorkbook.from_path(str(p))
        out = []
        for name in wb.sheet_names:
            sh = wb.get_sheet_by_name(name)
            try:
                merged = [(a[0], a[1], b[0], b[1]) for a, b in (sh.merged_cell_ranges or [])]
            except Exception:  # noqa: BLE001 — not every format has merged ranges
                merged = []
            start = sh.start or (0, 0)
            out.append(Sheet(name, sh.height, sh.iter_rows, merged, (start[0], start[1])))
        return out
    except DomainError:
        raise
    except Exception as e:  # noqa: BLE001 — calamine raises its own errors (zip, xml, password …)
        raise _unreadable(p, e) from None


def decode_text(data: bytes) -> tuple[str, str]:
    """The text of a CSV file and the encoding it was in: UTF-8 (BOM or not), UTF-16 (BOM), else GB18030."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return data.decode("gb18030", errors="replace"), "gb18030"


def _delimiter(text: str) -> str:
    head = text[:8192].splitlines()[:20]
    best, score = ",", -1
    for d in (",", "\t", ";", "|"):
        counts = [line.count(d) for line in head if line.strip()]
        s = max(counts) if counts else 0
        if s > score:
            best, score = d, s
    return best


def _excel_text(cell: str) -> str:
    """``="0123"`` is how a CSV keeps a number as text for Excel (our own export does that for ID numbers, and for
    text that starts like a formula); a ``"`` inside is doubled, as in any Excel string."""
    if len(cell) > 3 and cell.startswith('="') and cell.endswith('"'):
        return cell[2:-1].replace('""', '"')
    return cell


def read_csv(path: Path) -> Sheet:
    try:
        data = path.read_bytes()
    except OSError as e:
        raise _unreadable(path, e) from None
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise DomainError("import.unreadable", _("文件 {f} 不是文本格式的 CSV 文件（可能是改了后缀名的 Excel 文件）").format(f=path.name))
    text, _enc = decode_text(data)
    del data
    rows = [[_excel_text(c) for c in r] for r in csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))]
    return Sheet(path.stem, len(rows), rows)
