"""Uploads never block the event loop: while one is being ingested, the server answers."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from api.main import create_app
from core.settings import Settings
from ingest.native_folder import load_folder
from tests.support.organisations import SAMPLE, SAMPLE_AS_OF
from tests.support.servers import auth, serve_in_thread

JD = "# Analytics Engineer\n\n## Must have\n- dbt\n- SQL\n"
ESCO = Path(__file__).resolve().parents[1] / "fixtures" / "esco"


@pytest.fixture
def app(tmp_path: Path) -> FastAPI:
    application = create_app(
        Settings(home=tmp_path, embedder="hash", vector_store="memory", as_of=SAMPLE_AS_OF)
    )
    load_folder(application.state.services.store, SAMPLE)
    return application


def _hold_ingestion(app: FastAPI, monkeypatch: pytest.MonkeyPatch) -> tuple[Any, Any]:
    """Ingestion waits until released: a large upload, for as long as the test needs."""
    started, release = threading.Event(), threading.Event()
    ingestor = app.state.services.ingestor
    ingest = ingestor.ingest

    def held(*args: Any, **kwargs: Any) -> Any:
        started.set()
        assert release.wait(30)
        return ingest(*args, **kwargs)

    monkeypatch.setattr(ingestor, "ingest", held)
    return started, release


@pytest.mark.parametrize("endpoint", ["documents", "frameworks"])
def test_the_server_answers_while_an_upload_is_ingested(
    app: FastAPI, monkeypatch: pytest.MonkeyPatch, endpoint: str
) -> None:
    key = app.state.services.store.keys.create("hr", name="loop")["key"]
    started, release = _hold_ingestion(app, monkeypatch)
    if endpoint == "documents":
        request: dict[str, Any] = {
            "files": {"file": ("jd.md", JD.encode(), "text/markdown")},
            "data": {"kind": "job_description", "entity_id": "analytics-engineer"},
        }
    else:
        request = {
            "files": [("files", (p.name, p.read_bytes(), "text/csv")) for p in ESCO.iterdir()]
        }
    with serve_in_thread(app) as url:
        result: dict[str, Any] = {}

        def upload() -> None:
            result["response"] = httpx.post(
                f"{url}/v1/{endpoint}", headers=auth(key), timeout=60, **request
            )

        uploader = threading.Thread(target=upload)
        uploader.start()
        assert started.wait(30), "the upload reached ingestion"
        try:
            # Ingestion is still running (held): the loop must be free to answer.
            assert httpx.get(f"{url}/healthz", timeout=5).status_code == 200
            me = httpx.get(f"{url}/v1/me", headers=auth(key), timeout=5)
            assert me.status_code == 200
        finally:
            release.set()
            uploader.join(60)
        assert result["response"].status_code == 201, result["response"].text


def test_a_store_held_by_another_writer_answers_503_with_retry_after(tmp_path: Path) -> None:
    """`talent load` in another process holds the write lock: requests wait the busy timeout,
    then get 503 with Retry-After, never a 500 (and the audit write does not fail them)."""
    import sqlite3

    from fastapi.testclient import TestClient

    app = create_app(
        Settings(
            home=tmp_path,
            embedder="hash",
            vector_store="memory",
            as_of=SAMPLE_AS_OF,
            store_busy_timeout_ms=200,
        )
    )
    store = app.state.services.store
    load_folder(store, SAMPLE)
    key = store.keys.create("hr", name="busy")["key"]
    other = sqlite3.connect(tmp_path / "talent.db", isolation_level=None)
    with TestClient(app, raise_server_exceptions=False) as client:
        assert client.get("/v1/me", headers=auth(key)).status_code == 200
        other.execute("BEGIN EXCLUSIVE")
        try:
            response = client.post("/v1/plans", headers=auth(key), json={"employee_id": "E013"})
            assert response.status_code == 503, response.text
            assert int(response.headers["retry-after"]) >= 1
            assert response.headers["content-type"].startswith("application/problem+json")
        finally:
            other.execute("ROLLBACK")
            other.close()
        assert (
            client.post("/v1/plans", headers=auth(key), json={"employee_id": "E013"}).status_code
            == 201
        )
    # The 503's audit row waited for the store and was written with the next one.
    rows = [(e["status"], e["path"]) for e in store.audit.list(10)]
    assert (503, "/v1/plans") in rows[:3] and (201, "/v1/plans") in rows[:3], rows
