"""The print preview window: shows the pages, prints through the print dialog, saves PDF/Word, opens externally;
the roster page's 打印名册 / 打印登记表 open it."""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pytest

from tests.documents.helpers import pdftotext, sample_form, sample_table

pytest.importorskip("PySide6.QtPdf")


def _preview(qtbot):
    from ui import print_preview

    qtbot.waitUntil(lambda: print_preview.last_preview() is not None, timeout=20000)
    dlg = print_preview.last_preview()
    qtbot.addWidget(dlg)
    return dlg


@pytest.fixture
def app():
    from ui import print_preview
    from ui.application import make_app

    print_preview._open.clear()
    yield make_app()
    for d in list(print_preview._open):
        d.close()


def test_preview_shows_pages_and_saves_pdf_and_docx(app, qtbot, tmp_path, monkeypatch):
    from ui import print_preview
    from ui.qt import QFileDialog
    from ui.tasks import wait_all

    print_preview.show_print_preview(None, lambda: sample_table(150), "签到表")
    dlg = _preview(qtbot)
    assert dlg.page_count() >= 2
    assert dlg.status.text() == f"共 {dlg.page_count()} 页"
    dlg.grab().save(str(tmp_path / "preview.png"))
    assert (tmp_path / "preview.png").stat().st_size > 1000

    target = tmp_path / "out"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    dlg.save_pdf()
    assert (tmp_path / "out.pdf").read_bytes() == dlg.pdf_bytes
    assert "职工0150" in pdftotext(tmp_path / "out.pdf")
    dlg.save_docx()
    wait_all()
    qtbot.waitUntil(lambda: (tmp_path / "out.docx").exists(), timeout=10000)
    import docx

    assert docx.Document(str(tmp_path / "out.docx")).tables[0].rows[150].cells[1].text == "职工0150"


def test_print_sends_every_page_to_the_printer(app, qtbot, tmp_path, monkeypatch):
    from ui import print_preview
    from ui.qt import QDialog
    from ui.qt_print import QPrintDialog, QPrinter

    def landscape_table():
        doc = sample_table(150)
        doc.landscape = True
        return doc

    print_preview.show_print_preview(None, landscape_table, "签到表")
    dlg = _preview(qtbot)
    out = tmp_path / "printed.pdf"

    def fake_exec(self):
        p = self.printer()
        p.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        p.setOutputFileName(str(out))
        p.setResolution(72)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(QPrintDialog, "exec", fake_exec)
    dlg.print_document()
    with pdfplumber.open(out) as pdf:
        assert len(pdf.pages) == dlg.page_count()
        assert pdf.pages[0].width > pdf.pages[0].height      # landscape document → landscape paper


def test_open_in_system_viewer_writes_a_pdf(app, qtbot, monkeypatch):
    from ui import print_preview
    from ui.qt import QDesktopServices

    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True)
    print_preview.show_print_preview(None, sample_form, "提案表")
    dlg = _preview(qtbot)
    path = dlg.open_external()
    assert opened == [str(path)] and Path(path).read_bytes().startswith(b"%PDF")
    dlg.close()
    assert not Path(path).exists()          # the temp copy goes when the preview closes


def test_font_warning_is_shown_when_falling_back(app, qtbot, monkeypatch):
    from app.documents import fonts
    from ui import print_preview

    monkeypatch.setattr(fonts, "_file_index", lambda: {})
    fonts.reset_for_tests()
    print_preview.show_print_preview(None, sample_form, "提案表")
    dlg = _preview(qtbot)
    assert dlg.warning.isVisibleTo(dlg) and "STSong-Light" in dlg.warning.text()
    fonts.reset_for_tests()


def test_roster_page_prints_the_filtered_roster_and_a_member_form(window, qtbot, demo_db, tmp_path):
    from ui import print_preview
    from ui.modules import MODULES

    print_preview._open.clear()
    window.nav.setCurrentRow([m.key for m in MODULES].index("roster"))
    page = window.pages["roster"]
    page.status_filter.setCurrentIndex(page.status_filter.findText("已转出"))
    n = page.model.rowCount()
    assert n > 0
    page.print_roster_action.trigger()
    dlg = _preview(qtbot)
    text = pdftotext_bytes(dlg.pdf_bytes, tmp_path / "r.pdf")
    assert f"共{n}人" in text.replace(" ", "")
    assert "********" in text
    dlg.close()

    page.table.selectRow(0)
    name = page.model.data(page.model.index(0, 0))
    page.print_member_action.trigger()
    dlg = _preview(qtbot)
    text = pdftotext_bytes(dlg.pdf_bytes, tmp_path / "m.pdf")
    assert "工会会员登记表" in text and name in text
    assert "会员登记表" in dlg.windowTitle() and name in dlg.windowTitle()


def pdftotext_bytes(data: bytes, path: Path) -> str:
    path.write_bytes(data)
    return pdftotext(path)
