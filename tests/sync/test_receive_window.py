"""A double-clicked bundle: the receiver imports it in a window; elsewhere the program says what the file is."""

from __future__ import annotations

import os

import pytest

from app import filetypes, paths
from app.cli import _gui_only

pytestmark = pytest.mark.usefixtures("qapp")


@pytest.fixture
def at_hub(world):
    yield world
    paths.set_data_dir(None)


def _texts(dlg) -> list[str]:
    return [dlg.results.item(i).text() for i in range(dlg.results.count())]


def test_receiver_imports_a_double_clicked_bundle_and_says_what_it_held(at_hub, qtbot, tmp_path, monkeypatch):
    from ui import receive

    said = []
    monkeypatch.setattr(receive, "info", lambda parent, title, text: said.append(text))

    w = at_hub
    first = w.export(f"{w.org_code}_1.udbundle")
    paths.set_data_dir(w.hub)  # the receiver's folder is the data folder given (as hub_data_dir says)
    h = receive.open_receiver()
    assert h is not None
    try:
        dlg = receive.ReceiveDialog(h)
        qtbot.addWidget(dlg)
        dlg.import_files([first])
        qtbot.waitUntil(lambda: dlg.results.count() == 1, timeout=20000)
        assert f"已导入 {w.org_code} 第1号数据包" in _texts(dlg)[0]
        assert "未导入" not in dlg.summary.text()

        dlg.import_files([first])  # the same file again: nothing changes, and it says so
        qtbot.waitUntil(lambda: dlg.results.count() == 2, timeout=20000)
        assert "I01" in _texts(dlg)[1]

        cut = tmp_path / "cut.udbundle"
        cut.write_bytes(first.read_bytes()[:200])  # truncated on the USB stick
        dlg.import_files([cut])
        qtbot.waitUntil(lambda: dlg.results.count() == 3, timeout=20000)
        assert "未导入" in _texts(dlg)[2] and "E04" in _texts(dlg)[2]
        assert "未导入：1个" in dlg.summary.text()

        out = tmp_path / "汇总表.xlsx"
        dlg.write_report(str(out))
        qtbot.waitUntil(lambda: bool(said), timeout=20000)
        assert "1个单位" in said[0]
        from openpyxl import load_workbook

        rows = [[c for c in r if c is not None] for r in load_workbook(out).active.iter_rows(values_only=True)]
        assert any(w.org_code in r for r in rows)  # the union just imported has its row
    finally:
        from ui.tasks import wait_all

        wait_all()
        h.close()


def test_without_a_receiver_it_says_what_the_file_is_and_the_program_starts(monkeypatch, tmp_path):
    from ui import receive

    paths.set_data_dir(tmp_path / "enterprise")
    shown = []
    monkeypatch.setattr(receive, "info", lambda parent, title, text: shown.append(text))
    try:
        bundle = tmp_path / "91460100MA5T00000X_3.udbundle"
        bundle.write_bytes(b"age-encryption.org/v1\n")
        assert receive.receive(bundle) is False  # the usual window starts after the message
    finally:
        paths.set_data_dir(None)
    assert "91460100MA5T00000X_3.udbundle" in shown[0] and "上级工会" in shown[0]
    assert not (tmp_path / "enterprise").exists() or not any((tmp_path / "enterprise").iterdir())


def test_the_command_line_opens_the_window_on_one_bundle_file(monkeypatch, tmp_path):
    monkeypatch.delenv(filetypes.OPEN_FILE_ENV, raising=False)
    bundle = tmp_path / "org_1.udbundle"
    bundle.write_bytes(b"x")
    ns = _gui_only(["--lang", "zh_CN", str(bundle)])
    assert ns is not None and ns.command is None  # the window, not a subcommand named after the file
    assert os.environ[filetypes.OPEN_FILE_ENV] == str(bundle)
    assert _gui_only([str(tmp_path / "missing.udbundle")]) is None  # a file that is not there: usage error


def test_a_missing_file_is_reported_as_missing_not_as_a_bad_bundle(tmp_path):
    from app.sync.errors import FileUnreadable
    from ui import receive

    missing = tmp_path / "HK_3.udbundle"
    try:
        missing.read_bytes()
    except OSError as e:
        text, ok = receive.outcome_text(missing, FileUnreadable(e))
    assert not ok and "未导入" in text and "找不到这个文件" in text and "E01" not in text
