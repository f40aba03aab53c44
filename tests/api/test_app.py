"""The HTTP edge, in-process."""

from __future__ import annotations

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
