"""Fixtures shared by the integration tests."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from api.main import create_app
from core.settings import Settings
from ingest.native_folder import load_folder
from retrieval.knowledge import Knowledge
from storage.store import Store

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
    load_folder(knowledge.store, SAMPLE)
    return knowledge


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def auth(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> FastAPI:
    home = tmp_path_factory.mktemp("api-home")
    settings = Settings(home=home, embedder="hash", as_of="2026-11-22")
    application = create_app(settings)
    knowledge = application.state.services.knowledge
    load_folder(knowledge.store, SAMPLE)
    knowledge.reindex()
    return application


@pytest.fixture(scope="module")
def keys(app: FastAPI) -> dict[str, str]:
    store = app.state.services.knowledge.store
    return {
        "hr": store.keys.create("hr", name="test-hr")["key"],
        "employee": store.keys.create("employee", "E013", "test-dana")["key"],
        "bob": store.keys.create("employee", "E004", "test-bob")["key"],
        "manager": store.keys.create("manager", "E012", "test-ingrid")["key"],
    }


@pytest.fixture(scope="module")
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app) as c:
        yield c
