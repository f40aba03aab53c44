"""Internal candidates and mentors (domain/mobility.py), worked out by hand on the hand-made org."""

from __future__ import annotations

import pytest

from domain.insights import Insights
from domain.mobility import MentorBook, find_mentors
from tests.support.handmade_org import (
    make_insights,
    make_org,
)


@pytest.fixture
def insights() -> Insights:
    return make_insights(make_org(), min_group_size=1)


def test_candidates_exclude_holders_and_rank_by_readiness(insights: Insights) -> None:
    data = insights.candidates("de")
    # B, C and D hold the role. A: (5*3 + 4*4 + 0)/35 = 31/35; E: (0 + 16 + 0)/35 = 16/35
    assert [(c["employee_id"], c["readiness"]) for c in data["candidates"]] == [
        ("A", round(31 / 35, 4)),
        ("E", round(16 / 35, 4)),
    ]
    assert data["holders_excluded"] == 3
    # E: py 0->3 (x5 = 15), k8s 0->2 (x2 = 4)
    assert [g["skill_id"] for g in data["candidates"][1]["top_gaps"]] == ["py", "k8s"]
    with_holders = insights.candidates("de", include_holders=True)
    assert [c["employee_id"] for c in with_holders["candidates"]] == ["C", "A", "B", "D", "E"]


def test_mentors_guide_others_reach_the_level_and_are_ahead_of_the_learner(
    insights: Insights,
) -> None:
    data = insights.mentors("spark", 3, learner="B")  # B is at 3 in Spark
    assert data["min_mentor_level"] == 4
    # spark >= 4: A(4,T1) C(5,T1) D(4,T2) E(5,T2); other team first, then higher level
    assert [m["employee_id"] for m in data["mentors"]] == ["E", "D", "C", "A"]
    assert data["mentors"][0]["cross_department"] is True
    # towards level 4 people at 4 may mentor: level 4 is "advanced: guides others"
    towards_four = insights.mentors("spark", 4, learner="B")
    assert towards_four["min_mentor_level"] == 4
    assert [m["employee_id"] for m in towards_four["mentors"]] == ["E", "D", "C", "A"]
    # towards 5 only those at 5
    assert [m["employee_id"] for m in insights.mentors("spark", 5, learner="B")["mentors"]] == [
        "E",
        "C",
    ]
    # level 1 still needs a mentor at 4 or more; the learner never mentors themself
    assert [m["employee_id"] for m in insights.mentors("coach", 1, learner="B")["mentors"]] == [
        "E",
        "A",
    ]
    # a mentor is ahead of the learner: E already holds Coaching at 5, nobody is ahead
    ahead = insights.mentors("coach", 1, learner="E")
    assert ahead["min_mentor_level"] == 6 and ahead["mentors"] == []


def test_mentor_balancing_caps_mentees_per_batch() -> None:
    org = make_org()
    book = MentorBook(max_mentees=1)
    first = find_mentors(org, "spark", 3, "B", book, limit=1)[0]["employee_id"]
    book.book(first)
    assert first == "E"
    assert [m["employee_id"] for m in find_mentors(org, "spark", 3, "B", book)] == ["D", "C", "A"]
