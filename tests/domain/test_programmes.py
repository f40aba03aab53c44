"""Cross-training programmes (domain/programmes.py) on the sample organisation: the tracks,
and the pairs of six people who opted in, worked out by hand from employee_skills.csv
(one assertion per skill for each of them, so their level is that assertion's)."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest

from domain.org import Org
from domain.programmes import (
    cohort_progress,
    default_track,
    next_quarter,
    pair_up,
    quarter_of,
    track_actions,
)
from tests.support.organisations import insights, sample_org


@pytest.fixture(scope="module")
def org() -> Org:
    return sample_org()


def test_each_department_learns_what_its_roles_need_from_the_other(org: Org) -> None:
    hr = default_track(org, "HR", "IT")
    levels = {s.skill_id: s.level for s in hr.skills}
    # HR roles ask for data literacy up to 4 (People Analytics Analyst): foundations stop at 3;
    # prompt engineering at most 2 (Talent Acquisition, L&D)
    assert levels["data-literacy"] == 3 and levels["prompt-engineering"] == 2
    assert "stakeholder-management" not in levels  # Leadership is HR's own category
    it = default_track(org, "IT", "HR")
    assert {s.skill_id for s in it.skills} >= {"people-management", "coaching"}
    assert all(s.level <= 3 for s in it.skills)
    actions = track_actions(org, it)
    assert [a["kind"] for a in actions[-2:]] == ["shadowing", "retrospective"]
    assert sum(a["kind"] == "pair_session" for a in actions) == len(it.skills)


# Opted in: Isabelle Fontaine (E041), Kofi Asante (E047), Daniel Kim (E060) from HR;
# Ingrid Halvorsen (E012), Dana Okafor (E013), Carmen Delgado (E032) from IT.
# HR's track: data literacy 3, AI governance 3, data visualisation 3, prompt engineering 2,
# Python 3, SQL 3. IT's: stakeholder management 3, people management 3, coaching 3,
# strategic thinking 3, change management 3. A teacher needs level 4 in the skill.
# - Ingrid (Python 5, SQL 4) teaches Isabelle (0, 0) 3 + 3 = 6, Kofi (0, 0) 6, Daniel
#   (Python 3: met; SQL 2) 1. Dana (Python 3, SQL 3) and Carmen teach HR nothing.
# - Isabelle (strategic thinking 5, stakeholder management 5) teaches Ingrid (0, 0) 6, Dana
#   (0, 0) 6, Carmen (stakeholder management 3: met; strategic thinking 0) 3. Kofi (nothing
#   at 4) and Daniel teach IT nothing.
# Values: Isabelle–Ingrid 12, Isabelle–Dana 6, Kofi–Ingrid 6, Isabelle–Carmen 3,
# Daniel–Ingrid 1. First everyone once: Isabelle–Ingrid. Then those still alone: Dana joins
# Isabelle, Kofi joins Ingrid; both are then at the limit of 2, so Carmen and Daniel stay
# alone (nobody else can teach them anything).
OPTED_IN = ["E041", "E047", "E060", "E012", "E013", "E032"]


def test_six_who_opted_in_are_paired_as_worked_out_by_hand(org: Org) -> None:
    tracks = {"HR": default_track(org, "HR", "IT"), "IT": default_track(org, "IT", "HR")}
    pairs = pair_up(org, tracks, OPTED_IN, limit=2)
    assert [(p["HR"], p["IT"], p["value"], p["teaches"]) for p in pairs] == [
        ("E041", "E012", 12, {"E041": 6, "E012": 6}),
        ("E041", "E013", 6, {"E041": 6, "E013": 0}),
        ("E047", "E012", 6, {"E047": 0, "E012": 6}),
    ]
    with_one = pair_up(org, tracks, OPTED_IN, limit=1)
    assert [(p["HR"], p["IT"]) for p in with_one] == [("E041", "E012")]


def test_everyone_in_hr_and_it_opted_in_nobody_with_their_own_or_over_the_limit(
    org: Org,
) -> None:
    tracks = {"HR": default_track(org, "HR", "IT"), "IT": default_track(org, "IT", "HR")}
    everyone = [e for e, p in org.employees.items() if p.department in ("HR", "IT")]
    pairs = pair_up(org, tracks, everyone, limit=2)
    load: Counter[str] = Counter()
    for pair in pairs:
        hr, it = pair["HR"], pair["IT"]
        assert org.employees[hr].department == "HR" and org.employees[it].department == "IT"
        assert pair["value"] > 0
        load.update([hr, it])
    assert max(load.values()) <= 2
    assert len({(p["HR"], p["IT"]) for p in pairs}) == len(pairs)
    assert pair_up(org, tracks, [], limit=2) == []


def test_weighing_a_few_partners_each_keeps_the_rules(
    org: Org, monkeypatch: pytest.MonkeyPatch
) -> None:
    """At scale each person's best few partners are weighed (CANDIDATES): the rules hold."""
    import domain.programmes

    tracks = {"HR": default_track(org, "HR", "IT"), "IT": default_track(org, "IT", "HR")}
    everyone = [e for e, p in org.employees.items() if p.department in ("HR", "IT")]
    full = pair_up(org, tracks, everyone, limit=2)
    monkeypatch.setattr(domain.programmes, "CANDIDATES", 3)
    few = pair_up(org, tracks, everyone, limit=2)
    load: Counter[str] = Counter(p[d] for p in few for d in ("HR", "IT"))
    assert few and max(load.values()) <= 2
    assert all(org.employees[p["HR"]].department == "HR" for p in few)
    # the best pair overall is each one's best: kept whatever the number weighed
    assert few[0] == full[0]


