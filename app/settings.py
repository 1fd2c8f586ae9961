"""User settings: a small JSON file in the config folder, written atomically."""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import Any

from app import paths
from app.fileio import atomic_write_text

_lock = threading.Lock()


def settings_path() -> Path:
    return paths.config_dir() / "settings.json"


def load() -> dict[str, Any]:
    p = settings_path()
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
        return data if isinstance(data, dict) else {}
    except (OSError, ValueError):
        return {}


def get(key: str, default: Any = None) -> Any:
    return load().get(key, default)


def set_values(**values: Any) -> None:
    with _lock:
        data = load()
        data.update(values)
        paths.ensure_private_dir(settings_path().parent)
        atomic_write_text(settings_path(), json.dumps(data, ensure_ascii=False, indent=1, default=str))
