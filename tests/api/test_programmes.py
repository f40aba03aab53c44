"""/v1/programmes over the sample organisation: HR drafts and approves, people opt in
themselves, the pairs of tests/domain/test_programmes.py come back, and each caller sees
what agent/access.py allows (cohort figures from the minimum group, only their own pair)."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.support.servers import auth

PEOPLE = ["E041", "E047", "E060", "E012", "E013", "E032"]


@pytest.fixture(scope="module")
def people_keys(app: FastAPI) -> dict[str, str]:
    store = app.state.services.store
    keys = {e: store.keys.create("employee", e, f"test-{e}")["key"] for e in PEOPLE}
    keys["carmen"] = store.keys.create("manager", "E032", "test-carmen")["key"]
    keys["admin"] = store.keys.create("admin", name="test-admin")["key"]
    return keys


def call(client: TestClient, key: str, method: str, path: str, status: int = 200, **kw: Any) -> Any:
    response = client.request(method, path, headers=auth(key), **kw)
    assert response.status_code == status, response.text
    return response.json()


@pytest.fixture(scope="module")
def programme(client: TestClient, keys: dict[str, str], people_keys: dict[str, str]) -> str:
    draft = call(client, keys["hr"], "POST", "/v1/programmes", 201, json={"quarter": "2027Q1"})
    assert (draft["status"], draft["starts"], draft["ends"]) == (
        "draft",
        "2027-01-01",
        "2027-03-31",
    )
    return str(draft["programme_id"])


def test_a_draft_is_hrs_until_approved_and_nobody_joins_it(
    client: TestClient, keys: dict[str, str], people_keys: dict[str, str], programme: str
) -> None:
    call(client, keys["employee"], "GET", f"/v1/programmes/{programme}", 403)
    call(client, keys["employee"], "POST", "/v1/programmes", 403, json={})
    assert programme not in str(call(client, keys["employee"], "GET", "/v1/programmes"))
    early = call(
        client, people_keys["E041"], "PUT", f"/v1/programmes/{programme}/participants/E041", 403
    )
    assert "not approved" in early["detail"]
    call(client, keys["manager"], "PATCH", f"/v1/programmes/{programme}", 403,
         json={"status": "approved"})  # fmt: skip
    approved = call(
        client, keys["hr"], "PATCH", f"/v1/programmes/{programme}", json={"status": "approved"}
    )
    assert approved["status"] == "approved" and approved["decided_by"] == "hr:test-hr"
    again = call(client, keys["hr"], "PATCH", f"/v1/programmes/{programme}", 400,
                 json={"status": "rejected"})  # fmt: skip
    assert "the programme is approved and cannot become rejected" in again["detail"]


def test_people_opt_in_themselves_and_get_the_pairs_worked_out_by_hand(
    client: TestClient, keys: dict[str, str], people_keys: dict[str, str], programme: str
) -> None:
    # nobody enrols anyone: not a manager her report, not a colleague
    call(client, people_keys["carmen"], "PUT", f"/v1/programmes/{programme}/participants/E040",
         403)  # fmt: skip
    call(client, people_keys["E041"], "PUT", f"/v1/programmes/{programme}/participants/E047",
         403)  # fmt: skip
    for person in ["E041", "E047", "E012", "E013", "E032"]:
        call(client, people_keys[person], "PUT",
             f"/v1/programmes/{programme}/participants/{person}")  # fmt: skip
    # HR records Daniel's opt-in, given on a sign-up sheet
    call(client, keys["hr"], "PUT", f"/v1/programmes/{programme}/participants/E060")
    data = call(client, keys["hr"], "GET", f"/v1/programmes/{programme}")
    pairs = [[m["employee_id"] for m in p["members"]] for p in data["pairs"]]
    assert pairs == [["E041", "E012"], ["E041", "E013"], ["E047", "E012"]]
    assert data["unpaired"] == ["E032", "E060"]
    assert [p["name"] for p in data["people"]][:2] == ["Carmen Delgado", "Dana Okafor"]  # by name
    recorded = {p["employee_id"]: p["recorded_by"] for p in data["people"]}
    assert recorded["E060"] == "hr:test-hr" and recorded["E041"] == "employee:E041"
    # three of each department: fewer than five, shown to HR, withheld from others
    assert [c["participants"] for c in data["cohorts"]] == [3, 3]
    assert not any(c["suppressed"] for c in data["cohorts"])


def test_a_participant_sees_their_own_pair_and_progress_only(
    client: TestClient, people_keys: dict[str, str], programme: str
) -> None:
    dana = call(client, people_keys["E013"], "GET", f"/v1/programmes/{programme}")
    assert [p["employee_id"] for p in dana["people"]] == ["E013"]
    assert dana["mine"]["partner_ids"] == ["E041"]
    assert [[m["employee_id"] for m in p["members"]] for p in dana["pairs"]] == [["E041", "E013"]]
    assert all(c["suppressed"] and c["share_done"] is None for c in dana["cohorts"])
    assert dana["mine"]["recorded_by"] == ""
    done = call(client, people_keys["E013"], "POST",
                f"/v1/programmes/{programme}/participants/E013/actions/0/done")  # fmt: skip
    assert done["mine"]["done"] == [0] and done["mine"]["actions_done"] == 1
    call(client, people_keys["E013"], "POST",
         f"/v1/programmes/{programme}/participants/E013/actions/99/done", 400)  # fmt: skip
    call(client, people_keys["E013"], "POST",
         f"/v1/programmes/{programme}/participants/E012/actions/0/done", 403)  # fmt: skip


def test_opting_out_ends_the_pairs_and_keeps_the_record(
    client: TestClient, keys: dict[str, str], people_keys: dict[str, str], programme: str
) -> None:
    out = call(client, people_keys["E047"], "DELETE",
               f"/v1/programmes/{programme}/participants/E047")  # fmt: skip
    assert out["mine"] is None
    data = call(client, keys["hr"], "GET", f"/v1/programmes/{programme}")
    # Ingrid has room again: Daniel, whom only she can teach (SQL), joins her
    assert [[m["employee_id"] for m in p["members"]] for p in data["pairs"]] == [
        ["E041", "E012"],
        ["E041", "E013"],
        ["E060", "E012"],
    ]
    back = call(client, people_keys["E047"], "PUT",
                f"/v1/programmes/{programme}/participants/E047")  # fmt: skip
    assert back["mine"]["employee_id"] == "E047"


def test_bad_requests_name_what_is_wrong(client: TestClient, keys: dict[str, str]) -> None:
    same = call(client, keys["hr"], "POST", "/v1/programmes", 400,
                json={"first_department": "IT", "second_department": "it"})  # fmt: skip
    assert "two different departments" in same["detail"]
    nowhere = call(client, keys["hr"], "POST", "/v1/programmes", 400,
                   json={"second_department": "Legal"})  # fmt: skip
    assert "no department 'Legal'" in nowhere["detail"]
    quarter = call(client, keys["hr"], "POST", "/v1/programmes", 400, json={"quarter": "Q5"})
    assert "quarter: 'Q5' is not a quarter like 2027Q1" in quarter["detail"]
    past = call(client, keys["hr"], "POST", "/v1/programmes", 400, json={"quarter": "2025Q2"})
    assert "quarter: 2025Q2 ended on 2025-06-30" in past["detail"]
    call(client, keys["hr"], "GET", "/v1/programmes/PRG-00000000", 404)
