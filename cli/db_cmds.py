"""`talent db`: the store's schema (Alembic migrations, storage/migrate.py)."""

from __future__ import annotations

import time

import typer

from cli.output import console, fail
from core.errors import TalentError
from core.settings import get_settings
from storage import migrate
from storage.store import Store

db_app = typer.Typer(help="The database's schema: status and upgrades.", no_args_is_help=True)


def _open() -> Store:
    # "leave": these commands report on and migrate the schema themselves.
    return Store.from_settings(get_settings(), schema_policy="leave")


def _where(store: Store) -> str:
    return store.engine.url.render_as_string(hide_password=True)


@db_app.command("status")
def status() -> None:
    """The database's schema revision and the migrations this version would apply."""
    try:
        store = _open()
        found, newest = migrate.status(store.engine)
        pending = migrate.pending(found, newest)
    except TalentError as exc:
        fail(exc)
    console.print(f"database: {_where(store)}", highlight=False)
    console.print(f"schema revision: {found or 'none'} (this version: {newest})", highlight=False)
    if found is not None and not migrate.known(found):
        console.print("a newer version of talent-insights has upgraded this database")
    elif pending:
        console.print(f"pending: {', '.join(pending)} — run `talent db upgrade`", highlight=False)
    else:
        console.print("up to date")
    store.close()


@db_app.command("upgrade")
def upgrade() -> None:
    """Bring the schema up to date. Safe to run while servers start: one process migrates
    (behind a lock), the others wait and find it done. `talent serve` runs it too."""
    started = time.perf_counter()
    try:
        store = _open()
        report = migrate.upgrade(store.engine)
    except TalentError as exc:
        fail(exc)
    seconds = time.perf_counter() - started
    console.print(f"database: {_where(store)}", highlight=False)
    if report.adopted:
        console.print("a database from before migrations: marked as revision 0001")
    if report.applied:
        console.print(
            f"schema revision {report.before or 'none'} → {report.after} "
            f"(applied {', '.join(report.applied)}) in {seconds:.2f} s",
            highlight=False,
        )
    else:
        console.print(f"already at schema revision {report.after}", highlight=False)
    store.close()
