"""An AI initiative in Chromium: the support copilot's needs, coverage and roadmap on its
page, and "are we ready by …?" asked on the page, over REST and in chat, agreeing; an
employee sees what it needs only."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.conftest import Server, shot
from tests.e2e.test_web import api, sign_in

pytestmark = pytest.mark.browser


def _rows(table: Any) -> list[list[str]]:
    rows = table.locator("tbody tr")
    return [rows.nth(i).inner_text().split("\t") for i in range(rows.count())]


def test_the_copilot_page_rest_and_chat_agree(page: Any, server: Server) -> None:
    sign_in(page, server, "hr")
    page.get_by_role("link", name="AI initiatives").click()
    page.get_by_role("link", name="Support copilot").click()
    needs = page.get_by_role("table", name="What it needs (read from its text, not reviewed yet)")
    needs.locator("tbody tr").first.wait_for()
    assert len(_rows(needs)) == 13  # tests/domain/test_initiatives.py
    coverage = page.get_by_role("table", name="Coverage in Service Desk and ML (12 people)")
    first = _rows(coverage)[0]
    assert first[0] == "LLM Application Development level 4" and first[2:4] == ["0", "2"]
    assert "Covered: 52%" in page.locator("#main").inner_text()
    page.get_by_label("Day").fill("2027-01-31")
    page.get_by_role("button", name="Check").click()
    said = page.locator(".ready-check p")
    said.wait_for()
    rest = api(server, "hr", "GET", "/v1/initiatives/support-copilot/readiness?by=2027-01-31")
    chat = api(
        server,
        "hr",
        "POST",
        "/v1/chat",
        json={"message": "are we ready for the support copilot by 2027-01-31?"},
    )
    assert chat["intent"] == "initiative_readiness"
    assert chat["data"]["check"] == rest["check"] and not rest["check"]["ready"]
    short = ", ".join(f"{s['name']} ({s['short']})" for s in rest["check"]["short"])
    assert said.inner_text() == f"Not ready by 2027-01-31: short of {short}."
    assert f"Not ready by 2027-01-31: short of {short}." in chat["answer"]
    page.get_by_role("heading", name="Coverage").evaluate("e => e.scrollIntoView()")
    shot(page, "initiative")


def test_an_employee_sees_what_it_needs_only(page: Any, server: Server) -> None:
    sign_in(page, server, "employee", "#/initiatives/support-copilot")
    page.get_by_role(
        "table", name="What it needs (read from its text, not reviewed yet)"
    ).wait_for()
    assert "are the named teams' figures" in page.locator("#main").inner_text()
    assert page.get_by_role("heading", name="Coverage").count() == 0
