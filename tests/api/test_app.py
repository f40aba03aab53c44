"""The HTTP edge, in-process."""

from __future__ import annotations

import time
from pathlib import Path

from fastapi.testclient import TestClient

from api.main import create_app
from ingest.native_folder import load_folder
from services import Services


def test_status_reports_loaded_records(settings, mini_folder: Path) -> None:  # type: ignore[no-untyped-def]
    store = Services.from_settings(settings).store
    load_folder(store, mini_folder)
    key = store.keys.create("admin", name="ops")["key"]
    with TestClient(create_app(settings)) as client:
        assert client.get("/healthz").json()["status"] == "ok"
        response = client.get("/v1/status", headers={"Authorization": f"Bearer {key}"})
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ready"
    assert body["records"]["employees"] == 4


def test_a_serving_process_warms_its_organisation_and_search_snapshot_as_it_starts(
    settings, mini_folder: Path
) -> None:  # type: ignore[no-untyped-def]
    services = Services.from_settings(settings)
    load_folder(services.store, mini_folder)
    services.knowledge.reindex()
    cold = create_app(settings)
    warm = create_app(settings.model_copy(update={"warm_on_start": True}))
    with TestClient(cold), TestClient(warm):
        deadline = time.monotonic() + 30
        knowledge = warm.state.services.knowledge
        while knowledge.searcher._current is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert knowledge.searcher._current is not None  # before any search was asked
        assert knowledge._org is not None
        assert cold.state.services.knowledge.searcher._current is None
