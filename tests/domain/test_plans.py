"""Learning plans (domain/plans.py): resources, mentors, prerequisites, the budget. Worked out
by hand on the hand-made org."""

from __future__ import annotations

import pytest

from core.errors import UserError
from domain.insights import Insights
from tests.support.handmade_org import (
    make_insights,
    make_org,
)


@pytest.fixture
def insights() -> Insights:
    return make_insights(make_org(), min_group_size=1)


def test_plan_chooses_internal_resources_mentors_and_fits_the_budget(insights: Insights) -> None:
    draft = insights.plan("B", weeks=10, hours_per_week=4)  # 40 h budget
    data = draft.to_dict()
    # py 2->3: R2 (internal, free; its prerequisite R1 is already mastered at level 2) 20 h,
    #   then C (py 4, same team, the only one at >= 4) mentors: 2 h per level of gap.
    # k8s 0->2: R6 8 h; nobody has k8s >= 4 to mentor.
    # spark 3->4: R4 30 h would pass 40 h: it and the rest of spark go to the next horizon.
    assert [
        (
            a["kind"],
            a["resource_id"],
            a["mentor_id"],
            a["hours"],
            a["week_start"],
            a["week_end"],
            a["closes_gap_to"],
        )
        for a in data["actions"]
    ] == [
        ("course", "R2", None, 20, 1, 5, 3),
        ("mentoring", None, "C", 2, 6, 6, 3),
        ("workshop", "R6", None, 8, 6, 8, 2),
    ]
    assert [(a["kind"], a["resource_id"], a["mentor_id"]) for a in data["next_horizon"]] == [
        ("certification", "R4", None),
        ("mentoring", None, "E"),
    ]
    assert data["scheduled_hours"] == 30 and data["budget_hours"] == 40
    assert all(a["reason"] for a in data["actions"])


def test_prerequisites_come_first(insights: Insights) -> None:
    # D has py 1: R2 needs R1 (py 2) which D has not mastered, so R1 is scheduled before R2.
    data = insights.plan("D", weeks=20, hours_per_week=5).to_dict()
    ids = [a["resource_id"] for a in data["actions"] if a["resource_id"]]
    assert ids[:2] == ["R1", "R2"]
    first, second = data["actions"][0], data["actions"][1]
    assert first["week_end"] <= second["week_start"]


def test_plan_for_explicit_skills(insights: Insights) -> None:
    data = insights.plan("E", skills=[("Kubernetes", 2)], weeks=4, hours_per_week=2).to_dict()
    assert data["role_id"] is None
    assert [(a["resource_id"], a["week_start"], a["week_end"]) for a in data["actions"]] == [
        ("R6", 1, 4)
    ]


def test_leadership_gap_gets_coaching_and_on_the_job_when_catalogue_falls_short(
    insights: Insights,
) -> None:
    data = insights.plan("A", skills=[("coach", 5)], weeks=12, hours_per_week=4).to_dict()
    kinds = [(a["kind"], a["mentor_id"]) for a in data["actions"]]
    # no catalogue resource covers coaching; E (coach 5 >= max(4, 5, A's 4 + 1)) mentors
    assert kinds == [("mentoring", "E"), ("on_the_job", None), ("coaching", None)]


def test_plan_arguments_are_checked(insights: Insights) -> None:
    with pytest.raises(UserError, match="1–260 weeks"):
        insights.plan("B", weeks=0)
    with pytest.raises(UserError, match="hours per week"):
        insights.plan("B", hours_per_week=0)
