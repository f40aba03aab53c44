"""Shared fixtures and the rules every test runs under.

- Markers follow the directory (tests mirror the source tree): `domain/` and `prompts/` hold
  unit tests, `e2e/` browser tests (also `slow`); everything else is `integration` unless its
  module says `pytestmark = pytest.mark.unit`.
- Unit tests may open no socket at all; other tests reach loopback only.
- Every test gets its own TALENT_HOME and the deterministic embedder unless it opts in.

Helpers (servers, organisations) live in tests/support and are imported, not fixtures here.
"""

from __future__ import annotations

import ipaddress
import shutil
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from core.settings import Settings, get_settings
from services import Services
from storage.store import Store
from tests.support.organisations import MINI, SAMPLE
from tests.support.postgres import PostgresServer, postgres_server

TESTS = Path(__file__).resolve().parent
DIRECTORY_MARKS = {"domain": ("unit",), "prompts": ("unit",), "e2e": ("browser", "slow")}

_real_connect = socket.socket.connect


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        directory = Path(str(item.path)).resolve().relative_to(TESTS).parts[0]
        for mark in DIRECTORY_MARKS.get(directory, ()):
            item.add_marker(mark)
        if item.get_closest_marker("unit") is None:
            item.add_marker("integration")


def _loopback_only(self: socket.socket, address: object) -> object:
    host = address[0] if isinstance(address, tuple) else None
    if host is not None and self.family in (socket.AF_INET, socket.AF_INET6):
        try:
            loopback = ipaddress.ip_address(host).is_loopback
        except ValueError:
            loopback = host == "localhost"
        if not loopback:
            raise OSError(f"network access to {host} is blocked in tests (loopback only)")
    return _real_connect(self, address)  # type: ignore[arg-type]


def _no_sockets(self: socket.socket, address: object) -> object:
    if self.family in (socket.AF_INET, socket.AF_INET6):
        raise OSError(f"unit tests open no connections (tried {address}); mark it integration")
    return _real_connect(self, address)  # type: ignore[arg-type]


@pytest.fixture(autouse=True)
def _no_network(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    unit = request.node.get_closest_marker("unit") is not None
    monkeypatch.setattr(socket.socket, "connect", _no_sockets if unit else _loopback_only)


@pytest.fixture(autouse=True)
def talent_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    home = tmp_path / "var"
    monkeypatch.setenv("TALENT_HOME", str(home))
    monkeypatch.delenv("TALENT_DATABASE_URL", raising=False)
    monkeypatch.delenv("TALENT_CHROMA_URL", raising=False)
    # The deterministic embedder keeps most tests fast; retrieval tests opt into the model.
    monkeypatch.setenv("TALENT_EMBEDDER", "hash")
    get_settings.cache_clear()
    yield home
    get_settings.cache_clear()


@pytest.fixture
def settings(talent_home: Path) -> Settings:
    return get_settings()


@pytest.fixture
def store(settings: Settings) -> Iterator[Store]:
    s = Services.from_settings(settings).store
    yield s
    s.close()


@pytest.fixture
def mini_folder(tmp_path: Path) -> Path:
    """A private copy of the mini org that a test may edit."""
    target = tmp_path / "mini_org"
    shutil.copytree(MINI, target)
    return target


@pytest.fixture
def sample_folder() -> Path:
    return SAMPLE


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    """One throw-away PostgreSQL cluster for the whole run, started on first use."""
    with postgres_server() as server:
        yield server


@pytest.fixture
def postgres_url(postgres: PostgresServer, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A fresh database on the test cluster, made this test's TALENT_DATABASE_URL."""
    name = postgres.create_database()
    url = postgres.url(name)
    monkeypatch.setenv("TALENT_DATABASE_URL", url)
    get_settings.cache_clear()
    yield url
    get_settings.cache_clear()
    postgres.drop_database(name)
