"""Roster import (会员名册导入): read a real-world file, check every row, show what would change, write it in one
transaction, and write an error report of the rejected rows.

    preview = read_file(db, path)                 # read + check + compare with the roster (nothing written)
    result = commit(db, preview, skip_invalid=…)  # all or nothing; re-importing the same file changes nothing
    write_error_report(preview, "错误报告.xlsx")   # rejected rows as they were + 行号 + 错误原因
    preview, result = import_file(db, path, …)    # no preview to show (command line): checked and written in one pass

Rows are checked with the roster's own validator (:func:`app.services.roster.validate_member`): one source of
truth. One ID number is one person: a second row with the same ID number in the file is rejected; an ID number
already in the roster updates that member (or is skipped with ``on_duplicate="skip"``). An update never blanks
a field the file leaves empty. New members are written here rather than through the ORM, as docs/CONVENTIONS.md
asks of bulk writes: rv numbers reserved, an audit entry per member (naming the file and row), many rows per
statement run by a helper thread while the next batch is built (in one pass, while the next rows are checked),
and a large import through :func:`commit` rebuilds the indexes of the tables it at least doubles.
docs/import-speed.md has the measurements behind each choice.
"""

from __future__ import annotations

import functools
import gc
import json
import os
import queue
import sys
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from itertools import chain
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

from sqlalchemy import insert, text, update
from sqlalchemy import select as sa_select
from sqlmodel import Session, col

from app.errors import DomainError
from app.i18n import N_, _
from app.importing import headers as hdr
from app.importing.reader import Sheet, open_sheets
from app.models import AuditLog, Department, Member, MembershipEvent
from app.models.base import new_uuid, utcnow
from app.services import roster
from app.storage.db import Database
from app.storage.tracking import mask_value, next_rv
from app.validation import codes, dates
from app.validation.dates import DateError, parse_date
from app.validation.text import clean

ProgressFn = Callable[[int, int], bool]
P = ParamSpec("P")
T = TypeVar("T")


def _gc_paused(fn: Callable[P, T]) -> Callable[P, T]:
    """Run ``fn`` with Python's cycle collector paused (reference counting still frees everything).

    Checking and writing 100,000 rows allocates millions of small objects and none of them form cycles; the
    collector would scan the growing preview again and again (about a tenth of the import's time).
    """
    @functools.wraps(fn)
    def run(*args: P.args, **kwargs: P.kwargs) -> T:
        if not gc.isenabled():
            return fn(*args, **kwargs)
        gc.disable()
        try:
            return fn(*args, **kwargs)
        finally:
            gc.enable()
    return run

MEMBER_FIELDS = tuple(f for f in roster.EDITABLE_FIELDS if f != "department_id")
_EDITABLE = frozenset(roster.EDITABLE_FIELDS)
EXTRA_TARGETS: dict[str, str] = {
    "department": N_("部门/班组"), "event_kind": N_("会籍变化类型"), "event_date": N_("会籍变化日期"),
    "event_reason": N_("会籍变化原因"),
}
TARGETS = MEMBER_FIELDS + tuple(EXTRA_TARGETS)
LEARNED_KEY = "roster_import.headers"
DUPLICATE_CHOICES = ("update", "skip")
STATUS_LABELS = {"new": N_("新增"), "update": N_("更新"), "unchanged": N_("无变化"), "invalid": N_("有问题"),
                 "skip": N_("已在名册中（跳过）")}


def target_label(name: str | None) -> str:
    if not name:
        return _("（不导入）")
    if name in EXTRA_TARGETS:
        return _(EXTRA_TARGETS[name])
    return roster.field_label(name)


class ImportCancelled(DomainError):
    def __init__(self) -> None:
        super().__init__("import.cancelled", _("导入已取消，名册没有任何改动"))


# ---------------------------------------------------------------------------------------------------------------
# Result objects


@dataclass(frozen=True)
class FieldChange:
    field: str
    label: str
    old: str
    new: str


@dataclass(slots=True)
class RowResult:
    """The verdict on one row of the file."""

    row: int                     # row number in the original file (as Excel shows it)
    status: str                  # new | update | unchanged | skip | invalid
    name: str = ""
    id_number: str = ""
    problems: list[str] = field(default_factory=list)   # errors, in words a chair understands
    warnings: list[str] = field(default_factory=list)
    values: dict[str, Any] = field(default_factory=dict)  # cleaned member values (new: complete; update: given)
    department: str = ""         # the 部门/班组 text of the row ("生产部/一车间")
    event: tuple[str, date, str] | None = None  # (kind, date, reason)
    raw: list[Any] | None = None  # the cells as they were (kept for rejected rows: the error report)
    changes: list[FieldChange] = field(default_factory=list)
    member_id: int | None = None

    @property
    def status_label(self) -> str:
        return _(STATUS_LABELS.get(self.status, self.status))


