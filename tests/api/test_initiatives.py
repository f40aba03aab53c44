"""/v1/initiatives over the sample's support copilot: what it needs for everyone; coverage,
gaps and the roadmap for HR, evaluators (no names) and the managers of its teams (their own
reports named); review by HR or those managers; a new initiative read from its text."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from ingest.initiatives import read_initiatives
from tests.support.organisations import SAMPLE
from tests.support.servers import auth

PATH = "/v1/initiatives/support-copilot"


@pytest.fixture(scope="module")
def more_keys(app: FastAPI) -> dict[str, str]:
    services = app.state.services
    teams = {e.team for e in services.store.employees()}
    services.ingestor.store_initiatives(read_initiatives(SAMPLE, teams))
    store = services.store
    return {
        "carmen": store.keys.create("manager", "E032", "test-carmen")["key"],  # Service Desk
        "evaluator": store.keys.create("evaluator", name="test-eval")["key"],
    }


def get(client: TestClient, key: str, path: str, status: int = 200) -> Any:
    response = client.get(path, headers=auth(key))
    assert response.status_code == status, response.text
    return response.json()


def test_everyone_sees_what_it_needs_and_only_some_the_teams_figures(
    client: TestClient, keys: dict[str, str], more_keys: dict[str, str]
) -> None:
    hr = get(client, keys["hr"], PATH)
    assert hr["figures"] and hr["readiness"] == round(47 / 91, 4)  # tests/domain
    assert [r["meet_ids"] for r in hr["competencies"] if r["skill_id"] == "prompt-engineering"] == [
        ["E024"]
    ]
    dana = get(client, keys["employee"], PATH)
    assert not dana["figures"] and dana["competencies"] == [] and len(dana["needs"]) == 13
    get(client, keys["employee"], f"{PATH}/readiness", 403)
    ingrid = get(client, keys["manager"], PATH)  # the Data team is not in it
    assert not ingrid["figures"]
    carmen = get(client, more_keys["carmen"], PATH)
    named = {p for r in carmen["competencies"] for p in r["meet_ids"]}
    assert carmen["figures"] and named and named <= {f"E0{n}" for n in range(32, 41)}
    assert "E024" not in str(carmen["competencies"])  # Amara (ML) is not Carmen's report
    evaluator = get(client, more_keys["evaluator"], PATH)
    assert evaluator["figures"] and all(not r["meet_ids"] for r in evaluator["competencies"])
    assert all(s["employee_id"] is None for s in evaluator["roadmap"])


def test_ready_by_a_day(client: TestClient, keys: dict[str, str]) -> None:
    today = get(client, keys["hr"], f"{PATH}/readiness?by=2026-11-22")
    assert not today["check"]["ready"]
    assert {s["skill_id"] for s in today["check"]["short"]} >= {"llm-app-dev", "itsm-practices"}
    target = get(client, keys["hr"], f"{PATH}/readiness")
    assert target["check"] == {"day": "2027-06-30", "ready": True, "short": []}
    bad = get(client, keys["hr"], f"{PATH}/readiness?by=June", 400)
    assert "by: 'June' is not a date" in bad["detail"]


def test_review_by_hr_or_the_teams_managers(
    client: TestClient, keys: dict[str, str], more_keys: dict[str, str]
) -> None:
    body = {"competencies": [{"skill_id": "llm-app-dev", "level": 3, "importance": 5}]}
    refused = client.put(f"{PATH}/competencies", json=body, headers=auth(keys["manager"]))
    assert refused.status_code == 403
    unknown = client.put(
        f"{PATH}/competencies",
        json={"competencies": [{"skill_id": "astrology", "level": 3}]},
        headers=auth(keys["hr"]),
    )
    assert unknown.status_code == 400 and "unknown skill(s): astrology" in unknown.text
    done = client.put(f"{PATH}/competencies", json=body, headers=auth(more_keys["carmen"]))
    assert done.status_code == 200, done.text
    data = done.json()
    assert data["reviewed"] and data["reviewed_by"] == "manager:E032"
    assert [(n["skill_id"], n["level"], n["people"], n["inferred"]) for n in data["needs"]] == [
        ("llm-app-dev", 3, 2, False)
    ]


def test_a_new_initiative_is_read_from_its_text(client: TestClient, keys: dict[str, str]) -> None:
    text = (
        "## Must have\n- Solid Python and SQL for the claims features.\n"
        "## Nice to have\n- Familiarity with Apache Spark.\n"
    )
    body = {
        "title": "Claims triage",
        "description": text,
        "target": "2027-09-30",
        "teams": ["Data"],
    }
    employee = client.post("/v1/initiatives", json=body, headers=auth(keys["employee"]))
    assert employee.status_code == 403
    made = client.post("/v1/initiatives", json=body, headers=auth(keys["hr"]))
    assert made.status_code == 201, made.text
    needs = {n["skill_id"]: (n["level"], n["importance"]) for n in made.json()["needs"]}
    assert needs["python"] == (3, 5) and needs["sql"] == (3, 5) and needs["apache-spark"] == (2, 2)
    assert made.json()["initiative_id"] == "claims-triage"
    wrong = client.post(
        "/v1/initiatives", json={**body, "teams": ["Moon"]}, headers=auth(keys["hr"])
    )
    assert wrong.status_code == 400 and "teams: no team called 'Moon'" in wrong.text
    get(client, keys["hr"], "/v1/initiatives/nothing-here", 404)


def test_the_readiness_answer_is_the_same_whoever_may_see_it(
    client: TestClient, keys: dict[str, str], more_keys: dict[str, str]
) -> None:
    path = f"{PATH}/readiness?by=2027-03-31"
    hr = get(client, keys["hr"], path)
    carmen = get(client, more_keys["carmen"], path)
    assert hr["check"] == carmen["check"]  # Amara (ML) trains in time, named to HR only
    assert [c["train"] for c in hr["competencies"]] == [c["train"] for c in carmen["competencies"]]
