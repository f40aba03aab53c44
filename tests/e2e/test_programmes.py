"""A cross-training programme in Chromium: HR drafts and approves it in the web app, people
take part (Dana with the page's own button), the pairs worked out by hand in
tests/domain/test_programmes.py appear, Dana ticks an action, and the page, chat and REST
agree on the pairs."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.conftest import Server, shot
from tests.e2e.test_web import api, sign_in

pytestmark = pytest.mark.browser


def _rows(table: Any) -> list[list[str]]:
    rows = table.locator("tbody tr")
    return [rows.nth(i).inner_text().split("\t") for i in range(rows.count())]


def test_hr_drafts_and_approves_people_take_part_and_the_three_views_agree(
    page: Any, server: Server
) -> None:
    sign_in(page, server, "hr")
    page.get_by_role("link", name="Cross-training").click()
    page.get_by_label("Quarter (default: the next)").fill("2027Q1")
    page.get_by_role("button", name="Draft the programme").click()
    page.get_by_role("heading", name="HR–IT cross-training, 2027Q1").wait_for()
    assert "draft" in page.locator("#main .badge").first.inner_text()
    assert page.get_by_role("heading", name="AI and Data for HR: HR learns from IT").is_visible()
    page.get_by_role("button", name="Approve").click()
    page.get_by_role("button", name="Approve").wait_for(state="detached")
    programme = page.url.split("#/programmes/")[1]
    assert api(server, "hr", "GET", f"/v1/programmes/{programme}")["status"] == "approved"
    # HR records four opt-ins given on a sign-up sheet; the rest opt in themselves
    for person in ["E041", "E047", "E060", "E032"]:
        api(server, "hr", "PUT", f"/v1/programmes/{programme}/participants/{person}")
    api(server, "manager", "PUT", f"/v1/programmes/{programme}/participants/E012")
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, server, "employee", f"#/programmes/{programme}")  # Dana
    page.get_by_role("button", name="Take part").click()
    page.get_by_role("button", name="Leave the programme").wait_for()
    mine = page.locator("p.mine")
    assert "You: 0 of 12 actions done" in mine.inner_text()
    assert "your partner: Isabelle Fontaine" in mine.inner_text()
    cohorts = page.get_by_role("table", name="Cohorts: each department's participants together")
    assert [r[1] for r in _rows(cohorts)] == ["fewer than 5", "fewer than 5"]
    page.get_by_role("checkbox").first.check()
    page.get_by_text("You: 1 of 12 actions done").wait_for()
    assert page.get_by_role("table", name="Taking part, by name (nobody is ranked)").count() == 0
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, server, "hr", f"#/programmes/{programme}")
    pairs = page.get_by_role(
        "table", name="Pairs: one from each department, matched by what each can teach the other"
    )
    pairs.locator("tbody tr").first.wait_for()
    web = [[cell.split(" (teaches")[0] for cell in row] for row in _rows(pairs)]
    expected = [
        ["Isabelle Fontaine", "Ingrid Halvorsen"],
        ["Isabelle Fontaine", "Dana Okafor"],
        ["Kofi Asante", "Ingrid Halvorsen"],
    ]
    assert web == expected
    rest = api(server, "hr", "GET", f"/v1/programmes/{programme}")
    chat = api(
        server,
        "hr",
        "POST",
        "/v1/chat",
        json={"message": "who is paired with whom in the cross-training?"},
    )
    assert chat["intent"] == "programme_status"
    for data in (rest, chat["data"]):
        assert [[m["name"] for m in p["members"]] for p in data["pairs"]] == expected
    assert "Isabelle Fontaine (HR) with Ingrid Halvorsen (IT)" in chat["answer"]
    people = page.get_by_role("table", name="Taking part, by name (nobody is ranked)")
    assert [r[0] for r in _rows(people)][:3] == ["Carmen Delgado", "Dana Okafor", "Daniel Kim"]
    page.get_by_role("heading", name="Progress").evaluate("e => e.scrollIntoView()")
    shot(page, "programme")
