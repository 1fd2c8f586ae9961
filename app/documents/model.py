"""The document model every module builds. Renderers (PDF, DOCX) turn it into files.

Three kinds of document:
- :class:`TextDocument` — an official text in the GB/T 9704-2012 layout (reports, contracts, notices).
- :class:`TableDocument` — rosters and sign-off sheets (portrait or landscape, repeated header, page x of y).
- :class:`FormDocument` — one record as a form (登记表, 提案表, 档案): labelled cells in a grid, tables, text.

Masking of ID and phone numbers is the caller's job (app.privacy_mask); the model holds what is printed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass
class Heading:
    text: str
    level: int = 1  # 1 "一、" 黑体 · 2 "（一）" 楷体 · 3 "1." 仿宋 · 4 "（1）" 仿宋 — numbering is part of ``text``


@dataclass
class Paragraph:
    text: str
    indent: bool = True          # first-line indent of two characters
    align: str = "justify"       # justify | left | center | right
    bold: bool = False


@dataclass
class PageBreak:
    pass


@dataclass
class Column:
    label: str
    width: float = 1.0           # relative width
    align: str = "left"          # left | center | right


@dataclass
class TableBlock:
    columns: list[Column]
    rows: list[list[str]]
    title: str = ""


@dataclass
class FormField:
    label: str
    value: str = ""
    span: int = 1                # how many value columns it takes
    min_height_mm: float = 0.0   # a box to write in (e.g. 提案理由): the row is at least this tall


@dataclass
class FormSection:
    title: str = ""
    rows: list[list[FormField]] = field(default_factory=list)
    columns: int = 2             # label/value pairs per row


@dataclass
class Redline:
    """A text with marked changes: segments of (kind, text) where kind is "same", "ins" or "del"."""

    segments: list[tuple[str, str]]

    def paragraphs(self) -> list[list[tuple[str, str]]]:
        """The segments split at line breaks ("\n") inside them: one list of segments per paragraph."""
        out: list[list[tuple[str, str]]] = [[]]
        for kind, text in self.segments:
            for i, part in enumerate(text.split("\n")):
                if i:
                    out.append([])
                if part:
                    out[-1].append((kind, part))
        return out


Block = Heading | Paragraph | PageBreak | TableBlock | FormSection | Redline


@dataclass
class SignatureBlock:
    lines: list[str]             # e.g. ["XX公司工会委员会", "2026年11月23日"], set right-aligned


@dataclass
class TextDocument:
    title: str
    blocks: list[Block]
    doc_number: str = ""         # 文号, under the title
    recipient: str = ""          # 主送机关
    signature: SignatureBlock | None = None
    attachments: list[str] = field(default_factory=list)  # 附件 list after the body
    org_name: str = ""


@dataclass
class TableDocument:
    title: str
    columns: list[Column]
    rows: list[list[str]]
    landscape: bool = False
    org_name: str = ""           # printed in the header line with the print date
    printed_on: date | None = None
    subtitle: str = ""
    signature_lines: list[str] = field(default_factory=list)  # ["填表人：", "审核人：", "日期："]
    notes: list[str] = field(default_factory=list)             # under the table
    font_size: float = 10.5
    row_height_mm: float = 0     # least height of a body row (a sheet people sign on needs room for the signature)


@dataclass
class FormDocument:
    title: str
    blocks: list[Block]
    org_name: str = ""
    printed_on: date | None = None
    signature_lines: list[str] = field(default_factory=list)
    subtitle: str = ""


Document = TextDocument | TableDocument | FormDocument
