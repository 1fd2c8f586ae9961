"""Screenshots for the README: ``python -m ui.screenshots docs`` (offscreen, sample data in a temp folder)."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main(argv: list[str]) -> int:
    out = Path(argv[0] if argv else "docs")
    out.mkdir(parents=True, exist_ok=True)
    from app import paths
    from app.core import open_data
    from app.services import demo

    tmp = tempfile.TemporaryDirectory(prefix="uniondesk-shots-")
    paths.set_data_dir(Path(tmp.name))
    import secrets

    db = open_data(Path(tmp.name), passphrase=secrets.token_urlsafe(16))  # throw-away data: no keyring needed
    demo.run_demo(db, members=1200, seed=3)
    from ui.application import make_app, open_main_window
    from ui.qt import QApplication

    app = make_app()
    win = open_main_window(db)
    win.resize(1360, 820)
    win.show()
    app.processEvents()
    shots = [(m.key, m.key) for m in __import__("ui.modules", fromlist=["MODULES"]).MODULES]
    only = set(argv[1:])
    for key, name in shots:
        if only and key not in only:
            continue
        win.show_module(key) if key in win.pages else win.nav.setCurrentRow(
            [m.key for m in __import__("ui.modules", fromlist=["MODULES"]).MODULES].index(key))
        for _ in range(5):
            app.processEvents()
        if key == "roster":
            page = win.pages["roster"]
            page.table.selectRow(2)
        app.processEvents()
        path = out / f"screenshot-{name}.png"
        win.grab().save(str(path))
        print(path)
    win.close()
    QApplication.processEvents()
    db.close()
    tmp.cleanup()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
