"""/v1/talent-flow, /v1/vacancies and /v1/events over the sample organisation: the figures,
who may see them and in how much detail, and records sent as JSON (all or nothing)."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.support.servers import auth


@pytest.fixture(scope="module")
def more_keys(app: FastAPI) -> dict[str, str]:
    store = app.state.services.store
    return {
        "evaluator": store.keys.create("evaluator", name="test-eval")["key"],
        "admin": store.keys.create("admin", name="test-admin")["key"],
        # the Service Desk's lead: one team of nine
        "carmen": store.keys.create("manager", "E032", "test-carmen")["key"],
    }


def get(client: TestClient, key: str, path: str, **params: Any) -> Any:
    response = client.get(path, params=params, headers=auth(key))
    assert response.status_code == 200, response.text
    return response.json()


def test_hr_gets_every_figure_with_the_leavers_named(
    client: TestClient, keys: dict[str, str]
) -> None:
    data = get(client, keys["hr"], "/v1/talent-flow", as_of="2026-09-30")
    assert data["time_to_fill"]["median_days"] == 74.0
    assert data["open_vacancies"]["open"] == 7
    assert data["internal_fill"]["rate"] == 0.4
    retention = data["retention"]
    assert (retention["cohort"], retention["rate"]) == (24, 0.875)
    assert [p["name"] for p in retention["leavers_named"]] == [
        "Rosa Jiménez",
        "Omar Farouk",
        "Ines Carvalho",
    ]
    assert "cohort_ids" not in retention and "leaver_ids" not in retention
    assert "level 4 or above" in retention["definition"]


def test_evaluators_get_figures_and_no_names(client: TestClient, more_keys: dict[str, str]) -> None:
    data = get(client, more_keys["evaluator"], "/v1/talent-flow", as_of="2025-12-31")
    assert data["retention"]["rate"] == 0.7857
    text = str(data)
    assert "leavers_named" not in text and "E067" not in text and "Oskar" not in text
    assert "vacancy_ids" not in data["time_to_fill"]


def test_a_manager_sees_their_own_teams_only(client: TestClient, more_keys: dict[str, str]) -> None:
    data = get(client, more_keys["carmen"], "/v1/talent-flow", as_of="2026-09-30")
    assert data["scope"] == "teams Service Desk"
    assert [v["vacancy_id"] for v in data["open_vacancies"]["vacancies"]] == ["V-2608"]
    # six top technologists in her team on 2025-09-30, none left: enough people to show
    assert (data["retention"]["cohort"], data["retention"]["rate"]) == (6, 1.0)
    assert "leavers_named" not in data["retention"]


def test_employees_get_none_of_it(client: TestClient, keys: dict[str, str]) -> None:
    for path in ("/v1/talent-flow", "/v1/talent-flow/series", "/v1/vacancies", "/v1/events"):
        response = client.get(path, headers=auth(keys["employee"]))
        assert response.status_code == 403, path
    response = client.get("/v1/events", headers=auth(keys["manager"]))
    assert response.status_code == 403  # they name people: HR and admins


def test_a_day_after_the_service_day_is_refused(client: TestClient, keys: dict[str, str]) -> None:
    response = client.get(
        "/v1/talent-flow", params={"as_of": "2027-01-01"}, headers=auth(keys["hr"])
    )
    assert response.status_code == 400 and "after the service's day" in response.json()["detail"]


def test_the_series_is_the_figures_at_each_quarter_end(
    client: TestClient, keys: dict[str, str]
) -> None:
    data = get(client, keys["hr"], "/v1/talent-flow/series", quarters=8)
    assert [q["quarter"] for q in data["quarters"]] == [
        "2024Q4", "2025Q1", "2025Q2", "2025Q3", "2025Q4", "2026Q1", "2026Q2", "2026Q3"
    ]  # fmt: skip
    by_quarter = {q["quarter"]: q for q in data["quarters"]}
    assert by_quarter["2025Q2"]["time_to_fill_median_days"] == 77.5
    assert by_quarter["2025Q4"]["retention_rate"] == 0.7857
    assert by_quarter["2026Q3"]["open_vacancies"] == 7


def test_vacancies_as_they_stood_on_a_day(client: TestClient, keys: dict[str, str]) -> None:
    data = get(client, keys["hr"], "/v1/vacancies", as_of="2025-06-30", status="open")
    assert [v["vacancy_id"] for v in data["vacancies"]] == ["V-2501", "V-2503", "V-2504"]
    # V-2504 was filled later: on that day it was open, nobody had filled it yet
    v2504 = data["vacancies"][2]
    assert v2504["status"] == "open" and v2504["filled_by"] is None
    filled = get(client, keys["hr"], "/v1/vacancies", status="filled", limit=100)
    by_id = {v["vacancy_id"]: v for v in filled["vacancies"]}
    assert by_id["V-2502"]["filled_by_name"] == "Rafael Mendoza"


def test_events_newest_first(client: TestClient, keys: dict[str, str]) -> None:
    data = get(client, keys["hr"], "/v1/events", type="leave", limit=3)
    assert [e["name"] for e in data["events"]] == ["Ines Carvalho", "Clara Schulz", "Omar Farouk"]
    assert data["total"] == 11 and data["next_cursor"]


def test_records_sent_as_json_are_all_or_nothing(
    client: TestClient, keys: dict[str, str], more_keys: dict[str, str]
) -> None:
    good = {
        "vacancy_id": "V-2609",
        "role_id": "ml-engineer",
        "team": "ML",
        "opened": "2026-10-05",
        "status": "open",
        "critical": True,
    }
    bad = {**good, "vacancy_id": "V-2610", "role_id": "prompt-whisperer"}
    response = client.post(
        "/v1/vacancies", json={"vacancies": [good, bad]}, headers=auth(keys["hr"])
    )
    assert response.status_code == 400
    assert "vacancies (request body), item 2, field 'role_id'" in response.json()["detail"]
    assert all(
        v["vacancy_id"] != "V-2609"
        for v in get(client, keys["hr"], "/v1/vacancies", limit=1000)["vacancies"]
    )
    response = client.post("/v1/vacancies", json={"vacancies": [good]}, headers=auth(keys["hr"]))
    assert response.json() == {"inserted": 1, "updated": 0, "unchanged": 0}
    again = client.post("/v1/vacancies", json={"vacancies": [good]}, headers=auth(keys["hr"]))
    assert again.json() == {"inserted": 0, "updated": 0, "unchanged": 1}
    data = get(client, keys["hr"], "/v1/talent-flow")
    assert any(v["vacancy_id"] == "V-2609" for v in data["open_vacancies"]["vacancies"])
    refused = client.post(
        "/v1/vacancies", json={"vacancies": [good]}, headers=auth(more_keys["evaluator"])
    )
    assert refused.status_code == 403
    leave = {
        "event_id": "EV-041",
        "employee_id": "E004",
        "type": "leave",
        "date": "2010-01-04",
        "voluntary": True,
    }
    response = client.post("/v1/events", json={"events": [leave]}, headers=auth(keys["hr"]))
    assert response.status_code == 400
    assert (
        "item 1, field 'date': a leave on 2010-01-04 is before they were hired on 2020-02-17"
        in (response.json()["detail"])
    )
