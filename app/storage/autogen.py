"""Developer tool: print the Alembic operations a migration slot needs.

    python -m app.storage.autogen 0004

builds a scratch database at the revision before the slot, compares it with the models, and prints
``upgrade()`` / ``downgrade()`` bodies (batch mode, SQLite-safe) to paste into the slot's file. Review them:
only keep the operations for your own tables.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from alembic import command
from alembic.autogenerate import produce_migrations, render_python_code
from alembic.migration import MigrationContext
from sqlmodel import SQLModel

import app.models  # noqa: F401
from app.storage.db import make_engine
from app.storage.migrate import alembic_config, script_directory


def main(argv: list[str]) -> int:
    slot = argv[0]
    rev = script_directory().get_revision(slot)
    prev = rev.down_revision if rev else None
    with tempfile.TemporaryDirectory() as d:
        engine = make_engine(Path(d) / "scratch.db")
        cfg = alembic_config()
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            if prev:
                command.upgrade(cfg, str(prev))
        with engine.connect() as conn:
            mc = MigrationContext.configure(conn, opts={"render_as_batch": True})
            script = produce_migrations(mc, SQLModel.metadata)
            assert script.upgrade_ops is not None and script.downgrade_ops is not None
            print("# upgrade()")
            print(render_python_code(script.upgrade_ops, render_as_batch=True))
            print("# downgrade()")
            print(render_python_code(script.downgrade_ops, render_as_batch=True))
        engine.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
