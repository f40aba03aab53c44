"""The scorecard over HTTP on the sample organisation: targets with one HR and one IT owner
and their changes kept, recorded series, the decisions log, and who may read and write."""

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
        "evaluator": store.keys.create("evaluator", name="sc-eval")["key"],
        "sarah": store.keys.create("hr", "E048", "sc-sarah")["key"],  # Talent Acquisition lead
    }


TARGET = {
    "figure": "time_to_fill_median_days",
    "value": 60,
    "due": "2027-06-30",
    "hr_owner": "E048",  # Sarah Goldberg, HR
    "it_owner": "E001",  # Aisha Bello, IT
    "note": "critical tech roles first",
}


def post(client: TestClient, key: str, path: str, body: dict[str, Any]) -> Any:
    return client.post(path, json=body, headers=auth(key))


def test_a_target_needs_one_hr_and_one_it_owner(
    client: TestClient, keys: dict[str, str], more_keys: dict[str, str]
) -> None:
    both_it = post(client, keys["hr"], "/v1/targets", {**TARGET, "hr_owner": "E012"})
    assert both_it.status_code == 400
    assert "field 'hr_owner'" in both_it.json()["detail"] and "not HR" in both_it.json()["detail"]
    unknown = post(client, keys["hr"], "/v1/targets", {**TARGET, "figure": "happiness"})
    assert unknown.status_code == 400 and "unknown figure 'happiness'" in unknown.json()["detail"]
    manager = post(client, keys["manager"], "/v1/targets", TARGET)
    assert manager.status_code == 403


def test_targets_are_kept_with_every_change_and_shown_on_the_scorecard(
    client: TestClient, keys: dict[str, str], more_keys: dict[str, str]
) -> None:
    created = post(client, more_keys["sarah"], "/v1/targets", TARGET)
    assert created.status_code == 201, created.text
    target = created.json()
    assert target["direction"] == "at_most"  # time to fill: lower is better
    assert (target["hr_owner_name"], target["it_owner_name"]) == ("Sarah Goldberg", "Aisha Bello")
    changed = client.put(
        f"/v1/targets/{target['target_id']}", json={"value": 55}, headers=auth(keys["hr"])
    )
    assert changed.status_code == 200 and changed.json()["value"] == 55
    history = client.get(
        f"/v1/targets/{target['target_id']}/history", headers=auth(keys["hr"])
    ).json()["changes"]
    assert [c["changed_by_name"] for c in history] == ["Sarah Goldberg", "test-hr (hr key)"]
    assert history[0]["before"] is None and history[1]["before"]["value"] == 60
    assert history[1]["after"]["value"] == 55

    card = client.get("/v1/scorecard", headers=auth(keys["hr"])).json()
    ttf = next(f for f in card["figures"] if f["name"] == "time_to_fill_median_days")
    # 2026Q3: 74 days (tests/domain/test_talent_flow.py); 2026Q2: 67
    assert [q["quarter"] for q in ttf["series"]][-2:] == ["2026Q2", "2026Q3"]
    assert (ttf["latest"], ttf["previous"], ttf["change"]) == (74.0, 67.0, 7.0)
    goal = next(t for t in ttf["targets"] if t["target_id"] == target["target_id"])
    assert goal["value"] == 55 and goal["status"] in ("on_track", "at_risk", "off_track")
    assert goal["hr_owner_name"] == "Sarah Goldberg"
    # evaluators read the figures without the owners
    blind = client.get("/v1/scorecard", headers=auth(more_keys["evaluator"])).json()
    assert "Sarah" not in str(blind) and "E048" not in str(blind)


