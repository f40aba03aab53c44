"""Shared fixtures. Every test gets its own TALENT_HOME; only loopback traffic is allowed."""

from __future__ import annotations

import ipaddress
import shutil
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from core.settings import Settings, get_settings
from storage.store import Store

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "sample"
MINI = Path(__file__).resolve().parent / "fixtures" / "mini_org"

_real_connect = socket.socket.connect


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


@pytest.fixture(autouse=True)
def _no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(socket.socket, "connect", _loopback_only)


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
    s = Store.from_settings(settings)
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
