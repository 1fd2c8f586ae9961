"""PDF rendering with ReportLab: the GB/T 9704-2012 text layout, the table layout and the form layout.

Official text (TextDocument) is set on a character grid of 22 lines × 28 characters in the 156 × 225 mm 版心:
every line is drawn by :class:`GridText`, which breaks lines itself (Chinese 禁则, app.documents.linebreak) and
sets the character spacing so exactly 28 body characters fill a line. Tables and forms use platypus tables.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import IO, Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    LongTable,
    PageBreak,
    PageTemplate,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus import Paragraph as _ReportLabParagraph
from reportlab.platypus.paragraph import ParaLines, _handleBulletWidth, cjkU, makeCJKParaLine

from app.documents import linebreak
from app.documents.fonts import FontSet
from app.documents.model import (
    Block,
    Column,
    FormDocument,
    FormField,
    FormSection,
    Heading,
    Paragraph,
    Redline,
    TableBlock,
    TableDocument,
    TextDocument,
)
from app.documents.model import (
    PageBreak as MPageBreak,
)
from app.errors import DomainError
from app.i18n import _

# ---------------------------------------------------------------------------------------------------------------
# GB/T 9704-2012 geometry

PAGE_W, PAGE_H = A4
MARGIN_TOP, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT = 37 * mm, 35 * mm, 28 * mm, 26 * mm
BODY_W = PAGE_W - MARGIN_LEFT - MARGIN_RIGHT          # 156 mm
BODY_H = PAGE_H - MARGIN_TOP - MARGIN_BOTTOM          # 225 mm
LINES_PER_PAGE, CHARS_PER_LINE = 22, 28
BODY_SIZE = 16.0                                      # 3号
TITLE_SIZE = 22.0                                     # 2号
NUMBER_SIZE = 14.0                                    # 4号
LINE = BODY_H / LINES_PER_PAGE - 1e-4                 # line pitch ≈ 28.99 pt
CHAR_PITCH = BODY_W / CHARS_PER_LINE                  # ≈ 15.79 pt per character
BODY_CS = CHAR_PITCH - BODY_SIZE                      # character spacing (negative: 16 pt glyphs on a 15.79 pitch)
PAGE_NUMBER_GAP = 7 * mm                              # page number 7 mm below the 版心

INS_COLOR = colors.HexColor("#0050b3")
DEL_COLOR = colors.HexColor("#c00000")
HEADER_GREY = colors.HexColor("#e8e8e8")
LABEL_GREY = colors.HexColor("#f2f2f2")

Progress = Callable[..., bool]

# Characters the usual Chinese fonts lack (SimSun/UMing have no U+2212 minus, no check marks): print a look-alike
# they do have instead of an empty box.
_LOOKALIKE = str.maketrans({"\u2212": "\uff0d", "\u2713": "\u221a", "\u2714": "\u221a", "\u2022": "\u00b7"})


def printable(text: str) -> str:
    return text.translate(_LOOKALIKE)


def _esc(text: str) -> str:
    return escape(printable(text))


class Cancelled(DomainError):
    """The user pressed Cancel. (ReportLab re-raises exceptions with an annotated message: ignore it.)"""

    def __init__(self, *_annotated: object) -> None:
        super().__init__("print.cancelled", _("已取消生成文件"))


# ---------------------------------------------------------------------------------------------------------------
# Grid text: a paragraph on the character grid


@dataclass(frozen=True)
class Run:
    text: str
    font: str
    size: float = BODY_SIZE
    color: Any = None
    underline: bool = False
    strike: bool = False


@dataclass(frozen=True)
class _Line:
    start: int
    end: int
    x0: float        # left offset of the line
    avail: float     # width the line may fill
    last: bool       # last line of the paragraph (not justified)


class GridText(Flowable):
    """Text on a fixed grid: line pitch ``leading``, character spacing ``cs``; Chinese line breaking."""

    def __init__(self, runs: Sequence[Run], *, leading: float = LINE, cs: float = BODY_CS,
                 first_indent: float = 0.0, indent: float = 0.0, right_indent: float = 0.0,
                 align: str = "justify") -> None:
        super().__init__()
        self.runs = list(runs)
        self.leading = leading
        self.cs = cs
        self.first_indent = first_indent
        self.indent = indent
        self.right_indent = right_indent
        self.align = align
        self.units: list[str] = []
        self.owner: list[int] = []          # run index of each unit
        for ri, r in enumerate(self.runs):
            for u in linebreak.units(printable(r.text)):
                self.units.append(u)
                self.owner.append(ri)
        self._lines: list[_Line] | None = None
        self._for_width = -1.0

    def unit_width(self, i: int) -> float:
        r = self.runs[self.owner[i]]
        u = self.units[i]
        return stringWidth(u, r.font, r.size) + len(u) * self.cs

    def _layout(self, width: float) -> list[_Line]:
        if self._lines is not None and abs(self._for_width - width) < 1e-6:
            return self._lines
        first_x = self.indent + self.first_indent
        first_w = width - first_x - self.right_indent
        rest_w = width - self.indent - self.right_indent
        widths = [self.unit_width(i) for i in range(len(self.units))]
        pairs = linebreak.break_units(self.units, widths, first_w, rest_w)
        lines = []
        for k, (s, e) in enumerate(pairs):
            x0 = first_x if k == 0 else self.indent
            avail = first_w if k == 0 else rest_w
            lines.append(_Line(s, e, x0, avail, k == len(pairs) - 1))
        if not lines:  # an empty paragraph still takes a line
            lines.append(_Line(0, 0, first_x, first_w, True))
        self._lines, self._for_width = lines, width
        return lines

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width = availWidth
        self.height = len(self._layout(availWidth)) * self.leading
        return availWidth, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        lines = self._layout(availWidth)
        n = int((availHeight + 1e-6) // self.leading)
        if n <= 0:
            return []
        if n >= len(lines):
            return [self]
        return [self._part(lines[:n], availWidth), self._part(lines[n:], availWidth)]

    def _part(self, lines: list[_Line], width: float) -> GridText:
        g = GridText.__new__(GridText)
        Flowable.__init__(g)
        for k in ("runs", "leading", "cs", "first_indent", "indent", "right_indent", "align", "units", "owner"):
            setattr(g, k, getattr(self, k))
        g._lines, g._for_width = lines, width
        return g

    def line_texts(self) -> list[str]:
        return ["".join(self.units[ln.start:ln.end]) for ln in self._layout(self._for_width if self._for_width > 0
                                                                             else BODY_W)]

    def draw(self) -> None:
        c = self.canv
        lines = self._lines or []
        for k, ln in enumerate(lines):
            top = self.height - k * self.leading
            size = max((self.runs[self.owner[i]].size for i in range(ln.start, ln.end)), default=BODY_SIZE)
            baseline = top - self.leading / 2 - 0.38 * size
            nchars = sum(len(self.units[i]) for i in range(ln.start, ln.end))
            used = sum(self.unit_width(i) for i in range(ln.start, ln.end))
            extra = 0.0
            x = ln.x0
            if nchars and used > ln.avail + 1e-6:    # hanging marks: squeeze the line into the width
                extra = (ln.avail - used) / nchars
            elif self.align == "justify" and not ln.last and nchars > 1:
                extra = (ln.avail - used) / nchars
            elif self.align == "center":
                x += (ln.avail - used + self.cs) / 2
            elif self.align == "right":
                x += ln.avail - used + self.cs
            i = ln.start
            while i < ln.end:
                ri = self.owner[i]
                j = i
                while j < ln.end and self.owner[j] == ri:
                    j += 1
                text = "".join(self.units[i:j])
                x = self._draw_fragment(c, self.runs[ri], text, x, baseline, self.cs + extra)
                i = j

    @staticmethod
    def _draw_fragment(c: Canvas, run: Run, text: str, x: float, y: float, cs: float) -> float:
        t = c.beginText(x, y)
        t.setFont(run.font, run.size)
        t.setCharSpace(cs)
        t.setFillColor(run.color if run.color is not None else colors.black)  # a coloured run must not bleed on
        t.textOut(text)
        c.drawText(t)
        w = stringWidth(text, run.font, run.size) + len(text) * cs
        if run.underline or run.strike:
            c.saveState()
            c.setStrokeColor(run.color or colors.black)
            c.setLineWidth(0.8)
            if run.underline:
                c.line(x, y - 0.15 * run.size, x + w - cs, y - 0.15 * run.size)
            if run.strike:
                c.line(x, y + 0.32 * run.size, x + w - cs, y + 0.32 * run.size)
            c.restoreState()
        return x + w


# ---------------------------------------------------------------------------------------------------------------
# Shared page machinery


def numbered_canvas(decorate: Callable[[Canvas, int, int], None]) -> type[Canvas]:
    """A canvas that knows the page count when drawing headers/footers ("第 x 页 共 y 页")."""

    class _NumberedCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._saved_pages: list[dict] = []

        def showPage(self) -> None:  # noqa: N802 — ReportLab's name
            self._saved_pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._saved_pages)
            for i, state in enumerate(self._saved_pages, 1):
                self.__dict__.update(state)
                decorate(self, i, total)
                Canvas.showPage(self)
            Canvas.save(self)

    return _NumberedCanvas


class _Doc(BaseDocTemplate):
    def __init__(self, out: IO[bytes], *, progress: Progress | None, estimate: int, **kw: Any) -> None:
        super().__init__(out, **kw)
        self._progress = progress
        self._estimate = max(1, estimate)

    def handle_pageBegin(self) -> None:  # noqa: N802 — ReportLab's name
        super().handle_pageBegin()
        if self._progress is not None:
            page = self.page
            if self._progress(page - 1, max(self._estimate, page), _("正在排版第{n}页").format(n=page)) is False:
                raise Cancelled()


HANG = 3.0  # a closing mark may hang this far into the cell padding (table and form cells have 3 pt)


class RLParagraph(_ReportLabParagraph):
    """ReportLab's paragraph with the Chinese line breaking of grid text (禁则, app.documents.linebreak).

    Every wrapped paragraph of the engine (table cells, form fields, titles, notes) is one of these. ReportLab's
    own CJK wrapping knows only some closing marks (not "，：；？》”") and never keeps an opening bracket off the
    end of a line; here the lines are broken by :func:`linebreak.break_units`, which also keeps Latin words and
    numbers whole.
    """

    def breakLinesCJK(self, maxWidths: Any) -> Any:  # noqa: N802 — ReportLab's name
        if not isinstance(maxWidths, list | tuple):
            maxWidths = [maxWidths]  # noqa: N806
        if hasattr(self, "blPara") and getattr(self, "_splitpara", False):
            return self.blPara
        style = self.style
        self.height = 0
        _handleBulletWidth(self.bulletText, style, maxWidths)
        auto = getattr(self, "autoLeading", getattr(style, "autoLeading", ""))
        calc_bounds = auto not in ("", "off")
        glyphs: list[Any] = []
        for f in self.frags:
            text = f.text if hasattr(f, "text") else "".join(getattr(f, "words", []))
            if isinstance(text, bytes):
                text = text.decode("utf8")
            if text:
                glyphs += [cjkU(t, f, "utf8") for t in text]
            elif hasattr(f, "cbDefn") or hasattr(f, "lineBreak"):
                glyphs.append(cjkU("", f, "utf8"))

        def max_width(k: int) -> float:
            return float(maxWidths[min(k, len(maxWidths) - 1)])

        lines: list[Any] = []
        start = 0
        while start < len(glyphs):
            stop = start                                # a hard break (<br/>) ends a segment
            while stop < len(glyphs) and not hasattr(glyphs[stop].frag, "lineBreak"):
                stop += 1
            seg = glyphs[start:stop]
            hard = stop < len(glyphs)
            pieces = linebreak.cell_spans(seg, [g.width for g in seg],
                                          min(max_width(len(lines)), max_width(len(lines) + 1)))
            items = ["".join(seg[a:b]) for a, b in pieces]
            widths = [sum(g.width for g in seg[a:b]) for a, b in pieces]
            pairs = linebreak.no_widow(items, linebreak.break_units(
                items, widths, max_width(len(lines)), max_width(len(lines) + 1), hang=HANG))
            if not pairs and hard:
                pairs = [(0, 0)]
            for k, (a, b) in enumerate(pairs):
                g0 = pieces[a][0] if a < len(pieces) else len(seg)
                g1 = pieces[b - 1][1] if b > a else g0
                line = seg[g0:g1]
                last_of_hard = hard and k == len(pairs) - 1
                if last_of_hard:
                    line = [*line, glyphs[stop]]
                used = sum(g.width for g in line)
                mw = max_width(len(lines))
                lines.append(makeCJKParaLine(line, mw, used, mw - used, last_of_hard, calc_bounds))
            start = stop + 1 if hard else stop
        return ParaLines(kind=1, lines=lines)


def _para_style(name: str, font: str, size: float, *, leading: float | None = None, align: int = TA_LEFT,
                color: Any = None) -> ParagraphStyle:
    return ParagraphStyle(name, fontName=font, fontSize=size, leading=leading or size * 1.3, alignment=align,
                          wordWrap="CJK", textColor=color or colors.black, splitLongWords=True)


def _redline_markup(segments: Sequence[tuple[str, str]]) -> str:
    parts = []
    for kind, text in segments:
        t = _esc(text).replace("\n", "<br/>")
        if kind == "ins":
            parts.append(f'<u><font color="#0050b3">{t}</font></u>')
        elif kind == "del":
            parts.append(f'<strike><font color="#c00000">{t}</font></strike>')
        else:
            parts.append(t)
    return "".join(parts)


def _rel_widths(cols: Sequence[Column], total: float) -> list[float]:
    s = sum(max(c.width, 0.01) for c in cols) or 1.0
    return [total * max(c.width, 0.01) / s for c in cols]


CELL_PAD = 6.5   # left + right cell padding and a little air: what a cell's text may not use of the column


def fit_column_widths(base: Sequence[float], need: Sequence[float], wraps: Sequence[bool]) -> list[float]:
    """Column widths from the relative ``base`` widths such that each column is as wide as it ``need``-s to be
    (its longest unbreakable word) where the others can spare it: the width comes first from the columns whose
    text wraps anyway (``wraps``), in proportion to what they can spare, then from the others; no column gives
    below its own need. The total stays the same; a column that still cannot get all it needs gets a fair share
    of what there is (its long word is then broken at a sensible point, see linebreak.cell_spans)."""
    w = [float(x) for x in base]
    short = {i: need[i] - w[i] for i in range(len(w)) if need[i] > w[i] + 1e-6}
    deficit = sum(short.values())
    for donors in ([i for i in range(len(w)) if i not in short and wraps[i]],
                   [i for i in range(len(w)) if i not in short and not wraps[i]]):
        if deficit <= 1e-6:
            break
        spare = {i: w[i] - need[i] for i in donors if w[i] - need[i] > 1e-6}
        total = sum(spare.values())
        if total <= 0:
            continue
        take = min(deficit, total)
        for i, sp in spare.items():
            w[i] -= take * sp / total
        want = sum(short.values())
        for i, sh in list(short.items()):
            got = take * sh / want
            w[i] += got
            short[i] = sh - got
        deficit -= take
    return w


@functools.lru_cache(maxsize=20000)
def _longest_word(text: str, font: str, size: float) -> float:
    """Width of the longest run of ``text`` the cell line breaker keeps whole (linebreak.kept_spans)."""
    best = 0.0
    for line in text.split("\n"):
        for a, b in linebreak.kept_spans(line):
            best = max(best, stringWidth(line[a:b], font, size))
    return best


def _column_widths(columns: Sequence[Column], rows: Sequence[Sequence[str]], total: float, body_font: str,
                   head_font: str, size: float) -> list[float]:
    base = _rel_widths(columns, total)
    need = [_longest_word(printable(c.label), head_font, size) + CELL_PAD for c in columns]
    longest = [0.0] * len(columns)
    for row in rows:
        for i, v in enumerate(row[:len(columns)]):
            if not v:
                continue
            text = printable(str(v))
            need[i] = max(need[i], _longest_word(text, body_font, size) + CELL_PAD)
            if len(text) * size > longest[i]:     # an upper bound is enough for "does it wrap"
                longest[i] = max(longest[i], stringWidth(text, body_font, size))
    wraps = [longest[i] + CELL_PAD > base[i] for i in range(len(columns))]
    return fit_column_widths(base, need, wraps)


_ALIGN = {"left": "LEFT", "center": "CENTER", "centre": "CENTER", "right": "RIGHT"}


@functools.cache
def _ascii_em(font: str) -> float:
    """The widest printable ASCII character of ``font`` in em (a cheap upper bound for "does it fit")."""
    return max(stringWidth(chr(c), font, 1000) for c in range(32, 127)) / 1000


def _cell(text: str, width: float, font: str, size: float, style: ParagraphStyle) -> Any:
    """A plain string when it fits on one line (fast), else a wrapping paragraph."""
    text = "" if text is None else printable(str(text))
    room = width - 6.5
    if "\n" not in text:
        n_ascii = sum(1 for ch in text if ch < "\x80")
        if size * ((len(text) - n_ascii) + n_ascii * _ascii_em(font)) <= room or stringWidth(text, font, size) <= room:
            return text
    return RLParagraph(_esc(text).replace("\n", "<br/>"), style)


def _table_parts(columns: Sequence[Column], rows: Sequence[Sequence[str]], width: float, fs: FontSet,
                 size: float, title: str = "") -> tuple[list[list[Any]], list[float], int, list[tuple], float]:
    """Cells, column widths, number of header rows, style commands and leading of a ruled table."""
    body_font, head_font = fs["body"], fs["heading"]
    widths = _column_widths(columns, rows, width, body_font, head_font, size)
    leading = size * 1.25
    cell_styles = [
        _para_style(f"c{i}", body_font, size, leading=leading,
                    align={"right": TA_RIGHT, "center": TA_CENTER}.get(c.align, TA_LEFT))
        for i, c in enumerate(columns)
    ]
    head_style = _para_style("h", head_font, size, leading=leading, align=TA_CENTER)
    data: list[list[Any]] = []
    cmds: list[tuple] = [
        ("FONT", (0, 0), (-1, -1), body_font, size, leading),
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), _PAD_TOP), ("BOTTOMPADDING", (0, 0), (-1, -1), _PAD_BOTTOM),
    ]
    head_row = 0
    if title:
        data.append([RLParagraph(_esc(title), head_style)] + [""] * (len(columns) - 1))
        cmds += [("SPAN", (0, 0), (-1, 0)), ("BACKGROUND", (0, 0), (-1, 0), LABEL_GREY)]
        head_row = 1
    data.append([_cell(c.label, w, head_font, size, head_style) for c, w in zip(columns, widths, strict=True)])
    cmds += [("FONT", (0, head_row), (-1, head_row), head_font, size, leading),
             ("BACKGROUND", (0, head_row), (-1, head_row), HEADER_GREY),
             ("ALIGN", (0, head_row), (-1, head_row), "CENTER")]
    for i, c in enumerate(columns):
        if c.align != "left":
            cmds.append(("ALIGN", (i, head_row + 1), (i, -1), _ALIGN.get(c.align, "LEFT")))
    ncol = len(columns)
    for row in rows:
        cells = list(row[:ncol]) + [""] * (ncol - len(row))
        data.append([_cell(v, w, body_font, size, st) for v, w, st in zip(cells, widths, cell_styles, strict=True)])
    return data, widths, head_row + 1, cmds, leading


_PAD_TOP, _PAD_BOTTOM = 2.0, 3.0


def data_table(columns: Sequence[Column], rows: Sequence[Sequence[str]], width: float, fs: FontSet, size: float,
               *, long: bool = False, title: str = "") -> Table:
    """A ruled table with a (repeated) header row; cells wrap only when they must."""
    data, widths, head, cmds, _leading = _table_parts(columns, rows, width, fs, size, title)
    cls = LongTable if long else Table
    t = cls(data, colWidths=widths, repeatRows=head, hAlign="CENTER")
    t.setStyle(TableStyle(cmds))
    return t


def _row_height(row: Sequence[Any], widths: Sequence[float], leading: float) -> float:
    h = leading
    for v, w in zip(row, widths, strict=False):
        if isinstance(v, str):
            if "\n" in v:
                h = max(h, leading * (v.count("\n") + 1))
        elif isinstance(v, Flowable):
            h = max(h, v.wrap(w - 6, 1e6)[1])
    return h + _PAD_TOP + _PAD_BOTTOM


def paged_table(columns: Sequence[Column], rows: Sequence[Sequence[str]], width: float, fs: FontSet, size: float,
                first_avail: float, avail: float, min_row_h: float = 0) -> list[Flowable]:
    """A long table cut into one table per page, each with the header row.

    Row heights are measured once here, so ReportLab does not measure the rest of the table again at every page
    break (what makes a plain long table slow). A row taller than a page is left to ReportLab to split.
    """
    data, widths, head, cmds, leading = _table_parts(columns, rows, width, fs, size)
    heights = [_row_height(r, widths, leading) for r in data]
    heights[head:] = [max(h, min_row_h) for h in heights[head:]]
    header_h = sum(heights[:head])
    out: list[Flowable] = []
    i, room_total = head, first_avail
    while i < len(data):
        room = room_total - header_h - 1.0
        j, used = i, 0.0
        while j < len(data) and used + heights[j] <= room:
            used += heights[j]
            j += 1
        if j == i:
            j = i + 1
        t = Table(data[:head] + data[i:j], colWidths=widths, rowHeights=heights[:head] + heights[i:j],
                  repeatRows=head, hAlign="CENTER")
        t.setStyle(TableStyle(cmds))
        out.append(t)
        i = j
        if i < len(data):
            out.append(PageBreak())
        room_total = avail
    if not rows:
        t = Table(data[:head], colWidths=widths, rowHeights=heights[:head], hAlign="CENTER")
        t.setStyle(TableStyle(cmds))
        out.append(t)
    return out


SIGN_LINE_MIN, SIGN_LINE_MAX, SIGN_GAP = 35 * mm, 70 * mm, 8 * mm


def signature_table(labels: Sequence[str], width: float, font: str, size: float) -> Table:
    """"填表人：______  审核人：______" — labels followed by lines to sign on.

    A label ending with a colon gets a line at least 35 mm long; any other label (（盖工会章）, 日期：2026-11-23) is
    printed as it is, with no line. Items are set left to right, as many on a row as fit, and the room left on a
    row lengthens its lines (up to 70 mm).
    """
    items = [(lab, stringWidth(lab, font, size) + 4, lab.rstrip().endswith(("：", ":"))) for lab in labels]
    rows: list[list[tuple[str, float, bool]]] = []
    used = 0.0
    for it in items:
        need = it[1] + (SIGN_LINE_MIN if it[2] else 0)
        if rows and used + SIGN_GAP + need <= width:
            rows[-1].append(it)
            used += SIGN_GAP + need
        else:
            rows.append([it])
            used = need
    outer: list[list[Any]] = []
    for row in rows:
        n_lines = sum(1 for it in row if it[2])
        fixed = sum(it[1] for it in row) + SIGN_GAP * (len(row) - 1)
        line_w = min(SIGN_LINE_MAX, (width - fixed) / n_lines) if n_lines else 0.0
        line_w = max(line_w, SIGN_LINE_MIN if n_lines else 0.0)
        cells: list[str] = []
        widths: list[float] = []
        cmds: list[tuple] = [("FONT", (0, 0), (-1, -1), font, size), ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                             ("ALIGN", (0, 0), (-1, -1), "LEFT"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                             ("RIGHTPADDING", (0, 0), (-1, -1), 0)]
        for k, (lab, w, signs) in enumerate(row):
            if k:
                cells.append("")
                widths.append(SIGN_GAP)
            cells.append(lab)
            widths.append(w)
            if signs:
                cmds.append(("LINEBELOW", (len(cells), 0), (len(cells), 0), 0.6, colors.black))
                cells.append("")
                widths.append(line_w)
        rest = width - sum(widths)
        if rest > 0.5:
            cells.append("")
            widths.append(rest)
        t = Table([cells], colWidths=widths, rowHeights=[size * 2.6])
        t.setStyle(TableStyle(cmds))
        outer.append([t])
    table = Table(outer, colWidths=[width])
    table.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), font, size),   # no Helvetica in the PDF
                               ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                               ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0)]))
    return table


# ---------------------------------------------------------------------------------------------------------------
# TextDocument — GB/T 9704-2012


def _page_number(c: Canvas, page: int, fs: FontSet) -> None:
    text = f"— {page} —"
    font = fs["number"]
    y = MARGIN_BOTTOM - PAGE_NUMBER_GAP - 0.88 * NUMBER_SIZE
    c.saveState()
    c.setFont(font, NUMBER_SIZE)
    if page % 2:   # odd pages: right, one character in from the edge of the 版心
        c.drawRightString(MARGIN_LEFT + BODY_W - NUMBER_SIZE, y, text)
    else:          # even pages: left, one character in
        c.drawString(MARGIN_LEFT + NUMBER_SIZE, y, text)
    c.restoreState()


def _body_run(text: str, fs: FontSet, role: str = "body", **kw: Any) -> Run:
    return Run(text, fs[role], BODY_SIZE, **kw)


def _grid_blocks(blocks: Sequence[Block], fs: FontSet) -> list[Flowable]:
    out: list[Flowable] = []
    two = 2 * CHAR_PITCH
    for b in blocks:
        if isinstance(b, Heading):
            role = {1: "heading", 2: "kai"}.get(b.level, "body")
            out.append(GridText([_body_run(b.text, fs, role)], first_indent=two, align="left"))
        elif isinstance(b, Paragraph):
            role = "heading" if b.bold else "body"
            for piece in b.text.split("\n"):
                out.append(GridText([_body_run(piece, fs, role)], first_indent=two if b.indent else 0,
                                    align=b.align))
        elif isinstance(b, Redline):
            for para in b.paragraphs():
                runs = []
                for kind, text in para:
                    if kind == "ins":
                        runs.append(_body_run(text, fs, color=INS_COLOR, underline=True))
                    elif kind == "del":
                        runs.append(_body_run(text, fs, color=DEL_COLOR, strike=True))
                    else:
                        runs.append(_body_run(text, fs))
                out.append(GridText(runs, first_indent=two))
        elif isinstance(b, MPageBreak):
            out.append(PageBreak())
        elif isinstance(b, TableBlock):
            out.append(Spacer(1, LINE / 2))
            out.append(data_table(b.columns, b.rows, BODY_W, fs, 12, long=len(b.rows) > 50, title=b.title))
            out.append(Spacer(1, LINE / 2))
        elif isinstance(b, FormSection):
            out.append(Spacer(1, LINE / 2))
            out.append(form_section_table(b, BODY_W, fs, 12))
            out.append(Spacer(1, LINE / 2))
    return out


def title_lines(title: str, font: str, size: float, width: float) -> list[str]:
    """The lines of a title: its own line breaks kept, long lines broken where words stay whole (GB/T 9704)."""
    out: list[str] = []
    for piece in title.split("\n"):
        out += linebreak.title_lines(printable(piece), lambda t: stringWidth(t, font, size), width)
    return out


def text_flowables(doc: TextDocument, fs: FontSet) -> list[Flowable]:
    story: list[Flowable] = []
    for line in title_lines(doc.title, fs["title"], TITLE_SIZE, BODY_W):
        story.append(GridText([Run(line, fs["title"], TITLE_SIZE)], cs=0.0, align="center"))
    if doc.doc_number:
        story.append(GridText([_body_run(doc.doc_number, fs)], align="center"))
    story.append(Spacer(1, LINE))                       # one blank line under the title
    if doc.recipient:
        story.append(GridText([_body_run(doc.recipient, fs)], align="left"))
    story += _grid_blocks(doc.blocks, fs)
    if doc.attachments:
        story.append(Spacer(1, LINE))
        label = _("附件：")
        many = len(doc.attachments) > 1
        for i, name in enumerate(doc.attachments, 1):
            item = f"{i}. {name}" if many else name
            if i == 1:
                story.append(GridText([_body_run(label + item, fs)], first_indent=2 * CHAR_PITCH,
                                      indent=0, align="left"))
            else:
                story.append(GridText([_body_run(item, fs)], indent=(2 + len(label)) * CHAR_PITCH, align="left"))
    if doc.signature and doc.signature.lines:
        lines = doc.signature.lines
        date_line = lines[-1]
        right = 4 * CHAR_PITCH                          # 成文日期右空四字
        def width(t: str) -> float:
            return stringWidth(t, fs["body"], BODY_SIZE) + len(t) * BODY_CS

        centre_from_right = right + width(date_line) / 2
        sig: list[Flowable] = []
        for ln in lines[:-1]:
            w = width(ln)
            ri = max(0.0, centre_from_right - w / 2)    # 署名以成文日期为准居中
            sig.append(GridText([_body_run(ln, fs)], right_indent=ri, align="right"))
        sig.append(GridText([_body_run(date_line, fs)], right_indent=right, align="right"))
        last = story.pop() if story and isinstance(story[-1], GridText) else None
        story.append(_Closing(last, 2 * LINE, sig))     # 2 lines: room for the seal
    return story


class _Closing(Flowable):
    """The last paragraph, the room for the seal and the signature lines, never parted so that the signature stands
    on a page of its own (GB/T 9704-2012 7.3.5.4: no page holds only the signature and date). When they do not fit,
    the first lines of the paragraph stay and at least its last line moves over with the signature."""

    def __init__(self, last: GridText | None, gap: float, sig: list[GridText]) -> None:
        super().__init__()
        self.last, self.gap, self.sig = last, gap, sig

    def _parts(self) -> list[Flowable]:
        return ([self.last] if self.last is not None else []) + self.sig

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width = availWidth
        self.height = self.gap + sum(f.wrap(availWidth, availHeight)[1] for f in self._parts())
        return availWidth, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        self.wrap(availWidth, availHeight)
        if self.height <= availHeight + 1e-6:
            return [self]
        if self.last is None:
            return []                                   # all of it on the next page
        lines = self.last._layout(availWidth)
        keep = min(int((availHeight + 1e-6) // self.last.leading), len(lines) - 1)
        if keep <= 0:
            return []
        return [self.last._part(lines[:keep], availWidth),
                _Closing(self.last._part(lines[keep:], availWidth), self.gap, self.sig)]

    def draw(self) -> None:
        y = self.height
        for i, f in enumerate(self._parts()):
            if i == (1 if self.last is not None else 0):
                y -= self.gap
            _w, h = f.wrap(self.width, y)
            y -= h
            f.drawOn(self.canv, 0, y)


def build_text(doc: TextDocument, out: IO[bytes], fs: FontSet, progress: Progress | None = None) -> None:
    frame = Frame(MARGIN_LEFT, MARGIN_BOTTOM, BODY_W, BODY_H + 0.01, leftPadding=0, rightPadding=0,
                  topPadding=0, bottomPadding=0, id="body")
    d = _Doc(out, progress=progress, estimate=max(1, len(doc.blocks) // 12), pagesize=A4,
             initialFontName=fs["body"], title=doc.title, author=doc.org_name, creator="UnionDesk")
    d.addPageTemplates([PageTemplate("gbt9704", [frame], onPage=lambda c, _d: _page_number(c, c.getPageNumber(),
                                                                                           fs))])
    d.build(text_flowables(doc, fs))


# ---------------------------------------------------------------------------------------------------------------
# TableDocument — rosters and sign-off sheets


def _table_geometry(landscape_: bool) -> tuple[tuple[float, float], float, float, float, float]:
    """Page size and margins (top, bottom, left, right). Landscape turns the GB/T margins with the page."""
    if landscape_:
        return landscape(A4), MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM
    return A4, MARGIN_TOP, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT


def _running_header(c: Canvas, page: int, total: int, fs: FontSet, org: str, printed: date | None,
                    size_wh: tuple[float, float], top: float, bottom: float, left: float, right: float) -> None:
    w, h = size_wh
    c.saveState()
    c.setFont(fs["body"], 9)
    y = h - top + 5 * mm
    if org:
        c.drawString(left, y, org)
    if printed:
        c.drawRightString(w - right, y, _("打印日期：{d}").format(d=printed.isoformat()))
    c.setLineWidth(0.4)
    c.line(left, y - 2.5, w - right, y - 2.5)
    c.setFont(fs["number"], 10.5)
    c.drawCentredString(w / 2, bottom - 10 * mm, _("第 {x} 页 共 {y} 页").format(x=page, y=total))
    c.restoreState()


def _title_flowables(title: str, subtitle: str, fs: FontSet, size: float = 18, width: float = BODY_W
                     ) -> list[Flowable]:
    lines = title_lines(title, fs["title"], size, width - 1)
    out: list[Flowable] = [RLParagraph("<br/>".join(_esc(t) for t in lines),
                                       _para_style("title", fs["title"], size, align=TA_CENTER))]
    if subtitle:
        out.append(Spacer(1, 2 * mm))
        out.append(RLParagraph(_esc(subtitle), _para_style("sub", fs["body"], 12, align=TA_CENTER)))
    out.append(Spacer(1, 5 * mm))
    return out


def _note_flowables(notes: Sequence[str], fs: FontSet, size: float) -> list[Flowable]:
    out: list[Flowable] = []
    if notes:
        out.append(Spacer(1, 3 * mm))
        st = _para_style("note", fs["body"], size)
        out += [RLParagraph(_esc(n), st) for n in notes]
    return out


def _sheet(out: IO[bytes], fs: FontSet, story: list[Flowable], *, landscape_: bool, org: str,
           printed: date | None, title: str, progress: Progress | None, estimate: int) -> None:
    pagesize, top, bottom, left, right = _table_geometry(landscape_)
    w, h = pagesize
    frame = Frame(left, bottom, w - left - right, h - top - bottom, leftPadding=0, rightPadding=0, topPadding=0,
                  bottomPadding=0, id="body")
    d = _Doc(out, progress=progress, estimate=estimate, pagesize=pagesize, title=title, author=org,
             initialFontName=fs["body"],
             creator="UnionDesk")
    d.addPageTemplates([PageTemplate("sheet", [frame])])

    def decorate(c: Canvas, page: int, total: int) -> None:
        _running_header(c, page, total, fs, org, printed, pagesize, top, bottom, left, right)

    d.build(story, canvasmaker=numbered_canvas(decorate))


def build_table(doc: TableDocument, out: IO[bytes], fs: FontSet, progress: Progress | None = None) -> None:
    pagesize, top, bottom, left, right = _table_geometry(doc.landscape)
    width = pagesize[0] - left - right
    story = _title_flowables(doc.title, doc.subtitle, fs, width=width)
    frame_h = pagesize[1] - top - bottom
    first = frame_h - sum(f.wrap(width, frame_h)[1] for f in story)
    story += paged_table(doc.columns, doc.rows, width, fs, doc.font_size, first, frame_h, doc.row_height_mm * mm)
    story += _note_flowables(doc.notes, fs, doc.font_size)
    if doc.signature_lines:
        story.append(Spacer(1, 6 * mm))
        story.append(signature_table(doc.signature_lines, width, fs["body"], max(doc.font_size, 10.5)))
    rows_per_page = max(1, int((pagesize[1] - top - bottom) / (doc.font_size * 1.25 + 5)))
    _sheet(out, fs, story, landscape_=doc.landscape, org=doc.org_name, printed=doc.printed_on, title=doc.title,
           progress=progress, estimate=math.ceil((len(doc.rows) + 4) / rows_per_page))


# ---------------------------------------------------------------------------------------------------------------
# FormDocument — one record as a form


FORM_SIZE = 10.5
LABEL_W = 27 * mm


def _label(text: str, avail: float, style: ParagraphStyle) -> RLParagraph:
    """A form label that fits its cell: slightly smaller type if it is a little too long, else two even lines
    (never "是否零就业家 / 庭", never a line starting with a closing mark)."""
    font, size = style.fontName, style.fontSize
    w = stringWidth(text, font, size)
    if w <= avail - 0.5 or "\n" in text:
        return RLParagraph(_esc(text).replace("\n", "<br/>"), style)
    if w <= avail * 1.3 and size * avail / w >= 8:
        small = ParagraphStyle("lab_small", parent=style, fontSize=size * (avail - 0.5) / w,
                               leading=style.leading)
        return RLParagraph(_esc(text), small)
    cut = (len(text) + 1) // 2
    while 0 < cut < len(text) - 1 and (text[cut] in linebreak.NO_START or text[cut - 1] in linebreak.NO_END):
        cut += 1
    return RLParagraph(_esc(text[:cut]) + "<br/>" + _esc(text[cut:]), style)


def form_section_table(sec: FormSection, width: float, fs: FontSet, size: float = FORM_SIZE) -> Table:
    ncols = max(1, sec.columns)
    label_w = min(LABEL_W * size / FORM_SIZE, width / (2 * ncols))
    value_w = (width - ncols * label_w) / ncols
    widths = [label_w, value_w] * ncols
    lab = _para_style("lab", fs["heading"], size, align=TA_CENTER)
    val = _para_style("val", fs["body"], size)
    head = _para_style("sec", fs["heading"], size + 1, align=TA_LEFT)
    data: list[list[Any]] = []
    cmds: list[tuple] = [
        ("FONT", (0, 0), (-1, -1), fs["body"], size),
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 4), ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
        ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]
    if sec.title:
        data.append([RLParagraph(_esc(sec.title), head)] + [""] * (2 * ncols - 1))
        cmds += [("SPAN", (0, 0), (-1, 0)), ("BACKGROUND", (0, 0), (-1, 0), HEADER_GREY)]
    for row in sec.rows:
        r = len(data)
        cells: list[Any] = []
        fields: list[FormField] = list(row)
        col = 0
        for k, f in enumerate(fields):
            span = max(1, f.span)
            if k == len(fields) - 1:
                span = max(span, ncols - col // 2)   # the last field fills the row
            span = min(span, ncols - col // 2)
            if span <= 0:
                break
            cells.append(_label(f.label, label_w - 6, lab))
            value: Any = RLParagraph(_esc(f.value or "").replace("\n", "<br/>"), val)
            if f.min_height_mm > 0:
                vw = sum(widths[col + 1:col + 2 * span]) - 6
                need = f.min_height_mm * mm - 9 - value.wrap(vw, 1e6)[1]
                if need > 0:
                    value = [value, Spacer(1, need)]
                cmds.append(("VALIGN", (col + 1, r), (col + 1, r), "TOP"))
            cells.append(value)
            cmds.append(("BACKGROUND", (col, r), (col, r), LABEL_GREY))
            vstart, vend = col + 1, col + 2 * span - 1
            cells += [""] * (vend - vstart)
            if vend > vstart:
                cmds.append(("SPAN", (vstart, r), (vend, r)))
            col = vend + 1
        cells += [""] * (2 * ncols - len(cells))
        data.append(cells[:2 * ncols])
    if not data:
        data.append([""] * (2 * ncols))
    t = Table(data, colWidths=widths, hAlign="CENTER", repeatRows=1 if sec.title else 0)
    t.setStyle(TableStyle(cmds))
    return t


def _form_blocks(blocks: Sequence[Block], width: float, fs: FontSet) -> list[Flowable]:
    out: list[Flowable] = []
    for b in blocks:
        if isinstance(b, FormSection):
            out.append(form_section_table(b, width, fs))
            out.append(Spacer(1, 3 * mm))
        elif isinstance(b, TableBlock):
            out.append(data_table(b.columns, b.rows, width, fs, FORM_SIZE, long=len(b.rows) > 50, title=b.title))
            out.append(Spacer(1, 3 * mm))
        elif isinstance(b, Heading):
            font = fs["kai"] if b.level == 2 else (fs["heading"] if b.level == 1 else fs["body"])
            out.append(RLParagraph(_esc(b.text), _para_style(f"h{b.level}", font, 13, leading=20)))
        elif isinstance(b, Paragraph):
            st = _para_style("pp", fs["heading"] if b.bold else fs["body"], 12, leading=18,
                             align={"justify": TA_JUSTIFY, "left": TA_LEFT, "center": TA_CENTER,
                                    "right": TA_RIGHT}.get(b.align, TA_JUSTIFY))
            if b.indent:
                st.firstLineIndent = 24
            out.append(RLParagraph(_esc(b.text).replace("\n", "<br/>"), st))
        elif isinstance(b, Redline):
            st = _para_style("rl", fs["body"], 12, leading=18, align=TA_JUSTIFY)
            st.firstLineIndent = 24
            out += [RLParagraph(_redline_markup(para) or "&nbsp;", st) for para in b.paragraphs()]
        elif isinstance(b, MPageBreak):
            out.append(PageBreak())
    return out


def build_form(doc: FormDocument, out: IO[bytes], fs: FontSet, progress: Progress | None = None) -> None:
    width = BODY_W
    story = _title_flowables(doc.title, doc.subtitle, fs, size=TITLE_SIZE - 2)
    story += _form_blocks(doc.blocks, width, fs)
    if doc.signature_lines:
        story.append(Spacer(1, 4 * mm))
        story.append(signature_table(doc.signature_lines, width, fs["body"], FORM_SIZE + 1))
    _sheet(out, fs, story, landscape_=False, org=doc.org_name, printed=doc.printed_on, title=doc.title,
           progress=progress, estimate=max(1, len(doc.blocks) // 4))
