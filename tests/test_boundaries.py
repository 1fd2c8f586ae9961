"""The core never imports Qt: every app module imports with PySide6 made unimportable."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

SCRIPT = r"""
import importlib, pkgutil, sys
class Block:
    def find_spec(self, name, path=None, target=None):
        if name.split('.')[0] in ('PySide6', 'shiboken6'):
            raise ImportError('Qt is not allowed in app/: ' + name)
        return None
sys.meta_path.insert(0, Block())
import app
failed = []
for m in pkgutil.walk_packages(app.__path__, 'app.'):
    if '.migrations.' in m.name or m.name.endswith('.migrations.env') or m.name == 'app.__main__':
        continue
    try:
        importlib.import_module(m.name)
    except Exception as e:
        failed.append(f'{m.name}: {e!r}')
print('\n'.join(failed))
sys.exit(1 if failed else 0)
"""


def test_every_app_module_imports_without_qt():
    r = subprocess.run([sys.executable, "-c", SCRIPT], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stdout + r.stderr
