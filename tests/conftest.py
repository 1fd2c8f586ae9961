"""Test environment: offscreen Qt, no real home folder, a temporary data folder per test, no real keyring."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
_HOME = Path(tempfile.mkdtemp(prefix="uniondesk-test-home-"))
for var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
    os.environ[var] = str(_HOME / var.lower())
os.environ.pop("UNIONDESK_DATA_DIR", None)
os.environ["UNIONDESK_LANG"] = "zh_CN"
# Subprocesses never touch a real keyring: they find the key through the passphrase file below.
os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
# The recovery passphrase of every test database (unattended creation reads it; so do subprocesses).
TEST_PASSPHRASE = "test-passphrase-工会"
_PASSPHRASE_FILE = _HOME / "passphrase.txt"
_PASSPHRASE_FILE.write_text(TEST_PASSPHRASE + "\n", encoding="utf-8")
os.environ["UNIONDESK_PASSPHRASE_FILE"] = str(_PASSPHRASE_FILE)

import keyring  # noqa: E402
import pytest  # noqa: E402
from keyring.backend import KeyringBackend  # noqa: E402

from app import paths  # noqa: E402
from app.i18n import set_language  # noqa: E402
from app.storage import keys  # noqa: E402


class MemoryKeyring(KeyringBackend):
    """An in-memory keyring for this test process (copied data folders find their key by db_id)."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.store: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.store.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.store[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.store.pop((service, username), None)


MEMORY_KEYRING = MemoryKeyring()
keyring.set_keyring(MEMORY_KEYRING)
keys.SCRYPT_N = 2**14  # fast key wrapping in tests (the cost is stored in each key file)

REQUIRE_SYSTEM_TOOLS = os.environ.get("UNIONDESK_REQUIRE_SYSTEM_TOOLS") == "1"


def need_tool(name: str) -> str:
    """Path of a system tool; skip the test (or fail, in CI) when it is missing."""
    path = shutil.which(name)
    if path is None:
        if REQUIRE_SYSTEM_TOOLS:
            pytest.fail(f"system tool {name!r} is required (UNIONDESK_REQUIRE_SYSTEM_TOOLS=1)")
        pytest.skip(f"system tool {name!r} is not installed")
    return path


@pytest.fixture(autouse=True)
def _isolated(tmp_path, monkeypatch):
    """Every test gets its own data folder and the default language."""
    data = tmp_path / "data"
    monkeypatch.setenv("UNIONDESK_DATA_DIR", str(data))
    paths.set_data_dir(None)
    set_language("zh_CN")
    yield
    paths.set_data_dir(None)
    set_language("zh_CN")


_TEMPLATES: dict[tuple[int, int], Path] = {}


def _template(members: int, seed: int) -> Path:
    """A demo database built once per session and copied per test (Anki's pattern)."""
    key = (members, seed)
    if key not in _TEMPLATES:
        from app.core import open_data
        from app.services import demo

        d = Path(tempfile.mkdtemp(prefix=f"uniondesk-template-{members}-"))
        db = open_data(d)
        demo.run_demo(db, members=members, seed=seed)
        with db.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        db.close()
        _TEMPLATES[key] = d
    return _TEMPLATES[key]


def copy_template(dest: Path, members: int = 200, seed: int = 1) -> Path:
    src = _template(members, seed)
    dest.mkdir(parents=True, exist_ok=True)
    for f in src.iterdir():  # the database and its key file (the key itself is in the memory keyring)
        if f.is_file() and f.name != "uniondesk.lock":
            shutil.copy2(f, dest / f.name)
    return dest


@pytest.fixture
def empty_db(tmp_path):
    """A fresh, empty, migrated database in the test's data folder."""
    from app.core import open_data

    db = open_data(paths.data_dir())
    yield db
    db.close()


@pytest.fixture
def demo_db(tmp_path):
    """The test's data folder holding the demo data (200 members, seed 1)."""
    from app.core import open_data

    copy_template(paths.data_dir())
    db = open_data(paths.data_dir())
    yield db
    db.close()
