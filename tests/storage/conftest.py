"""The store's tests run twice: on SQLite (the default) and on a real PostgreSQL server."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True, params=["sqlite", "postgresql"])
def database(request: pytest.FixtureRequest, talent_home: Path) -> str:
    """The SQLAlchemy dialect under test; Postgres gets a fresh database per test."""
    if request.param == "postgresql":
        request.getfixturevalue("postgres_url")
    return str(request.param)
