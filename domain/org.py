"""An organisation held in memory, indexed for the analytics. Built once, read many times."""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from core.errors import NotFoundError, UserError
from domain.levels import CurrentLevel, current_levels
from domain.matrix import LevelMatrix, level_matrix
from domain.models import (
    Employee,
    EmploymentEvent,
    LearningResource,
    Role,
    Skill,
    SkillAssertion,
    Vacancy,
)
from domain.names import SkillLookup, resolve_by_id_or_name
from domain.talent_flow import TalentFlow, left_by


@dataclass(frozen=True)
class People:
    """Some people's records as they stand now (None: erased), to update an organisation
    with instead of rebuilding it (Org.with_people)."""

    employees: dict[str, Employee | None]
    assertions: list[SkillAssertion]
    events: list[EmploymentEvent]


@dataclass
class Org:
    skills: dict[str, Skill]
    roles: dict[str, Role]
    employees: dict[str, Employee]
    resources: dict[str, LearningResource]
    assertions: dict[str, list[SkillAssertion]] = field(default_factory=dict)
    as_of: date = field(default_factory=date.today)
    # no default: Settings.stale_after_months is the one place it is set
    stale_after_months: int = field(kw_only=True)
    # Everyone's hiring, moving and leaving, former employees included (domain/talent_flow.py)
    flow: TalentFlow = field(default_factory=TalentFlow.empty, kw_only=True)

    @classmethod
    def build(
        cls,
        skills: Iterable[Skill],
        roles: Iterable[Role],
        employees: Iterable[Employee],
        assertions: Iterable[SkillAssertion],
        resources: Iterable[LearningResource],
        as_of: date | None = None,
        *,
        stale_after_months: int,
        vacancies: Iterable[Vacancy] = (),
        events: Iterable[EmploymentEvent] = (),
    ) -> Org:
        """The organisation on `as_of` (today by default): everyone on record but those
        whose employment had ended by then; their history stays in `flow`."""
        day = as_of or date.today()
        skill_map = {s.skill_id: s for s in skills}
        role_map = {r.role_id: r for r in roles}
        people = {e.employee_id: e for e in employees}
        by_employee: dict[str, list[SkillAssertion]] = defaultdict(list)
        for assertion in assertions:
            by_employee[assertion.employee_id].append(assertion)
        flow = TalentFlow(
            list(vacancies), list(events), people, dict(by_employee), role_map, skill_map
        )
        gone = flow.former(day) if flow.events else set()
        return cls(
            skills=skill_map,
            roles=role_map,
            employees={k: v for k, v in people.items() if k not in gone},
            resources={r.resource_id: r for r in resources},
            assertions={k: v for k, v in by_employee.items() if k not in gone},
            as_of=day,
            stale_after_months=stale_after_months,
            flow=flow,
        )

    def __post_init__(self) -> None:
        self._matrix: LevelMatrix | None = None
        self._matrix_lock = threading.Lock()
        self._levels: dict[str, dict[str, CurrentLevel]] = {}
        self._holders: dict[str, list[tuple[str, int]]] | None = None
        self._employee_names: dict[str, str] | None = None
        self._by_email: dict[str, str] | None = None
        self._reports_index: dict[str, list[str]] | None = None
        self._lookup: SkillLookup | None = None
        # What analytics derive from this organisation once and reuse (it never changes)
        self.memo: dict[str, Any] = {}

    def with_people(self, changed: People) -> Org:
        """A new organisation: this one with some people's records replaced by `changed`
        (someone whose last event is now a leave drops out; an erased person goes). The
        framework and everyone else's records are shared, and what was derived from them
        per person is kept: at 100,000 people this takes milliseconds where a reload takes
        seconds. What spans everyone (the level matrix, skill holders, memos) is derived
        again on first use."""
        ids = set(changed.employees)
        people = dict(self.flow.people)
        by_employee = dict(self.flow.assertions)
        for employee_id in ids:
            people.pop(employee_id, None)
            by_employee.pop(employee_id, None)
        people.update({k: v for k, v in changed.employees.items() if v is not None})
        for assertion in changed.assertions:
            by_employee.setdefault(assertion.employee_id, []).append(assertion)
        events = [e for e in self.flow.events if e.employee_id not in ids]
        events.extend(changed.events)
        flow = TalentFlow(self.flow.vacancies, events, people, by_employee, self.roles, self.skills)
        # copied whole and the changed taken out: at 100,000 people a filtering
        # comprehension costs ten times the copy
        employees = dict(self.employees)
        assertions = dict(self.assertions)
        levels = dict(self._levels)
        for employee_id in ids:
            employees.pop(employee_id, None)
            assertions.pop(employee_id, None)
            levels.pop(employee_id, None)
        events_of: dict[str, list[EmploymentEvent]] = defaultdict(list)
        for event in changed.events:
            events_of[str(event.employee_id)].append(event)
        for employee_id in ids:
            person = people.get(employee_id)
            if person is not None and not left_by(
                person.hire_date, events_of[employee_id], self.as_of
            ):
                employees[employee_id] = person
                if employee_id in by_employee:
                    assertions[employee_id] = by_employee[employee_id]
        org = Org(
            skills=self.skills,
            roles=self.roles,
            employees=employees,
            resources=self.resources,
            assertions=assertions,
            as_of=self.as_of,
            stale_after_months=self.stale_after_months,
            flow=flow,
        )
        org._levels = levels
        org._lookup = self._lookup  # the same skills
        return org

    @property
    def _skill_lookup(self) -> SkillLookup:
        if self._lookup is None:
            self._lookup = SkillLookup(self.skills.values())
        return self._lookup

    @property
    def _reports(self) -> dict[str, list[str]]:
        if self._reports_index is None:
            index: dict[str, list[str]] = defaultdict(list)
            for employee in self.employees.values():
                if employee.manager_id:
                    index[employee.manager_id].append(employee.employee_id)
            self._reports_index = index
        return self._reports_index

    # ------------------------------------------------------------- levels

    def levels(self, employee_id: str) -> dict[str, CurrentLevel]:
        """Current level per skill for one person (cached: the org is read-only)."""
        cached = self._levels.get(employee_id)
        if cached is None:
            cached = current_levels(
                self.assertions.get(employee_id, ()), self.as_of, self.stale_after_months
            )
            self._levels[employee_id] = cached
        return cached

    def skill_holders(self, skill_id: str) -> list[tuple[str, int]]:
        """(employee_id, level) of everyone with a level on record in the skill, highest level
        first, then by name.

        Built for all skills at once on first use, so mentor searches don't scan everyone."""
        if self._holders is None:
            index: dict[str, list[tuple[str, int]]] = defaultdict(list)
            for employee_id in self.employees:
                for sid, current in self.levels(employee_id).items():
                    index[sid].append((employee_id, current.level))
            for rows in index.values():
                rows.sort(key=lambda row: (-row[1], self.employees[row[0]].name, row[0]))
            self._holders = dict(index)
        return self._holders.get(skill_id, [])

    def level_matrix(self) -> LevelMatrix:
        """Everyone's levels in the required skills as numpy arrays (built once, on first
        use, by one thread): department and organisation views at 100,000 people."""
        with self._matrix_lock:
            if self._matrix is None:
                self._matrix = level_matrix(
                    ((e.employee_id, e.role_id) for e in self.employees.values()),
                    self.roles,
                    self.assertions,
                    self.as_of.toordinal(),
                )
            return self._matrix

    def level(self, employee_id: str, skill_id: str) -> int:
        current = self.levels(employee_id).get(skill_id)
        return current.level if current else 0

    # ------------------------------------------------------------- structure

    def employee_by_email(self, email: str) -> Employee | None:
        """The person with this email address (case does not matter), or None; an address
        two records share names neither (a sign-in must name one person)."""
        if self._by_email is None:
            index: dict[str, str] = {}
            for employee in self.employees.values():
                address = employee.email.strip().lower()
                index[address] = "" if address in index else employee.employee_id
            self._by_email = index
        found = self._by_email.get(email.strip().lower())
        return self.employees.get(found) if found else None

    def reports(self, manager_id: str, indirect: bool = True) -> list[str]:
        """Direct (and indirect) reports of a manager, in tree order."""
        result: list[str] = []
        stack = list(reversed(self._reports.get(manager_id, [])))
        while stack:
            employee_id = stack.pop()
            result.append(employee_id)
            if indirect:
                stack.extend(reversed(self._reports.get(employee_id, [])))
        return result

    def members(self, team: str | None = None, department: str | None = None) -> list[Employee]:
        """People of a team, a department, or (neither given) the whole org."""
        people: list[Employee] = list(self.employees.values())
        if team is not None:
            wanted = team.casefold()
            people = [e for e in people if e.team.casefold() == wanted]
            if not people:
                raise NotFoundError(f"no team '{team}' (teams: {', '.join(self.teams())})")
        elif department is not None:
            wanted = department.casefold()
            people = [e for e in people if e.department.casefold() == wanted]
            if not people:
                raise NotFoundError(
                    f"no department '{department}' (departments: {', '.join(self.departments())})"
                )
        return sorted(people, key=lambda e: e.employee_id)

    def teams(self) -> list[str]:
        return sorted({e.team for e in self.employees.values()})

    def departments(self) -> list[str]:
        return sorted({e.department for e in self.employees.values()})

    def holders(self, role_id: str) -> list[str]:
        return sorted(e.employee_id for e in self.employees.values() if e.role_id == role_id)

    # ------------------------------------------------------------- names

    def employee(self, text: str) -> Employee:
        if text in self.employees:  # the common case: an id; skip building the name map
            return self.employees[text]
        if self._employee_names is None:
            self._employee_names = {e.employee_id: e.name for e in self.employees.values()}
        return self.employees[resolve_by_id_or_name(text, self._employee_names, "employee")]

    def role(self, text: str) -> Role:
        if text in self.roles:
            return self.roles[text]
        role_id = resolve_by_id_or_name(
            text, {r.role_id: r.title for r in self.roles.values()}, "role"
        )
        return self.roles[role_id]

    def skill(self, text: str) -> Skill:
        try:
            return self.skills[self._skill_lookup.resolve(text)]
        except NotFoundError:
            skill_id = resolve_by_id_or_name(
                text, {s.skill_id: s.name for s in self.skills.values()}, "skill"
            )
            return self.skills[skill_id]

    def role_of(self, employee: Employee, role_id: str | None = None) -> Role:
        """The role to measure against: the one given, else the person's current role."""
        chosen = role_id or employee.role_id
        if not chosen:
            raise UserError(
                f"{employee.name} ({employee.employee_id}) has no current role on record; "
                "name a target role"
            )
        if chosen not in self.roles:
            raise NotFoundError(f"no role '{chosen}'")
        return self.roles[chosen]
