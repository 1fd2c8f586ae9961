"""Help → About shows the version from pyproject and the licences; ``uniondesk about --check`` passes."""

from __future__ import annotations

import tomllib
from pathlib import Path

import app
from app import licenses
from app.cli import main

ROOT = Path(__file__).resolve().parents[2]


def _pyproject_version() -> str:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]


def test_version_is_the_pyproject_version():
    assert app.__version__ == _pyproject_version()


def test_about_dialog_shows_version_and_licence_texts(qtbot):
    from ui.about import AboutDialog

    dlg = AboutDialog()
    qtbot.addWidget(dlg)
    assert _pyproject_version() in dlg.version_label.text()
    names = [dlg.list.item(i).text() for i in range(dlg.list.count())]
    assert any(n.startswith("Qt ") and "LGPL-3.0" in n for n in names)
    assert any(n.startswith("ReportLab") or n.startswith("reportlab") for n in names)
    assert len(names) == len(licenses.components())
    qt_row = next(i for i, n in enumerate(names) if n.startswith("Qt "))
    dlg.list.setCurrentRow(qt_row)
    assert "GNU LESSER GENERAL PUBLIC LICENSE" in dlg.text.toPlainText()
    rl_row = next(i for i, n in enumerate(names) if n.lower().startswith("reportlab"))
    dlg.list.setCurrentRow(rl_row)
    assert "ReportLab" in dlg.text.toPlainText()


def test_about_copies_version_for_support(qtbot):
    from ui.about import AboutDialog
    from ui.qt import QGuiApplication

    dlg = AboutDialog()
    qtbot.addWidget(dlg)
    dlg._copy_version()
    assert app.__version__ in QGuiApplication.clipboard().text()


def test_show_about_is_what_the_help_menu_calls(qtbot, monkeypatch):
    import ui.about
    from ui.about import AboutDialog

    shown = []
    monkeypatch.setattr(AboutDialog, "exec", lambda self: shown.append(self) or 0)
    ui.about.show_about(None)
    assert len(shown) == 1 and isinstance(shown[0], AboutDialog)
    for d in shown:
        qtbot.addWidget(d)


def test_application_icon_has_every_size(qtbot):
    from ui.about import application_icon

    icon = application_icon()
    assert not icon.isNull()
    assert {s.width() for s in icon.availableSizes()} >= {16, 32, 48, 256}


def test_cli_about_check_passes_on_a_complete_installation(capsys):
    assert main(["about", "--check", "--licenses"]) == 0
    out = capsys.readouterr().out
    assert app.__version__ in out
    assert "SQLCipher" in out and "LGPL-3.0-only" in out


def test_cli_about_check_fails_when_a_licence_text_is_missing(capsys, monkeypatch, tmp_path):
    import shutil

    from app import resources

    fake = tmp_path / "resources"
    shutil.copytree(resources.resources_root(), fake)
    (fake / "licenses" / "_texts" / "SQLCipher.txt").unlink()
    monkeypatch.setattr(resources, "resources_root", lambda: fake)
    assert main(["about", "--check"]) == 1
    assert "SQLCipher" in capsys.readouterr().err
