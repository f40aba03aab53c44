"""REST resources per role, plan approval rules, and erasure through the API."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from core.settings import Settings
from ingest.native_folder import load_folder
from tests.support.organisations import SAMPLE
from tests.support.servers import auth


@pytest.mark.parametrize(
    ("path", "allowed"),
    [
        ("/v1/employees/E013", {"hr", "employee", "manager"}),
        ("/v1/employees/E013/gaps?role=senior-data-engineer", {"hr", "employee", "manager"}),
        ("/v1/employees/E004/gaps", {"hr", "bob"}),  # Bob's own
        ("/v1/teams/Data/gaps", {"hr", "manager"}),
        ("/v1/teams/Platform/gaps?ai=true", {"hr"}),
        ("/v1/departments/IT/gaps", {"hr"}),
        ("/v1/teams/Data/heatmap", {"hr", "manager"}),
        ("/v1/roles/ml-engineer/candidates", {"hr", "manager"}),
        ("/v1/mentors?skill=spark&level=3&learner=E013", {"hr", "manager"}),
        ("/v1/roles/data-engineer", {"hr", "employee", "manager", "bob"}),
        ("/v1/skills/kubernetes", {"hr", "employee", "manager", "bob"}),
        ("/v1/search?q=spark&type=resource", {"hr", "employee", "manager", "bob"}),
        ("/v1/audit", set()),
    ],
)
def test_endpoints_by_role(
    client: TestClient, keys: dict[str, str], path: str, allowed: set[str]
) -> None:
    for who, key in keys.items():
        response = client.get(path, headers=auth(key))
        expected = 200 if who in allowed else 403
        assert response.status_code == expected, (who, path, response.text)
        if expected == 403:
            assert response.headers["content-type"].startswith("application/problem+json")
            assert response.json()["detail"]  # the reason, for a person


def test_resource_json_matches_the_cli_contract(client: TestClient, keys: dict[str, str]) -> None:
    gaps = client.get(
        "/v1/employees/E013/gaps?role=senior-data-engineer", headers=auth(keys["hr"])
    ).json()
    assert {"employee_id", "role_id", "readiness", "gaps", "strengths"} <= set(gaps)
    spark = next(g for g in gaps["gaps"] if g["skill_id"] == "apache-spark")
    assert (spark["required"], spark["current"], spark["priority"]) == (4, 2, 10)
    match = client.post(
        "/v1/skills/match",
        headers=auth(keys["employee"]),
        json={"phrases": ["k8s", "forklift operation"], "top": 2},
    ).json()
    assert [r["match"] for r in match["results"]] == ["kubernetes", None]
    mine = client.get("/v1/employees", headers=auth(keys["employee"])).json()
    assert [e["employee_id"] for e in mine["employees"]] == ["E013"]
    team = client.get("/v1/employees", headers=auth(keys["manager"])).json()
    assert {e["employee_id"] for e in team["employees"]} >= {"E012", "E013"}
    assert client.get("/v1/roles/nope", headers=auth(keys["hr"])).status_code == 404
    assert client.get("/readyz").json()["status"] == "ready"


def test_plan_approval_rules(client: TestClient, keys: dict[str, str]) -> None:
    draft = client.post(
        "/v1/plans",
        headers=auth(keys["employee"]),
        json={
            "employee_id": "E013",
            "role_id": "senior-data-engineer",
            "weeks": 12,
            "hours_per_week": 4,
        },
    )
    assert draft.status_code == 201 and draft.json()["status"] == "draft"
    plan_id = draft.json()["plan_id"]
    self_approval = client.patch(
        f"/v1/plans/{plan_id}", headers=auth(keys["employee"]), json={"status": "approved"}
    )
    assert self_approval.status_code == 403
    assert client.get(f"/v1/plans/{plan_id}", headers=auth(keys["bob"])).status_code == 404
    approved = client.patch(
        f"/v1/plans/{plan_id}",
        headers=auth(keys["manager"]),
        json={"status": "approved", "comment": "go"},
    )
    assert approved.status_code == 200
    # the decision names the person the key speaks for, not the key
    assert (approved.json()["status"], approved.json()["decided_by_name"]) == (
        "approved",
        "Ingrid Halvorsen",
    )
    assert approved.json()["decided_by"] == "manager:E012"
    again = client.patch(
        f"/v1/plans/{plan_id}", headers=auth(keys["hr"]), json={"status": "approved"}
    )
    assert again.status_code == 400 and "cannot become approved" in again.json()["detail"]
    other = client.post("/v1/plans", headers=auth(keys["bob"]), json={"employee_id": "E013"})
    assert other.status_code == 403


def test_erasure_through_the_api(tmp_path: Path) -> None:
    settings = Settings(home=tmp_path / "home", embedder="hash", as_of="2026-11-22")
    app = create_app(settings)
    services = app.state.services
    load_folder(services.store, SAMPLE)
    profile = tmp_path / "cv.md"
    profile.write_text("---\nemployee_id: E013\n---\nDana built the OTTER-5150 pipeline.\n")
    services.ingestor.ingest(profile)
    admin = services.store.keys.create("admin", name="admin")["key"]
    dana = services.store.keys.create("employee", "E013", "dana")["key"]
    with TestClient(app) as client:
        asked = client.post(
            "/v1/chat",
            headers=auth(admin),
            json={"message": "What does Dana Okafor lack for Senior Data Engineer?"},
        )
        assert asked.json()["data"]["employee_id"] == "E013"
        assert client.delete("/v1/employees/E013", headers=auth(dana)).status_code == 403
        erased = client.delete("/v1/employees/E013", headers=auth(admin))
        assert erased.status_code == 200 and erased.json()["index_chunks_removed"] >= 2
        # The audit log keeps the events, not the person's data.
        events = client.get("/v1/audit?limit=1000", headers=auth(admin)).json()["events"]
        assert any(e["path"] == "/v1/employees/[erased]" for e in events)
        assert "Dana" not in str(events) and "E013" not in str(events)
        # Nothing about the person comes back from any endpoint, chat included.
        assert client.get("/v1/employees/E013", headers=auth(admin)).status_code == 404
        assert client.get("/v1/employees/E013/gaps", headers=auth(admin)).status_code == 404
        listed = client.get("/v1/employees", headers=auth(admin)).json()["employees"]
        assert "E013" not in {e["employee_id"] for e in listed}
        found = client.get("/v1/search?q=OTTER-5150 Dana Okafor&top=20", headers=auth(admin))
        assert all(h["id"] != "E013" for h in found.json()["results"])
        assert not any("OTTER" in h["snippet"] for h in found.json()["results"])
        chat = client.post(
            "/v1/chat",
            headers=auth(admin),
            json={"message": "What does Dana Okafor lack for Senior Data Engineer?"},
        )
        assert "Dana Okafor" not in chat.text and "E013" not in chat.text
        assert (
            client.post("/v1/chat", headers=auth(dana), json={"message": "hi"}).status_code == 401
        )


def test_skills_extract_returns_each_mention_with_its_words(
    client: TestClient, keys: dict[str, str]
) -> None:
    text = "You will build pipelines in Python, SQL and Apache Spark on k8s."
    r = client.post("/v1/skills/extract", headers=auth(keys["employee"]), json={"text": text})
    assert r.status_code == 200, r.text
    mentions = r.json()["mentions"]
    assert {m["skill_id"] for m in mentions} >= {"python", "sql", "apache-spark", "kubernetes"}
    assert all(text[m["start"] : m["end"]] == m["span"] for m in mentions)
    empty = client.post("/v1/skills/extract", headers=auth(keys["employee"]), json={"text": ""})
    assert empty.status_code == 422
    anonymous = client.post("/v1/skills/extract", json={"text": text})
    assert anonymous.status_code == 401


def test_plans_list_newest_first_by_name_and_what_awaits_a_decision(
    client: TestClient, keys: dict[str, str]
) -> None:
    """Dana drafts two plans; her manager Ingrid finds both in her "to decide" list, newest
    first, named by person and role title; once one is decided it leaves the list. Dana
    has nothing to decide: nobody decides their own plan."""

    def draft(weeks: int) -> str:
        made = client.post(
            "/v1/plans",
            headers=auth(keys["employee"]),
            json={"employee_id": "E013", "role_id": "senior-data-engineer", "weeks": weeks},
        )
        assert made.status_code == 201
        return str(made.json()["plan_id"])

    first, second = draft(6), draft(9)
    listed = client.get("/v1/plans?to_decide=true", headers=auth(keys["manager"])).json()
    ids = [p["plan_id"] for p in listed["plans"]]
    assert ids.index(second) < ids.index(first)  # newest first
    mine = next(p for p in listed["plans"] if p["plan_id"] == first)
    assert (mine["employee_name"], mine["role_title"], mine["may_decide"]) == (
        "Dana Okafor",
        "Senior Data Engineer",
        True,
    )
    assert mine["created_by_name"] == "Dana Okafor"
    assert all(p["status"] == "draft" and p["may_decide"] for p in listed["plans"])
    own = client.get("/v1/plans?to_decide=true", headers=auth(keys["employee"])).json()
    assert own["total"] == 0
    client.patch(f"/v1/plans/{first}", headers=auth(keys["manager"]), json={"status": "rejected"})
    after = client.get("/v1/plans?to_decide=true", headers=auth(keys["manager"])).json()
    assert (
        first not in {p["plan_id"] for p in after["plans"]}
        and after["total"] == listed["total"] - 1
    )
    oldest = client.get("/v1/plans?order=oldest", headers=auth(keys["hr"])).json()["plans"]
    assert [p["created_at"] for p in oldest] == sorted(p["created_at"] for p in oldest)


def test_mentors_for_each_gap_agree_with_mentors_one_by_one(
    client: TestClient, keys: dict[str, str]
) -> None:
    """The person page's one request gives, gap by gap, what GET /v1/mentors (chat's tool)
    gives; an employee is refused it as mentor lists are (they name colleagues)."""
    together = client.get(
        "/v1/employees/E013/mentors?role=senior-data-engineer", headers=auth(keys["manager"])
    )
    assert together.status_code == 200
    gaps = together.json()["gaps"]
    spark = next(g for g in gaps if g["skill_id"] == "apache-spark")
    # hand-read from data/sample: Dana is at 2 and needs 4; at 4+ are E012, E023 and E055
    assert (spark["current"], spark["level"], spark["min_mentor_level"]) == (2, 4, 4)
    assert {m["employee_id"] for m in spark["mentors"]} == {"E012", "E023", "E055"}
    for gap in gaps:
        alone = client.get(
            "/v1/mentors",
            params={"skill": gap["skill_id"], "level": gap["level"], "learner": "E013"},
            headers=auth(keys["manager"]),
        ).json()
        assert alone["mentors"] == gap["mentors"]
    refused = client.get("/v1/employees/E013/mentors", headers=auth(keys["employee"]))
    assert refused.status_code == 403
