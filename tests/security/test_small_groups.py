"""Group figures identify nobody: a row about fewer than `min_group_size` people shows no
counts to a caller who may not see those people one by one, and a group whose complement
within its parent is that small is refused (or "the organisation minus IT" would be HR)."""

from __future__ import annotations

from pathlib import Path

import pytest

from agent.access import AccessDenied, Caller, CallerRole
from agent.capabilities import call_tool
from services import Services
from tests.support.organisations import sample_services

EVALUATOR = Caller(CallerRole.EVALUATOR, name="eval")
HR = Caller(CallerRole.HR, name="hr")
COUNTS = ("required_by", "meet", "within_one", "coverage", "priority", "average_gap")


@pytest.fixture
def services(tmp_path: Path) -> Services:
    return sample_services(tmp_path)


def test_team_rows_about_few_people_show_no_counts_to_an_evaluator(services: Services) -> None:
    data = call_tool(services.context(EVALUATOR), "team_gaps", {"department": "IT"}).data
    small = [row for row in data["skills"] if row.get("suppressed")]
    assert small, "the IT department has skills that fewer than 5 people's roles need"
    for row in data["skills"]:
        if row.get("suppressed"):
            assert all(row[k] is None for k in COUNTS), row
        else:
            assert row["required_by"] >= 5, row


def test_hr_sees_every_row(services: Services) -> None:
    data = call_tool(services.context(HR), "team_gaps", {"department": "IT"}).data
    assert not any(row.get("suppressed") for row in data["skills"])
    assert min(row["required_by"] for row in data["skills"]) < 5


def test_advice_rows_about_few_people_show_no_counts(services: Services) -> None:
    data = call_tool(services.context(EVALUATOR), "build_buy_borrow", {"department": "IT"}).data
    for row in data["skills"]:
        if row.get("suppressed"):
            assert row["shortfall"] is None and row["within_one"] is None
            assert row["training_hours"] is None and "h at most" not in row["why"]
        else:
            assert row["shortfall"] >= 5


def test_kpi_rows_about_few_holders_show_no_counts(services: Services) -> None:
    data = call_tool(services.context(EVALUATOR), "kpis", {}).data
    rows = data["critical_role_coverage"]
    assert any(r.get("suppressed") for r in rows)
    for row in rows:
        if row.get("suppressed"):
            assert row["holders"] is None and row["meeting_all"] is None
            assert row["coverage"] is None


def test_a_group_whose_complement_is_too_small_is_refused(tmp_path: Path) -> None:
    # IT has 40 people and HR 26: with groups of at least 27, HR's figures are refused, so
    # IT's must be too (the organisation minus IT is HR).
    services = sample_services(tmp_path, min_group_size=27)
    ctx = services.context(EVALUATOR)
    with pytest.raises(AccessDenied, match="HR"):
        call_tool(ctx, "team_gaps", {"department": "HR"})
    with pytest.raises(AccessDenied, match="rest of"):
        call_tool(ctx, "team_gaps", {"department": "IT"})
    assert call_tool(ctx, "team_gaps", {}).data["people"] == 66  # the whole organisation


def test_the_answer_text_states_no_suppressed_count(services: Services) -> None:
    answer = services.assistant.ask("What are the skill gaps in the IT department?", EVALUATOR)
    assert not answer.refused
    suppressed = [r["name"] for r in answer.data["skills"] if r.get("suppressed")]  # type: ignore[index,union-attr]
    for name in suppressed:
        for line in answer.answer.splitlines():
            if line.startswith(f"- {name}:"):
                assert "of" not in line.split(":", 1)[1], line


def _figures(row: dict) -> dict:  # type: ignore[type-arg]
    """What a suppressed row carries besides its name: must be nothing."""
    names = {"skill_id", "name", "category", "role_id", "title", "department", "why"}
    return {k: v for k, v in row.items() if k not in names and k != "suppressed" and v}


@pytest.mark.parametrize(
    ("tool", "args", "rows"),
    [
        ("team_gaps", {}, "skills"),
        ("team_gaps", {"department": "IT"}, "skills"),
        ("team_gaps", {"team": "Data"}, "skills"),
        ("build_buy_borrow", {"department": "IT"}, "skills"),
        ("kpis", {}, "critical_role_coverage"),
    ],
)
def test_a_suppressed_row_names_its_subject_and_carries_no_count_flag_or_figure(
    services: Services,
    tool: str,
    args: dict,
    rows: str,  # type: ignore[type-arg]
) -> None:
    data = call_tool(services.context(EVALUATOR), tool, args).data
    suppressed = [row for row in data[rows] if row.get("suppressed")]
    assert suppressed, f"{tool} {args} has rows about fewer than 5 people in the sample"
    for row in suppressed:
        assert _figures(row) == {}, row


def test_the_organisation_missing_answer_flags_no_small_row(services: Services) -> None:
    """The red-team case: an evaluator asking what the organisation is missing saw
    `experts: 1` and `single_point_of_failure: true` on rows marked suppressed."""
    answer = services.assistant.ask("What is the organisation missing?", EVALUATOR)
    rows = answer.data["skills"]  # type: ignore[index]
    hidden = [r for r in rows if r.get("suppressed")]  # type: ignore[union-attr]
    assert hidden
    for row in hidden:
        assert row["experts"] is None and row["single_point_of_failure"] is None  # type: ignore[index]
        assert row["skill_id"] not in answer.data["single_points_of_failure"]  # type: ignore[index,operator]
    single = call_tool(services.context(EVALUATOR), "single_points_of_failure", {}).data
    assert all(r["required_by"] >= 5 for r in single["skills"])
