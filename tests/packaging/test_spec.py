"""The PyInstaller build takes everything the program needs (checked without running PyInstaller)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from app.storage import migrate

ROOT = Path(__file__).resolve().parents[2]


def _dests(specdata) -> dict[str, str]:
    """relative source path -> destination folder"""
    return {str(Path(src).relative_to(ROOT)): dest for src, dest in specdata.data_files()}


def test_spec_file_is_valid_python_and_uses_the_data_list():
    text = (ROOT / "packaging" / "uniondesk.spec").read_text(encoding="utf-8")
    tree = ast.parse(text)
    calls = {n.func.id for n in ast.walk(tree) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)}
    assert {"Analysis", "PYZ", "EXE", "COLLECT", "BUNDLE"} <= calls
    for name in ("data_files", "keep_data", "keep_binary", "is_hidden_app_module", "write_dist_info"):
        assert f"sd.{name}" in text


def test_every_resource_file_is_shipped_in_place(specdata):
    dests = _dests(specdata)
    res = [p for p in (ROOT / "resources").rglob("*") if p.is_file() and "__pycache__" not in p.parts]
    assert res, "resources/ is empty"
    for p in res:
        rel = str(p.relative_to(ROOT))
        assert dests.get(rel) == str(p.parent.relative_to(ROOT)), f"{rel} is not shipped where app.resources looks"
    for needed in ("resources/licenses/index.json", "resources/icons/uniondesk-256.png",
                   "resources/codes/member_codes.json"):
        assert needed in dests


def test_every_migration_script_ships_where_alembic_looks(specdata):
    dests = _dests(specdata)
    frozen_dir = str(migrate.MIGRATIONS_DIR.relative_to(ROOT))  # __file__-relative, same inside _MEIPASS
    assert dests["app/storage/migrations/env.py"] == frozen_dir
    versions = sorted((migrate.MIGRATIONS_DIR / "versions").glob("*.py"))
    assert len(versions) >= 7
    for v in versions:
        assert dests[str(v.relative_to(ROOT))] == f"{frozen_dir}/versions"


def test_command_and_page_modules_are_bundled_but_migrations_are_data(specdata):
    assert specdata.is_hidden_app_module("app.commands.roster")
    assert specdata.is_hidden_app_module("app.services.demo")
    assert not specdata.is_hidden_app_module("app.storage.migrations.env")
    assert not specdata.is_hidden_app_module("app.storage.migrations.versions.0001_foundation")


def test_only_our_languages_of_qt_translations_ship(specdata):
    assert specdata.keep_data("PySide6/Qt/translations/qtbase_zh_CN.qm")
    assert specdata.keep_data("PySide6/Qt/translations/qtbase_en.qm")
    assert not specdata.keep_data("PySide6/Qt/translations/qtbase_de.qm")
    assert not specdata.keep_data("PySide6/Qt/translations/qtbase_zh_TW.qm")
    assert specdata.keep_data("resources/locale/en/LC_MESSAGES/packaging.po")


def test_unused_qt_parts_are_dropped_and_used_ones_kept(specdata):
    kept = ["PySide6/Qt/lib/libQt6Pdf.so.6", "PySide6/Qt/lib/libQt6Network.so.6", "libQt6Widgets.so.6",
            "PySide6/Qt/plugins/platforms/libqxcb.so", "PySide6/Qt/plugins/platforms/libqoffscreen.so",
            "PySide6/Qt/plugins/platforminputcontexts/libibusplatforminputcontextplugin.so",
            "PySide6/Qt/plugins/printsupport/libcupsprintersupport.so", "PySide6/plugins/platforms/qwindows.dll",
            "PySide6/Qt6PrintSupport.dll", "PySide6/plugins/imageformats/qjpeg.dll"]
    dropped = ["PySide6/Qt/lib/libQt6Quick.so.6", "libQt6Qml.so.6", "PySide6/Qt/lib/libQt6WaylandClient.so.6",
               "PySide6/Qt/plugins/platformthemes/libqgtk3.so", "PySide6/Qt6Quick.dll",
               "PySide6/Qt/plugins/platforminputcontexts/libqtvirtualkeyboardplugin.so",
               "PySide6/plugins/imageformats/qtiff.dll", "PySide6/opengl32sw.dll"]
    assert all(specdata.keep_binary(k) for k in kept), [k for k in kept if not specdata.keep_binary(k)]
    assert not any(specdata.keep_binary(d) for d in dropped), [d for d in dropped if specdata.keep_binary(d)]


def test_every_qt_module_the_window_imports_is_declared(specdata):
    used = set()
    for f in (ROOT / "ui").rglob("*.py"):
        used |= set(re.findall(r"PySide6\.(Qt\w+)", f.read_text(encoding="utf-8")))
    assert used, "ui/ imports no Qt module?"
    assert used <= set(specdata.QT_MODULES), f"add {sorted(used - set(specdata.QT_MODULES))} to QT_MODULES"
    assert not used & set(specdata.QT_EXCLUDED)


def test_no_dev_dependency_ships(specdata):
    dev = ["pytest", "hypothesis", "mypy", "ruff", "babel", "pdfplumber", "openpyxl", "psycopg2", "PyInstaller"]
    assert set(dev) <= set(specdata.PY_EXCLUDED)


def test_version_comes_from_pyproject_into_the_frozen_metadata(specdata, tmp_path):
    import app

    assert specdata.version() == app.__version__
    d = specdata.write_dist_info(tmp_path)
    from importlib.metadata import PathDistribution

    assert PathDistribution(d).version == app.__version__
    assert PathDistribution(d).metadata["Name"] == "uniondesk"


def test_installer_metadata_names_the_bundle_file_type(specdata):
    from app import filetypes

    assert specdata.BUNDLE_EXTENSION == filetypes.BUNDLE_EXTENSION == ".udbundle"
    assert specdata.BUNDLE_MIME == filetypes.BUNDLE_MIME
    plist = specdata.macos_info_plist("1.2.3")
    assert plist["CFBundleShortVersionString"] == "1.2.3"
    assert plist["UTExportedTypeDeclarations"][0]["UTTypeTagSpecification"]["public.filename-extension"] == [
        "udbundle"]
    info = specdata.windows_version_info("1.2.3")
    assert "filevers=(1, 2, 3, 0)" in info and "'ProductVersion', '1.2.3'" in info


def test_platform_integration_files_agree_on_the_bundle_type(specdata):
    iss = (ROOT / "packaging" / "windows" / "uniondesk.iss").read_text(encoding="utf-8")
    assert ".udbundle" in iss and "UnionDesk.exe" in iss and "{group}" in iss
    # the uninstaller must not remove the user's data folder
    assert "{localappdata}\\UnionDesk" not in iss.split("[UninstallDelete]")[-1]
    desktop = (ROOT / "packaging" / "linux" / "uniondesk.desktop").read_text(encoding="utf-8")
    assert f"MimeType={specdata.BUNDLE_MIME};" in desktop and "Exec=uniondesk %f" in desktop
    mime = (ROOT / "packaging" / "linux" / "uniondesk-mime.xml").read_text(encoding="utf-8")
    assert f'type="{specdata.BUNDLE_MIME}"' in mime and 'pattern="*.udbundle"' in mime


def test_icons_exist_in_every_platform_format():
    for rel in ("packaging/icons/uniondesk.ico", "packaging/icons/uniondesk.icns",
                "resources/icons/uniondesk.svg", "resources/icons/uniondesk-256.png"):
        assert (ROOT / rel).stat().st_size > 0, rel
    assert (ROOT / "packaging/icons/uniondesk.ico").read_bytes()[:4] == b"\x00\x00\x01\x00"
    assert (ROOT / "packaging/icons/uniondesk.icns").read_bytes()[:4] == b"icns"


def test_launcher_opens_a_double_clicked_bundle_in_the_window(monkeypatch, tmp_path):
    import runpy

    import app.cli
    from app import filetypes

    bundle = tmp_path / "91310000MA1FL0000X_3.udbundle"
    bundle.write_bytes(b"age-encryption.org/v1\n")
    seen = []
    monkeypatch.setattr(app.cli, "main", lambda argv: seen.append(argv) or 0)
    monkeypatch.delenv(filetypes.OPEN_FILE_ENV, raising=False)
    monkeypatch.setattr("sys.argv", ["UnionDesk.exe", str(bundle)])
    try:
        runpy.run_path(str(ROOT / "packaging" / "launcher.py"), run_name="__main__")
    except SystemExit as e:
        assert e.code == 0
    assert seen == [[]]  # no subcommand: the window starts …
    import os

    assert os.environ[filetypes.OPEN_FILE_ENV] == str(bundle)  # … and is told which file to open

    monkeypatch.setattr("sys.argv", ["uniondesk", "check"])  # ordinary commands pass through untouched
    try:
        runpy.run_path(str(ROOT / "packaging" / "launcher.py"), run_name="__main__")
    except SystemExit:
        pass
    assert seen[-1] == ["check"]


def test_python_docx_template_folder_resolves_in_the_frozen_layout(specdata, tmp_path):
    # python-docx reads docx/parts/../templates/*.xml; "parts" must be a real folder in the build
    pairs = specdata.frozen_dir_markers(tmp_path)
    assert ("docx/parts" in [d for _src, d in pairs]) and all(Path(s).is_file() for s, _d in pairs)
    text = (ROOT / "packaging" / "uniondesk.spec").read_text(encoding="utf-8")
    assert "sd.frozen_dir_markers(" in text


def test_pruning_keeps_extension_modules_and_linked_libraries(specdata, tmp_path, monkeypatch):
    internal = tmp_path / "UnionDesk" / "_internal"
    (internal / "PySide6").mkdir(parents=True)
    (tmp_path / "UnionDesk" / specdata.EXE_NAME).write_bytes(b"")
    names = ["_cffi_backend.cpython-311-x86_64-linux-gnu.so", "libpython3.11.so.1.0", "libneeded.so.1",
             "libgtk-3.so.0", "libdeep.so.2"]
    for n in names:
        (internal / n).write_bytes(b"")
    (internal / "PySide6" / "QtCore.abi3.so").write_bytes(b"")
    needed = {"QtCore.abi3.so": ["libneeded.so.1"], "libneeded.so.1": ["libdeep.so.2"]}
    monkeypatch.setattr(specdata, "_needed", lambda p: needed.get(p.name, []))
    removed = specdata.prune_unreachable_libs(internal)
    assert removed == ["libgtk-3.so.0"]
    assert (internal / "_cffi_backend.cpython-311-x86_64-linux-gnu.so").exists()
    assert (internal / "libdeep.so.2").exists()
