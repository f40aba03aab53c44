"""Career paths in Chromium, asked three ways: the person page's "Next roles", the chat
answer and the REST resource give the same roles, readiness and reasons; a role's page shows
its paths and where its holders came from and went."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.conftest import Server, shot
from tests.e2e.test_web import api, sign_in

pytestmark = pytest.mark.browser


def _rows(table: Any) -> list[list[str]]:
    rows = table.locator("tbody tr")
    return [rows.nth(i).inner_text().split("\t") for i in range(rows.count())]


def test_next_roles_agree_in_chat_rest_and_the_person_page(page: Any, server: Server) -> None:
    rest = api(server, "hr", "GET", "/v1/employees/E040/next-roles")
    chat = api(
        server, "hr", "POST", "/v1/chat", json={"message": "what could Emily Clarke do next?"}
    )
    assert chat["intent"] == "next_roles" and chat["tool_args"] == {"employee": "E040"}
    assert chat["data"]["next_roles"] == rest["next_roles"]
    # tests/domain/test_paths.py works these out by hand
    expected = [
        ("Service Desk Lead", "31%"),
        ("Security Analyst", "5%"),
        ("Platform Engineer", "0%"),
    ]
    assert [(r["title"], f"{round(r['readiness'] * 100)}%") for r in rest["next_roles"]] == expected
    for title, shown in expected:
        assert f"{title}: {shown} ready" in chat["answer"]

    sign_in(page, server, "hr", "#/people/E040")
    table = page.get_by_role("table", name="Most reachable next roles for Emily Clarke")
    table.locator("tbody tr").first.wait_for()
    rows = _rows(table)
    assert [(r[0], r[1].strip()) for r in rows] == expected
    assert rows[2][2] == "1 person moved this way"
    assert rows[0][3].startswith("People Management 0→3")
    page.get_by_role("heading", name="Next roles").evaluate("e => e.scrollIntoView()")
    shot(page, "next-roles")

    # the role's page, one click away: its paths and movements
    table.get_by_role("link", name="Platform Engineer").click()
    page.get_by_role("heading", name="Platform Engineer", exact=True).wait_for()
    moves = page.get_by_role("table", name="Where Platform Engineers came from and went")
    moves.locator("tbody tr").first.wait_for()
    assert _rows(moves) == [
        ["Hired from outside", "2"],
        ["Moved in from Service Desk Analyst", "1"],
        ["Moved on to Site Reliability Engineer", "1"],
        ["Left the organisation", "1"],
    ]
    leads = page.get_by_role("table", name="Platform Engineer leads to")
    assert [r[0] for r in _rows(leads)] == ["Site Reliability Engineer", "Senior Platform Engineer"]
    page.get_by_role("heading", name="Career paths").evaluate("e => e.scrollIntoView()")
    shot(page, "role-paths")


def test_an_employee_sees_her_own_next_roles_and_counts_only_for_groups(
    page: Any, server: Server
) -> None:
    sign_in(page, server, "employee")  # Dana Okafor, a Data Engineer
    page.get_by_role("link", name="My profile").click()
    table = page.get_by_role("table", name="Most reachable next roles for Dana Okafor")
    table.locator("tbody tr").first.wait_for()
    rows = _rows(table)
    assert [r[0] for r in rows] == ["Senior Data Engineer"]
    assert "moved this way" not in rows[0][2]  # one move seen: fewer than five
    page.goto(f"{server.url}/#/roles/data-engineer")
    moves = page.get_by_role("table", name="Where Data Engineers came from and went")
    moves.locator("tbody tr").first.wait_for()
    assert "fewer than 5" in moves.inner_text()
    assert "could say who moved" in page.locator("#main").inner_text()
