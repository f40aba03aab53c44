"""Fixtures shared by the integration tests."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from core.settings import Settings
from retrieval.knowledge import Knowledge
from retrieval.store import Store

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "sample"


def sample_knowledge(home: Path, **overrides: object) -> Knowledge:
    """The sample org in a fresh store, with the fast deterministic twins unless overridden."""
    options: dict[str, object] = {
        "home": home,
        "embedder": "hash",
        "vector_store": "memory",
        "as_of": "2026-11-22",
        **overrides,
    }
    settings = Settings(**options)  # type: ignore[arg-type]
    knowledge = Knowledge(settings, Store.from_settings(settings))
    knowledge.store.load_folder(SAMPLE)
    return knowledge


@pytest.fixture(scope="module")
def sample_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("sample-home")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])
