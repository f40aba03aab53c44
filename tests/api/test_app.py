"""The HTTP edge, in-process."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from api.main import create_app
from ingest.native_folder import load_folder
from services import Services


def test_healthz_reports_loaded_records(settings, mini_folder: Path) -> None:  # type: ignore[no-untyped-def]
    load_folder(Services.from_settings(settings).store, mini_folder)
    with TestClient(create_app(settings)) as client:
        response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["records"]["employees"] == 4