@dataclass
class ColumnMapping:
    header_row: int               # 1-based row number of the header (data starts below)
    headers: list[str]
    fields: list[str | None]      # the target per column (None: not imported)
    guessed: list[str | None]     # what the built-in synonyms alone say (to learn only real choices)

    def field_columns(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for i, f in enumerate(self.fields):
            if f and f != hdr.SEQ and f not in out:
                out[f] = i
        return out

    def describe(self) -> list[tuple[str, str]]:
        return [(h, target_label(f if f != hdr.SEQ else None)) for h, f in zip(self.headers, self.fields, strict=True)
                if h]


@dataclass
class ImportPreview:
    path: Path
    sheet: str
    mapping: ColumnMapping
    rows: list[RowResult]
    on_duplicate: str = "update"
    departments_to_create: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # about the file as a whole (unmapped columns …)

    def count(self, status: str) -> int:
        return sum(1 for r in self.rows if r.status == status)

    @property
    def counts(self) -> dict[str, int]:
        out = {k: 0 for k in STATUS_LABELS}
        for r in self.rows:
            out[r.status] = out.get(r.status, 0) + 1
        return out

    @property
    def invalid(self) -> list[RowResult]:
        return [r for r in self.rows if r.status == "invalid"]

    def summary(self) -> str:
        c = self.counts
        return _("共{total}行：新增{new}，更新{update}，无变化{unchanged}，跳过{skip}，有问题{invalid}").format(
            total=len(self.rows), **c)


@dataclass
class ImportResult:
    created: int
    updated: int
    unchanged: int
    skipped: int
    invalid: int
    departments_created: int
    events_added: int

    def summary(self) -> str:
        return _("已导入：新增{c}名，更新{u}名，无变化{n}名，跳过{s}行，有问题未导入{i}行").format(
            c=self.created, u=self.updated, n=self.unchanged, s=self.skipped, i=self.invalid)


# ---------------------------------------------------------------------------------------------------------------
# Remembered mapping choices (what the user chose for a header text, per database)


def learned_choices(db: Database) -> dict[str, str]:
    with db.engine.connect() as conn:
        v = conn.execute(text("SELECT value FROM meta WHERE key = :k"), {"k": LEARNED_KEY}).scalar()
    try:
        data = json.loads(v) if v else {}
    except ValueError:
        data = {}
    return {str(k): str(x) for k, x in data.items()} if isinstance(data, dict) else {}


def _save_learned(s: Session, mapping: ColumnMapping, current: dict[str, str]) -> None:
    data = dict(current)
    changed = False
    for h, f, g in zip(mapping.headers, mapping.fields, mapping.guessed, strict=True):
        n = hdr.norm(h)
        if not n:
            continue
        if f != g:
            data[n] = f or ""
            changed = True
        elif n in data and (data[n] or None) != f:
            data.pop(n)
            changed = True
    if changed:
        s.execute(text("INSERT INTO meta(key, value) VALUES (:k, :v) ON CONFLICT(key) DO UPDATE SET value = :v"),
                  {"k": LEARNED_KEY, "v": json.dumps(data, ensure_ascii=False)})


def remember_mapping(db: Database, mapping: ColumnMapping) -> None:
    """Keep the user's column choices so the next file with the same headers maps the same way."""
    current = learned_choices(db)
    with db.session(write=True) as s:
        _save_learned(s, mapping, current)


# ---------------------------------------------------------------------------------------------------------------
# Reading and checking


def _blank(v: Any) -> bool:
    return v is None or (isinstance(v, str) and not v.strip())


def _pick_sheet(sheets: list[Sheet], learned: dict[str, str]) -> tuple[Sheet, list[tuple[int, list[Any]]],
                                                                        hdr.HeaderGuess | None]:
    best: tuple[Sheet, list[tuple[int, list[Any]]], hdr.HeaderGuess | None] | None = None
    for sh in sheets:
        head: list[tuple[int, list[Any]]] = []
        for item in sh.rows():
            head.append(item)
            if len(head) >= hdr.SCAN_ROWS + 1:
                break
        guess = hdr.detect_header(head, learned)
        if best is None or (guess is not None and (best[2] is None or guess.score > best[2].score)):
            best = (sh, head, guess)
    assert best is not None
    return best


def detect_mapping(db: Database | None, path: str | os.PathLike) -> tuple[str, ColumnMapping]:
    """The sheet and column mapping the importer would use for ``path`` (for the wizard's mapping step)."""
    learned = learned_choices(db) if db is not None else {}
    sheets = open_sheets(path)
    if not sheets:
        raise DomainError("import.empty", _("文件中没有工作表"))
    sheet, _head, guess = _pick_sheet(sheets, learned)
    if guess is None:
        raise DomainError("import.no_header", _("在文件的前{n}行中没有找到表头（至少要有“姓名”或“证件号码”列）。"
                                                "请检查是否选对了文件").format(n=hdr.SCAN_ROWS))
    guessed = hdr.map_columns(guess.headers)
    return sheet.name, ColumnMapping(guess.header_row, guess.headers, list(guess.fields), guessed)


def mapping_from_fields(mapping: ColumnMapping, fields: Sequence[str | None]) -> ColumnMapping:
    """A copy of ``mapping`` with the user's choice of field per column (checked: each field once)."""
    seen: dict[str, str] = {}
    for h, f in zip(mapping.headers, fields, strict=True):
        if f and f != hdr.SEQ:
            if f not in TARGETS:
                raise DomainError("import.mapping", _("未知的字段：{f}").format(f=f))
            if f in seen:
                raise DomainError("import.mapping", _("“{a}”和“{b}”两列都对应“{f}”，请只保留一列").format(
                    a=seen[f], b=h, f=target_label(f)))
            seen[f] = h
    return ColumnMapping(mapping.header_row, list(mapping.headers), list(fields), list(mapping.guessed))


def _check_mapping(mapping: ColumnMapping) -> None:
    cols = mapping.field_columns()
    if "name" not in cols or "id_number" not in cols:
        missing = [target_label(f) for f in ("name", "id_number") if f not in cols]
        raise DomainError("import.mapping.required",
                          _("没有找到必需的列：{cols}。每名会员都要有姓名和证件号码（会员实名制）").format(
                              cols="、".join(missing)))


def read_file(db: Database, path: str | os.PathLike, mapping: ColumnMapping | None = None, *,
              on_duplicate: str = "update", progress: ProgressFn | None = None) -> ImportPreview:
    """Read and check ``path`` and compare it with the roster. Nothing is written.

    ``mapping``: the user's column mapping (default: detected). ``progress(done, total)`` returning False cancels
    (raises :class:`ImportCancelled`).
    """
    p, _learned, sheet, mapping = _open_for_import(db, path, mapping, on_duplicate)
    return check_rows(db, mapping, sheet.rows(), path=p, sheet=sheet.name, total=sheet.total,
                      on_duplicate=on_duplicate, progress=progress)


def _open_for_import(db: Database, path: str | os.PathLike, mapping: ColumnMapping | None, on_duplicate: str
                     ) -> tuple[Path, dict[str, str], Sheet, ColumnMapping]:
    """The file's path, the remembered column choices, the sheet to read and its mapping (``mapping`` or the
    detected one)."""
    if on_duplicate not in DUPLICATE_CHOICES:
        raise DomainError("import.on_duplicate", _("--on-duplicate 只能是 update 或 skip"))
    p = Path(path)
    learned = learned_choices(db)
    threading.Thread(target=_warm_up, name="import-warm-up", daemon=True).start()
    sheets = open_sheets(p)
    sheet, _head, guess = _pick_sheet(sheets, learned)
    if mapping is None:
        if guess is None:
            raise DomainError("import.no_header", _("在文件的前{n}行中没有找到表头（至少要有“姓名”或“证件号码”列）。"
                                                    "请检查是否选对了文件").format(n=hdr.SCAN_ROWS))
        mapping = ColumnMapping(guess.header_row, guess.headers, list(guess.fields), hdr.map_columns(guess.headers))
    return p, learned, sheet, mapping


def _warm_up() -> None:
    """Pay the first-use costs of checking and writing (pypinyin's phrase tables take 0.3 s to load) while
    calamine parses the file: it does so without holding Python's lock."""
    roster.derived_columns("张三", None, None)


@_gc_paused
def check_rows(db: Database, mapping: ColumnMapping, rows: Iterable[tuple[int, list[Any]]], *,
               path: Path | None = None, sheet: str = "", total: int = 0, on_duplicate: str = "update",
               progress: ProgressFn | None = None) -> ImportPreview:
    """Check numbered rows of cells (below and including the header row, which is skipped) against ``mapping``
    and compare them with the roster. The heart of :func:`read_file`; nothing is written."""
    notes: list[str] = []
    results = list(_checked(mapping, rows, notes, total=total, progress=progress))
    preview = ImportPreview(path or Path(""), sheet, mapping, results, on_duplicate, notes=notes)
    with db.session() as s:
        _classify(s, preview)
    return preview


def _checked(mapping: ColumnMapping, rows: Iterable[tuple[int, list[Any]]], notes: list[str], *, total: int = 0,
             progress: ProgressFn | None = None) -> Iterator[RowResult]:
    """The verdict on each row below the header, in file order (a second row with an ID number already seen is
    rejected); notes about the file go to ``notes``. ``progress(done, total)`` returning False cancels."""
    _check_mapping(mapping)
    cols = mapping.field_columns()
    id_col = cols.get("id_number")
    total = max(total, 1)
    seen_ids: dict[str, int] = {}
    memo: dict[Any, Any] = {}  # each repeating value (民族, 学历, dates …) is read once
    for num, cells in rows:
        if num <= mapping.header_row:
            continue
        idv = cells[id_col] if id_col is not None and id_col < len(cells) else None
        if (_blank(idv) or (isinstance(idv, str) and len(idv) > 40)) and _is_note_row(cells):
            notes.append(_("第{n}行是说明文字，没有导入").format(n=num))
            continue
        if progress is not None and num % 2000 == 0 and not progress(min(num, total), total):
            raise ImportCancelled()
        r = _check_row(num, cells, cols, memo)
        if r is None:
            continue
        if r.status != "invalid" and r.id_number:
            first = seen_ids.get(r.id_number)
            if first is not None:
                r.problems.append(_("与第{n}行的证件号码相同：同一人在文件中出现了两次，请删除重复的一行").format(n=first))
                _reject(r, cells)
            else:
                seen_ids[r.id_number] = num
        yield r
    if progress is not None and not progress(total, total):
        raise ImportCancelled()
    unmapped = [h for h, f in zip(mapping.headers, mapping.fields, strict=True) if h and not f]
    if unmapped:
        notes.append(_("这些列没有导入：{cols}").format(cols="、".join(unmapped)))


_NOTE_PREFIXES = ("填表说明", "说明", "注：", "注:", "备注：", "备注:", "填表人", "制表人", "审核人", "合计", "总计")


def _is_note_row(cells: list[Any]) -> bool:
    """A title, note or signature line below the table (often merged across it), not a member."""
    filled = [c for c in cells if not _blank(c)]
    if not filled:
        return False
    if len(filled) >= 3 and all(isinstance(c, str) for c in filled) and len({c.strip() for c in filled}) == 1:
        return True
    first = filled[0]
    return len(filled) <= 2 and isinstance(first, str) and first.strip().startswith(_NOTE_PREFIXES)


def _reject(r: RowResult, cells: list[Any]) -> None:
    r.status = "invalid"
    r.raw = list(cells)
    r.values = {}


_GIVEN_SETS: dict[frozenset[str], frozenset[str]] = {}


def _check_row(num: int, cells: list[Any], cols: dict[str, int],
               memo: dict[Any, Any] | None = None) -> RowResult | None:
    raw: dict[str, Any] = {}
    n = len(cells)
    for f, i in cols.items():
        if i < n:
            v = cells[i]
            if v is None:
                continue
            if v.__class__ is str:
                v = v.strip()
                if not v:
                    continue
            raw[f] = v
    if not raw:
        return None  # an empty row (or only its 序号): skipped silently
    r = RowResult(num, "new")
    cm = roster.validate_member(raw, memo=memo)  # it reads the member's fields only (not the event or department columns)
    r.name = str(cm.values.get("name") or clean(raw.get("name", "")))[:50]
    r.id_number = str(cm.values.get("id_number") or "")
    for p in cm.problems:
        (r.problems if p.is_error else r.warnings).append(p.message)
    # 会籍变化: type, date, reason
    kind_raw, date_raw, reason_raw = raw.get("event_kind"), raw.get("event_date"), raw.get("event_reason")
    if kind_raw is not None or date_raw is not None:
        kind = codes.known_code("membership_change_kind", kind_raw) or ""  # the usual case: no label needed
        if not kind:
            try:
                kind = codes.normalise_code("membership_change_kind", kind_raw, _("会籍变化类型"))
            except codes.CodeError as e:
                r.problems.append(str(e))
        key = ("_event_date", date_raw.__class__, date_raw)  # dates repeat: each read once per import
        read = memo.get(key) if memo is not None else None
        if read is None:
            try:
                read = (parse_date(date_raw), "")
            except DateError as e:
                read = (None, _("会籍变化日期：{msg}").format(msg=e))
            if memo is not None:
                memo[key] = read
        on: date | None = read[0]
        if read[1]:
            r.problems.append(read[1])
        if kind and on is None and date_raw is None:
            r.problems.append(_("会籍变化日期：填写了会籍变化类型“{k}”，请同时填写日期").format(k=kind))
        elif on is not None and not kind and kind_raw is None:
            r.problems.append(_("会籍变化类型：填写了会籍变化日期，请同时填写类型（{v}）").format(
                v="、".join(roster.EVENT_KINDS)))
        if on is not None:
            if on > dates.today():
                r.problems.append(_("会籍变化日期：不能晚于今天"))
            bd, jd = cm.values.get("birth_date"), cm.values.get("join_date")
            if bd and on < bd:
                r.problems.append(_("会籍变化日期：早于出生日期"))
            elif jd and on < jd and kind not in ("入会", "转入"):
                r.problems.append(_("会籍变化日期：早于入会日期"))
        reason = ""
        if reason_raw is not None:
            try:
                reason = codes.normalise_code("membership_change_reason", reason_raw, _("会籍变化原因"))
            except codes.CodeError:
                reason = clean(reason_raw)[:100]  # free text is allowed; the code list is a suggestion
        if kind and on is not None:
            r.event = (kind, on, reason)
    elif raw.get("event_reason") is not None:
        r.warnings.append(_("会籍变化原因：没有填写会籍变化类型和日期，原因未导入"))
    dept = raw.get("department")
    if dept is not None:
        path = "/".join(part for part in (clean(x) for x in clean(dept).replace("／", "/").split("/")) if part)
        if len(path) > 200 or any(len(x) > 100 for x in path.split("/")):
            r.problems.append(_("部门/班组：名称太长（每级不超过100个字）"))
        elif roster._CONTROL_RE.search(path):
            r.problems.append(_("部门/班组：含有不可见的控制字符，请删除后重新填写"))
        else:
            r.department = path
    if r.problems:
        _reject(r, cells)
        return r
    keys = frozenset(raw)
    given = _GIVEN_SETS.get(keys)
    if given is None:  # the member fields the row gives; one set shared by rows alike (memory)
        given = _GIVEN_SETS[keys] = keys & _EDITABLE
    # keep what the file says, plus what a new member needs (defaults filled in by the validator)
    r.values = {k: v for k, v in cm.values.items() if k in given or k in ("id_type", "sex", "birth_date")}
    r.values["_given"] = given
    return r


# ---------------------------------------------------------------------------------------------------------------
# Comparing with the roster


def _show(fld: str, v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return _("是") if v else _("否")
    if isinstance(v, date):
        return v.isoformat()
    return str(v)


def _department_index(s: Session) -> tuple[dict[int, str], dict[str, int], dict[str, list[int]]]:
    rows = s.execute(sa_select(Department.id, Department.name, Department.parent_id)).all()
    by_id = {r[0]: (r[1], r[2]) for r in rows}
    paths: dict[int, str] = {}

    def path_of(i: int, depth: int = 0) -> str:
        if i in paths:
            return paths[i]
        name, parent = by_id[i]
        p = name if parent is None or parent not in by_id or depth > 50 else path_of(parent, depth + 1) + "/" + name
        paths[i] = p
        return p

    for i in by_id:
        path_of(i)
    by_path = {p: i for i, p in paths.items()}
    by_leaf: dict[str, list[int]] = {}
    for i, (name, _parent) in by_id.items():
        by_leaf.setdefault(name, []).append(i)
    return paths, by_path, by_leaf


def _resolve_department(path: str, by_path: dict[str, int], by_leaf: dict[str, list[int]]) -> int | None:
    if path in by_path:
        return by_path[path]
    if "/" not in path and len(by_leaf.get(path, [])) == 1:
        return by_leaf[path][0]
    return None


_COMPARE_COLS = [getattr(Member, f) for f in MEMBER_FIELDS]


def _classify(s: Session, preview: ImportPreview) -> None:
    """Mark each checked row new / update / unchanged / skip against the roster as it is in session ``s``."""
    paths, by_path, by_leaf = _department_index(s)
    rows = [r for r in preview.rows if r.status != "invalid"]
    ids = [r.id_number for r in rows if r.id_number]
    stored: dict[str, Any] = {}
    for i in range(0, len(ids), 900):
        chunk = ids[i:i + 900]
        q = sa_select(Member.id, Member.department_id, *_COMPARE_COLS).where(
            Member.id_number.in_(chunk))  # type: ignore[union-attr]
        for found in s.execute(q):
            stored[found.id_number] = found
    events: dict[int, set[tuple[str, date]]] = {}
    mids = [found.id for found in stored.values()]
    for i in range(0, len(mids), 900):
        q2 = sa_select(MembershipEvent.member_id, MembershipEvent.kind, MembershipEvent.on_date).where(
            MembershipEvent.member_id.in_(mids[i:i + 900]))  # type: ignore[attr-defined]
        for mid, kind, on in s.execute(q2):
            events.setdefault(mid, set()).add((kind, on))
    to_create: set[str] = set()
    for r in rows:
        if r.department and _resolve_department(r.department, by_path, by_leaf) is None:
            to_create.add(r.department)
        rec: Any = stored.get(r.id_number)
        r.changes = []
        if rec is None:
            r.status, r.member_id = "new", None
            continue
        r.member_id = rec.id
        if preview.on_duplicate == "skip":
            r.status = "skip"
            continue
        given = r.values.get("_given", set())
        for f in MEMBER_FIELDS:
            if f not in given:
                continue  # an empty cell never blanks what the roster has
            new, old = r.values.get(f), getattr(rec, f)
            if new != old and not (new in (None, "") and old in (None, "")):
                r.changes.append(FieldChange(f, roster.field_label(f), _show(f, old), _show(f, new)))
        if r.department:
            did = _resolve_department(r.department, by_path, by_leaf)
            if did is None or did != rec.department_id:  # None: a department the import creates
                r.changes.append(FieldChange("department", _("部门/班组"), paths.get(rec.department_id or 0, ""),
                                             r.department))
        if r.event and (r.event[0], r.event[1]) not in events.get(rec.id, set()):
            r.changes.append(FieldChange("event", _("会籍变化"), "",
                                         f"{r.event[0]} {r.event[1].isoformat()} {r.event[2]}".strip()))
        r.status = "update" if r.changes else "unchanged"
    preview.departments_to_create = sorted(to_create)


# ---------------------------------------------------------------------------------------------------------------
# Writing (one transaction)


def _member_defaults() -> dict[str, Any]:
    out: dict[str, Any] = {}
    for f in MEMBER_FIELDS + ("department_id",):
        info = Member.model_fields[f]
        out[f] = info.default if info.default is not None and not callable(info.default) else None
        if out[f].__class__.__name__ == "PydanticUndefinedType":
            out[f] = None
    return out


_MASKED = ("id_number", "mobile")
IMPORT_REF = "_import"


def import_audit_ref(changes: dict[str, Any]) -> tuple[str, int] | None:
    """(file name, row) when an audit entry's changes say the member was created by an import.

    A member created by an import is audited as "created from row R of file F" rather than with a copy of every
    value: the values are the record's own (each later change has its own entry with old and new) and the row of
    the chair's file is what explains them. It keeps a 100,000-row import's audit to a few megabytes.
    """
    ref = changes.get(IMPORT_REF)
    if isinstance(ref, dict) and isinstance(ref.get("file"), str) and isinstance(ref.get("row"), int):
        return ref["file"], ref["row"]
    return None


# built once; dates as ISO text; the values are plain (no cycles to look for)
_JSON = json.JSONEncoder(ensure_ascii=False, check_circular=False, default=date.isoformat).encode


def _audit_json(values: dict[str, Any], old: dict[str, Any]) -> str:
    """What the audit log keeps for a member updated here: {field: [old, new]}, ID and phone masked. (A created
    member's entry names the file and row instead: see :func:`import_audit_ref`.)"""
    out = {k: [old.get(k), v] for k, v in values.items()}
    for k in _MASKED:
        if k in out:
            out[k] = [mask_value(k, out[k][0]), mask_value(k, out[k][1])]
    return _JSON(out)


def _ensure_departments(s: Session, needed: Sequence[str]) -> tuple[dict[str, int], dict[str, list[int]], int]:
    _paths, by_path, by_leaf = _department_index(s)
    created = 0
    for path in sorted(set(needed)):
        if _resolve_department(path, by_path, by_leaf) is not None:
            continue
        parent: int | None = None
        parts = path.split("/")
        for depth in range(len(parts)):
            sub = "/".join(parts[:depth + 1])
            if sub in by_path:
                parent = by_path[sub]
                continue
            d = Department(name=parts[depth], parent_id=parent, kind="部门" if depth == 0 else "班组")
            s.add(d)
            s.flush()
            assert d.id is not None
            by_path[sub] = parent = d.id
            by_leaf.setdefault(parts[depth], []).append(d.id)
            created += 1
    return by_path, by_leaf, created


class _StoredForm(dict[Any, Any]):
    """Value → the form SQLAlchemy stores it in, by the column type's own bind processor (the same text as
    ``s.execute(insert(model), rows)`` writes), converted once per distinct value: a roster repeats its dates."""

    def __init__(self, s: Session, model: Any, column: str) -> None:
        super().__init__()
        dialect = s.connection().dialect
        self._proc = model.__table__.c[column].type.dialect_impl(dialect).bind_processor(dialect)

    def __missing__(self, v: Any) -> Any:
        out = self[v] = self._proc(v)
        return out


def _insert_head(model: Any) -> str:
    return f"INSERT INTO {model.__table__.name}"


_MAX_PARAMS = 30_000  # below SQLite's 32,766 host parameters per statement (the SQLite bundled in sqlcipher3)


def _insert_rows(cur: Any, head: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """``head`` (``INSERT INTO t``) with many rows per statement. Each statement is one step for SQLite (per row,
    executemany pays a step and a reset), and SQLite lets other Python threads run while it takes it.

    A column with the same value in every row of a statement (the import's time stamp, its actor, the columns the
    file does not have …) is bound once, not once per row: binding holds Python's lock, and an import's rows are
    half such columns. ``INSERT INTO t (a, b, c) SELECT column1, column2, ? FROM (VALUES (?, ?), (?, ?) …)``.
    """
    width = len(columns)
    per = max(1, _MAX_PARAMS // width)
    for i in range(0, len(rows), per):
        chunk = rows[i:i + per]
        n = len(chunk)
        by_column = list(zip(*chunk, strict=True))
        same = [k for k, c in enumerate(by_column)
                if c.count(c[0]) == n and len({v.__class__ for v in c}) == 1] if n > 1 else []  # 1 == 1.0, not alike
        if len(same) == width:
            same = same[1:]
        fixed = set(same)
        varying = [k for k in range(width) if k not in fixed]
        names = ", ".join([columns[k] for k in varying] + [columns[k] for k in same])
        picks = ", ".join([f"column{j}" for j in range(1, len(varying) + 1)] + ["?"] * len(same))
        one = "(" + ",".join("?" * len(varying)) + ")"
        params = [by_column[k][0] for k in same]
        params += chain.from_iterable(zip(*[by_column[k] for k in varying], strict=True))
        cur.execute(f"{head} ({names}) SELECT {picks} FROM (VALUES {','.join([one] * n)})", params)


_WRITER_SWITCH_INTERVAL = 0.0005  # seconds


class _Writer:
    """Runs the import's INSERT statements on the session's own connection (same transaction) in a helper thread,
    while the caller builds the next batch: SQLite works without Python's lock, so building (Python) and writing
    (SQLite) use two cores. The caller must not use the connection between the first :meth:`submit` and
    :meth:`drain` (or :meth:`stop`); an error in the thread is raised in the caller's thread by the next call.
    """

    def __init__(self, s: Session) -> None:
        self._cur = s.connection().connection.dbapi_connection.cursor()  # type: ignore[union-attr]
        self._jobs: queue.Queue[tuple[str, Sequence[str], Sequence[Sequence[Any]]] | None] = queue.Queue(maxsize=6)
        self._error: BaseException | None = None
        self._stopping = False
        self._thread: threading.Thread | None = None
        self._switch = 0.005

    def _run(self) -> None:
        while True:
            job = self._jobs.get()
            try:
                if job is None:
                    return
                if self._error is None and not self._stopping:
                    _insert_rows(self._cur, *job)
            except BaseException as e:  # noqa: BLE001 — handed to the caller's thread
                self._error = e
            finally:
                self._jobs.task_done()

    def _raise(self) -> None:
        if self._error is not None:
            e, self._error = self._error, None
            raise e

    def submit(self, head: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
        self._raise()
        if self._thread is None:
            # Python hands its lock to a waiting thread only every 5 ms by default: the writer, back from SQLite
            # after each statement, would wait that long each time. A shorter interval while it runs.
            self._switch = sys.getswitchinterval()
            sys.setswitchinterval(min(self._switch, _WRITER_SWITCH_INTERVAL))
            self._thread = threading.Thread(target=self._run, name="import-writer", daemon=True)
            self._thread.start()
        self._jobs.put((head, columns, rows))

    def drain(self) -> None:
        """Wait until every submitted statement has run (the connection is the caller's again)."""
        if self._thread is not None:
            self._jobs.join()
        self._raise()

    def stop(self) -> None:
        """Skip what is still queued, wait for the statement running, end the thread (always called)."""
        self._stopping = True
        if self._thread is not None:
            self._jobs.put(None)
            self._thread.join()
            self._thread = None
            sys.setswitchinterval(self._switch)
        self._cur.close()


_EVENT_COLS = ("uuid", "created_at", "updated_at", "rv", "member_id", "kind", "on_date", "reason", "note")
_AUDIT_COLS = ("at", "actor", "action", "table_name", "record_uuid", "record_label", "changes")
_UUID_VARIANT = {c: "89ab"[int(c, 16) & 3] for c in "0123456789abcdef"}


def _fresh_uuids() -> Iterator[str]:
    """Random (version 4) UUIDs as text, like :func:`app.models.base.new_uuid`, drawn 1,024 at a time."""
    while True:
        h = os.urandom(16 * 1024).hex()
        for i in range(0, 32 * 1024, 32):
            yield (f"{h[i:i + 8]}-{h[i + 8:i + 12]}-4{h[i + 13:i + 16]}-{_UUID_VARIANT[h[i + 16]]}{h[i + 17:i + 20]}"
                   f"-{h[i + 20:i + 32]}")


_GRAM_TRIGGER = "member_name_gram_ai"
_BULK_GRAMS = 200  # from this many new members on, their name pieces are written in batches
_BULK_INDEXES = 5_000  # from this many new rows on, a table that at least doubles gets its indexes rebuilt
_BULK_TABLES = ("member", "membership_event", "audit_log")
_BULK_CACHE_KIB = 65_536  # the page cache while writing many members (the usual 32 MB spills to disk sooner)


def _defer_for_bulk(s: Session, new_members: int, indexes: bool = True) -> tuple[list[str], bool]:
    """Before writing ``new_members`` members: drop what is cheaper to rebuild once than to keep up row by row.

    - the name-piece insert trigger (the import writes the pieces itself, :func:`_name_pieces`, with each batch);
    - the secondary indexes of each of member / membership_event / audit_log that the import will at least
      double (a member brings one row to each): building an index from sorted keys once is several times cheaper
      than 100,000 inserts at random places in it — when the inserts wait for nothing else (``indexes``; the
      one-pass import keeps them up while the next rows are checked). The unique key on the ID number stays (it
      is the table's own).

    Returns the SQL that puts every dropped object back — the very SQL it had, so the migrations stay the one
    definition — and whether the trigger was dropped. DDL is transactional in SQLite: a rollback (an error, a
    cancel, kill -9) brings everything back with the rest; :func:`_restore_after_bulk` runs before anything reads
    those tables again inside the transaction.
    """
    conn = s.connection()
    restore: list[str] = []
    if indexes and new_members >= _BULK_INDEXES:
        for table in _BULK_TABLES:
            rows = int(conn.exec_driver_sql(f"SELECT COALESCE(MAX(rowid), 0) FROM {table}").scalar() or 0)
            if rows > new_members:
                continue
            for name, sql in conn.exec_driver_sql(
                    "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL",
                    (table,)).all():
                conn.exec_driver_sql(f'DROP INDEX "{name}"')
                restore.append(str(sql))
    grams = False
    if new_members >= _BULK_GRAMS:
        sql = conn.exec_driver_sql("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?",
                                   (_GRAM_TRIGGER,)).scalar()
        if sql:
            conn.exec_driver_sql(f"DROP TRIGGER {_GRAM_TRIGGER}")
            restore.append(str(sql))
            grams = True
    return restore, grams


def _restore_after_bulk(s: Session, restore: Sequence[str]) -> None:
    conn = s.connection()
    for sql in restore:
        conn.exec_driver_sql(sql)


@contextmanager
def _bulk_cache(s: Session, many: bool) -> Iterator[None]:
    """A larger page cache on the session's connection while many members are written; the usual one after."""
    if not many:
        yield
        return
    conn = s.connection()
    before = conn.exec_driver_sql("PRAGMA cache_size").scalar()
    conn.exec_driver_sql(f"PRAGMA cache_size = -{_BULK_CACHE_KIB}")
    try:
        yield
    finally:
        conn.exec_driver_sql(f"PRAGMA cache_size = {int(before or -2000)}")


def _name_pieces(name: str) -> set[str]:
    """What the trigger of migration 0001 writes for a name: every character and every two adjacent characters,
    starting at one of the first 20 characters."""
    n = len(name)
    return {name[i:i + w] for i in range(min(n, 20)) for w in (1, 2) if i + w <= n}


_GRAM_SQL, _GRAM_COLS = "INSERT OR IGNORE INTO member_name_gram", ("gram", "member_id")


def _status_after(events: Sequence[tuple[str, date]]) -> str:
    """Status from the last event by date (ties: the later one in the list)."""
    last = max(range(len(events)), key=lambda i: (events[i][1], i))
    return roster.EVENT_STATUS.get(events[last][0], "active")


def _next_free_rv(s: Session) -> int:
    """The first change number not yet taken (nothing is reserved: see :class:`_NewMembers`)."""
    v = s.execute(text("SELECT value FROM meta WHERE key = 'rv'")).scalar()
    return int(v) + 1 if v is not None else 1


class _NewMembers:
    """Writes new members (their 入会 and later events, an audit entry naming the file and row, their name pieces)
    in batches, many rows per statement, by a :class:`_Writer` thread while the caller builds the next batch.

    Change numbers (rv) are counted here from the first free one and reserved in ``meta`` by :meth:`settle`: the
    caller holds the write lock, so nobody else takes one in between; :meth:`settle` must run before anything else
    in the transaction takes a change number (an ORM flush) and at the end.
    """

    def __init__(self, s: Session, db: Database, file_name: str, now: Any, expected: int, *,
                 rebuild_indexes: bool = True) -> None:
        self.s = s
        self.today = date.today()
        self.first_id = int(s.execute(text("SELECT COALESCE(MAX(id), 0) FROM member")).scalar() or 0) + 1
        self.count = 0
        self.events = 0
        self.rv = self._settled = _next_free_rv(s)
        defaults = _member_defaults()
        derived = tuple(roster.derived_columns("", None, None))
        self.cols = (*defaults, "id", "uuid", "created_at", "updated_at", "rv", "status", *derived)
        self.default_fields, self.default_values = list(defaults), list(defaults.values())
        self.dept_at = self.cols.index("department_id")
        # rows are built in their stored form (the column types' own conversions, once per distinct value);
        # booleans go in as they are: SQLite stores True/False as 1/0, as SQLAlchemy's Boolean does
        self.stamp = _StoredForm(s, Member, "created_at")[now]
        self.day_text = _StoredForm(s, Member, "birth_date")
        self.date_at = [self.cols.index(f) for f in roster.DATE_FIELDS]
        self.member_sql = _insert_head(Member)
        self.event_sql, self.audit_sql = _insert_head(MembershipEvent), _insert_head(AuditLog)
        self.uuids = _fresh_uuids()
        self.actor = db.actor
        # a created member's audit entry names the file and row it came from (see import_audit_ref)
        self.audit_head = f'{{"{IMPORT_REF}": {{"file": {json.dumps(file_name, ensure_ascii=False)}, "row": '
        self.restore, self.write_grams = _defer_for_bulk(s, expected, rebuild_indexes)
        self.writer = _Writer(s)

    def add(self, news: Sequence[RowResult], by_path: dict[str, int], by_leaf: dict[str, list[int]]) -> None:
        """Build the rows of ``news`` (each gets its member_id) and hand them to the writer."""
        member_rows: list[list[Any]] = []
        event_rows: list[list[Any]] = []
        audit_rows: list[list[Any]] = []
        gram_rows: list[tuple[str, int]] = []
        stamp, day_text, uuids, rv = self.stamp, self.day_text, self.uuids, self.rv
        for k, r in enumerate(news, start=self.first_id + self.count):
            mid = k
            values = r.values
            # events: 入会 (or the file's 入会/转入) first, then the file's later event
            evs: list[tuple[str, date, str]] = []
            ev = r.event
            if ev and ev[0] in ("入会", "转入"):
                values.setdefault("join_date", ev[1])
                evs.append(ev)
            else:
                join = values.get("join_date") or values.get("hire_date") or (ev[1] if ev else self.today)
                values["join_date"] = join
                evs.append(("入会", join, ""))
                if ev:
                    evs.append(ev)
            # values.get(field, default) for each column (the values hold member fields only, and "_given")
            row = list(map(values.get, self.default_fields, self.default_values))
            if r.department:
                row[self.dept_at] = _resolve_department(r.department, by_path, by_leaf)
            for i in self.date_at:
                if row[i] is not None:
                    row[i] = day_text[row[i]]
            uuid = next(uuids)
            status = roster.EVENT_STATUS.get(evs[0][0], "active") if len(evs) == 1 else _status_after(
                [(e[0], e[1]) for e in evs])
            name = values["name"]
            row += (mid, uuid, stamp, stamp, rv, status)
            row += roster.derived_columns(name, values.get("id_number"), values.get("mobile")).values()
            rv += 1
            member_rows.append(row)
            if self.write_grams:
                gram_rows.extend((g, mid) for g in _name_pieces(name))
            for kind, on, reason in evs:
                event_rows.append([next(uuids), stamp, stamp, rv, mid, kind, day_text[on], reason, ""])
                rv += 1
            self.events += len(evs)
            audit_rows.append([stamp, self.actor, "create", "member", uuid, name[:200],
                               f"{self.audit_head}{r.row}}}}}"])
            r.member_id = mid
        self.rv = rv
        self.count += len(news)
        writer = self.writer
        if member_rows:
            writer.submit(self.member_sql, self.cols, member_rows)
        if gram_rows:
            gram_rows.sort()
            writer.submit(_GRAM_SQL, _GRAM_COLS, gram_rows)
        if event_rows:
            writer.submit(self.event_sql, _EVENT_COLS, event_rows)
        if audit_rows:
            writer.submit(self.audit_sql, _AUDIT_COLS, audit_rows)

    def settle(self) -> None:
        """Wait for the writer (the connection is the caller's again) and reserve the change numbers used; then
        count on from the first free one (an ORM flush in between may have taken some)."""
        self.writer.drain()
        if self.rv > self._settled:
            first = next_rv(self.s, self.rv - self._settled)
            assert first == self._settled, "change numbers taken by someone else during an import"
        self.rv = self._settled = _next_free_rv(self.s)

    def finish(self) -> None:
        """Everything written, the writer ended, dropped indexes and trigger back (before anything reads the
        tables again)."""
        self.settle()
        self.writer.stop()
        _restore_after_bulk(self.s, self.restore)

    def stop(self) -> None:
        """End the writer thread (always called; after an error the rollback restores the rest)."""
        self.writer.stop()


_BATCH = 2000


def _write_updates(s: Session, updates: Sequence[RowResult], by_path: dict[str, int], by_leaf: dict[str, list[int]],
                   now: Any, actor: str, tick: Callable[[int], None]) -> int:
    """Apply the changes of members already in the roster (an empty cell never blanks a field); each with its
    audit entry (old → new). Returns the events added."""
    rv = next_rv(s, len(updates) + sum(1 for r in updates if r.event)) if updates else 0
    n_ev_added = 0
    for r in updates:
        assert r.member_id is not None
        rec = s.execute(sa_select(Member).where(col(Member.id) == r.member_id)).scalar_one()
        given = r.values.get("_given", set())
        new_vals = {f: r.values[f] for f in MEMBER_FIELDS if f in given and r.values.get(f) != getattr(rec, f)
                    and not (r.values.get(f) in (None, "") and getattr(rec, f) in (None, ""))}
        old_vals = {f: getattr(rec, f) for f in new_vals}
        if r.department:
            did = _resolve_department(r.department, by_path, by_leaf)
            if did != rec.department_id:
                new_vals["department_id"] = did
                old_vals["department_id"] = rec.department_id
        changes_for_audit = dict(new_vals)
        if r.event and any(c.field == "event" for c in r.changes):
            kind, on, reason = r.event
            s.execute(insert(MembershipEvent), [{
                "uuid": new_uuid(), "created_at": now, "updated_at": now, "rv": rv, "member_id": r.member_id,
                "kind": kind, "on_date": on, "reason": reason, "note": ""}])
            rv += 1
            n_ev_added += 1
            history = [(e[0], e[1]) for e in s.execute(
                sa_select(MembershipEvent.kind, MembershipEvent.on_date)
                .where(col(MembershipEvent.member_id) == r.member_id).order_by(col(MembershipEvent.id)))]
            status = _status_after(history)
            if status != rec.status:
                new_vals["status"] = status
            changes_for_audit["events"] = f"{kind} {on.isoformat()} {reason}".strip()
        if any(f in new_vals for f in ("name", "id_number", "mobile")):
            new_vals.update(roster.derived_columns(new_vals.get("name", rec.name),
                                                   new_vals.get("id_number", rec.id_number),
                                                   new_vals.get("mobile", rec.mobile)))
        new_vals.update({"rv": rv, "updated_at": now})
        rv += 1
        table: Any = Member.__table__  # type: ignore[attr-defined]
        s.execute(update(table).where(table.c.id == r.member_id).values(**new_vals))
        s.execute(insert(AuditLog), [{"at": now, "actor": actor, "action": "update", "table_name": "member",
                                      "record_uuid": rec.uuid, "record_label": rec.name[:200],
                                      "changes": _audit_json(changes_for_audit, old_vals)}])
        s.expunge(rec)
        tick(1)
    return n_ev_added


def _write_summary(s: Session, preview: ImportPreview, now: Any, actor: str, created: int, updated: int,
                   learned: dict[str, str]) -> None:
    """The import's own audit entry (action 导入, with its counts) and the user's column choices."""
    s.execute(insert(AuditLog), [{
        "at": now, "actor": actor, "action": "import", "table_name": "member", "record_uuid": "",
        "record_label": preview.path.name[:200],
        "changes": json.dumps({"file": str(preview.path), "created": created, "updated": updated,
                               "unchanged": preview.count("unchanged"), "skipped": preview.count("skip"),
                               "invalid": preview.count("invalid")}, ensure_ascii=False)}])
    _save_learned(s, preview.mapping, learned)


@_gc_paused
def commit(db: Database, preview: ImportPreview, *, skip_invalid: bool = False,
           progress: ProgressFn | None = None) -> ImportResult:
    """Write the checked rows in ONE transaction (all or nothing).

    Without ``skip_invalid`` any invalid row means nothing is written (DomainError ``import.invalid``).
    ``progress(done, total)`` returning False cancels: the transaction is rolled back, nothing is written.
    """
    bad = preview.count("invalid")
    if bad and not skip_invalid:
        raise InvalidRows(preview)
    learned = learned_choices(db)
    now = utcnow()
    many = preview.count("new") >= _BULK_INDEXES
    with db.session(write=True) as s, _bulk_cache(s, many):
        _classify(s, preview)  # the roster may have changed since the preview: compare again inside the lock
        rows = preview.rows
        total = len(rows)
        news = [r for r in rows if r.status == "new"]
        updates = [r for r in rows if r.status == "update"]
        by_path, by_leaf, n_dept = _ensure_departments(s, [r.department for r in news + updates if r.department])
        done = 0

        def tick(n: int) -> None:
            nonlocal done
            done += n
            if progress is not None and not progress(done, total):
                raise ImportCancelled()

        writing = _NewMembers(s, db, preview.path.name, now, len(news))
        try:
            for i in range(0, len(news), _BATCH):
                writing.add(news[i:i + _BATCH], by_path, by_leaf)
                tick(min(_BATCH, len(news) - i))
            writing.finish()
        finally:
            writing.stop()
        n_ev_added = writing.events + _write_updates(s, updates, by_path, by_leaf, now, db.actor, tick)
        created, updated = len(news), len(updates)
        _write_summary(s, preview, now, db.actor, created, updated, learned)
        if progress is not None and not progress(total, total):
            raise ImportCancelled()
    return ImportResult(created, updated, preview.count("unchanged"), preview.count("skip"),
                        preview.count("invalid"), n_dept, n_ev_added)


class InvalidRows(DomainError):
    """Rows with problems and no ``skip_invalid``: nothing was written. ``preview`` has every row's verdict (for
    the error report)."""

    def __init__(self, preview: ImportPreview) -> None:
        super().__init__("import.invalid", _("文件中有{n}行有问题，没有导入任何数据。请改正后重新导入，"
                                             "或选择只导入没有问题的行").format(n=preview.count("invalid")))
        self.preview = preview


@_gc_paused
def import_file(db: Database, path: str | os.PathLike, *, skip_invalid: bool = False, on_duplicate: str = "update",
                mapping: ColumnMapping | None = None, progress: ProgressFn | None = None
                ) -> tuple[ImportPreview, ImportResult]:
    """Read, check and write in one call, with no preview to show (the command line): rows are written while
    the next ones are checked, in ONE transaction taken before the first row is read (all or nothing, as
    :func:`commit`). Rows with problems and no ``skip_invalid``: nothing is written and :class:`InvalidRows`
    (with the preview, for the error report) is raised once every row has been checked. The preview's rows of new
    members keep their verdict but not their values (the roster has them; a 100,000-row file's values are 100 MB).
    """
    p, learned, sheet, mapping = _open_for_import(db, path, mapping, on_duplicate)
    _check_mapping(mapping)
    now = utcnow()
    notes: list[str] = []
    results: list[RowResult] = []
    preview = ImportPreview(p, sheet.name, mapping, results, on_duplicate, notes=notes)
    expected = max(0, sheet.total - mapping.header_row)
    with db.session(write=True) as s, _bulk_cache(s, expected >= _BULK_INDEXES):
        in_roster = {k: v for k, v in s.execute(sa_select(Member.id_number, Member.id)).all() if k}
        _paths, by_path, by_leaf = _department_index(s)
        n_dept = 0
        known: list[RowResult] = []  # rows of members already in the roster: compared and updated at the end
        batch: list[RowResult] = []
        bad = 0
        # the writer keeps the indexes up as it goes: it has the time while the next rows are checked, and
        # rebuilding them would be work left for the end (docs/import-speed.md)
        writing = _NewMembers(s, db, p.name, now, expected, rebuild_indexes=False)
        try:
            def write(rows: list[RowResult]) -> None:
                nonlocal by_path, by_leaf, n_dept
                if skip_invalid or not bad:  # else nothing will be written: stop writing
                    if any(r.department and _resolve_department(r.department, by_path, by_leaf) is None
                           for r in rows):
                        writing.settle()  # a department is created (and takes a change number) in between
                        by_path, by_leaf, created = _ensure_departments(s, [r.department for r in rows
                                                                          if r.department])
                        n_dept += created
                        writing.settle()
                    writing.add(rows, by_path, by_leaf)
                    for r in rows:  # written: the roster has the values now (the preview keeps the verdicts)
                        r.values = {}
                rows.clear()

            for r in _checked(mapping, sheet.rows(), notes, total=sheet.total, progress=progress):
                results.append(r)
                if r.status == "invalid":
                    bad += 1
                    continue
                r.member_id = in_roster.get(r.id_number)
                if r.member_id is not None:
                    known.append(r)
                    continue
                batch.append(r)
                if len(batch) >= _BATCH:
                    write(batch)
            write(batch)
            writing.finish()
        finally:
            writing.stop()
        if known:  # compared now (changes, skip) with the rows they were read from
            _classify(s, ImportPreview(p, sheet.name, mapping, known, on_duplicate))
        if bad and not skip_invalid:  # every row has its verdict; the rollback takes back what was written
            raise InvalidRows(preview)
        updates = [r for r in known if r.status == "update"]
        if any(r.department and _resolve_department(r.department, by_path, by_leaf) is None for r in updates):
            by_path, by_leaf, created = _ensure_departments(s, [r.department for r in updates if r.department])
            n_dept += created
        n_ev_added = writing.events + _write_updates(s, updates, by_path, by_leaf, now, db.actor, lambda n: None)
        _write_summary(s, preview, now, db.actor, writing.count, len(updates), learned)
    return preview, ImportResult(writing.count, len(updates), preview.count("unchanged"), preview.count("skip"),
                                 preview.count("invalid"), n_dept, n_ev_added)


# ---------------------------------------------------------------------------------------------------------------
# Error report


def write_error_report(preview: ImportPreview, path: str | os.PathLike) -> int:
    """An .xlsx of the rejected rows as they were, plus 行号 and 错误原因. Written atomically. Returns the rows."""
    import xlsxwriter

    from app.fileio import atomic_write

    bad = preview.invalid
    with atomic_write(Path(path), "wb") as fh:
        wb = xlsxwriter.Workbook(fh, {"constant_memory": True, "in_memory": False, "strings_to_numbers": False,
                                      "strings_to_formulas": False, "strings_to_urls": False,
                                      "nan_inf_to_errors": True})
        ws = wb.add_worksheet(_("有问题的行"))
        head = wb.add_format({"bold": True, "border": 1, "text_wrap": True, "valign": "vcenter",
                              "bg_color": "#F2F2F2"})
        reason_head = wb.add_format({"bold": True, "border": 1, "text_wrap": True, "valign": "vcenter",
                                     "bg_color": "#FDE9E7", "font_color": "#9C0006"})
        wrap = wb.add_format({"text_wrap": True, "valign": "top", "font_color": "#9C0006"})
        date_fmt = wb.add_format({"num_format": "yyyy/mm/dd", "valign": "top"})
        top = wb.add_format({"valign": "top"})
        width = max([len(preview.mapping.headers)] + [len(r.raw or []) for r in bad])
        heads = list(preview.mapping.headers) + [""] * (width - len(preview.mapping.headers))
        ws.write_string(0, 0, _("行号"), reason_head)
        ws.write_string(0, 1, _("错误原因"), reason_head)
        for c, h in enumerate(heads):
            ws.write_string(0, c + 2, str(h or ""), head)
        ws.set_column(0, 0, 8)
        ws.set_column(1, 1, 60)
        ws.set_column(2, width + 1, 14)
        ws.freeze_panes(1, 2)
        for i, r in enumerate(bad, start=1):
            ws.write_number(i, 0, r.row, top)
            ws.write_string(i, 1, "\n".join(f"{k}. {m}" for k, m in enumerate(r.problems, 1))
                            if len(r.problems) > 1 else (r.problems[0] if r.problems else ""), wrap)
            for c, v in enumerate(r.raw or []):
                _write_cell(ws, i, c + 2, v, date_fmt, top)
        wb.close()
    return len(bad)


def _write_cell(ws: Any, row: int, col: int, v: Any, date_fmt: Any, fmt: Any) -> None:
    import math
    from datetime import datetime, time, timedelta

    if v is None or v == "":
        return
    if isinstance(v, bool):
        ws.write_boolean(row, col, v, fmt)
    elif isinstance(v, int | float):
        if isinstance(v, float) and (math.isnan(v) or math.isinf(v)):
            ws.write_string(row, col, str(v), fmt)
        else:
            ws.write_number(row, col, v, fmt)
    elif isinstance(v, datetime | date):
        ws.write_datetime(row, col, v if isinstance(v, datetime) else datetime(v.year, v.month, v.day), date_fmt)
    elif isinstance(v, time | timedelta):
        ws.write_string(row, col, str(v), fmt)
    else:
        ws.write_string(row, col, str(v)[:32000], fmt)
