"""/v1/employees/{id}/next-roles and /v1/roles/{id}/paths over the sample organisation: the
hand-worked numbers of tests/domain/test_paths.py through the API, who may ask, and counts of
fewer people than the minimum group withheld from anyone but HR and admins."""

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
        "emily": store.keys.create("employee", "E040", "test-emily")["key"],
        "carmen": store.keys.create("manager", "E032", "test-carmen")["key"],  # Emily's lead
    }


def get(client: TestClient, key: str, path: str) -> Any:
    response = client.get(path, headers=auth(key))
    assert response.status_code == 200, response.text
    return response.json()


def _roles(data: dict[str, Any]) -> list[tuple[str, float, list[str]]]:
    return [(r["role_id"], r["readiness"], r["sources"]) for r in data["next_roles"]]


def test_hr_gets_a_persons_next_roles_with_every_move_seen(
    client: TestClient, keys: dict[str, str]
) -> None:
    data = get(client, keys["hr"], "/v1/employees/E040/next-roles")
    assert _roles(data) == [
        ("service-desk-lead", 0.3109, ["declared"]),
        ("security-analyst", 0.0536, ["declared"]),
        ("platform-engineer", 0.0, ["observed"]),  # Kwame's move: one person
    ]
    assert data["next_roles"][0]["gaps"][0] == {
        "skill_id": "people-management",
        "name": "People Management",
        "required": 3,
        "current": 0,
        "gap": 3,
    }


def test_an_employee_sees_their_own_without_a_move_that_names_someone(
    client: TestClient, more_keys: dict[str, str]
) -> None:
    data = get(client, more_keys["emily"], "/v1/employees/E040/next-roles")
    assert [r["role_id"] for r in data["next_roles"]] == ["service-desk-lead", "security-analyst"]
    assert "Kwame" not in str(data)


@pytest.mark.parametrize(
    ("who", "employee", "status"),
    [
        ("emily", "E018", 403),  # an employee: only themselves
        ("carmen", "E040", 200),  # her lead
        ("carmen", "E018", 403),  # not in Carmen's line
        ("manager", "E018", 200),  # Ingrid leads the Data team
    ],
)
def test_next_roles_follow_who_may_see_whom(
    client: TestClient,
    keys: dict[str, str],
    more_keys: dict[str, str],
    who: str,
    employee: str,
    status: int,
) -> None:
    key = {**keys, **more_keys}[who]
    response = client.get(f"/v1/employees/{employee}/next-roles", headers=auth(key))
    assert response.status_code == status, response.text
    if status == 403:
        assert "next_roles" not in response.json()


def test_a_roles_paths_and_movements_for_hr_and_for_everyone_else(
    client: TestClient, keys: dict[str, str]
) -> None:
    hr = get(client, keys["hr"], "/v1/roles/platform-engineer/paths")
    assert (hr["hired"], hr["left"], hr["holders"], hr["suppressed"]) == (2, 1, 6, False)
    assert [(p["role_id"], p["sources"]) for p in hr["leads_to"]] == [
        ("site-reliability-engineer", ["declared", "observed"]),
        ("senior-platform-engineer", ["declared", "overlap"]),
    ]
    assert [p["role_id"] for p in hr["comes_from"]] == ["service-desk-analyst"]
    dana = get(client, keys["employee"], "/v1/roles/platform-engineer/paths")
    assert (dana["hired"], dana["left"], dana["suppressed"]) == (None, None, True)
    assert dana["moved_in"] == [
        {"role_id": "service-desk-analyst", "title": "Service Desk Analyst", "people": None}
    ]
    # the move is not counted for her: both declared, the closer in skills first
    assert [(p["role_id"], p["sources"]) for p in dana["leads_to"]] == [
        ("senior-platform-engineer", ["declared", "overlap"]),
        ("site-reliability-engineer", ["declared"]),
    ]
    assert dana["comes_from"] == [] and dana["min_group_size"] == 5


def test_a_role_lists_the_roles_it_leads_to(client: TestClient, keys: dict[str, str]) -> None:
    role = get(client, keys["employee"], "/v1/roles/data-analyst")
    assert role["next_roles"] == ["data-scientist", "people-analytics-analyst"]
    missing = client.get("/v1/roles/astronaut/paths", headers=auth(keys["hr"]))
    assert missing.status_code == 404