def test_a_cohort_shows_its_figures_from_the_minimum_group_and_ranks_nobody() -> None:
    people = [
        {"employee_id": f"E{i}", "actions_done": done, "actions": 10, "readiness": 0.5}
        for i, done in enumerate([10, 5, 0, 0, 0])
    ]
    cohort = cohort_progress("HR", people, min_group_size=5)
    # 15 of 50 actions: 30 %, a quarter of the cohort's actions reached
    assert (cohort["actions_done"], cohort["share_done"], cohort["milestones"]) == (15, 0.3, [0.25])
    assert "people" not in cohort and "ranking" not in cohort
    small = cohort_progress("HR", people[:4], min_group_size=5)
    assert small["suppressed"] and small["share_done"] is None and small["participants"] == 4


def test_quarters() -> None:
    assert quarter_of(date(2027, 2, 14)) == (date(2027, 1, 1), date(2027, 3, 31), "2027Q1")
    assert next_quarter(date(2026, 11, 22)) == (date(2027, 1, 1), date(2027, 3, 31), "2027Q1")
    assert quarter_of(date(2026, 12, 31))[1] == date(2026, 12, 31)


def test_participation_feeds_the_scorecard(org: Org) -> None:
    programme = {
        "status": "approved",
        "starts": "2026-07-01",
        "ends": "2026-09-30",
        "participants": [
            {"employee_id": "E041", "joined_on": "2026-07-05", "left_on": None},
            {"employee_id": "E012", "joined_on": "2026-07-05", "left_on": "2026-08-01"},
            {"employee_id": "E013", "joined_on": "2026-07-06", "left_on": None},
        ],
    }
    data = insights(org).scorecard([], [], programmes=[programme])
    figure = next(f for f in data["figures"] if f["name"] == "cross_training_participants")
    by_quarter = {p["quarter"]: p["value"] for p in figure["series"]}
    # on 2026-09-30 Isabelle and Dana take part (Ingrid left on 2026-08-01); no programme
    # ran at the end of any other quarter
    assert by_quarter["2026Q3"] == 2 and by_quarter["2026Q2"] is None
    assert figure["title"] == "People in HR–IT cross-training" and figure["better"] == "at_least"
