"""Alembic environment: always driven programmatically by app.storage.migrate (connection passed in)."""

from alembic import context
from sqlmodel import SQLModel

import app.models  # noqa: F401

config = context.config
target_metadata = SQLModel.metadata

connection = config.attributes.get("connection")
if connection is None:  # offline / autogenerate from the command line against a scratch file
    from pathlib import Path

    from app.storage.db import make_engine

    engine = make_engine(Path(config.get_main_option("scratch_db", "/tmp/uniondesk-autogen.db")))
    with engine.connect() as connection:
        context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()
        connection.commit()
else:
    context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True,
                      transaction_per_migration=False)
    with context.begin_transaction():
        context.run_migrations()
