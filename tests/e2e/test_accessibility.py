"""Accessibility of the web app, checked by axe-core in the real browser: every view each
role can reach, at desktop (1280×900) and phone (390×844) sizes. A violation of impact
"critical" or "serious" fails the test of that role and size, listing every one found.

axe-core is the copy bundled with the axe-playwright-python package (its axe.min.js, read
from the installed package; nothing is fetched), evaluated in the page: the app's
Content-Security-Policy would refuse an inline script tag. Like every test in tests/e2e,
these are marked `browser` and `slow` by tests/conftest.py."""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from typing import Any

import pytest

from tests.e2e.conftest import Server
from tests.e2e.test_web import api, sign_in

SIZES = {"desktop": (1280, 900), "phone": (390, 844)}
FAILING = ("critical", "serious")

# What each role can do (their navigation in tests/e2e/test_web.py): a question that role
# may ask, and the views of theirs to audit beyond the chat.
ROLES: dict[str, dict[str, Any]] = {
    "admin": {
        "question": "What does Dana Okafor lack for Senior Data Engineer?",
        "views": {"people", "person", "teams", "plans", "ingest", "scorecard"},
    },
    "hr": {
        "question": "What does Dana Okafor lack for Senior Data Engineer?",
        "views": {"people", "person", "teams", "plans", "ingest", "scorecard"},
    },
    "manager": {  # E012 Ingrid Halvorsen, who manages the Data team
        "question": "What does Dana Okafor lack for Senior Data Engineer?",
        "views": {"people", "person", "teams", "plans", "scorecard"},
    },
    "employee": {  # E013 Dana Okafor
        "question": "What are my gaps for Senior Data Engineer?",
        "views": {"person", "plans"},
    },
    "evaluator": {
        "question": "Which AI skills is the Data team missing?",
        "views": {"teams", "scorecard"},
    },
}

# axe's findings, cut to what a reader needs: the rule, its impact and help, and per node
# its target (CSS selectors) and the start of its HTML.
RUN_AXE = """async () => {
  const results = await axe.run(document, {resultTypes: ["violations"]});
  return results.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    nodes: v.nodes.map((n) => ({
      impact: n.impact || v.impact,
      target: n.target,
      html: n.html.length > 160 ? n.html.slice(0, 157) + "..." : n.html,
    })),
  }));
}"""

# Nothing still loading in the page or an open dialog (shell.js's loading() says
# "Loading…"; so does index.html before the app has started).
SETTLED = """() => [document.getElementById("main"), document.querySelector("dialog[open]")]
  .every((el) => !el || !el.textContent.includes("Loading…"))"""


@cache
def axe_source() -> str:
    return files("axe_playwright_python").joinpath("axe.min.js").read_text(encoding="utf-8")


def violations(page: Any) -> list[dict[str, Any]]:
    """axe-core's violations on the page as it is now (axe is put into the page once; a
    change of hash keeps it)."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(axe_source())
    result: list[dict[str, Any]] = page.evaluate(RUN_AXE)
    return result


def _target(target: list[Any]) -> str:
    # a selector per frame or shadow root on the way to the node
    return " >>> ".join(" ".join(t) if isinstance(t, list) else str(t) for t in target)


def failing(page: Any) -> list[tuple[str, str]]:
    """Per node with a critical or serious violation: "rule-id (impact): target — help",
    and the start of the node's HTML."""
    return [
        (f"{v['id']} ({node['impact']}): {_target(node['target'])} — {v['help']}", node["html"])
        for v in violations(page)
        for node in v["nodes"]
        if node["impact"] in FAILING
    ]


def audit(page: Any) -> list[str]:
    """One line per node with a critical or serious violation: "rule-id (impact): target —
    help"."""
    return [line for line, _ in failing(page)]


def settle(page: Any, ready: str) -> None:
    """Wait for the view: its own content (`ready`), then nothing left loading."""
    page.locator(ready).first.wait_for()
    page.wait_for_function(SETTLED)


def go(page: Any, hash_: str, ready: str) -> None:
    """Go to another view by its hash, in the same page, and wait until it has loaded. The
    old view's elements are marked first, so that its content is never taken for the new
    one's."""
    page.evaluate(
        """(hash) => {
          for (const el of document.querySelectorAll("#main > *")) el.dataset.stale = "";
          location.hash = hash;
        }""",
        hash_,
    )
    page.wait_for_function('() => !document.querySelector("#main > [data-stale]")')
    settle(page, ready)


