"""Person gaps, readiness and priority (domain/gaps.py, through domain/insights.py) on the hand-
made org. Expected values are worked out by hand in the comments; none is computed by the
code under test."""

from __future__ import annotations

import pytest

from core.errors import AmbiguousNameError, NotFoundError, UserError
from domain.insights import Insights
from tests.support.handmade_org import (
    AS_OF,
    ASSERTIONS,
    STALE_AFTER_MONTHS,
    make_insights,
    make_org,
)


@pytest.fixture
def insights() -> Insights:
    return make_insights(make_org(), min_group_size=1)


def test_person_gap_rows_priority_and_order(insights: Insights) -> None:
    data = insights.gaps("B")  # current role: de
    # py: 3-2=1 gap, x5 = 5; k8s: 2-0=2, x2 = 4; spark: 4-3=1, x4 = 4.
    # spark and k8s tie on priority 4; k8s has the bigger gap so it comes first.
    assert [
        (g["skill_id"], g["required"], g["current"], g["gap"], g["importance"], g["priority"])
        for g in data["gaps"]
    ] == [
        ("py", 3, 2, 1, 5, 5),
        ("k8s", 2, 0, 2, 2, 4),
        ("spark", 4, 3, 1, 4, 4),
    ]
    py = data["gaps"][0]
    assert (py["source"], py["assessed_on"], py["stale"]) == ("assessment", "2024-01-10", True)
    k8s = data["gaps"][1]
    assert (k8s["source"], k8s["assessed_on"], k8s["stale"]) == (None, None, False)
    # readiness = (5*2 + 4*3 + 2*0) / (5*3 + 4*4 + 2*2) = 22/35
    assert data["readiness"] == pytest.approx(22 / 35, abs=1e-4)
    assert data["total_priority"] == 13
    assert data["strengths"] == [] and data["met"] == []


def test_strengths_and_met_are_listed(insights: Insights) -> None:
    data = insights.gaps("Cat")
    assert data["gaps"] == []
    assert data["readiness"] == 1.0
    assert [(s["skill_id"], s["above"]) for s in data["strengths"]] == [("py", 1), ("spark", 1)]
    assert [m["skill_id"] for m in data["met"]] == ["k8s"]


def test_target_role_by_name_and_missing_skill_counts_as_zero(insights: Insights) -> None:
    data = insights.gaps("ben", role="ml engineer")
    assert data["role_id"] == "mle"
    assert [(g["skill_id"], g["current"], g["gap"], g["priority"]) for g in data["gaps"]] == [
        ("ml", 0, 3, 15)
    ]
    assert data["readiness"] == 0.0


def test_names_must_be_unambiguous(insights: Insights) -> None:
    with pytest.raises(NotFoundError, match="no employee named 'zed'"):
        insights.gaps("zed")
    with pytest.raises(NotFoundError, match="no role named 'astronaut'"):
        insights.gaps("A", role="astronaut")
    from dataclasses import replace

    from domain.org import Org
    from tests.support.handmade_org import EMPLOYEES, RESOURCES, ROLES, SKILLS

    annika = replace(EMPLOYEES[0], employee_id="F", name="Annika")
    org = Org.build(
        SKILLS,
        ROLES,
        [*EMPLOYEES, annika],
        ASSERTIONS,
        RESOURCES,
        as_of=AS_OF,
        stale_after_months=STALE_AFTER_MONTHS,
    )
    with pytest.raises(AmbiguousNameError, match=r"A \(Ann\), F \(Annika\)"):
        make_insights(org).gaps("an")


def test_role_without_requirements_is_a_clear_error() -> None:
    from domain.models import Role

    org = make_org()
    org.roles["empty"] = Role("empty", "Empty Role")
    with pytest.raises(UserError, match="has no requirements yet"):
        make_insights(org).gaps("A", role="empty")
