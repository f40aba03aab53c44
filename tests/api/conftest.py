"""Fixtures shared by the integration tests (helpers live in tests/support)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from api.main import create_app
from core.settings import Settings
from ingest.native_folder import load_folder
from tests.support.organisations import SAMPLE, SAMPLE_AS_OF


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> FastAPI:
    home = tmp_path_factory.mktemp("api-home")
    settings = Settings(home=home, embedder="hash", as_of=SAMPLE_AS_OF)
    application = create_app(settings)
    services = application.state.services
    load_folder(services.store, SAMPLE)
    services.knowledge.reindex()
    return application


@pytest.fixture(scope="module")
def keys(app: FastAPI) -> dict[str, str]:
    store = app.state.services.store
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