class Audit:
    """Every view's findings, labelled with the view, for one message at the end."""

    def __init__(self, page: Any):
        self.page = page
        self.found: list[str] = []

    def __call__(self, view: str) -> None:
        self.found += [f"[{view}] {line}\n    {html}" for line, html in failing(self.page)]

    def check(self) -> None:
        if self.found:
            summary = f"{len(self.found)} critical/serious axe violations"
            pytest.fail("\n".join([f"{summary}:", *self.found]), pytrace=False)


@pytest.fixture(scope="module")
def plan_id(server: Server) -> str:
    """A draft plan for Dana Okafor (E013), which every role but the evaluator may open."""
    created = api(server, "hr", "POST", "/v1/plans", json={"employee_id": "E013", "weeks": 6})
    return str(created["plan_id"])


@pytest.mark.parametrize("size", list(SIZES))
def test_sign_in_page_is_accessible(page: Any, server: Server, size: str) -> None:
    page.set_viewport_size(dict(zip(("width", "height"), SIZES[size], strict=True)))
    page.goto(server.url)
    settle(page, "#api-key")
    check = Audit(page)
    check("sign-in")
    check.check()
    # the audit itself catches a button without a name
    page.evaluate("() => document.querySelector('main').append(document.createElement('button'))")
    assert audit(page) == [
        "button-name (critical): #main > button — Buttons must have discernible text"
    ]


def chat_views(page: Any, check: Audit, question: str) -> None:
    settle(page, ".intro .examples li button")
    check("chat (empty, suggestions)")
    page.get_by_label("Your question").fill(question)
    page.get_by_role("button", name="Ask", exact=True).click()
    settle(page, "article.turn .provenance")
    check("chat (answered)")
    chips = page.locator("article.turn .citations button")
    if chips.count():
        chips.first.click()
        settle(page, "dialog[open] h2")
        check("citation record dialog")
        page.locator("dialog[open]").get_by_role("button", name="Close").click()
        page.locator("dialog[open]").wait_for(state="detached")


def team_views(page: Any, check: Audit) -> None:
    go(page, "#/teams", "#main table caption")
    check("teams list")
    go(page, "#/teams/Data", '[role=tab][aria-selected="true"]')
    tabs = page.get_by_role("tab").all_inner_texts()
    assert tabs, "no tabs on the team page"
    for name in tabs:
        page.get_by_role("tab", name=name).click()
        heading = page.locator("#team-panel h2")
        heading.filter(has_text=name).wait_for()
        page.wait_for_function(SETTLED)
        if name == "Internal candidates":  # the list for an open role, once one is chosen
            page.get_by_label("Open role").select_option("senior-data-engineer")
            page.wait_for_function(SETTLED)
        check(f"team Data: {name}")


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("role", list(ROLES))
def test_every_view_is_accessible(
    page: Any, server: Server, plan_id: str, role: str, size: str
) -> None:
    page.set_viewport_size(dict(zip(("width", "height"), SIZES[size], strict=True)))
    views = ROLES[role]["views"]
    check = Audit(page)
    sign_in(page, server, role)
    chat_views(page, check, ROLES[role]["question"])
    if "people" in views:
        go(page, "#/people", "caption:has-text('you may see')")
        check("people list")
    if "person" in views:
        go(page, "#/people/E013?role=senior-data-engineer", "#target-role")
        assert page.locator("#target-role").input_value() == "senior-data-engineer"
        page.locator("table.gaps").last.wait_for()
        check("person E013 (target role gaps)")
    if "teams" in views:
        team_views(page, check)
    if "plans" in views:
        go(page, "#/plans", "table.plans")
        check("plans list")
        go(page, f"#/plans/{plan_id}", "ol.timeline")
        check(f"plan {plan_id}")
    if "scorecard" in views:
        go(page, "#/scorecard", ".figure .chart svg")
        check("scorecard (charts and tables)")
    if "ingest" in views:
        go(page, "#/ingest", "#framework-files")
        check("ingest")
        pending = page.locator("#main ul button.link")
        if pending.count():
            pending.first.click()
            settle(page, "section.review")
            check("ingest (review of inferred requirements)")
    check.check()
