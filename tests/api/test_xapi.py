"""/xapi/statements as an LMS sends them, and /v1/completions as HR reads them."""

from __future__ import annotations

import base64
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

COMPLETED = "http://adlnet.gov/expapi/verbs/completed"
V = {"X-Experience-API-Version": "1.0.3"}


@pytest.fixture(scope="module")
def plan_id(app: FastAPI) -> str:
    """Dana's approved plan towards Senior Data Engineer (its first action: LR-SPARK-DEV)."""
    services = app.state.services
    plans = services.store.plans
    draft = plans.save_draft(services.insights().plan("E013", "senior-data-engineer"), "hr:-")
    plans.set_status(draft["plan_id"], "approved", "manager:E012")
    return str(draft["plan_id"])


@pytest.fixture(scope="module")
def lms(app: FastAPI) -> dict[str, str]:
    key = app.state.services.store.keys.create("lms", name="moodle")["key"]
    return {"Authorization": f"Bearer {key}", **V}


@pytest.fixture(scope="module")
def hr(app: FastAPI) -> dict[str, str]:
    return {"Authorization": f"Bearer {app.state.services.store.keys.create('hr')['key']}"}


def _statement(statement_id: str, person: str, activity: str) -> dict[str, Any]:
    return {
        "id": statement_id,
        "actor": {"mbox": f"mailto:{person}"},
        "verb": {"id": COMPLETED},
        "object": {"id": activity, "definition": {"name": {"en-US": "Spark Developer"}}},
        "timestamp": "2026-11-20T10:00:00+01:00",
    }


SPARK = _statement(
    "8a1f0000-0000-4000-8000-000000000001",
    "dana.okafor@kestrel-mutual.example",
    "https://lms.kestrel-mutual.example/course/LR-SPARK-DEV",
)


def test_a_completion_moves_the_plan_and_twice_changes_nothing(
    plan_id: str, client: TestClient, lms: dict[str, str], hr: dict[str, str]
) -> None:
    plan_url = f"/v1/plans/{plan_id}"
    before = client.get(plan_url, headers=hr).json()
    assert before["progress"]["done"] == 0
    sent = client.post("/xapi/statements", json=[SPARK], headers=lms)
    assert sent.status_code == 200, sent.text
    assert sent.json() == [SPARK["id"]]
    assert sent.headers["x-experience-api-version"] == "1.0.3"
    after = client.get(plan_url, headers=hr).json()
    assert after["status"] == "in_progress"
    assert after["progress"]["done"] == 1
    assert after["actions"][0]["evidence"]["source"] == "course completion"
    assert after["actions"][0]["done_on"] == "2026-11-20"
    again = client.put(
        "/xapi/statements", params={"statementId": SPARK["id"]}, json=SPARK, headers=lms
    )
    assert again.status_code == 204
    assert client.get(plan_url, headers=hr).json()["version"] == after["version"]
    listed = client.get("/v1/completions", headers=hr).json()
    assert [(c["statement_id"], c["status"], c["name"]) for c in listed["completions"]] == [
        (SPARK["id"], "applied", "Dana Okafor")
    ]
    assert listed["completions"][0]["actions"] == [{"plan_id": plan_id, "action": 0}]


def test_statements_naming_nobody_are_listed_for_hr(
    client: TestClient, lms: dict[str, str], hr: dict[str, str]
) -> None:
    nobody = _statement(
        "8a1f0000-0000-4000-8000-000000000002", "ghost@elsewhere.example", "LR-SPARK-DEV"
    )
    assert client.post("/xapi/statements", json=nobody, headers=lms).status_code == 200
    unmatched = client.get("/v1/completions", params={"status": "unmatched"}, headers=hr).json()
    assert [(c["person"], c["status"]) for c in unmatched["completions"]] == [
        ("ghost@elsewhere.example", "unknown_person")
    ]
    assert unmatched["counts"]["unknown_person"] == 1


def test_basic_auth_with_the_key_as_password(app: FastAPI, client: TestClient) -> None:
    key = app.state.services.store.keys.create("lms", name="docebo")["key"]
    basic = base64.b64encode(f"docebo:{key}".encode()).decode()
    other = _statement("8a1f0000-0000-4000-8000-000000000003", "E004@x.example", "LR-ML-101")
    answer = client.post(
        "/xapi/statements", json=other, headers={"Authorization": f"Basic {basic}", **V}
    )
    assert answer.status_code == 200, answer.text


def test_bad_requests_say_what_is_wrong(client: TestClient, lms: dict[str, str]) -> None:
    no_version = client.post(
        "/xapi/statements", json=SPARK, headers={"Authorization": lms["Authorization"]}
    )
    assert no_version.status_code == 400
    assert "X-Experience-API-Version" in no_version.json()["error"]
    broken = {**SPARK, "id": "8a1f0000-0000-4000-8000-000000000004", "timestamp": "soon"}
    refused = client.post("/xapi/statements", json=[broken], headers=lms)
    assert refused.status_code == 400
    assert refused.json()["problems"] == [
        "statements (request body), statement 1, field 'timestamp': 'soon' is not an ISO 8601 time"
    ]
    rewritten = {**SPARK, "object": {"id": "LR-ML-101"}}
    assert client.post("/xapi/statements", json=rewritten, headers=lms).status_code == 409
    assert client.put("/xapi/statements", json=SPARK, headers=lms).status_code == 400


def test_only_an_lms_key_reports_and_it_reads_nothing(
    app: FastAPI, client: TestClient, lms: dict[str, str], hr: dict[str, str]
) -> None:
    for role in ("hr", "admin", "provisioning"):
        key = app.state.services.store.keys.create(role)["key"]
        refused = client.post(
            "/xapi/statements", json=SPARK, headers={"Authorization": f"Bearer {key}", **V}
        )
        assert refused.status_code == 401, role
    for path in ("/v1/completions", "/v1/plans", "/v1/employees"):
        assert client.get(path, headers=lms).status_code == 403
    assert client.get("/v1/completions", headers=hr).status_code == 200
    employee = app.state.services.store.keys.create("employee", "E013")["key"]
    assert (
        client.get("/v1/completions", headers={"Authorization": f"Bearer {employee}"}).status_code
        == 403
    )
