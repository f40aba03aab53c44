"""Limits (413, 429), documents upload/list/delete, scenarios and plan progress."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from core.settings import Settings
from ingest.native_folder import load_folder
from tests.support.organisations import SAMPLE
from tests.support.servers import auth


@pytest.fixture
def small_app(tmp_path: Path) -> tuple[TestClient, dict[str, str]]:
    settings = Settings(
        home=tmp_path / "home",
        embedder="hash",
        as_of="2026-11-22",
        rate_limit_per_minute=3,
        max_body_bytes=2048,
        max_upload_bytes=4096,
    )
    app = create_app(settings)
    store = app.state.services.store
    load_folder(store, SAMPLE)
    keys = {
        "hr": store.keys.create("hr", name="hr")["key"],
        "other": store.keys.create("hr", name="hr2")["key"],
        "employee": store.keys.create("employee", "E013", "dana")["key"],
    }
    return TestClient(app), keys


def test_rate_limit_per_key(small_app: tuple[TestClient, dict[str, str]]) -> None:
    client, keys = small_app
    codes = [client.get("/v1/roles", headers=auth(keys["hr"])).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    limited = client.get("/v1/roles", headers=auth(keys["hr"]))
    assert limited.headers["content-type"].startswith("application/problem+json")
    assert int(limited.headers["retry-after"]) >= 1
    assert client.get("/v1/roles", headers=auth(keys["other"])).status_code == 200  # per key


def test_body_too_large_is_413(small_app: tuple[TestClient, dict[str, str]]) -> None:
    client, keys = small_app
    response = client.post(
        "/v1/skills/match", headers=auth(keys["hr"]), json={"phrases": ["x" * 100] * 50}
    )
    assert response.status_code == 413
    assert response.json()["detail"] == "the request body is larger than 2048 bytes"


def test_documents_upload_list_delete(small_app: tuple[TestClient, dict[str, str]]) -> None:
    client, keys = small_app
    jd = (
        "---\nrole_id: analytics-engineer\ntitle: Analytics Engineer\ndepartment: IT\n---\n"
        "# Analytics Engineer\n\n## Must have\n- Expert in dbt\n- Solid SQL\n"
    )
    files = {"file": ("analytics-engineer.md", jd.encode(), "text/markdown")}
    form = {"kind": "job_description", "entity_id": "analytics-engineer"}
    denied = client.post("/v1/documents", headers=auth(keys["employee"]), files=files, data=form)
    assert denied.status_code == 403
    uploaded = client.post("/v1/documents", headers=auth(keys["hr"]), files=files, data=form)
    assert uploaded.status_code == 201, uploaded.text
    body = uploaded.json()
    assert body["documents"][0]["created_role"] is True
    inferred = {q["skill_id"]: q for q in body["inferred_requirements"]["analytics-engineer"]}
    assert (inferred["dbt"]["level"], inferred["sql"]["level"]) == (5, 3)
    listed = client.get("/v1/documents", headers=auth(keys["hr"])).json()
    assert "analytics-engineer" in {d["role_id"] for d in listed["job_descriptions"]}
    bad = client.post(
        "/v1/documents",
        headers=auth(keys["hr"]),
        files={"file": ("evil.exe", b"MZ", "application/octet-stream")},
        data=form,
    )
    assert bad.status_code == 400 and "unsupported file type" in bad.json()["detail"]
    big = client.post(
        "/v1/documents",
        headers=auth(keys["other"]),
        files={"file": ("big.md", b"# x\n" + b"a" * 5000, "text/markdown")},
        data=form,
    )
    assert big.status_code == 413
    deleted = client.delete(
        "/v1/documents/job_description/analytics-engineer", headers=auth(keys["other"])
    )
    assert deleted.status_code == 200
    listed = client.get("/v1/documents", headers=auth(keys["other"])).json()
    assert "analytics-engineer" not in {d["role_id"] for d in listed["job_descriptions"]}
    # the requirements inferred from the deleted text are gone with it
    role = client.get("/v1/roles/analytics-engineer", headers=auth(keys["other"]))
    assert role.json()["requirements"] == [], role.text


def test_scenario_and_plan_progress(client: TestClient, keys: dict[str, str]) -> None:
    scenario = client.post(
        "/v1/scenarios",
        headers=auth(keys["hr"]),
        json={"role_id": "ml-engineer", "headcount": 4, "by": "2027-11-30"},
    )
    assert scenario.status_code == 200
    demand = scenario.json()["demand"][0]
    assert demand["build"] + demand["buy"] == 4
    assert (
        client.post(
            "/v1/scenarios",
            headers=auth(keys["manager"]),
            json={"role_id": "ml-engineer", "headcount": 1, "by": "2027-11-30"},
        ).status_code
        == 403
    )
    plan = client.post(
        "/v1/plans", headers=auth(keys["manager"]), json={"employee_id": "E013", "weeks": 26}
    ).json()
    client.patch(
        f"/v1/plans/{plan['plan_id']}", headers=auth(keys["hr"]), json={"status": "approved"}
    )
    done = client.post(
        f"/v1/plans/{plan['plan_id']}/actions/0/done", headers=auth(keys["employee"])
    )
    assert done.status_code == 200 and done.json()["status"] == "in_progress"
    mine = client.get("/v1/plans", headers=auth(keys["employee"])).json()["plans"]
    assert mine and {p["employee_id"] for p in mine} == {"E013"}
    bobs = client.get("/v1/plans", headers=auth(keys["bob"])).json()["plans"]
    assert all(p["employee_id"] == "E004" for p in bobs)  # never Dana's
