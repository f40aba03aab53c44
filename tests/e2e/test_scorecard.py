"""The Scorecard page in Chromium, on the sample organisation: every figure drawn as a chart
by vega-embed from the API's Vega-Lite spec, with its target line and a table of the same
numbers; filters by department and role family; the decisions log; no CSP violation."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.conftest import Server, shot
from tests.e2e.test_web import sign_in

pytestmark = pytest.mark.browser


def violations(page: Any) -> None:
    page.evaluate(
        """() => {
          window.cspViolations = [];
          document.addEventListener("securitypolicyviolation", (e) =>
            window.cspViolations.push(`${e.violatedDirective} ${e.sourceFile}`));
        }"""
    )


def test_every_figure_is_a_chart_with_its_target_and_a_table(page: Any, server: Server) -> None:
    sign_in(page, server, "hr")
    violations(page)
    page.get_by_role("link", name="Scorecard").click()
    page.get_by_role("heading", name="HR–IT scorecard").wait_for()
    page.locator(".figure .chart svg").first.wait_for()
    figures = page.locator("section.figure")
    page.wait_for_function('() => document.querySelectorAll(".figure .chart svg").length >= 11')
    assert figures.count() == 11  # nine computed figures and two recorded series
    ttf = figures.filter(has=page.get_by_role("heading", name="Time to fill (median)", exact=True))
    # data/sample: 74 days on 2026-09-30, 67 the quarter before (tests/domain/test_talent_flow.py)
    assert "Latest: 74 days, up 7 days since the quarter before (worse)." in ttf.inner_text()
    assert "Target at most 60 days by 2027-06-30" in ttf.inner_text()
    assert "Sarah Goldberg (HR) and Aisha Bello (IT)" in ttf.inner_text()
    rows = ttf.locator("table.series tbody tr")
    assert rows.count() == 8 and rows.last.inner_text().split("\t")[:2] == ["2026Q3", "74 days"]
    # the chart: a line through eight points and the dashed target rule, drawn as SVG
    svg = ttf.locator(".chart svg")
    assert svg.locator("path[stroke-dasharray], line[stroke-dasharray]").count() >= 1
    assert "target ≤ 60 days by 2027-06-30" in (svg.text_content() or "")
    engagement = figures.filter(has_text="Engagement (pulse survey")
    assert "recorded" in engagement.inner_text() and "71%" in engagement.inner_text()
    decisions = page.get_by_role("table", name="Decisions and retrospectives")
    assert "Open a third ML Engineer vacancy" in decisions.inner_text()
    shot(page, "scorecard")
    assert page.evaluate("() => window.cspViolations") == []


def test_filtering_by_role_family_redraws_the_figures(page: Any, server: Server) -> None:
    sign_in(page, server, "hr", "#/scorecard")
    page.locator(".figure .chart svg").first.wait_for()
    page.get_by_label("Role family").select_option("ML")
    page.get_by_text("Figures for role family ML, as of").wait_for()
    page.locator(".figure .chart svg").first.wait_for()
    open_longer = page.locator("section.figure").filter(
        has=page.get_by_role("heading", name="Vacancies open over 90 days")
    )
    # ML family on 2026-09-30: V-2501, V-2601, V-2605 open longer than 90 days
    assert open_longer.locator("table.series tbody tr").last.inner_text().split("\t")[:2] == [
        "2026Q3",
        "3",
    ]
    assert page.locator("section.figure").filter(has_text="recorded").count() == 0


def test_evaluators_see_figures_without_owners_and_employees_no_scorecard(
    page: Any, server: Server
) -> None:
    sign_in(page, server, "evaluator", "#/scorecard")
    page.locator(".figure .chart svg").first.wait_for()
    text = page.locator("#main").inner_text()
    assert "Target at most 60 days" in text and "Sarah Goldberg" not in text
    page.get_by_role("button", name="Sign out").click()
    sign_in(page, server, "employee")
    assert page.get_by_role("link", name="Scorecard").count() == 0
