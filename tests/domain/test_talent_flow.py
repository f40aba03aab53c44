"""Talent-flow figures. The sample organisation's gold numbers were worked out by hand from
data/sample/vacancies.csv, events.csv, employees.csv and employee_skills.csv (the derivation
is in each test's comments); the small cases below pin the rules one at a time."""

from __future__ import annotations

from datetime import date

import pytest

from core.settings import Settings
from domain.models import (
    Employee,
    EmploymentEvent,
    EventType,
    FillSource,
    Requirement,
    Role,
    Skill,
    SkillAssertion,
    Source,
    Vacancy,
    VacancyStatus,
)
from domain.talent_flow import (
    Scope,
    TalentFlow,
    TopTechnologists,
    internal_fill_rate,
    leavers,
    open_vacancies,
    percentile,
    quarter_ends_through,
    retention,
    time_to_fill,
)
from tests.support.organisations import sample_org

TOP = TopTechnologists(4, tuple(Settings().top_technologist_categories))
Q2_2025, Q4_2025, Q3_2026 = date(2025, 6, 30), date(2025, 12, 31), date(2026, 9, 30)


@pytest.fixture(scope="module")
def flow() -> TalentFlow:
    return sample_org().flow


# ------------------------------------------------------------------ the sample, by hand


def test_time_to_fill_on_three_days(flow: TalentFlow) -> None:
    # 2025-06-30, window (2024-06-30, 2025-06-30]: filled V-2405 67 d (crit), V-2406 74,
    # V-2408 81, V-2409 116 (crit), V-2411 137, V-2502 24 (crit); V-2401 closed 2024-06-28.
    # Sorted 24 67 74 81 116 137: median (74+81)/2 = 77.5; p75 at rank 3.75: 81 + .75·35.
    found = time_to_fill(flow, Q2_2025, 12)
    assert (found["filled"], found["median_days"], found["p75_days"]) == (6, 77.5, 107.25)
    # critical 24 67 116: median 67, p75 at rank 1.5: 67 + .5·49
    assert found["critical"] == {"filled": 3, "median_days": 67.0, "p75_days": 91.5}
    # 2025-12-31: V-2409 116, V-2411 137, V-2502 24, V-2504 53, V-2506 81 → median 81, p75 116
    found = time_to_fill(flow, Q4_2025, 12)
    assert (found["filled"], found["median_days"], found["p75_days"]) == (5, 81.0, 116.0)
    assert found["critical"] == {"filled": 2, "median_days": 70.0, "p75_days": 93.0}
    # 2026-09-30: V-2506 81, V-2507 95, V-2602 53, V-2604 67, V-2606 74 → 53 67 74 81 95
    found = time_to_fill(flow, Q3_2026, 12)
    assert (found["filled"], found["median_days"], found["p75_days"]) == (5, 74.0, 81.0)
    assert found["critical"] == {"filled": 0, "median_days": None, "p75_days": None}
    assert found["vacancy_ids"] == ["V-2506", "V-2507", "V-2602", "V-2604", "V-2606"]


def test_time_to_fill_per_role(flow: TalentFlow) -> None:
    rows = {r["role_id"]: r for r in time_to_fill(flow, Q2_2025, 12)["by_role"]}
    assert rows["security-engineer"]["median_days"] == 116.0  # V-2409 alone
    assert rows["senior-data-engineer"]["filled"] == 1
    assert "ml-engineer" not in rows  # none filled: V-2501 is still open


def test_internal_fill_rate_on_three_days(flow: TalentFlow) -> None:
    # internal: V-2405, V-2409, V-2502 of 6; then V-2409, V-2502 of 5; then V-2604, V-2606 of 5
    assert [
        (f["internal"], f["filled"], f["rate"])
        for f in (internal_fill_rate(flow, day, 12) for day in (Q2_2025, Q4_2025, Q3_2026))
    ] == [(3, 6, 0.5), (2, 5, 0.4), (2, 5, 0.4)]


def test_open_vacancies_on_three_days(flow: TalentFlow) -> None:
    # 2025-06-30: V-2501 (from 2025-03-03: 119 d), V-2503 (05-05, cancelled 08-29: 56 d),
    # V-2504 (06-16, filled 08-08: 14 d)
    found = open_vacancies(flow, Q2_2025, 90)
    assert [v["age_days"] for v in found["vacancies"]] == [119, 56, 14]
    assert (found["open"], found["critical_open"], found["median_age_days"]) == (3, 1, 56.0)
    # 2025-12-31: V-2501 303, V-2505 86, V-2507 86 (filled 2026-01-09), V-2508 44
    found = open_vacancies(flow, Q4_2025, 90)
    assert [v["age_days"] for v in found["vacancies"]] == [303, 86, 86, 44]
    assert (found["critical_open"], found["median_age_days"], found["open_longer"]) == (2, 86, 1)
    # 2026-09-30: seven open; the three ML Engineer ones are 576, 258 and 149 days old
    found = open_vacancies(flow, Q3_2026, 90)
    assert [v["age_days"] for v in found["vacancies"]] == [576, 359, 317, 258, 149, 86, 58]
    assert (found["critical_open"], found["median_age_days"], found["open_longer"]) == (5, 258, 5)
    ml = [v["age_days"] for v in found["vacancies"] if v["role_id"] == "ml-engineer"]
    assert ml == [576, 258, 149]


