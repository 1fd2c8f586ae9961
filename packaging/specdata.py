"""What goes into the PyInstaller one-folder build — plain data, importable without PyInstaller (unit-tested).

``uniondesk.spec`` loads this file by path (the folder is not a package: a ``packaging/__init__.py`` would shadow
the PyPI ``packaging`` distribution that pip, setuptools and PyInstaller import).
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APP_NAME = "UnionDesk"
EXE_NAME = "uniondesk"              # Linux/macOS executable; Windows: UnionDesk.exe (window) + uniondesk-cli.exe
BUNDLE_EXTENSION = ".udbundle"      # = app.filetypes.BUNDLE_EXTENSION (docs/packaging.md; a test checks they agree)
BUNDLE_MIME = "application/x-uniondesk-bundle"
MACOS_BUNDLE_ID = "cn.uniondesk.UnionDesk"

# The Qt modules the program uses. PyInstaller follows the imports of ui/ (through ui/qt.py) and collects these
# with their plugins; the list documents the intent and is checked against ui/ by tests/packaging.
QT_MODULES = ("QtCore", "QtGui", "QtWidgets", "QtPdf", "QtPdfWidgets", "QtPrintSupport", "QtSvg")

# Qt modules we never use: excluded so that no hook (or stray import in a dependency) drags them in.
QT_EXCLUDED = (
    "Qt3DAnimation", "Qt3DCore", "Qt3DExtras", "Qt3DInput", "Qt3DLogic", "Qt3DRender", "QtAxContainer",
    "QtBluetooth", "QtCharts", "QtConcurrent", "QtDataVisualization", "QtDesigner", "QtGraphs",
    "QtGraphsWidgets", "QtHelp", "QtHttpServer", "QtLocation", "QtMultimedia", "QtMultimediaWidgets",
    "QtNetworkAuth", "QtNfc", "QtOpenGL", "QtOpenGLWidgets", "QtPositioning", "QtQml", "QtQuick",
    "QtQuick3D", "QtQuickControls2", "QtQuickWidgets", "QtRemoteObjects", "QtScxml", "QtSensors",
    "QtSerialBus", "QtSerialPort", "QtSpatialAudio", "QtSql", "QtStateMachine", "QtSvgWidgets", "QtTest",
    "QtTextToSpeech", "QtUiTools", "QtWebChannel", "QtWebEngineCore", "QtWebEngineQuick",
    "QtWebEngineWidgets", "QtWebSockets", "QtWebView", "QtXml",
)

# Python packages that must never ship: tests, dev tools, the build tool itself, GUI toolkits we do not use.
PY_EXCLUDED = (
    "tkinter", "_tkinter", "turtle", "pydoc_data", "lib2to3", "idlelib", "unittest", "doctest",
    "pytest", "_pytest", "pytestqt", "hypothesis", "mypy", "ruff", "babel", "pdfplumber", "pdfminer",
    "pypdfium2", "openpyxl", "psycopg2", "PyInstaller", "pip", "setuptools", "pkg_resources",
    "IPython", "numpy", "matplotlib", "tools", "bench", "tests",
    "PIL._avif", "PIL.ImageQt", "PIL.ImageTk", "PIL._imagingtk",
    "lxml.objectify", "lxml.html", "lxml.isoschematron",  # python-docx needs lxml.etree only
)

# Qt's own translations: only the languages the program offers.
QT_TRANSLATIONS_KEPT = ("qtbase_zh_CN.qm", "qtbase_en.qm")


def project() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def version() -> str:
    """The one place the version lives: pyproject.toml [project].version."""
    return str(project()["version"])


def requirement_name(req: str) -> str:
    m = re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)", req)
    if not m:
        raise ValueError(f"cannot read a distribution name from {req!r}")
    return m.group(1)


def runtime_requirements() -> list[str]:
    """Distribution names of the runtime dependencies declared in pyproject (no dev/package extras)."""
    return [requirement_name(r) for r in project()["dependencies"]]


def data_files(root: Path = ROOT) -> list[tuple[str, str]]:
    """(source, destination folder) pairs for PyInstaller's ``datas``.

    - ``resources/`` (translations, code lists, profiles, clauses, icons, licences) → ``resources/``
      (``app.resources`` looks in ``sys._MEIPASS/resources``).
    - Alembic's migration scripts → ``app/storage/migrations`` as source files: Alembic loads env.py and the
      versions by path from ``app/storage/migrate.py:MIGRATIONS_DIR`` (``__file__``-relative, which in a frozen
      build is ``sys._MEIPASS/app/storage``).
    """
    out: list[tuple[str, str]] = []
    res = root / "resources"
    for f in sorted(res.rglob("*")):
        if f.is_file() and "__pycache__" not in f.parts and not f.name.startswith("."):
            out.append((str(f), str(f.parent.relative_to(root))))
    mig = root / "app" / "storage" / "migrations"
    for f in sorted(mig.rglob("*")):
        if f.is_file() and f.suffix in (".py", ".mako") and "__pycache__" not in f.parts:
            out.append((str(f), str(f.parent.relative_to(root))))
    return out


# Folders that must exist in the frozen build although PyInstaller keeps their modules in the archive: python-docx
# opens "docx/parts/../templates/default-header.xml", and on Linux/macOS ".." only resolves through a real folder.
FROZEN_DIRS = ("docx/parts",)


def frozen_dir_markers(workdir: Path) -> list[tuple[str, str]]:
    """(marker file, destination) pairs that create FROZEN_DIRS in the build."""
    marker = workdir / "uniondesk-frozen-dir.txt"
    marker.parent.mkdir(parents=True, exist_ok=True)
    marker.write_text("Keeps this folder in the UnionDesk build (see packaging/specdata.py).\n", encoding="utf-8")
    return [(str(marker), d) for d in FROZEN_DIRS]


def write_dist_info(dest: Path, ver: str | None = None) -> Path:
    """A minimal ``uniondesk-<v>.dist-info`` so ``importlib.metadata.version("uniondesk")`` works when frozen."""
    ver = ver or version()
    d = dest / f"uniondesk-{ver}.dist-info"
    d.mkdir(parents=True, exist_ok=True)
    (d / "METADATA").write_text(f"Metadata-Version: 2.1\nName: uniondesk\nVersion: {ver}\n", encoding="utf-8")
    return d


def is_hidden_app_module(name: str) -> bool:
    """app/ui submodules to bundle as code (the migrations travel as data files instead)."""
    return ".migrations" not in name and not name.endswith(".autogen")


def keep_data(dest: str) -> bool:
    """Filter for collected data files: drop Qt translations of languages we do not ship."""
    p = dest.replace("\\", "/")
    if "/translations/" in p and p.endswith(".qm") and "PySide6" in p:
        return p.rsplit("/", 1)[1] in QT_TRANSLATIONS_KEPT
    return True


# Shared libraries and plugins that hooks collect but the program never loads. QtNetwork stays (libQt6Pdf links
# against it). Linux: the xcb platform plugin stays (Wayland desktops run it through XWayland); the GTK3 theme
# plugin goes (it would drag the build machine's whole GTK stack in); ibus/compose input contexts stay (Chinese
# input methods).
_BINARY_DROP = re.compile(
    r"(opengl32sw|Qt6?(Quick|Qml|OpenGL|VirtualKeyboard|Wayland|WlShell|Egl|Xcb(Egl|Glx)|3D|Multimedia|WebEngine)"
    r"|plugins/(qmltooling|generic|networkinformation|tls|egldeviceintegrations|wayland-|position|sqldrivers"
    r"|xcbglintegrations|platformthemes/libqgtk3|platforminputcontexts/libqtvirtualkeyboard"
    r"|imageformats/(lib)?q(tiff|webp|tga|wbmp|gif|pdf)"
    r"|platforms/lib(qvnc|qlinuxfb|qeglfs|qminimal(egl)?|qwayland|qvkkhrdisplay)))",
)


def keep_binary(dest: str, allow: tuple[str, ...] = ()) -> bool:
    p = dest.replace("\\", "/")
    if any(a in p for a in allow):
        return True
    return not _BINARY_DROP.search(p)


def windows_version_info(ver: str) -> str:
    """The VERSIONINFO resource of the Windows executables (Explorer → Properties → Details)."""
    nums = [int(x) for x in re.findall(r"\d+", ver)[:4]]
    nums += [0] * (4 - len(nums))
    t = tuple(nums)
    return f"""VSVersionInfo(
  ffi=FixedFileInfo(filevers={t}, prodvers={t}, mask=0x3f, flags=0x0, OS=0x40004, fileType=0x1,
                    subtype=0x0, date=(0, 0)),
  kids=[
    StringFileInfo([StringTable('080404b0', [
      StringStruct('CompanyName', 'UnionDesk'),
      StringStruct('FileDescription', '工会工作台 UnionDesk'),
      StringStruct('FileVersion', '{ver}'),
      StringStruct('InternalName', 'UnionDesk'),
      StringStruct('OriginalFilename', 'UnionDesk.exe'),
      StringStruct('ProductName', '工会工作台 UnionDesk'),
      StringStruct('ProductVersion', '{ver}')])]),
    VarFileInfo([VarStruct('Translation', [2052, 1200])])
  ]
)
"""


def macos_info_plist(ver: str) -> dict:
    """Info.plist additions: the document type of the upward bundle and Chinese as the development region."""
    ext = BUNDLE_EXTENSION.lstrip(".")
    return {
        "CFBundleDisplayName": "工会工作台",
        "CFBundleName": APP_NAME,
        "CFBundleShortVersionString": ver,
        "CFBundleVersion": ver,
        "CFBundleDevelopmentRegion": "zh_CN",
        "CFBundleLocalizations": ["zh_CN", "en"],
        "NSHighResolutionCapable": True,
        "LSMinimumSystemVersion": "12.0",
        "NSHumanReadableCopyright": "UnionDesk",
        "CFBundleDocumentTypes": [{
            "CFBundleTypeName": "UnionDesk upward bundle",
            "CFBundleTypeRole": "Viewer",
            "LSHandlerRank": "Owner",
            "LSItemContentTypes": [f"{MACOS_BUNDLE_ID}.bundle"],
            "CFBundleTypeIconFile": "uniondesk.icns",
        }],
        "UTExportedTypeDeclarations": [{
            "UTTypeIdentifier": f"{MACOS_BUNDLE_ID}.bundle",
            "UTTypeDescription": "UnionDesk upward bundle",
            "UTTypeConformsTo": ["public.data"],
            "UTTypeTagSpecification": {"public.filename-extension": [ext], "public.mime-type": BUNDLE_MIME},
        }],
    }


def _needed(path: Path) -> list[str]:
    import subprocess

    out = subprocess.run(["readelf", "-d", str(path)], capture_output=True, text=True, check=False).stdout
    return re.findall(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]", out)


def prune_unreachable_libs(internal: Path) -> list[str]:
    """Linux: delete top-level shared libraries nothing kept links to.

    PyInstaller resolves the library dependencies of every plugin before the spec can drop that plugin, so the
    dependencies of dropped plugins (the GTK stack behind libqgtk3, GL behind the xcb GL integrations) would
    stay. Roots: the executable, every extension module and Qt library/plugin inside packages (loaded by Python
    or by Qt with dlopen); then NEEDED entries are followed by soname.
    """
    def is_extension(name: str) -> bool:  # Python extension modules (top-level ones too, e.g. _cffi_backend)
        return ".cpython-" in name or ".abi3." in name or not name.startswith("lib")

    top = {p.name: p for p in internal.iterdir() if p.is_file() and ".so" in p.name and not is_extension(p.name)}
    roots = [internal.parent / EXE_NAME]
    for p in internal.rglob("*"):
        if p.is_file() and ".so" in p.name and (p.parent != internal or is_extension(p.name)):
            roots.append(p)
    roots += [top[n] for n in top if n.startswith(("libpython", "libpyside6", "libshiboken6"))]
    seen: set[str] = set()
    todo = list(roots)
    while todo:
        p = todo.pop()
        for name in _needed(p):
            if name in top and name not in seen:
                seen.add(name)
                todo.append(top[name])
    removed = []
    for name, p in sorted(top.items()):
        if name not in seen and not name.startswith(("libpython", "libpyside6", "libshiboken6")):
            p.unlink()
            removed.append(name)
    return removed
