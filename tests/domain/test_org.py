"""Updating some people in an organisation (Org.with_people) gives the organisation that
rebuilding it from the same records gives: what a serving process does after a SCIM change
instead of reloading 100,000 people."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from domain.models import Employee, EmploymentEvent, EventType, SkillAssertion, Source
from domain.org import Org, People
from tests.support.organisations import insights, sample_org

DAY = date(2026, 11, 22)


def _rebuilt(org: Org, changed: People) -> Org:
    """The organisation built from scratch from everyone's records with `changed` applied."""
    ids = set(changed.employees)
    people = [p for k, p in org.flow.people.items() if k not in ids]
    people += [p for p in changed.employees.values() if p is not None]
    assertions = [a for k, rows in org.flow.assertions.items() if k not in ids for a in rows]
    assertions += changed.assertions
    events = [e for e in org.flow.events if e.employee_id not in ids] + changed.events
    return Org.build(
        org.skills.values(),
        org.roles.values(),
        people,
        assertions,
        org.resources.values(),
        as_of=org.as_of,
        stale_after_months=org.stale_after_months,
        vacancies=org.flow.vacancies,
        events=events,
    )


def _changes(org: Org) -> People:
    dana = org.employees["E013"]
    bob = org.employees["E004"]
    newcomer = Employee("E900", "Zoe Quinn", "zoe@x.example", "IT", "Data", "data-engineer", "E012")
    return People(
        employees={
            # moved to another team under another manager, a new skill assessed
            "E013": replace(dana, team="Platform", manager_id="E002"),
            # left today
            "E004": bob,
            # new
            "E900": newcomer,
            # erased
            "E015": None,
        },
        assertions=[
            *org.flow.assertions["E013"],
            SkillAssertion("E013", "kubernetes", 3, Source.MANAGER, DAY),
            *org.flow.assertions["E004"],
        ],
        events=[
            *[e for e in org.flow.events if e.employee_id in ("E013", "E004")],
            EmploymentEvent("scim-1", "E004", EventType.LEAVE, DAY, "platform-engineer"),
        ],
    )


def test_updating_some_people_gives_the_organisation_rebuilding_gives() -> None:
    org = sample_org()
    org.level_matrix()  # derived before the change: must not leak into the new one
    _ = org.levels("E013"), org.reports("E012"), org.employee_by_email("x")
    changed = _changes(org)
    updated = org.with_people(changed)
    rebuilt = _rebuilt(org, changed)

    assert updated.employees == rebuilt.employees
    assert "E004" not in updated.employees and "E900" in updated.employees
    assert "E015" not in updated.employees and "E015" not in updated.flow.people
    assert updated.assertions == rebuilt.assertions
    assert updated.levels("E013") == rebuilt.levels("E013")
    assert updated.level("E013", "kubernetes") == 3
    assert updated.reports("E012") == rebuilt.reports("E012")
    assert updated.reports("E002") == rebuilt.reports("E002")
    assert updated.employee_by_email("zoe@x.example") == rebuilt.employees["E900"]
    assert updated.flow.former(DAY) == rebuilt.flow.former(DAY)
    # the analytics agree: organisation gaps, mentors, and the talent-flow figures
    for name in ("kpis", "talent_flow"):
        assert getattr(insights(updated), name)() == getattr(insights(rebuilt), name)()
    assert insights(updated).team_gaps("Platform") == insights(rebuilt).team_gaps("Platform")
    assert (
        insights(updated).mentors("kubernetes", 3)["mentors"]
        == insights(rebuilt).mentors("kubernetes", 3)["mentors"]
    )
    # the old organisation is untouched (requests still reading it see one version)
    assert "E015" in org.employees and "E900" not in org.employees
    assert org.employees["E013"].team == "Data"


def test_a_person_who_left_and_came_back_is_in_again() -> None:
    org = sample_org()
    gone = next(iter(org.flow.former(DAY)))
    person = org.flow.people[gone]
    events = [e for e in org.flow.events if e.employee_id == gone]
    back = People(
        employees={gone: person},
        assertions=org.flow.assertions.get(gone, []),
        events=[*events, EmploymentEvent("scim-2", gone, EventType.HIRE, DAY, person.role_id)],
    )
    assert gone not in org.employees
    assert gone in org.with_people(back).employees