def test_retention_of_top_technologists_on_three_days(flow: TalentFlow) -> None:
    # Cohort on 2024-06-30: at level 4+ in a critical technical skill then, and employed:
    # E019 E026 E027 E035 E036 E055 and the former E067 E068 E069 E070 E075 (E071 had left
    # on 2024-05-31). Left by 2025-06-30: E069 (2024-08-30), E067 (2025-02-28), E068
    # (2025-03-31), all by choice. 8 of 11 stayed.
    found = retention(flow, Q2_2025, 12, TOP, 5)
    assert (found["cohort"], found["stayed"], found["rate"]) == (11, 8, 0.7273)
    assert (found["leaver_ids"], found["voluntary_leavers"]) == (["E067", "E068", "E069"], 3)
    # On 2024-12-31 E003 E005 E038 E039 have joined the top; E069 has gone: 14. Left within
    # the year: E067, E068, E070 (2025-11-14). 11 of 14.
    found = retention(flow, Q4_2025, 12, TOP, 5)
    assert (found["cohort"], found["stayed"], found["rate"]) == (14, 11, 0.7857)
    assert found["leaver_ids"] == ["E067", "E068", "E070"]
    # On 2025-09-30: 21 current staff (E002 E003 E005 E012 E014 E015 E018 E019 E022 E023
    # E024 E025 E026 E027 E032 E034 E035 E036 E038 E039 E055) and E070 E074 E075: 24; E070,
    # E074 (2026-03-31) and E075 (2026-07-31) left. 21 of 24.
    found = retention(flow, Q3_2026, 12, TOP, 5)
    assert (found["cohort"], found["stayed"], found["rate"]) == (24, 21, 0.875)
    assert found["leaver_ids"] == ["E070", "E074", "E075"]
    assert "level 4 or above" in found["definition"]


def test_all_leavers_on_three_days(flow: TalentFlow) -> None:
    # 2025-06-30: E069, E076 (not by choice), E067, E068, E073 over the 68 employed on
    # 2024-06-30 (58 of today's staff were hired by then, and 10 former employees).
    found = leavers(flow, Q2_2025, 12, 5)
    assert (found["headcount"], found["leavers"], found["voluntary_leavers"]) == (68, 5, 4)
    found = leavers(flow, Q4_2025, 12, 5)
    assert (found["headcount"], found["leavers"], found["voluntary_leavers"]) == (68, 5, 5)
    # E072 left on 2025-09-30, the window's first day: before it, so not counted
    found = leavers(flow, Q3_2026, 12, 5)
    assert (found["headcount"], found["leavers"], found["rate"]) == (67, 4, 0.0597)


def test_figures_by_department_and_role_family(flow: TalentFlow) -> None:
    it = open_vacancies(flow, Q3_2026, 90, Scope(department="IT"))
    assert it["open"] == 7  # every open vacancy on that day is in IT
    hr = time_to_fill(flow, Q3_2026, 12, Scope(department="hr"))
    assert hr["vacancy_ids"] == ["V-2506", "V-2606"]  # People Analytics, both
    ml = open_vacancies(flow, Q3_2026, 90, Scope(family="ML"))
    assert [v["vacancy_id"] for v in ml["vacancies"]] == ["V-2501", "V-2601", "V-2605", "V-2607"]
    # the ML family's top technologists on 2025-09-30: E022, E023, E024, E075: fewer than 5
    assert retention(flow, Q3_2026, 12, TOP, 5, Scope(family="ML"))["suppressed"] is True
    data = retention(flow, Q3_2026, 12, TOP, 5, Scope(family="Service Desk"))
    assert (data["cohort"], data["rate"]) == (6, 1.0)  # E032 E034 E035 E036 E038 E039


def test_the_organisation_on_a_day_leaves_out_who_had_left() -> None:
    today = sample_org()
    assert len(today.employees) == 66 and len(today.flow.people) == 77
    earlier = sample_org("2025-01-01")
    # E067 E068 E070 E072 E073 E074 E075 E077 were still there; E069 E071 E076 had gone
    assert {e for e in earlier.employees if e >= "E067"} == {
        "E067", "E068", "E070", "E072", "E073", "E074", "E075", "E077"
    }  # fmt: skip


