"""Render a document model to PDF or DOCX: ``render(doc, "out.pdf")``.

The file suffix picks the format. Writing is atomic (a temp file in the same folder, then a rename), so a crash or
a cancel never leaves half a file under the final name. Fonts are resolved once per call; if no embeddable Chinese
font was found the warning is passed to ``warn`` the first time it comes up in this run (the CLI prints it, the
window shows it).
"""

from __future__ import annotations

import io
import logging
import os
from collections.abc import Callable
from pathlib import Path
from typing import IO

from app.documents import fonts as _fonts
from app.documents.model import Document, FormDocument, TableDocument, TextDocument
from app.errors import DomainError
from app.fileio import atomic_write
from app.i18n import _

log = logging.getLogger(__name__)

FORMATS = ("pdf", "docx")
Progress = Callable[..., bool]


def format_for(path: str | os.PathLike) -> str:
    suffix = Path(path).suffix.lower().lstrip(".")
    if suffix not in FORMATS:
        raise DomainError("print.format", _("文件名应以 .pdf 或 .docx 结尾：{f}").format(f=Path(path).name), "output")
    return suffix


def _write(doc: Document, fmt: str, out: IO[bytes], fs: _fonts.FontSet, progress: Progress | None) -> None:
    if fmt == "pdf":
        from app.documents import pdf

        if isinstance(doc, TextDocument):
            pdf.build_text(doc, out, fs, progress)
        elif isinstance(doc, TableDocument):
            pdf.build_table(doc, out, fs, progress)
        elif isinstance(doc, FormDocument):
            pdf.build_form(doc, out, fs, progress)
        else:
            raise TypeError(f"not a document: {type(doc).__name__}")
    elif fmt == "docx":
        from app.documents import docx_render

        docx_render.build(doc, out, fs, progress)
    else:
        raise DomainError("print.format", _("不支持的文件格式：{f}").format(f=fmt))
    if progress is not None:
        progress(1, 1, _("完成"))


def _fonts_for(fontset: _fonts.FontSet | None, warn: Callable[[str], None] | None) -> _fonts.FontSet:
    fs = fontset or _fonts.resolve_fonts()
    msg = _fonts.warn_once(fs)
    if msg:
        (warn or log.warning)(msg)
    return fs


def render(doc: Document, path: str | os.PathLike, *, progress: Progress | None = None,
           warn: Callable[[str], None] | None = None, fontset: _fonts.FontSet | None = None) -> Path:
    """Write ``doc`` to ``path`` (.pdf or .docx) atomically and return the path.

    ``progress(done, total, message)`` is called per page; returning False cancels (DomainError
    ``print.cancelled``) and leaves no file behind.
    """
    target = Path(path)
    fmt = format_for(target)
    fs = _fonts_for(fontset, warn)
    try:
        with atomic_write(target, "wb") as fh:
            _write(doc, fmt, fh, fs, progress)
    except PermissionError as e:
        raise DomainError("print.write", _("无法写入文件 {f}：文件可能正被其他程序打开，或没有写入权限").format(
            f=target), "output") from e
    return target


def render_bytes(doc: Document, fmt: str = "pdf", *, progress: Progress | None = None,
                 warn: Callable[[str], None] | None = None, fontset: _fonts.FontSet | None = None) -> bytes:
    """The document as bytes (for the print preview)."""
    buf = io.BytesIO()
    _write(doc, fmt, buf, _fonts_for(fontset, warn), progress)
    return buf.getvalue()
