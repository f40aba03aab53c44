"""Build / buy / borrow and workforce scenarios (domain/advice.py), worked out by hand on the
hand-made org."""

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


def test_build_buy_borrow(insights: Insights) -> None:
    data = insights.build_buy_borrow(team="T1")
    rows = {s["skill_id"]: s for s in data["skills"]}
    # py: B 2->3 via R2 = 20 h -> 5 weeks at 4 h/week; C (py 4) can mentor.
    assert (
        rows["py"]["training_hours"],
        rows["py"]["weeks_to_close"],
        rows["py"]["recommendation"],
    ) == (20, 5, "upskill + mentor")
    # k8s: B starts at 0 -> reskill; R6 8 h -> 2 weeks; nobody at k8s >= 4.
    assert (rows["k8s"]["weeks_to_close"], rows["k8s"]["recommendation"]) == (2, "reskill")
    # spark: R4 30 h -> 8 weeks; C and E at 5 can mentor; D and E (outside T1) at >= 4.
    assert (rows["spark"]["weeks_to_close"], rows["spark"]["borrowable"]) == (8, 2)
    assert rows["spark"]["recommendation"] == "upskill + mentor"


def test_slow_critical_gap_means_hire_and_plenty_elsewhere_means_borrow() -> None:
    org = make_org()
    slow = make_insights(org, min_group_size=1, hours_per_week=1, build_weeks=10)
    rows = {s["skill_id"]: s for s in slow.build_buy_borrow(team="T1")["skills"]}
    assert rows["py"]["weeks_to_close"] == 20
    assert rows["py"]["recommendation"] == "hire"  # importance 5, 20 weeks > 10
    assert rows["spark"]["recommendation"] == "borrow"  # 30 weeks; D and E have spark >= 4
    assert rows["k8s"]["recommendation"] == "reskill"  # 8 weeks


def test_scenario_build_and_buy(insights: Insights) -> None:
    # Non-holders of de: A ready now (31/35 >= 0.8); E (16/35): py 0->3 is R1 + R2 = 30 h,
    # reaching 31/35 -> 8 weeks at 4 h.
    ten_weeks = insights.scenario(
        {
            "demand": [{"role": "de", "headcount": 2, "by": "2027-01-31"}],
            "readiness_threshold": 0.8,
            "hours_per_week": 4,
        }
    )
    d = ten_weeks["demand"][0]
    assert d["weeks_available"] == 10
    assert [
        (c["employee_id"], c["weeks_needed"], c["training_hours"]) for c in d["candidates"]
    ] == [("A", 0, 0), ("E", 8, 30)]
    assert (d["build"], d["buy"], d["also_possible"]) == (2, 0, 0)
    short = insights.scenario(
        {
            "demand": [{"role": "de", "headcount": 3, "by": "2026-12-20"}],
            "readiness_threshold": 0.8,
            "hours_per_week": 4,
        }
    )
    assert (short["demand"][0]["build"], short["demand"][0]["buy"]) == (1, 2)
    assert short["total_buy"] == 2


def test_scenario_needs_demand(insights: Insights) -> None:
    with pytest.raises(UserError, match="no 'demand'"):
        insights.scenario({})
