"""A course completion the LMS reports over xAPI, seen in the web app: the plan action it
matches is ticked with its evidence and the plan's progress moves; the same statement sent
again changes nothing."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.e2e.conftest import Server, shot
from tests.e2e.test_web import api, sign_in

pytestmark = pytest.mark.browser

STATEMENT = {
    "id": "c0ffee00-0000-4000-8000-00000000e016",
    "actor": {"objectType": "Agent", "mbox": "mailto:noura.haddad@kestrel-mutual.example"},
    "verb": {"id": "http://adlnet.gov/expapi/verbs/completed"},
    "object": {
        "id": "https://lms.kestrel-mutual.example/course/LR-SPARK-DEV",
        "definition": {"name": {"en-US": "Apache Spark Developer (PySpark)"}},
    },
    "result": {"completion": True},
    "timestamp": "2026-11-19T15:30:00Z",
}


def _report(server: Server) -> httpx.Response:
    return httpx.post(
        f"{server.url}/xapi/statements",
        json=STATEMENT,
        headers={
            "Authorization": f"Bearer {server.keys['lms']}",
            "X-Experience-API-Version": "1.0.3",
        },
        timeout=30,
    )


def test_an_lms_completion_ticks_the_plan_action_and_moves_progress(
    page: Any, server: Server
) -> None:
    plan = api(
        server, "hr", "POST", "/v1/plans",
        json={"employee_id": "E016", "role_id": "senior-data-engineer"},
    )  # fmt: skip
    spark = next(i for i, a in enumerate(plan["actions"]) if a["resource_id"] == "LR-SPARK-DEV")
    api(server, "manager", "PATCH", f"/v1/plans/{plan['plan_id']}", json={"status": "approved"})
    total = len(plan["actions"])
    sign_in(page, server, "manager", f"#/plans/{plan['plan_id']}")
    page.get_by_text(f"0 of {total} actions done").wait_for()
    assert not page.locator(f"#done-{spark}").is_checked()

    sent = _report(server)
    assert sent.status_code == 200, sent.text
    page.reload()
    page.get_by_text(f"1 of {total} actions done").wait_for()
    assert page.locator(f"#done-{spark}").is_checked()
    evidence = page.locator(".check", has=page.locator(f"#done-{spark}")).inner_text()
    assert "course completion reported by Kestrel Academy LMS on 2026-11-19" in evidence
    assert page.locator("progress[aria-label='Plan progress']").get_attribute("value") == "1"
    shot(page, "plan-completion")

    assert _report(server).status_code == 200  # the same statement again
    page.reload()
    page.get_by_text(f"1 of {total} actions done").wait_for()
    after = api(server, "hr", "GET", f"/v1/plans/{plan['plan_id']}")
    assert after["progress"]["done"] == 1
    assert after["status"] == "in_progress"
