"""Team and department views: coverage, single points of failure, AI readiness, heatmap, minimum
group size (domain/teams.py). Worked out by hand on the hand-made org."""

from __future__ import annotations

import pytest

from core.errors import NotFoundError, UserError
from domain.insights import Insights
from tests.support.handmade_org import (
    make_insights,
    make_org,
)


@pytest.fixture
def insights() -> Insights:
    return make_insights(make_org(), min_group_size=1)


def test_team_coverage_counts_and_single_points_of_failure(insights: Insights) -> None:
    data = insights.team_gaps(team="T1")
    rows = {s["skill_id"]: s for s in data["skills"]}
    # py: A(req 2, has 3) meets, B(req 3, has 2) within one, C(req 3, has 4) meets.
    assert {
        k: rows["py"][k] for k in ("required_by", "meet", "within_one", "experts", "priority")
    } == {"required_by": 3, "meet": 2, "within_one": 1, "experts": 1, "priority": 5}
    assert rows["py"]["coverage"] == pytest.approx(2 / 3, abs=1e-4)
    assert rows["py"]["single_point_of_failure"] and rows["py"]["single_expert_id"] == "C"
    # spark: B 3/4 within one, C 5/4 meets; experts A(4) and C(5) -> no SPOF.
    assert (rows["spark"]["meet"], rows["spark"]["within_one"], rows["spark"]["experts"]) == (
        1,
        1,
        2,
    )
    assert rows["spark"]["single_point_of_failure"] is False
    # k8s: B 0/2 (gap 2, x2 = 4), C 2/2.
    assert (rows["k8s"]["meet"], rows["k8s"]["within_one"], rows["k8s"]["priority"]) == (1, 0, 4)
    # coach: only A needs it and A is the only expert.
    assert rows["coach"]["single_point_of_failure"] is True
    assert data["single_points_of_failure"] == ["py", "coach"]
    # order: priority desc, then coverage asc, then name: py 5; Kubernetes, Spark 4; coach 0
    assert [s["skill_id"] for s in data["skills"]] == ["py", "k8s", "spark", "coach"]
    # readiness pooled: met 24 (A) + 22 (B) + 35 (C) = 81 over need 24 + 35 + 35 = 94
    assert data["readiness"] == pytest.approx(81 / 94, abs=1e-4)
    assert data["people"] == 3


def test_small_groups_are_refused(insights: Insights) -> None:
    strict = make_insights(insights.org, min_group_size=5)
    with pytest.raises(
        UserError, match="T1 has 3 people; aggregate figures need a group of at least 5"
    ):
        strict.team_gaps(team="T1")
    with pytest.raises(UserError, match="at least 5"):
        strict.heatmap(team="T1")


def test_department_and_org_scope(insights: Insights) -> None:
    hr = insights.team_gaps(department="hr")
    assert hr["department"] == "HR" and hr["people"] == 2
    org = insights.team_gaps()
    assert org["people"] == 5
    with pytest.raises(NotFoundError, match="no team 'T9'"):
        insights.team_gaps(team="T9")


def test_ai_readiness_only_counts_ai_skills(insights: Insights) -> None:
    data = insights.team_gaps(ai_only=True)
    assert data["skills"] == []  # nobody holds the ML Engineer role
    assert data["readiness"] == 1.0
    from dataclasses import replace

    # a new organisation (an Org is read-only once built: its caches assume so)
    old = insights.org
    org = replace(old, employees={**old.employees, "D": replace(old.employees["D"], role_id="mle")})
    data = make_insights(org, min_group_size=1).team_gaps(ai_only=True)
    assert [
        (s["skill_id"], s["required_by"], s["meet"], s["priority"]) for s in data["skills"]
    ] == [("ml", 1, 0, 15)]
    assert data["readiness"] == 0.0


def test_heatmap_cells(insights: Insights) -> None:
    data = insights.heatmap(team="T1")
    assert [s["skill_id"] for s in data["skills"]] == ["py", "k8s", "spark", "coach"]
    ann = next(r for r in data["rows"] if r["employee_id"] == "A")
    cells = {c["skill_id"]: c for c in ann["cells"]}
    assert cells["py"] == {"skill_id": "py", "required": 2, "current": 3, "gap": 0}
    assert cells["spark"] == {"skill_id": "spark", "required": None, "current": 4, "gap": None}
    ben = next(r for r in data["rows"] if r["employee_id"] == "B")
    assert {c["skill_id"]: c["gap"] for c in ben["cells"]} == {
        "py": 1,
        "k8s": 2,
        "spark": 1,
        "coach": None,
    }
