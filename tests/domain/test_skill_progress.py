"""Skill progress (mean readiness at each quarter end) is computed with numpy; it must give
what the rules give person by person: the current level on each day (domain/levels.py) and
readiness for the person's own role (domain/gaps.py)."""

from __future__ import annotations

from datetime import date

from core.settings import Settings
from domain.gaps import readiness
from domain.kpis import quarter_ends, skill_progress
from domain.levels import current_levels
from domain.org import Org
from domain.synthetic import generate_org
from tests.support.organisations import sample_org


def person_by_person(org: Org, day: date) -> float:
    values = []
    for person in org.employees.values():
        role = org.roles.get(person.role_id or "")
        if role is None or not role.requirements:
            continue
        levels = current_levels(org.assertions.get(person.employee_id, ()), day, 24)
        values.append(
            readiness(
                [
                    (levels[q.skill_id].level if q.skill_id in levels else 0, q.level, q.importance)
                    for q in role.requirements
                ]
            )
        )
    return round(sum(values) / len(values), 4)


def test_the_sample_at_eight_quarter_ends() -> None:
    org = sample_org()
    days = quarter_ends(org.as_of, 8)
    found = skill_progress(org, days)
    assert [p["mean_readiness"] for p in found] == [person_by_person(org, d) for d in days]
    assert found[-1]["people"] == 66


def test_a_generated_organisation() -> None:
    base = sample_org()
    generated = generate_org(
        list(base.skills.values()), list(base.roles.values()), [], 2000, seed=3
    )
    org = Org.build(
        generated.skills,
        generated.roles,
        generated.employees,
        generated.assertions,
        [],
        as_of=date(2026, 11, 22),
        stale_after_months=Settings().stale_after_months,
    )
    days = quarter_ends(org.as_of, 8)
    assert [p["mean_readiness"] for p in skill_progress(org, days)] == [
        person_by_person(org, d) for d in days
    ]
