"""Render the hand-drawn SVG icon into the raster formats the platforms want.

    python packaging/make_icons.py

resources/icons/uniondesk.svg → resources/icons/uniondesk-{16..512}.png (window icon),
packaging/icons/uniondesk.png (Linux desktop entry, 256 px), uniondesk.ico (Windows), uniondesk.icns (macOS).
The outputs are committed, so building a package needs neither QtSvg at build time nor this script.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SVG = ROOT / "resources" / "icons" / "uniondesk.svg"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def render_png(size: int, dest: Path) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(SVG))
    if not renderer.isValid():
        raise SystemExit(f"cannot read {SVG}")
    img = QImage(size, size, QImage.Format.Format_ARGB32)
    img.fill(Qt.GlobalColor.transparent)
    p = QPainter(img)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(p)
    p.end()
    if not img.save(str(dest), "PNG"):
        raise SystemExit(f"cannot write {dest}")


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PIL import Image
    from PySide6.QtGui import QGuiApplication

    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    out_res = ROOT / "resources" / "icons"
    out_pkg = ROOT / "packaging" / "icons"
    out_pkg.mkdir(parents=True, exist_ok=True)
    pngs = {}
    for s in SIZES:
        dest = out_res / f"uniondesk-{s}.png"
        render_png(s, dest)
        pngs[s] = dest
    big = Image.open(pngs[512]).convert("RGBA")
    Image.open(pngs[256]).save(out_pkg / "uniondesk.png")
    big.save(out_pkg / "uniondesk.ico", sizes=[(s, s) for s in (16, 24, 32, 48, 64, 128, 256)])
    big.save(out_pkg / "uniondesk.icns")
    for f in sorted([*out_res.glob("uniondesk-*.png"), *out_pkg.iterdir()]):
        print(f"{f.relative_to(ROOT)}  {f.stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
