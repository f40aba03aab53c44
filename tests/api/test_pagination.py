"""Lists come in pages: `limit` (at most 1,000) and the `next_cursor` of the previous page.
Walking the pages yields every item the caller may see exactly once, in id order."""

from __future__ import annotations

import csv
from typing import Any

from fastapi.testclient import TestClient

from tests.support.organisations import SAMPLE
from tests.support.servers import auth

with (SAMPLE / "events.csv").open(encoding="utf-8") as _rows:
    _LEFT = {row["employee_id"] for row in csv.DictReader(_rows) if row["type"] == "leave"}
with (SAMPLE / "employees.csv").open(encoding="utf-8") as _rows:
    # the organisation today: former employees (a leave in events.csv) are not in it
    PEOPLE = [row for row in csv.DictReader(_rows) if row["employee_id"] not in _LEFT]


def _walk(client: TestClient, key: str, path: str, field: str, **params: Any) -> list[Any]:
    items: list[Any] = []
    cursor = None
    for _ in range(100):
        query = {**params, **({"cursor": cursor} if cursor else {})}
        r = client.get(path, headers=auth(key), params=query)
        assert r.status_code == 200, r.text
        body = r.json()
        assert len(body[field]) <= params.get("limit", 100)
        items += body[field]
        cursor = body["next_cursor"]
        if cursor is None:
            assert body["total"] == len(items)
            return items
    raise AssertionError("the pages never ended")


def test_walking_the_employee_pages_yields_everyone_once_in_order(
    client: TestClient, keys: dict[str, str]
) -> None:
    people = _walk(client, keys["hr"], "/v1/employees", "employees", limit=10)
    ids = [p["employee_id"] for p in people]
    assert ids == sorted(ids) and len(set(ids)) == len(ids)
    assert set(ids) == {row["employee_id"] for row in PEOPLE}


def test_a_manager_pages_through_their_reports_only(
    client: TestClient, keys: dict[str, str]
) -> None:
    reports = {row["employee_id"] for row in PEOPLE if row["manager_id"] == "E012"} | {"E012"}
    people = _walk(client, keys["manager"], "/v1/employees", "employees", limit=2)
    assert {p["employee_id"] for p in people} == reports


def test_the_employee_list_filters_by_name_team_or_department(
    client: TestClient, keys: dict[str, str]
) -> None:
    r = client.get("/v1/employees", headers=auth(keys["hr"]), params={"q": "okafor"})
    assert [p["name"] for p in r.json()["employees"]] == ["Dana Okafor"]
    data_team = {row["employee_id"] for row in PEOPLE if row["team"] == "Data"}
    team = _walk(client, keys["hr"], "/v1/employees", "employees", q="data", limit=5)
    assert data_team <= {p["employee_id"] for p in team}


def test_roles_skills_plans_and_documents_are_paged_too(
    client: TestClient, keys: dict[str, str]
) -> None:
    roles = _walk(client, keys["hr"], "/v1/roles", "roles", limit=4)
    assert len(roles) == len({r["role_id"] for r in roles}) >= 18
    skills = _walk(client, keys["hr"], "/v1/skills", "skills", limit=25)
    assert len(skills) == len({s["skill_id"] for s in skills}) == 68
    for who in ("E013", "E004", "E014"):
        assert client.post("/v1/plans", headers=auth(keys["hr"]), json={"employee_id": who})
    plans = _walk(client, keys["hr"], "/v1/plans", "plans", limit=1)
    assert len(plans) == len({p["plan_id"] for p in plans}) >= 3
    r = client.get("/v1/documents", headers=auth(keys["hr"]), params={"limit": 1})
    body = r.json()
    assert len(body["job_descriptions"]) + len(body["profiles"]) == 1
    assert body["total"] >= 1


def test_a_limit_past_the_maximum_or_a_forged_cursor_is_a_clear_4xx(
    client: TestClient, keys: dict[str, str]
) -> None:
    too_many = client.get("/v1/employees", headers=auth(keys["hr"]), params={"limit": 1001})
    assert too_many.status_code == 422 and "limit" in too_many.json()["detail"]
    forged = client.get("/v1/employees", headers=auth(keys["hr"]), params={"cursor": "%%%"})
    assert forged.status_code == 400 and "cursor" in forged.json()["detail"]
    first = client.get("/v1/employees", headers=auth(keys["hr"]), params={"limit": 1000})
    assert len(first.json()["employees"]) == len(PEOPLE) and first.json()["next_cursor"] is None
