"""DOCX rendering with python-docx, for editing in Word or WPS: same structure and fonts (named, not embedded).

Text documents get the GB/T 9704-2012 page (A4, margins 37/35/28/26 mm, 3号 仿宋 on a 28.95 pt line pitch with
-0.2 pt character spacing so 28 characters fill a line), headings as Word heading styles (黑体/楷体/仿宋), and the
page number "— N —" as a PAGE field, odd pages right, even pages left. Tables and forms get the running header
(union name, print date) and "第 X 页 共 Y 页" in the footer. East Asian font names are set with ``w:eastAsia``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import IO, Any
from xml.sax.saxutils import escape

from docx import Document as new_docx
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt, RGBColor

from app.documents.fonts import FontSet
from app.documents.model import (
    Block,
    Column,
    Document,
    FormDocument,
    FormSection,
    Heading,
    PageBreak,
    Paragraph,
    Redline,
    TableBlock,
    TableDocument,
    TextDocument,
)
from app.documents.pdf import BODY_W, Cancelled, title_lines
from app.i18n import _

LATIN = "Times New Roman"
LINE_PITCH_PT = 28.95
BODY_PT, TITLE_PT, NUMBER_PT = 16, 22, 14
CHAR_SPACING_TWIPS = -4                  # -0.2 pt: 28 characters of 3号 on a 156 mm line
INS_RGB, DEL_RGB = RGBColor(0x00, 0x50, 0xB3), RGBColor(0xC0, 0x00, 0x00)
_ALIGN = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER,
          "centre": WD_ALIGN_PARAGRAPH.CENTER, "right": WD_ALIGN_PARAGRAPH.RIGHT,
          "justify": WD_ALIGN_PARAGRAPH.JUSTIFY}
Progress = Callable[..., bool]


def _east_asian(rpr_owner: Any, family: str) -> None:
    """Name the East Asian font (w:eastAsia) besides the Latin one on a run or style."""
    rpr = rpr_owner.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    fonts.set(qn("w:ascii"), LATIN)
    fonts.set(qn("w:hAnsi"), LATIN)
    fonts.set(qn("w:eastAsia"), family)
    fonts.set(qn("w:hint"), "eastAsia")


def _char_spacing(rpr_owner: Any, twips: int) -> None:
    rpr = rpr_owner.get_or_add_rPr()
    sp = OxmlElement("w:spacing")
    sp.set(qn("w:val"), str(twips))
    rpr.append(sp)


def _run(p: Any, text: str, family: str, size: float, *, bold: bool = False, color: RGBColor | None = None,
         underline: bool = False, strike: bool = False) -> Any:
    r = p.add_run(text)
    r.font.size = Pt(size)
    r.font.bold = bold or None
    if color is not None:
        r.font.color.rgb = color
    if underline:
        r.font.underline = True
    if strike:
        r.font.strike = True
    _east_asian(r._r, family)
    return r


def _first_line_chars(p: Any, chars: int, size: float = BODY_PT) -> None:
    p.paragraph_format.first_line_indent = Pt(chars * size)
    ind = p._p.get_or_add_pPr().get_or_add_ind()
    ind.set(qn("w:firstLineChars"), str(chars * 100))


def _field(p: Any, instr: str, family: str, size: float) -> None:
    """A Word field (PAGE, NUMPAGES) that Word and WPS update when they lay out the pages."""
    for kind, text in (("begin", None), ("instr", instr), ("separate", None), ("text", "1"), ("end", None)):
        r = p.add_run()
        r.font.size = Pt(size)
        _east_asian(r._r, family)
        if kind in ("begin", "separate", "end"):
            fc = OxmlElement("w:fldChar")
            fc.set(qn("w:fldCharType"), kind)
            r._r.append(fc)
        elif kind == "instr":
            it = OxmlElement("w:instrText")
            it.set(qn("xml:space"), "preserve")
            it.text = f" {text} "
            r._r.append(it)
        else:
            r.text = text or ""


def _setup_page(d: Any, *, landscape: bool, top: float, bottom: float, left: float, right: float) -> Any:
    sec = d.sections[0]
    if landscape:
        sec.orientation = WD_ORIENT.LANDSCAPE
        sec.page_width, sec.page_height = Mm(297), Mm(210)
    else:
        sec.page_width, sec.page_height = Mm(210), Mm(297)
    sec.top_margin, sec.bottom_margin = Mm(top), Mm(bottom)
    sec.left_margin, sec.right_margin = Mm(left), Mm(right)
    return sec


def _base_style(d: Any, fs: FontSet, size: float) -> None:
    normal = d.styles["Normal"]
    normal.font.name = LATIN
    normal.font.size = Pt(size)
    _east_asian(normal.element, fs.docx_family("body"))
    pf = normal.paragraph_format
    pf.space_before = pf.space_after = Pt(0)


class _Ctx:
    def __init__(self, d: Any, fs: FontSet, progress: Progress | None, total: int) -> None:
        self.d, self.fs, self.progress, self.total, self.done = d, fs, progress, max(1, total), 0

    def tick(self, n: int = 1) -> None:
        self.done += n
        if self.progress is not None and self.progress(min(self.done, self.total), self.total,
                                                       _("正在生成 Word 文件")) is False:
            raise Cancelled()


# ---------------------------------------------------------------------------------------------------------------
# Tables (shared by every kind)


def _cell_xml(text: str, width_twips: int, *, shade: str | None = None, align: str = "left", span: int = 1,
              bold_family: str | None = None, size_half_pts: int = 21) -> str:
    tcpr = f'<w:tcW w:w="{width_twips}" w:type="dxa"/>'
    if span > 1:
        tcpr += f'<w:gridSpan w:val="{span}"/>'
    if shade:
        tcpr += f'<w:shd w:val="clear" w:color="auto" w:fill="{shade}"/>'
    tcpr += '<w:vAlign w:val="center"/>'
    jc = {"center": "center", "centre": "center", "right": "right"}.get(align, "left")
    rfonts = (f'<w:rFonts w:ascii="{LATIN}" w:hAnsi="{LATIN}" w:eastAsia="{escape(bold_family)}" '
              f'w:hint="eastAsia"/>' if bold_family else "")
    rpr = f'<w:rPr>{rfonts}<w:sz w:val="{size_half_pts}"/><w:szCs w:val="{size_half_pts}"/></w:rPr>'
    paras = []
    for line in (text or "").split("\n"):
        paras.append(f'<w:p><w:pPr><w:jc w:val="{jc}"/><w:spacing w:line="240" w:lineRule="auto"/></w:pPr>'
                     f'<w:r>{rpr}<w:t xml:space="preserve">{escape(line)}</w:t></w:r></w:p>')
    return f"<w:tc><w:tcPr>{tcpr}</w:tcPr>{''.join(paras)}</w:tc>"


def _table(ctx: _Ctx, rows_xml: list[str], widths: Sequence[int], header_rows: int = 1,
           min_heights: Sequence[float] = ()) -> None:
    """Append a ruled table built from row XML strings (fast: no python-docx cell objects per row)."""
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    borders = "".join(f'<w:{b} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
                      for b in ("top", "left", "bottom", "right", "insideH", "insideV"))
    trs = []
    for i, r in enumerate(rows_xml):
        props = "<w:tblHeader/><w:cantSplit/>" if i < header_rows else "<w:cantSplit/>"
        if i < len(min_heights) and min_heights[i] > 0:
            props += f'<w:trHeight w:val="{int(min_heights[i] / 25.4 * 1440)}" w:hRule="atLeast"/>'
        trs.append(f"<w:tr><w:trPr>{props}</w:trPr>{r}</w:tr>")
    xml = (f'<w:tbl {nsdecls("w")}><w:tblPr><w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:jc w:val="center"/>'
           f'<w:tblBorders>{borders}</w:tblBorders><w:tblLayout w:type="fixed"/>'
           f'<w:tblCellMar><w:left w:w="60" w:type="dxa"/><w:right w:w="60" w:type="dxa"/></w:tblCellMar>'
           f'</w:tblPr><w:tblGrid>{grid}</w:tblGrid>{"".join(trs)}</w:tbl>')
    body = ctx.d.element.body
    body.insert(len(body) - 1, parse_xml(xml))  # before the final sectPr
    ctx.d.add_paragraph()


def _twips_widths(cols: Sequence[Column], total_mm: float) -> list[int]:
    s = sum(max(c.width, 0.01) for c in cols) or 1.0
    total = int(total_mm / 25.4 * 1440)
    return [int(total * max(c.width, 0.01) / s) for c in cols]


def _data_table(ctx: _Ctx, columns: Sequence[Column], rows: Sequence[Sequence[str]], width_mm: float,
                size: float, title: str = "", row_height_mm: float = 0) -> None:
    widths = _twips_widths(columns, width_mm)
    hp = int(round(size * 2))
    head_family = ctx.fs.docx_family("heading")
    out: list[str] = []
    header_rows = 1
    if title:
        out.append(_cell_xml(title, sum(widths), shade="F2F2F2", align="center", span=len(widths),
                             bold_family=head_family, size_half_pts=hp))
        header_rows = 2
    out.append("".join(_cell_xml(c.label, w, shade="E8E8E8", align="center", bold_family=head_family,
                                 size_half_pts=hp) for c, w in zip(columns, widths, strict=True)))
    n = len(columns)
    for k, row in enumerate(rows):
        cells = list(row[:n]) + [""] * (n - len(row))
        out.append("".join(_cell_xml(str(v or ""), w, align=c.align, size_half_pts=hp)
                           for v, w, c in zip(cells, widths, columns, strict=True)))
        if k % 200 == 199:
            ctx.tick(200)
    _table(ctx, out, widths, header_rows, [0.0] * header_rows + [row_height_mm] * len(rows))


def _form_section(ctx: _Ctx, sec: FormSection, width_mm: float, size: float = 10.5) -> None:
    ncols = max(1, sec.columns)
    total = int(width_mm / 25.4 * 1440)
    label = min(int(27 / 25.4 * 1440), total // (2 * ncols))
    value = (total - ncols * label) // ncols
    widths = [label, value] * ncols
    hp = int(round(size * 2))
    head_family = ctx.fs.docx_family("heading")
    rows: list[str] = []
    heights: list[float] = []
    header_rows = 0
    if sec.title:
        rows.append(_cell_xml(sec.title, total, shade="E8E8E8", span=2 * ncols, bold_family=head_family,
                              size_half_pts=hp + 2))
        heights.append(0)
        header_rows = 1
    for row in sec.rows:
        heights.append(max((f.min_height_mm for f in row), default=0))
        cells: list[str] = []
        col = 0
        fields = list(row)
        for k, f in enumerate(fields):
            span = max(1, f.span)
            if k == len(fields) - 1:
                span = max(span, ncols - col // 2)
            span = min(span, ncols - col // 2)
            if span <= 0:
                break
            vspan = 2 * span - 1
            cells.append(_cell_xml(f.label, label, shade="F2F2F2", align="center", bold_family=head_family,
                                   size_half_pts=hp))
            cells.append(_cell_xml(f.value or "", sum(widths[col + 1:col + 1 + vspan]), span=vspan,
                                   size_half_pts=hp))
            col += 2 * span
        rows.append("".join(cells))
    if rows:
        _table(ctx, rows, widths, header_rows, heights)


# ---------------------------------------------------------------------------------------------------------------
# Text documents (GB/T 9704-2012)


def _heading_styles(d: Any, fs: FontSet) -> dict[int, Any]:
    out = {}
    for level in (1, 2, 3, 4):
        st = d.styles[f"Heading {level}"]
        role = {1: "heading", 2: "kai"}.get(level, "body")
        st.font.name = LATIN
        st.font.size = Pt(BODY_PT)
        st.font.bold = False
        st.font.italic = False
        st.font.color.rgb = RGBColor(0, 0, 0)
        _east_asian(st.element, fs.docx_family(role))
        pf = st.paragraph_format
        pf.space_before = pf.space_after = Pt(0)
        pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        pf.line_spacing = Pt(LINE_PITCH_PT)
        pf.first_line_indent = Pt(2 * BODY_PT)
        pf.keep_with_next = True
        out[level] = st
    return out


def _body_para(ctx: _Ctx, *, align: str = "justify", indent: bool = True) -> Any:
    p = ctx.d.add_paragraph()
    p.alignment = _ALIGN.get(align, WD_ALIGN_PARAGRAPH.JUSTIFY)
    pf = p.paragraph_format
    pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    pf.line_spacing = Pt(LINE_PITCH_PT)
    if indent:
        _first_line_chars(p, 2)
    return p


def _text_blocks(ctx: _Ctx, blocks: Sequence[Block], width_mm: float, headings: dict[int, Any] | None) -> None:
    fs = ctx.fs
    body = fs.docx_family("body")
    for b in blocks:
        if isinstance(b, Heading):
            level = min(max(b.level, 1), 4)
            p = ctx.d.add_paragraph(style=headings[level] if headings else None)
            role = {1: "heading", 2: "kai"}.get(level, "body")
            if not headings:
                _first_line_chars(p, 2)
            _run(p, b.text, fs.docx_family(role), BODY_PT if headings else 13)
        elif isinstance(b, Paragraph):
            for piece in b.text.split("\n"):
                p = _body_para(ctx, align=b.align, indent=b.indent)
                _run(p, piece, fs.docx_family("heading") if b.bold else body, BODY_PT if headings else 12)
        elif isinstance(b, Redline):
            for para in b.paragraphs():
                p = _body_para(ctx)
                for kind, text in para:
                    _run(p, text, body, BODY_PT if headings else 12, color=INS_RGB if kind == "ins" else
                         DEL_RGB if kind == "del" else None, underline=kind == "ins", strike=kind == "del")
        elif isinstance(b, PageBreak):
            ctx.d.add_page_break()
        elif isinstance(b, TableBlock):
            _data_table(ctx, b.columns, b.rows, width_mm, 12 if headings else 10.5, b.title)
        elif isinstance(b, FormSection):
            _form_section(ctx, b, width_mm)
        ctx.tick()


def _page_number_footers(d: Any, sec: Any, fs: FontSet) -> None:
    d.settings.odd_and_even_pages_header_footer = True
    sec.footer_distance = Mm(21)
    family = fs.docx_family("number")
    for footer, align in ((sec.footer, WD_ALIGN_PARAGRAPH.RIGHT), (sec.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT)):
        p = footer.paragraphs[0]
        p.alignment = align
        if align == WD_ALIGN_PARAGRAPH.RIGHT:
            p.paragraph_format.right_indent = Pt(NUMBER_PT)
        else:
            p.paragraph_format.left_indent = Pt(NUMBER_PT)
        _run(p, "— ", family, NUMBER_PT)
        _field(p, "PAGE", family, NUMBER_PT)
        _run(p, " —", family, NUMBER_PT)


def _text(doc: TextDocument, ctx: _Ctx) -> None:
    d, fs = ctx.d, ctx.fs
    sec = _setup_page(d, landscape=False, top=37, bottom=35, left=28, right=26)
    _base_style(d, fs, BODY_PT)
    _char_spacing(d.styles["Normal"].element, CHAR_SPACING_TWIPS)
    grid = sec._sectPr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        sec._sectPr.append(grid)
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(int(LINE_PITCH_PT * 20)))
    headings = _heading_styles(d, fs)
    _page_number_footers(d, sec, fs)
    body = fs.docx_family("body")
    for line in title_lines(doc.title, fs["title"], TITLE_PT, BODY_W):   # the same lines as the PDF
        p = _body_para(ctx, align="center", indent=False)
        _run(p, line, fs.docx_family("title"), TITLE_PT)
    if doc.doc_number:
        _run(_body_para(ctx, align="center", indent=False), doc.doc_number, body, BODY_PT)
    _body_para(ctx, indent=False)
    if doc.recipient:
        _run(_body_para(ctx, align="left", indent=False), doc.recipient, body, BODY_PT)
    _text_blocks(ctx, doc.blocks, 156, headings)
    if doc.attachments:
        _body_para(ctx, indent=False)
        label = _("附件：")
        many = len(doc.attachments) > 1
        for i, name in enumerate(doc.attachments, 1):
            item = f"{i}. {name}" if many else name
            p = _body_para(ctx, align="left", indent=i == 1)
            if i > 1:
                p.paragraph_format.left_indent = Pt((2 + len(label)) * BODY_PT)
            _run(p, (label + item) if i == 1 else item, body, BODY_PT)
    if doc.signature and doc.signature.lines:
        _body_para(ctx, indent=False)
        _body_para(ctx, indent=False)
        lines = doc.signature.lines
        date_len = _em_len(lines[-1])
        for ln in lines[:-1]:
            p = _body_para(ctx, align="right", indent=False)
            p.paragraph_format.right_indent = Pt(max(0.0, 4 + (date_len - _em_len(ln)) / 2) * BODY_PT)
            _run(p, ln, body, BODY_PT)
        p = _body_para(ctx, align="right", indent=False)
        p.paragraph_format.right_indent = Pt(4 * BODY_PT)
        _run(p, lines[-1], body, BODY_PT)


def _em_len(text: str) -> float:
    return sum(0.5 if ord(ch) < 0x2E80 else 1.0 for ch in text)


# ---------------------------------------------------------------------------------------------------------------
# Table and form documents


def _sheet_header_footer(ctx: _Ctx, sec: Any, org: str, printed: Any, width_mm: float) -> None:
    fs = ctx.fs
    body = fs.docx_family("body")
    sec.header_distance = Mm(15)
    sec.footer_distance = Mm(12)
    hp = sec.header.paragraphs[0]
    hp.paragraph_format.tab_stops.add_tab_stop(Mm(width_mm), WD_TAB_ALIGNMENT.RIGHT)
    _run(hp, org or "", body, 9)
    if printed:
        _run(hp, "\t" + _("打印日期：{d}").format(d=printed.isoformat()), body, 9)
    fp = sec.footer.paragraphs[0]
    fp.alignment = WD_ALIGN_PARAGRAPH.CENTER
    family = fs.docx_family("number")
    page_text = _("第 {x} 页 共 {y} 页")
    before, _sep, rest = page_text.partition("{x}")
    middle, _sep2, after = rest.partition("{y}")
    _run(fp, before, family, 10.5)
    _field(fp, "PAGE", family, 10.5)
    _run(fp, middle, family, 10.5)
    _field(fp, "NUMPAGES", family, 10.5)
    _run(fp, after, family, 10.5)


def _title(ctx: _Ctx, title: str, subtitle: str, size: float) -> None:
    p = ctx.d.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(p, title, ctx.fs.docx_family("title"), size)
    if subtitle:
        p = ctx.d.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _run(p, subtitle, ctx.fs.docx_family("body"), 12)
    ctx.d.add_paragraph()


def _signature_lines(ctx: _Ctx, labels: Sequence[str], size: float) -> None:
    if not labels:
        return
    ctx.d.add_paragraph()
    p = ctx.d.add_paragraph()
    text = "　　".join(f"{lab}____________" for lab in labels)
    _run(p, text, ctx.fs.docx_family("body"), size)


def _table_doc(doc: TableDocument, ctx: _Ctx) -> None:
    top, bottom, left, right = (28, 26, 37, 35) if doc.landscape else (37, 35, 28, 26)
    sec = _setup_page(ctx.d, landscape=doc.landscape, top=top, bottom=bottom, left=left, right=right)
    width = (297 if doc.landscape else 210) - left - right
    _base_style(ctx.d, ctx.fs, doc.font_size)
    _sheet_header_footer(ctx, sec, doc.org_name, doc.printed_on, width)
    _title(ctx, doc.title, doc.subtitle, 18)
    _data_table(ctx, doc.columns, doc.rows, width, doc.font_size, row_height_mm=doc.row_height_mm)
    for n in doc.notes:
        _run(ctx.d.add_paragraph(), n, ctx.fs.docx_family("body"), doc.font_size)
    _signature_lines(ctx, doc.signature_lines, max(doc.font_size, 10.5))


def _form_doc(doc: FormDocument, ctx: _Ctx) -> None:
    sec = _setup_page(ctx.d, landscape=False, top=37, bottom=35, left=28, right=26)
    _base_style(ctx.d, ctx.fs, 10.5)
    _sheet_header_footer(ctx, sec, doc.org_name, doc.printed_on, 156)
    _title(ctx, doc.title, doc.subtitle, 20)
    _text_blocks(ctx, doc.blocks, 156, None)
    _signature_lines(ctx, doc.signature_lines, 11.5)


def build(doc: Document, out: IO[bytes], fs: FontSet, progress: Progress | None = None) -> None:
    d = new_docx()
    d.core_properties.title = doc.title
    d.core_properties.author = doc.org_name or "UnionDesk"
    if isinstance(doc, TextDocument):
        ctx = _Ctx(d, fs, progress, len(doc.blocks) + 1)
        _text(doc, ctx)
    elif isinstance(doc, TableDocument):
        ctx = _Ctx(d, fs, progress, len(doc.rows) + 1)
        _table_doc(doc, ctx)
    elif isinstance(doc, FormDocument):
        ctx = _Ctx(d, fs, progress, len(doc.blocks) + 1)
        _form_doc(doc, ctx)
    else:
        raise TypeError(f"not a document: {type(doc).__name__}")
    d.save(out)
