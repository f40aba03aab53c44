"""Schema migrations (Alembic, storage/migrations/): bring a database to this version's
schema, once, however many processes start at the same moment.

Every process that opens the store calls `upgrade` (`talent db upgrade` does it alone): a
database already at the newest revision costs one query. The migration itself runs behind
a lock, an advisory lock on PostgreSQL and a lock file beside a SQLite database, and the
revision is read again under it, so of several workers starting together one migrates
and the others find it done.

A database made before migrations existed (the first release created its tables
directly) is adopted: the columns that release's later builds added are added if missing,
and it is marked as revision 0001, whose schema it has.
"""

from __future__ import annotations

import fcntl
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util import CommandError
from sqlalchemy import Connection, Engine, inspect, text

from core.errors import DependencyError
from storage import schema

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
FIRST = "0001"
# pg_advisory_xact_lock takes a 64-bit key; this one is ours.
_LOCK_KEY = zlib.crc32(b"talent-insights schema migration")
# Columns the first release added to existing databases before migrations existed.
_FIRST_RELEASE_LATE_COLUMNS = {
    "audit_log": ("key_id", "method", "path", "outcome"),
    "learning_plans": ("version",),
    "store_meta": ("index_version",),
}


@dataclass
class MigrationReport:
    before: str | None  # None: an empty database
    after: str
    applied: list[str] = field(default_factory=list)
    adopted: bool = False  # made before migrations existed, marked as 0001

    @property
    def changed(self) -> bool:
        return bool(self.applied) or self.adopted


def alembic_config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


@cache
def _scripts() -> ScriptDirectory:
    return ScriptDirectory.from_config(alembic_config())


def head() -> str:
    """The newest revision this version knows."""
    revision = _scripts().get_current_head()
    assert revision is not None, "storage/migrations holds at least one revision"
    return revision


def current(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


def known(revision: str) -> bool:
    """Whether this version has the revision (a newer version's is unknown here)."""
    try:
        return _scripts().get_revision(revision) is not None
    except CommandError:  # Alembic raises for a revision it cannot find
        return False


def pending(before: str | None, after: str) -> list[str]:
    """Revisions an upgrade from `before` to `after` applies, oldest first."""
    if before == after or (before is not None and not known(before)):
        return []
    return _path_to(before, after)


def _path_to(before: str | None, after: str) -> list[str]:
    """Revisions between `before` (excluded) and `after`, oldest first."""
    revisions = _scripts().iterate_revisions(after, before or "base")
    return [r.revision for r in reversed(list(revisions))]


def status(engine: Engine) -> tuple[str | None, str]:
    """(the revision whose schema the database has, this version's newest). A database
    from before migrations has the first revision's; an empty one, none."""
    with engine.connect() as conn:
        found = current(conn)
        if found is None and inspect(conn).get_table_names():
            found = FIRST
        return found, head()


def require_current(engine: Engine) -> None:
    """Refuse a database whose schema is not this version's (automatic upgrades off)."""
    found, newest = status(engine)
    if found != newest:
        raise DependencyError(
            f"the database's schema is at revision {found or 'none'}, this version needs "
            f"{newest}: run `talent db upgrade` (automatic upgrades are off: "
            "TALENT_DATABASE_AUTO_UPGRADE=false)"
        )


def upgrade(engine: Engine) -> MigrationReport:
    """Brings the database to `head()`. Raises DependencyError for a database that a newer
    version has migrated (its revision is unknown here)."""
    newest = head()
    with engine.connect() as conn:
        if current(conn) == newest:
            return MigrationReport(newest, newest)
    with _exclusive(engine) as conn:
        before = current(conn)
        report = MigrationReport(before, newest)
        if before == newest:
            return report
        if before is not None and not known(before):
            raise DependencyError(
                f"the database is at schema revision {before}, which this version of "
                "talent-insights does not know: a newer version has upgraded it. Run that "
                "version (or newer), or restore a backup taken before the upgrade."
            )
        if before is None and not inspect(conn).get_table_names():
            # An empty database: today's tables at once, as the migrations would make them
            # (tests/storage/test_migrations.py holds the two equal).
            schema.metadata.create_all(conn)
            command.stamp(alembic_config(conn), newest)
            report.applied = _path_to(None, newest)
            return report
        if before is None:
            _add_late_columns(conn)
            command.stamp(alembic_config(conn), FIRST)
            report.adopted = True
            report.before = before = FIRST
        report.applied = _path_to(before, newest)
        command.upgrade(alembic_config(conn), "head")
    return report


def _add_late_columns(conn: Connection) -> None:
    """A first-release database made before some nullable columns existed gets them, as
    that release itself did on start."""
    found = inspect(conn)
    for table_name, columns in _FIRST_RELEASE_LATE_COLUMNS.items():
        if not found.has_table(table_name):
            continue
        present = {c["name"] for c in found.get_columns(table_name)}
        table = schema.metadata.tables[table_name]
        for name in columns:
            if name not in present:
                kind = table.c[name].type.compile(dialect=conn.dialect)
                conn.execute(text(f'ALTER TABLE {table_name} ADD COLUMN "{name}" {kind}'))


@contextmanager
def _exclusive(engine: Engine) -> Iterator[Connection]:
    """A transaction no other process migrates beside."""
    if engine.dialect.name == "postgresql":
        with engine.begin() as conn:
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK_KEY})
            yield conn
        return
    database = engine.url.database
    if engine.dialect.name != "sqlite" or not database or database == ":memory:":
        with engine.begin() as conn:  # one process owns it, or the server locks for us
            yield conn
        return
    with open(f"{database}.migrate-lock", "a+b") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            with engine.begin() as conn:
                yield conn
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
