"""Alembic owns the schema: the migrations build exactly the tables the code declares, a
database written by the first release upgrades with its data intact, workers starting
together migrate once, and a database from a newer version is refused. On SQLite and on
PostgreSQL (tests/storage/conftest.py runs each test on both)."""

from __future__ import annotations

import json
import sqlite3
import threading
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, text
from typer.testing import CliRunner

from cli.main import app
from core.errors import DependencyError
from core.settings import Settings, get_settings
from services import Services
from storage import migrate, schema
from storage.store import Store
from tests.support.postgres import PostgresServer

RELEASE = Path(__file__).resolve().parents[1] / "fixtures" / "release-2026-11-26"
runner = CliRunner()


def _restore_release(database: str, request: pytest.FixtureRequest) -> dict[str, Any]:
    """The first release's database (tests/support/release_fixture.py made it) in this
    test's database; returns what that release stored, as it reported it then."""
    expected: dict[str, Any] = json.loads((RELEASE / "expected.json").read_text())
    settings = get_settings()
    if database == "sqlite":
        settings.home.mkdir(parents=True, exist_ok=True)
        with sqlite3.connect(settings.home / "talent.db") as db:
            db.executescript((RELEASE / "talent.sqlite.sql").read_text())
        return expected
    postgres: PostgresServer = request.getfixturevalue("postgres")
    name = settings.database_url.rsplit("/", 1)[1]
    postgres.run(
        "psql",
        "-q",
        "-v",
        "ON_ERROR_STOP=1",
        "-d",
        name,
        "-f",
        str(RELEASE / "talent.postgres.sql"),
    )
    return {**expected, **expected["postgres"]}


def test_the_migrations_build_the_schema_the_code_declares(settings: Settings) -> None:
    engine = Store.from_settings(settings, schema_policy="leave").engine
    with engine.begin() as conn:
        command.upgrade(migrate.alembic_config(conn), "head")  # each revision, in order
    with engine.connect() as conn:
        differences = compare_metadata(MigrationContext.configure(conn), schema.metadata)
    assert differences == []
    assert migrate.status(engine) == (migrate.head(), migrate.head())


def test_a_first_release_database_upgrades_with_its_data_intact(
    database: str, request: pytest.FixtureRequest
) -> None:
    expected = _restore_release(database, request)
    before = runner.invoke(app, ["db", "status"])
    assert "schema revision: 0001" in before.output
    assert "pending: 0002, 0003, 0004, 0005, 0006, 0007, 0008, 0009, 0010" in before.output

    upgraded = runner.invoke(app, ["db", "upgrade"])
    assert upgraded.exit_code == 0, upgraded.output
    assert "before migrations: marked as revision 0001" in upgraded.output
    assert f"→ {migrate.head()}" in upgraded.output

    services = Services.from_settings(get_settings())
    store = services.store
    assert migrate.status(store.engine) == (migrate.head(), migrate.head())
    with store.engine.connect() as conn:  # the release's tables were revision 0001's
        assert compare_metadata(MigrationContext.configure(conn), schema.metadata) == []
    counts = store.counts()
    assert {k: v for k, v in counts.items() if k in expected["counts"]} == expected["counts"]
    assert counts["vacancies"] == counts["employment_events"] == 0  # tables the upgrade added
    assert store.data_version() == expected["data_version"]
    hr = store.keys.verify(expected["keys"]["hr"])
    assert hr is not None and hr["role"] == "hr"
    dana = store.keys.verify(expected["keys"]["dana"])
    assert dana is not None and dana["employee_id"] == "E013"
    plan = store.plans.get(expected["plan_id"])
    assert (plan["status"], plan["decided_by"], plan["comment"]) == (
        "approved",
        "release-manager",
        "agreed in 1:1",
    )
    _, state = store.conversations.load(expected["conversation_id"], expected["conversation_owner"])
    assert state["turns"] == [{"q": "what are my gaps?", "a": "SQL"}]
    assert store.profiles()["E004"][0] == "Bob has run Kafka clusters for six years."
    rows = store.audit.list(100)
    assert len(rows) == expected["audit_rows"]
    assert sorted(r["path"] for r in rows) == [f"/v1/employees/E00{i}" for i in (1, 2, 3)]
    # The analytics over the upgraded data, and the table the upgrade added, work.
    gaps = services.insights().gaps("E013", "senior-data-engineer")
    assert gaps["gaps"], gaps
    with store.engine.begin() as conn:
        conn.execute(schema.rate_limits.insert().values(bucket="k:x", minute=1, hits=1))
    services.close()


def test_workers_starting_together_migrate_once(
    database: str, request: pytest.FixtureRequest
) -> None:
    _restore_release(database, request)
    url = get_settings().resolved_database_url
    reports: list[Any] = []
    barrier = threading.Barrier(4)

    def start() -> None:
        engine = create_engine(url)
        barrier.wait()
        try:
            reports.append(migrate.upgrade(engine))
        except Exception as exc:  # reported below
            reports.append(exc)
        engine.dispose()

    threads = [threading.Thread(target=start) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not [r for r in reports if isinstance(r, Exception)], reports
    assert sum(1 for r in reports if r.applied) == 1
    assert [r.after for r in reports] == [migrate.head()] * 4


def test_a_database_from_a_newer_version_is_refused(settings: Settings) -> None:
    store = Store.from_settings(settings)
    with store.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '0099'"))
    store.close()
    with pytest.raises(DependencyError, match=r"revision 0099.*newer version"):
        Store.from_settings(settings)


def test_with_automatic_upgrades_off_an_old_schema_is_refused_until_upgraded(
    database: str, request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> None:
    _restore_release(database, request)
    monkeypatch.setenv("TALENT_DATABASE_AUTO_UPGRADE", "false")
    get_settings.cache_clear()
    with pytest.raises(DependencyError, match="run `talent db upgrade`"):
        Store.from_settings(get_settings())
    assert runner.invoke(app, ["db", "upgrade"]).exit_code == 0
    Store.from_settings(get_settings()).close()
