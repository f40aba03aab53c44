"""Alembic's entry point for the store's migrations. Run through storage/migrate.py, which
hands over an open connection (and holds the lock that keeps workers from racing)."""

from __future__ import annotations

from alembic import context

from storage.schema import metadata

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=metadata,
    # SQLite cannot ALTER most things: Alembic copies the table instead ("batch" mode).
    render_as_batch=True,
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
