"""Gap analytics on the hand-made org in org_fixture.py. Expected values are worked out by
hand in the comments; none is computed by the code under test."""

from __future__ import annotations

from datetime import date

import pytest

from core.errors import AmbiguousNameError, NotFoundError, UserError
from domain.insights import Insights
from domain.levels import current_levels, is_stale, months_before
from domain.mobility import MentorBook, find_mentors
from domain.models import Source
from tests.unit.org_fixture import (
    AS_OF,
    ASSERTIONS,
    STALE_AFTER_MONTHS,
    make_insights,
    make_org,
)

pytestmark = pytest.mark.unit


@pytest.fixture
def insights() -> Insights:
    return make_insights(make_org(), min_group_size=1)


# ---------------------------------------------------------------- current level


def test_most_trusted_source_wins_even_when_older_and_stale() -> None:
    levels = current_levels(
        [a for a in ASSERTIONS if a.employee_id == "B"], AS_OF, STALE_AFTER_MONTHS
    )
    assert levels["py"].level == 2  # assessment 2 beats a newer self-rating of 4
    assert levels["py"].source is Source.ASSESSMENT
    assert levels["py"].assessed_on == date(2024, 1, 10)
    assert levels["py"].stale is True


def test_among_equal_sources_the_latest_wins() -> None:
    levels = current_levels(
        [a for a in ASSERTIONS if a.employee_id == "B"], AS_OF, STALE_AFTER_MONTHS
    )
    assert (levels["spark"].level, levels["spark"].assessed_on) == (3, date(2025, 6, 1))
    assert levels["spark"].stale is False


def test_full_precedence_order() -> None:
    from domain.models import SkillAssertion

    day = date(2026, 1, 1)
    rows = [
        SkillAssertion("X", "py", lvl, src, day)
        for lvl, src in [
            (1, Source.SELF),
            (2, Source.PEER),
            (3, Source.MANAGER),
            (4, Source.CERTIFICATION),
        ]
    ]
    assert current_levels(rows, AS_OF, STALE_AFTER_MONTHS)["py"].level == 4
    assert current_levels(rows[:3], AS_OF, STALE_AFTER_MONTHS)["py"].level == 3
    assert current_levels(rows[:2], AS_OF, STALE_AFTER_MONTHS)["py"].level == 2


def test_future_assertions_are_ignored() -> None:
    assert "ml" not in current_levels(
        [a for a in ASSERTIONS if a.employee_id == "E"], AS_OF, STALE_AFTER_MONTHS
    )


def test_staleness_boundary_is_calendar_months() -> None:
    assert months_before(date(2026, 11, 22), 24) == date(2024, 11, 22)
    assert months_before(date(2026, 3, 31), 1) == date(2026, 2, 28)
    assert is_stale(date(2024, 11, 21), AS_OF, 24) is True
    assert is_stale(date(2024, 11, 22), AS_OF, 24) is False
    assert is_stale(date(2025, 11, 21), AS_OF, 12) is True


# ---------------------------------------------------------------- person gap


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
    from tests.unit.org_fixture import EMPLOYEES, RESOURCES, ROLES, SKILLS

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


# ---------------------------------------------------------------- team view


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
    org = insights.org
    from dataclasses import replace

    org.employees["D"] = replace(org.employees["D"], role_id="mle")
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


# ---------------------------------------------------------------- candidates and mentors


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


def test_mentors_need_level_plus_one_and_at_least_four_other_team_first(insights: Insights) -> None:
    data = insights.mentors("spark", 3, learner="B")
    assert data["min_mentor_level"] == 4
    # spark >= 4: A(4,T1) C(5,T1) D(4,T2) E(5,T2); other team first, then higher level
    assert [m["employee_id"] for m in data["mentors"]] == ["E", "D", "C", "A"]
    assert data["mentors"][0]["cross_department"] is True
    assert [m["employee_id"] for m in insights.mentors("spark", 4, learner="B")["mentors"]] == [
        "E",
        "C",
    ]
    # level 1 still needs a mentor at 4 or more; the learner never mentors themself
    assert [m["employee_id"] for m in insights.mentors("coach", 1, learner="E")["mentors"]] == ["A"]


def test_mentor_balancing_caps_mentees_per_batch() -> None:
    org = make_org()
    book = MentorBook(max_mentees=1)
    first = find_mentors(org, "spark", 3, "B", book, limit=1)[0]["employee_id"]
    book.book(first)
    assert first == "E"
    assert [m["employee_id"] for m in find_mentors(org, "spark", 3, "B", book)] == ["D", "C", "A"]


# ---------------------------------------------------------------- plans


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
    # no catalogue resource covers coaching; E (coach 5 >= max(5+1, 4)? no: 5 < 6) can't mentor
    assert kinds == [("on_the_job", None), ("coaching", None)]


def test_plan_arguments_are_checked(insights: Insights) -> None:
    with pytest.raises(UserError, match="1–260 weeks"):
        insights.plan("B", weeks=0)
    with pytest.raises(UserError, match="hours per week"):
        insights.plan("B", hours_per_week=0)


# ---------------------------------------------------------------- advice and scenario


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
