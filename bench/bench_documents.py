"""Document benchmarks.

``pdf_roster_2000``: the 会员名册 of 2,000 members as a PDF, from the database to the file (query, masking, model,
layout, running header, "第 x 页 共 y 页", embedded font subsets). Floor: a plain ReportLab LongTable of the same
rows in the same font and size on the same page, with a repeated header row — built in the same run.
"""

from __future__ import annotations

import io
import tempfile
from pathlib import Path

from bench.common import best_of, demo_data_dir, peak_rss_mb


def pdf_roster_2000(quick: bool) -> dict:
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.units import mm
    from reportlab.platypus import LongTable, SimpleDocTemplate, TableStyle

    from app.core import open_data
    from app.documents import fonts
    from app.documents.render import render
    from app.documents.roster_docs import roster_document

    n = 300 if quick else 2000
    db = open_data(demo_data_dir(n))
    out_dir = Path(tempfile.mkdtemp(prefix="uniondesk-bench-pdf-"))
    fs = fonts.resolve_fonts()
    doc = roster_document(db)
    rows = [[c.label for c in doc.columns], *doc.rows]

    def ours() -> None:
        render(roster_document(db), out_dir / "roster.pdf", fontset=fs)

    def floor() -> None:
        buf = io.BytesIO()
        t = LongTable(rows, repeatRows=1)
        t.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), fs["body"], doc.font_size),
                               ("GRID", (0, 0), (-1, -1), 0.5, (0, 0, 0))]))
        SimpleDocTemplate(buf, pagesize=landscape(A4), leftMargin=37 * mm, rightMargin=35 * mm, topMargin=28 * mm,
                          bottomMargin=26 * mm).build([t])

    ours()  # warm up: font files parsed, caches filled
    floor()
    floor_s = best_of(floor)
    ours_s = best_of(ours)
    size_kb = (out_dir / "roster.pdf").stat().st_size // 1024
    db.close()
    return {"name": "pdf_roster_2000", "n": len(doc.rows), "ours_s": round(ours_s, 3), "floor_s": round(floor_s, 3),
            "goal": "ours/floor <= 1.5", "pdf_kb": size_kb, "peak_mb": round(peak_rss_mb(), 1)}


BENCHMARKS = [pdf_roster_2000]