def test_recorded_series_are_aggregates_per_quarter(
    client: TestClient, keys: dict[str, str], more_keys: dict[str, str]
) -> None:
    values = [
        {"series": "wellbeing", "title": "Wellbeing index (% favourable)", "unit": "share",
         "direction": "at_least", "quarter": quarter, "value": value}
        for quarter, value in (("2026Q2", 0.68), ("2026Q3", 0.71))
    ]  # fmt: skip
    recorded = post(client, keys["hr"], "/v1/series", {"values": values})
    assert recorded.status_code == 200, recorded.text
    again = post(client, keys["hr"], "/v1/series", {"values": values[1:]})  # replaced, not added
    assert len([v for v in again.json()["values"] if v["series"] == "wellbeing"]) == 2
    card = client.get("/v1/scorecard", headers=auth(keys["hr"])).json()
    wellbeing = next(f for f in card["figures"] if f["name"] == "wellbeing")
    assert wellbeing["recorded"] and wellbeing["latest"] == 0.71
    assert wellbeing["change"] == 0.03
    computed = post(
        client, keys["hr"], "/v1/series", {"values": [{**values[0], "series": "retention_rate"}]}
    )
    assert computed.status_code == 400 and "item 1, field 'series'" in computed.json()["detail"]
    per_person = post(
        client, keys["hr"], "/v1/series", {"values": [{**values[0], "employee_id": "E013"}]}
    )
    assert per_person.status_code == 422  # no per-person field exists to send
    assert post(client, more_keys["evaluator"], "/v1/series", {"values": values}).status_code == 403
    target = post(
        client, keys["hr"], "/v1/targets", {**TARGET, "figure": "engagement", "value": 0.75}
    )
    assert target.status_code == 201 and target.json()["direction"] == "at_least"


def test_the_decisions_log(
    client: TestClient, keys: dict[str, str], more_keys: dict[str, str]
) -> None:
    decision = post(
        client,
        keys["hr"],
        "/v1/decisions",
        {"quarter": "2026Q3", "text": "Open an ML apprenticeship with L&D", "owner": "E061",
         "due": "2026-12-31"},
    )  # fmt: skip
    assert decision.status_code == 201, decision.text
    assert decision.json()["owner_name"] == "Rebecca Thompson"
    followed = client.patch(
        f"/v1/decisions/{decision.json()['decision_id']}",
        json={"status": "done", "follow_up": "Four applicants from the Service Desk"},
        headers=auth(keys["hr"]),
    )
    assert followed.json()["status"] == "done"
    log = client.get("/v1/decisions?quarter=2026Q3", headers=auth(keys["hr"])).json()["decisions"]
    # the sample's two for 2026Q3 (data/sample/scorecard.yaml), then this one
    assert [d["decision_id"] for d in log][:2] == ["D-2026Q3-1", "D-2026Q3-2"]
    assert log[-1]["follow_up"] == "Four applicants from the Service Desk"
    blind = client.get("/v1/decisions", headers=auth(more_keys["evaluator"])).json()
    assert "Rebecca" not in str(blind) and blind["decisions"][0]["owner"] is None
    assert client.get("/v1/decisions", headers=auth(keys["employee"])).status_code == 403
    bad = post(
        client, keys["hr"], "/v1/decisions", {"quarter": "2026Q3", "text": "x", "owner": "E999"}
    )
    assert bad.status_code == 400 and "unknown employee 'E999'" in bad.json()["detail"]


def test_the_committee_pack_over_http(
    client: TestClient, keys: dict[str, str], more_keys: dict[str, str]
) -> None:
    html = client.get("/v1/reports/committee?quarter=2026Q3", headers=auth(keys["hr"]))
    assert html.status_code == 200 and html.headers["content-type"].startswith("text/html")
    assert "default-src 'none'" in html.headers["content-security-policy"]
    assert "3 ML Engineer vacancies have been open over 90 days" in html.text
    assert html.text.count("<svg") >= 10
    md = client.get("/v1/reports/committee?quarter=2026Q3&format=md", headers=auth(keys["hr"]))
    assert md.headers["content-type"].startswith("text/markdown") and "| 2026Q3 |" in md.text
    printed = client.get("/v1/reports/committee?format=pdf", headers=auth(keys["hr"]))
    assert printed.headers["content-type"] == "application/pdf"
    assert printed.content.startswith(b"%PDF")
    blind = client.get("/v1/reports/committee", headers=auth(more_keys["evaluator"]))
    assert blind.status_code == 200 and "Sarah Goldberg" not in blind.text
    assert client.get("/v1/reports/committee", headers=auth(keys["employee"])).status_code == 403
    assert client.get("/v1/reports/committee", headers=auth(keys["manager"])).status_code == 400
    future = client.get("/v1/reports/committee?quarter=2026Q4", headers=auth(keys["hr"]))
    assert future.status_code == 400 and "has not ended" in future.json()["detail"]