# ------------------------------------------------------------------ the rules, one at a time

ROLES = {
    "eng": Role("eng", "Engineer", "IT", "Eng", requirements=(Requirement("k8s", 3, 5),)),
}
SKILLS = {"k8s": Skill("k8s", "Kubernetes", "Cloud & Platform")}


def person(employee_id: str, hired: date | None = None) -> Employee:
    return Employee(
        employee_id, employee_id, f"{employee_id}@x.org", "IT", "Ops", "eng", None, hired
    )


def small_flow(events: list[EmploymentEvent], vacancies: list[Vacancy] | None = None) -> TalentFlow:
    people = {p: person(p, date(2020, 1, 1)) for p in ("A", "B", "C", "D", "E")}
    levels = {p: [SkillAssertion(p, "k8s", 4, Source.MANAGER, date(2021, 1, 1))] for p in people}
    return TalentFlow(vacancies or [], events, people, levels, ROLES, SKILLS)


def test_percentile_interpolates_between_ranks() -> None:
    assert percentile([10.0], 0.75) == 10.0
    assert percentile([10.0, 20.0], 0.75) == 17.5
    assert percentile([4.0, 1.0, 3.0, 2.0], 0.5) == 2.5


def test_a_vacancy_on_a_day() -> None:
    v = Vacancy("V", "eng", "Ops", date(2025, 1, 10), VacancyStatus.FILLED, date(2025, 3, 1))
    assert v.status_on(date(2025, 1, 9)) is None
    assert v.status_on(date(2025, 2, 28)) is VacancyStatus.OPEN
    assert v.status_on(date(2025, 3, 1)) is VacancyStatus.FILLED


def test_a_leave_ends_employment_on_its_day_and_a_rehire_starts_it_again() -> None:
    flow = small_flow(
        [
            EmploymentEvent("L", "A", EventType.LEAVE, date(2024, 5, 31), voluntary=True),
            EmploymentEvent("H", "A", EventType.HIRE, date(2025, 2, 3)),
        ]
    )
    assert flow.employed_on("A", date(2024, 5, 30))
    assert not flow.employed_on("A", date(2024, 5, 31))
    assert flow.employed_on("A", date(2025, 2, 3))
    assert flow.former(date(2024, 12, 31)) == {"A"}
    assert flow.former(date(2025, 6, 30)) == set()


def test_retention_is_withheld_below_the_minimum_group() -> None:
    leave = EmploymentEvent("L", "A", EventType.LEAVE, date(2025, 3, 1), voluntary=False)
    flow = small_flow([leave])
    found = retention(flow, date(2025, 6, 30), 12, TopTechnologists(4, ("Cloud & Platform",)), 5)
    assert (found["cohort"], found["rate"], found["voluntary_leavers"]) == (5, 0.8, 0)
    found = retention(flow, date(2025, 6, 30), 12, TopTechnologists(4, ("Cloud & Platform",)), 6)
    assert found["suppressed"] and found["rate"] is None and "leaver_ids" not in found


def test_an_erased_persons_leave_is_still_counted() -> None:
    erased = EmploymentEvent("L", None, EventType.LEAVE, date(2025, 3, 1), "eng", "Ops", True)
    found = leavers(small_flow([erased]), date(2025, 6, 30), 12, 5)
    assert (found["leavers"], found["voluntary_leavers"]) == (1, 1)


def test_internal_fill_counts_only_what_was_filled_in_the_window() -> None:
    vacancies = [
        Vacancy("V1", "eng", "Ops", date(2025, 1, 6), VacancyStatus.FILLED, date(2025, 2, 5),
                FillSource.INTERNAL, "B"),
        Vacancy("V2", "eng", "Ops", date(2025, 1, 6), VacancyStatus.FILLED, date(2025, 4, 6),
                FillSource.EXTERNAL),
        Vacancy("V3", "eng", "Ops", date(2025, 1, 6), VacancyStatus.CANCELLED, date(2025, 3, 6)),
        Vacancy("V4", "eng", "Ops", date(2023, 1, 6), VacancyStatus.FILLED, date(2023, 4, 6),
                FillSource.EXTERNAL),
    ]  # fmt: skip
    found = internal_fill_rate(small_flow([], vacancies), date(2025, 6, 30), 12)
    assert (found["internal"], found["filled"], found["rate"]) == (1, 2, 0.5)


def test_quarter_ends_through_a_day() -> None:
    assert quarter_ends_through(date(2026, 11, 22), 3) == [
        date(2026, 3, 31),
        date(2026, 6, 30),
        date(2026, 9, 30),
    ]
    assert quarter_ends_through(date(2026, 9, 30), 1) == [date(2026, 9, 30)]
