"""Every API request leaves one audit row, whatever became of it: allowed, denied (403),
unauthenticated (401), rejected (other 4xx) or failed (5xx). A row names the key (id and
role), the method, the path, the status, the records cited and the latency; never the key."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from api.main import create_app
from core.settings import Settings
from ingest.native_folder import load_folder
from tests.support.organisations import SAMPLE, SAMPLE_AS_OF


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def app(tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest) -> FastAPI:
    """The audit log on SQLite and on a real PostgreSQL server."""
    home = tmp_path_factory.mktemp("audit-home")
    database_url = ""
    if request.param == "postgresql":
        database_url = request.getfixturevalue("postgres").url_of_new_database()
    application = create_app(
        Settings(
            home=home,
            database_url=database_url,
            embedder="hash",
            vector_store="memory",
            as_of=SAMPLE_AS_OF,
        )
    )
    services = application.state.services
    load_folder(services.store, SAMPLE)
    services.knowledge.reindex()
    return application


@pytest.fixture(scope="module")
def keys(app: FastAPI) -> dict[str, dict[str, Any]]:
    store = app.state.services.store
    return {
        "hr": store.keys.create("hr", name="audit-hr"),
        "dana": store.keys.create("employee", "E013", "audit-dana"),
        "ingrid": store.keys.create("manager", "E012", "audit-ingrid"),
        "admin": store.keys.create("admin", name="audit-admin"),
    }


@pytest.fixture(scope="module")
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c


def _as(keys: dict[str, dict[str, Any]], who: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {keys[who]['key']}"}


def _events(app: FastAPI) -> list[dict[str, Any]]:
    events: list[dict[str, Any]] = app.state.services.store.audit.list(100_000)
    return events


def _one_new_row(app: FastAPI, before: int) -> dict[str, Any]:
    events = _events(app)
    assert len(events) == before + 1, [e["path"] for e in events[: len(events) - before]]
    return events[0]


def test_a_request_without_a_key_is_audited_as_unauthenticated(
    app: FastAPI, client: TestClient
) -> None:
    before = len(_events(app))
    assert client.get("/v1/employees").status_code == 401
    row = _one_new_row(app, before)
    assert row["outcome"] == "unauthenticated"
    assert (row["method"], row["path"], row["status"]) == ("GET", "/v1/employees", 401)
    assert row["key_id"] is None


def test_a_wrong_key_is_audited_and_never_stored(app: FastAPI, client: TestClient) -> None:
    wrong = "ti_this-is-not-a-key-0123456789"
    before = len(_events(app))
    response = client.get("/v1/me", headers={"Authorization": f"Bearer {wrong}"})
    assert response.status_code == 401
    row = _one_new_row(app, before)
    assert row["outcome"] == "unauthenticated"
    assert wrong not in repr(_events(app))


def test_a_denied_request_is_audited_with_the_key_and_role(
    app: FastAPI, client: TestClient, keys: dict[str, dict[str, Any]]
) -> None:
    before = len(_events(app))
    response = client.get("/v1/employees/E004/gaps", headers=_as(keys, "dana"))
    assert response.status_code == 403
    row = _one_new_row(app, before)
    assert row["outcome"] == "denied"
    assert row["key_id"] == keys["dana"]["key_id"]
    assert row["role"] == "employee"
    assert (row["method"], row["path"], row["status"]) == ("GET", "/v1/employees/E004/gaps", 403)


def test_invalid_input_is_audited_as_rejected(
    app: FastAPI, client: TestClient, keys: dict[str, dict[str, Any]]
) -> None:
    before = len(_events(app))
    response = client.post("/v1/chat", json={"nothing": 1}, headers=_as(keys, "hr"))
    assert response.status_code == 422
    row = _one_new_row(app, before)
    assert (row["outcome"], row["status"], row["role"]) == ("rejected", 422, "hr")


def test_a_failing_request_is_audited_as_failed(
    app: FastAPI,
    client: TestClient,
    keys: dict[str, dict[str, Any]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken(*_args: Any, **_kwargs: Any) -> Any:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(app.state.services.store.plans, "list", broken)
    before = len(_events(app))
    assert client.get("/v1/plans", headers=_as(keys, "hr")).status_code == 500
    row = _one_new_row(app, before)
    assert (row["outcome"], row["status"], row["path"]) == ("failed", 500, "/v1/plans")
    assert "disk on fire" not in repr(row)


def test_a_chat_row_names_the_question_the_tools_and_the_records_cited(
    app: FastAPI, client: TestClient, keys: dict[str, dict[str, Any]]
) -> None:
    before = len(_events(app))
    response = client.post(
        "/v1/chat", json={"message": "What are my gaps?"}, headers=_as(keys, "dana")
    )
    assert response.status_code == 200
    row = _one_new_row(app, before)
    assert (row["outcome"], row["method"], row["path"]) == ("allowed", "POST", "/v1/chat")
    assert row["key_id"] == keys["dana"]["key_id"] and row["role"] == "employee"
    assert row["question"] == "What are my gaps?"
    assert "employee:E013" in row["details"]["cited"]
    assert row["latency_ms"] > 0


def test_a_streamed_chat_is_audited_once(
    app: FastAPI, client: TestClient, keys: dict[str, dict[str, Any]]
) -> None:
    before = len(_events(app))
    body = {"message": "What are my gaps?", "stream": True}
    with client.stream("POST", "/v1/chat", json=body, headers=_as(keys, "dana")) as response:
        assert "event: final" in response.read().decode()
    assert _one_new_row(app, before)["status"] == 200


def test_every_kind_of_request_writes_exactly_one_row(
    app: FastAPI, client: TestClient, keys: dict[str, dict[str, Any]]
) -> None:
    """The requests the audit used to miss: plan reads, approvals and progress, heatmaps,
    document deletions, listings, and the audit log itself."""
    drafted = client.post(
        "/v1/plans", json={"employee_id": "E013"}, headers=_as(keys, "dana")
    ).json()
    plan = f"/v1/plans/{drafted['plan_id']}"
    calls: list[tuple[str, str, str, dict[str, Any] | None, int]] = [
        ("GET", plan, "dana", None, 200),
        ("GET", "/v1/plans", "ingrid", None, 200),
        ("PATCH", plan, "ingrid", {"status": "approved"}, 200),
        ("POST", f"{plan}/actions/0/done", "dana", None, 200),
        ("GET", "/v1/teams/Data/heatmap", "hr", None, 200),
        ("GET", "/v1/me", "dana", None, 200),
        ("GET", "/v1/capabilities", "dana", None, 200),
        ("GET", "/v1/skills/spark", "dana", None, 200),
        ("GET", "/v1/documents", "hr", None, 200),
        ("DELETE", "/v1/documents/job_description/data-engineer", "hr", None, 200),
        ("GET", "/v1/audit?limit=1", "admin", None, 200),
        ("GET", "/v1/employees/E999", "hr", None, 404),
    ]
    for method, path, who, body, status in calls:
        before = len(_events(app))
        response = client.request(method, path, json=body, headers=_as(keys, who))
        assert response.status_code == status, (method, path, response.text)
        row = _one_new_row(app, before)
        assert (row["method"], row["path"].split("?")[0], row["status"]) == (
            method,
            path.split("?")[0],
            status,
        )
        assert row["key_id"] == keys[who]["key_id"]


def test_the_audit_api_shows_outcome_key_id_method_and_path(
    client: TestClient, keys: dict[str, dict[str, Any]]
) -> None:
    client.get("/v1/teams", headers=_as(keys, "ingrid"))
    events = client.get("/v1/audit?limit=5", headers=_as(keys, "admin")).json()["events"]
    teams = next(e for e in events if e["path"] == "/v1/teams")
    assert teams["key_id"] == keys["ingrid"]["key_id"]
    assert (teams["outcome"], teams["method"], teams["role"]) == ("allowed", "GET", "manager")


def test_probes_and_static_files_are_not_audited(app: FastAPI, client: TestClient) -> None:
    before = len(_events(app))
    for path in ("/healthz", "/readyz", "/", "/static/app.css", "/openapi.json"):
        client.get(path)
    assert len(_events(app)) == before
