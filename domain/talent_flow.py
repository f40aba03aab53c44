"""Hiring, moving and leaving over time: the figures HR and IT review together, each computed
as of a day from dated records, so a trend is the same function run at each quarter's end.
Formulas and the reasons behind them: docs/analytics.md#talent-flow.

  time to fill        days from opened to filled, over vacancies filled in the window
                      (the 12 months up to the day): median and 75th percentile, per role
                      and for critical vacancies
  open vacancies      open on the day (opened on or before it, not yet closed) and their age
  internal fill rate  filled by an internal move ÷ filled, over the window
  retention           of the people who were top technologists on the window's first day and
                      employed then: the share still employed on the day; their leavers, and
                      the voluntary (regretted) ones among them

Vacancy figures describe a process, not people, and are shown at any count with that count.
Figures about people (retention, leavers) are withheld below the minimum group size.
"""

from __future__ import annotations

import bisect
import statistics
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property
from typing import Any

import numpy as np

from domain.levels import months_before
from domain.models import (
    SOURCE_TRUST,
    Employee,
    EmploymentEvent,
    EventType,
    FillSource,
    Role,
    Skill,
    SkillAssertion,
    Vacancy,
    VacancyStatus,
)

CRITICAL = 5  # a requirement of this importance is critical (as in domain/kpis.py)


@dataclass(frozen=True)
class TopTechnologists:
    """Who counts as a top technologist (Settings: top_technologist_level and _categories):
    at `level` or above in a skill of one of `categories` that some critical requirement of
    any role asks for. The definition is stated with every figure that uses it."""

    level: int = 4
    categories: tuple[str, ...] = ()

    def describe(self) -> str:
        return (
            f"top technologists: people at level {self.level} or above in a skill that a "
            f"critical requirement (importance {CRITICAL}, declared or reviewed) of some role "
            f"asks for, in the categories {', '.join(self.categories)}"
        )


@dataclass(frozen=True)
class FlowSettings:
    """The talent-flow figures' thresholds; Settings holds their values."""

    window_months: int
    long_open_days: int
    top: TopTechnologists


@dataclass(frozen=True)
class Scope:
    """Which part of the organisation a figure covers: a department, a role family, teams
    (a manager's own). Empty fields take everything."""

    department: str = ""
    family: str = ""
    teams: frozenset[str] | None = None
    role: str = ""  # one role, by id

    @property
    def everything(self) -> bool:
        return not (self.department or self.family or self.role) and self.teams is None

    def describe(self) -> str:
        parts = [f"role {self.role}"] if self.role else []
        parts += [f"department {self.department}"] if self.department else []
        parts += [f"role family {self.family}"] if self.family else []
        parts += [f"teams {', '.join(sorted(self.teams))}"] if self.teams is not None else []
        return "; ".join(parts) or "the whole organisation"


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0–1) by linear interpolation between the two nearest ranks
    (the 'inclusive' method of numpy's default and spreadsheets' PERCENTILE.INC)."""
    ordered = sorted(values)
    position = (len(ordered) - 1) * q
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def quarter_label(day: date) -> str:
    return f"{day.year}Q{(day.month - 1) // 3 + 1}"


def employment_marks(
    hire_date: date | None, events: Iterable[EmploymentEvent]
) -> tuple[list[date], list[bool]]:
    """One person's days employment began (True) or ended (False), in order: the hire date
    on their record and their hires and leaves (a leave on a hire's day ends it)."""
    found: dict[date, bool] = {}
    if hire_date is not None:
        found[hire_date] = True
    for event in sorted(events, key=lambda e: (e.on, e.event_id)):
        if event.type is EventType.HIRE:
            found.setdefault(event.on, True)
        elif event.type is EventType.LEAVE:
            found[event.on] = False
    days = sorted(found)
    return days, [found[d] for d in days]


def left_by(hire_date: date | None, events: Iterable[EmploymentEvent], day: date) -> bool:
    """Whether someone's employment had ended by `day`: their latest record is a leave."""
    days, starts = employment_marks(hire_date, events)
    index = bisect.bisect_right(days, day) - 1
    return index >= 0 and not starts[index]


@dataclass
class TalentFlow:
    """Everyone ever on record (current and former), their assertions, their employment
    events and the vacancies, indexed for figures as of any day. Built once per data version."""

    vacancies: list[Vacancy]
    events: list[EmploymentEvent]
    people: dict[str, Employee]
    assertions: dict[str, list[SkillAssertion]]
    roles: dict[str, Role]
    skills: dict[str, Skill]
    _tops: dict[TopTechnologists, dict[str, list[tuple[date, bool]]]] = field(
        default_factory=dict, repr=False
    )
    _top_arrays: dict[TopTechnologists, tuple[np.ndarray, np.ndarray, np.ndarray]] = field(
        default_factory=dict, repr=False
    )

    @classmethod
    def empty(cls) -> TalentFlow:
        return cls([], [], {}, {}, {}, {})

    @cached_property
    def _by_person(self) -> dict[str, list[EmploymentEvent]]:
        events: dict[str, list[EmploymentEvent]] = defaultdict(list)
        for event in sorted(self.events, key=lambda e: (e.on, e.event_id)):
            if event.employee_id is not None:
                events[event.employee_id].append(event)
        return dict(events)

    @cached_property
    def _markers(self) -> dict[str, tuple[list[date], list[bool]]]:
        """Per person with any record of starting or leaving: the days employment began
        (True) or ended (False), in order. A hire date on the person's record counts as a
        start. Someone with none is taken to have been employed all along."""
        people = set(self._by_person) | {e.employee_id for e in self.people.values() if e.hire_date}
        return {employee_id: self._marks(employee_id) for employee_id in people}

    def _marks(self, employee_id: str) -> tuple[list[date], list[bool]]:
        person = self.people.get(employee_id)
        return employment_marks(
            person.hire_date if person else None, self._by_person.get(employee_id, ())
        )

    def employed_on(self, employee_id: str, day: date) -> bool:
        """Hired on or before `day` and not left since. A leave's day is the first day the
        person no longer counts."""
        marks = self._markers.get(employee_id)
        if marks is None:
            return employee_id in self.people
        days, starts = marks
        index = bisect.bisect_right(days, day) - 1
        return index >= 0 and starts[index]

    def former(self, day: date) -> set[str]:
        """People whose employment had ended by `day` (their latest record is a leave)."""
        gone = set()
        # only someone with a leave on record can have gone: the organisation is built
        # with this, so it must not cost a pass over everyone
        for employee_id in self._leaves:
            days, starts = self._marks(employee_id)
            index = bisect.bisect_right(days, day) - 1
            if index >= 0 and not starts[index]:
                gone.add(employee_id)
        return gone

    def _timeline(self, attribute: str) -> dict[str, tuple[list[date], list[str], bool]]:
        """Per person: the days hires and moves set `attribute` (role_id or team), the
        values, and whether the first of them is a hire."""
        timelines = {}
        for employee_id, events in self._by_person.items():
            named = [e for e in events if e.type is not EventType.LEAVE and getattr(e, attribute)]
            if named:
                timelines[employee_id] = (
                    [e.on for e in named],
                    [str(getattr(e, attribute)) for e in named],
                    named[0].type is EventType.HIRE,
                )
        return timelines

    @cached_property
    def _roles_over_time(self) -> dict[str, tuple[list[date], list[str], bool]]:
        return self._timeline("role_id")

    @cached_property
    def _teams_over_time(self) -> dict[str, tuple[list[date], list[str], bool]]:
        return self._timeline("team")

    def _on(
        self,
        timelines: dict[str, tuple[list[date], list[str], bool]],
        employee_id: str,
        day: date,
        recorded: str | None,
    ) -> str | None:
        timeline = timelines.get(employee_id)
        if timeline is None:
            return recorded
        days, values, starts_with_hire = timeline
        index = bisect.bisect_right(days, day) - 1
        if index >= 0:
            return values[index]
        return values[0] if starts_with_hire else recorded

    def role_on(self, employee_id: str, day: date) -> str | None:
        """The person's role on `day`: the latest hire or move naming one on or before it;
        before any, the first hire's; with neither, the role on their record."""
        person = self.people.get(employee_id)
        recorded = person.role_id if person else None
        return self._on(self._roles_over_time, employee_id, day, recorded)

    def team_on(self, employee_id: str, day: date) -> str | None:
        person = self.people.get(employee_id)
        return self._on(self._teams_over_time, employee_id, day, person.team if person else None)

    @cached_property
    def _leaves(self) -> dict[str, tuple[list[date], list[EmploymentEvent]]]:
        leaves: dict[str, tuple[list[date], list[EmploymentEvent]]] = {}
        for employee_id, events in self._by_person.items():
            own = [e for e in events if e.type is EventType.LEAVE]
            if own:
                leaves[employee_id] = ([e.on for e in own], own)
        return leaves

    def leave_between(self, employee_id: str, start: date, end: date) -> EmploymentEvent | None:
        """Their first leave after `start` and on or before `end`."""
        found = self._leaves.get(employee_id)
        if found is None:
            return None
        days, events = found
        index = bisect.bisect_right(days, start)
        return events[index] if index < len(days) and days[index] <= end else None

    @cached_property
    def _spells(self) -> tuple[int, list[date], list[date]]:
        """Everyone's employment as spells: how many people were employed all along (no
        hire on record), and the sorted first days of the other spells and the days those
        that ended ended. Employed on D = all along + starts ≤ D − ends ≤ D."""
        always = sum(1 for p in self.people if p not in self._markers)
        starts: list[date] = []
        ends: list[date] = []
        for days, kinds in self._markers.values():
            employed = not any(kinds)  # only leaves on record: employed until the first
            if employed:
                starts.append(date.min)
            for day, is_start in zip(days, kinds, strict=True):
                if is_start and not employed:
                    starts.append(day)
                    employed = True
                elif not is_start and employed:
                    ends.append(day)
                    employed = False
        return always, sorted(starts), sorted(ends)

    def headcount(self, day: date) -> int:
        """How many people were employed on `day`, in O(log n)."""
        always, starts, ends = self._spells
        return always + bisect.bisect_right(starts, day) - bisect.bisect_right(ends, day)

    # ---------------------------------------------------------------- top technologists

    def critical_skills(self, definition: TopTechnologists) -> set[str]:
        wanted = set(definition.categories)
        return {
            q.skill_id
            for role in self.roles.values()
            for q in role.requirements
            if q.importance >= CRITICAL
            and not q.inferred  # read from a job description, not yet reviewed
            and q.skill_id in self.skills
            and self.skills[q.skill_id].category in wanted
        }

    def _top_changes(self, definition: TopTechnologists) -> dict[str, list[tuple[date, bool]]]:
        """Per person who was ever a top technologist: the days that status changed. It can
        change only on the day of an assertion in a critical skill, so those days are
        enough (the same precedence as domain/levels.py: most trusted source, then latest)."""
        cached = self._tops.get(definition)
        if cached is not None:
            return cached
        critical = self.critical_skills(definition)
        changes: dict[str, list[tuple[date, bool]]] = {}
        for employee_id, assertions in self.assertions.items():
            relevant = sorted(
                (a for a in assertions if a.skill_id in critical), key=lambda a: a.assessed_on
            )
            if not any(a.level >= definition.level for a in relevant):
                continue
            best: dict[str, SkillAssertion] = {}
            timeline: list[tuple[date, bool]] = []
            for index, assertion in enumerate(relevant):
                held = best.get(assertion.skill_id)
                key = (SOURCE_TRUST[assertion.source], assertion.assessed_on)
                if held is None or key > (SOURCE_TRUST[held.source], held.assessed_on):
                    best[assertion.skill_id] = assertion
                following = relevant[index + 1] if index + 1 < len(relevant) else None
                if following is not None and following.assessed_on == assertion.assessed_on:
                    continue  # the day's status once all of its assertions are in
                top = any(a.level >= definition.level for a in best.values())
                if not timeline or timeline[-1][1] != top:
                    timeline.append((assertion.assessed_on, top))
            changes[employee_id] = timeline
        self._tops[definition] = changes
        return changes

    def is_top(self, employee_id: str, day: date, definition: TopTechnologists) -> bool:
        timeline = self._top_changes(definition).get(employee_id)
        if not timeline:
            return False
        index = bisect.bisect_right(timeline, (day, True)) - 1
        return index >= 0 and timeline[index][1]

    def ever_top(self, definition: TopTechnologists) -> list[str]:
        return sorted(self._top_changes(definition))

    # Vectorised views for whole-organisation cohorts (retention at 100,000 people):
    # intervals [start, end) as day ordinals, one row per interval, the person by index.
    _NEVER = date.max.toordinal() + 1

    @cached_property
    def _ids(self) -> list[str]:
        known = set(self.people) | set(self.assertions)
        return sorted(known)

    @cached_property
    def _employment_intervals(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        index = {p: i for i, p in enumerate(self._ids)}
        rows: list[tuple[int, int, int]] = []
        for employee_id in self._ids:
            marks = self._markers.get(employee_id)
            if marks is None:
                if employee_id in self.people:
                    rows.append((index[employee_id], 0, self._NEVER))
                continue
            days, kinds = marks
            began: int | None = 0 if not any(kinds) else None
            for day, is_start in zip(days, kinds, strict=True):
                if is_start and began is None:
                    began = day.toordinal()
                elif not is_start and began is not None:
                    rows.append((index[employee_id], began, day.toordinal()))
                    began = None
            if began is not None:
                rows.append((index[employee_id], began, self._NEVER))
        return _columns(rows)

    def _top_intervals(
        self, definition: TopTechnologists
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        cached = self._top_arrays.get(definition)
        if cached is not None:
            return cached
        index = {p: i for i, p in enumerate(self._ids)}
        rows: list[tuple[int, int, int]] = []
        for employee_id, timeline in self._top_changes(definition).items():
            for n, (day, top) in enumerate(timeline):
                if top:
                    end = timeline[n + 1][0].toordinal() if n + 1 < len(timeline) else self._NEVER
                    rows.append((index[employee_id], day.toordinal(), end))
        self._top_arrays[definition] = found = _columns(rows)
        return found

    def top_and_employed(self, day: date, definition: TopTechnologists) -> list[str]:
        """Who was a top technologist and employed on `day`, by id."""
        ordinal = day.toordinal()
        people, starts, ends = self._top_intervals(definition)
        top = people[(starts <= ordinal) & (ends > ordinal)]
        people, starts, ends = self._employment_intervals
        employed = people[(starts <= ordinal) & (ends > ordinal)]
        return [self._ids[i] for i in np.intersect1d(top, employed)]

    # ---------------------------------------------------------------- scope

    def vacancy_in(self, scope: Scope) -> Callable[[Vacancy], bool]:
        if scope.everything:
            return lambda _: True

        def inside(vacancy: Vacancy) -> bool:
            return _role_in(self.roles.get(vacancy.role_id), scope) and (
                scope.teams is None or vacancy.team in scope.teams
            )

        return inside

    def person_in(self, scope: Scope, day: date) -> Callable[[str], bool]:
        if scope.everything:
            return lambda _: True

        def inside(employee_id: str) -> bool:
            role = self.roles.get(self.role_on(employee_id, day) or "")
            return _role_in(role, scope) and (
                scope.teams is None or self.team_on(employee_id, day) in scope.teams
            )

        return inside


def _columns(rows: list[tuple[int, int, int]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    table = np.array(rows, dtype=np.int64).reshape(-1, 3)
    return table[:, 0], table[:, 1], table[:, 2]


def _role_in(role: Role | None, scope: Scope) -> bool:
    def same(value: str | None, wanted: str) -> bool:
        return not wanted or (value or "").casefold() == wanted.casefold()

    if role is None:
        return not (scope.department or scope.family or scope.role)
    return (
        same(role.department, scope.department)
        and same(role.family, scope.family)
        and (not scope.role or role.role_id == scope.role)
    )


def _window(day: date, months: int) -> tuple[date, dict[str, str]]:
    start = months_before(day, months)
    return start, {"after": start.isoformat(), "to": day.isoformat()}


def _filled(vacancies: Iterable[Vacancy], start: date, day: date) -> list[Vacancy]:
    return [
        v
        for v in vacancies
        if v.status is VacancyStatus.FILLED and v.closed is not None and start < v.closed <= day
    ]


def _days_summary(vacancies: list[Vacancy]) -> dict[str, Any]:
    days = [float((v.closed - v.opened).days) for v in vacancies if v.closed is not None]
    return {
        "filled": len(days),
        "median_days": round(statistics.median(days), 2) if days else None,
        "p75_days": round(percentile(days, 0.75), 2) if days else None,
    }


def time_to_fill(
    flow: TalentFlow, day: date, window_months: int, scope: Scope = Scope()
) -> dict[str, Any]:
    """Days from opened to filled over the vacancies filled in the window up to `day`:
    overall, for critical vacancies, and per role."""
    start, window = _window(day, window_months)
    filled = [v for v in _filled(flow.vacancies, start, day) if flow.vacancy_in(scope)(v)]
    by_role: dict[str, list[Vacancy]] = defaultdict(list)
    for vacancy in filled:
        by_role[vacancy.role_id].append(vacancy)
    return {
        "as_of": day.isoformat(),
        "window": window,
        "scope": scope.describe(),
        **_days_summary(filled),
        "critical": _days_summary([v for v in filled if v.critical]),
        "by_role": [
            {"role_id": role_id, "title": _title(flow, role_id), **_days_summary(rows)}
            for role_id, rows in sorted(by_role.items())
        ],
        "vacancy_ids": sorted(v.vacancy_id for v in filled),
    }


def open_vacancies(
    flow: TalentFlow, day: date, long_open_days: int, scope: Scope = Scope()
) -> dict[str, Any]:
    """Vacancies open on `day`, oldest first, with their age in days."""
    inside = flow.vacancy_in(scope)
    rows = sorted(
        (v for v in flow.vacancies if v.status_on(day) is VacancyStatus.OPEN and inside(v)),
        key=lambda v: (v.opened, v.vacancy_id),
    )
    ages = [float((day - v.opened).days) for v in rows]
    return {
        "as_of": day.isoformat(),
        "scope": scope.describe(),
        "open": len(rows),
        "critical_open": sum(1 for v in rows if v.critical),
        "median_age_days": round(statistics.median(ages), 2) if ages else None,
        "long_open_days": long_open_days,
        "open_longer": sum(1 for age in ages if age > long_open_days),
        "vacancies": [
            {
                "vacancy_id": v.vacancy_id,
                "role_id": v.role_id,
                "title": _title(flow, v.role_id),
                "team": v.team,
                "opened": v.opened.isoformat(),
                "age_days": (day - v.opened).days,
                "critical": v.critical,
            }
            for v in rows
        ],
    }


def internal_fill_rate(
    flow: TalentFlow, day: date, window_months: int, scope: Scope = Scope()
) -> dict[str, Any]:
    """Filled by an internal move ÷ filled, over the vacancies filled in the window."""
    start, window = _window(day, window_months)
    filled = [v for v in _filled(flow.vacancies, start, day) if flow.vacancy_in(scope)(v)]
    internal = [v for v in filled if v.filled_from is FillSource.INTERNAL]
    return {
        "as_of": day.isoformat(),
        "window": window,
        "scope": scope.describe(),
        "filled": len(filled),
        "internal": len(internal),
        "external": len(filled) - len(internal),
        "rate": round(len(internal) / len(filled), 4) if filled else None,
        "vacancy_ids": sorted(v.vacancy_id for v in filled),
    }


def retention(
    flow: TalentFlow,
    day: date,
    window_months: int,
    definition: TopTechnologists,
    min_group_size: int,
    scope: Scope = Scope(),
) -> dict[str, Any]:
    """Of the top technologists employed on the window's first day (in scope on that day),
    the share still employed on `day`; withheld below the minimum group size."""
    start, window = _window(day, window_months)
    inside = flow.person_in(scope, start)
    cohort = [p for p in flow.top_and_employed(start, definition) if inside(p)]
    leaves = [(p, e) for p in cohort if (e := flow.leave_between(p, start, day)) is not None]
    result: dict[str, Any] = {
        "as_of": day.isoformat(),
        "window": window,
        "scope": scope.describe(),
        "definition": definition.describe(),
        "min_group_size": min_group_size,
    }
    if len(cohort) < min_group_size:
        return {**result, "suppressed": True, "cohort": None, "rate": None}
    voluntary = [p for p, e in leaves if e.voluntary]
    return {
        **result,
        "suppressed": False,
        "cohort": len(cohort),
        "stayed": len(cohort) - len(leaves),
        "rate": round((len(cohort) - len(leaves)) / len(cohort), 4),
        "leavers": len(leaves),
        "voluntary_leavers": len(voluntary),
        # personal: the edge names them only to callers who may see them
        "cohort_ids": cohort,
        "leaver_ids": sorted(p for p, _ in leaves),
    }


def leavers(
    flow: TalentFlow, day: date, window_months: int, min_group_size: int, scope: Scope = Scope()
) -> dict[str, Any]:
    """Everyone who left in the window (not only top technologists), and how many chose to,
    over the headcount at the window's start; withheld when that headcount is below the
    minimum group size."""
    start, window = _window(day, window_months)
    inside = flow.person_in(scope, start)
    if scope.everything:
        headcount = flow.headcount(start)
    else:
        headcount = sum(1 for p in flow.people if flow.employed_on(p, start) and inside(p))
    left = [
        e
        for e in flow.events
        if e.type is EventType.LEAVE
        and start < e.on <= day
        and (
            inside(e.employee_id)
            if e.employee_id is not None
            else _role_in(flow.roles.get(e.role_id or ""), scope)
            and (scope.teams is None or e.team in scope.teams)
        )
    ]
    result: dict[str, Any] = {
        "as_of": day.isoformat(),
        "window": window,
        "scope": scope.describe(),
        "min_group_size": min_group_size,
    }
    if headcount < min_group_size:
        return {**result, "suppressed": True, "headcount": None, "leavers": None}
    return {
        **result,
        "suppressed": False,
        "headcount": headcount,
        "leavers": len(left),
        "voluntary_leavers": sum(1 for e in left if e.voluntary),
        "rate": round(len(left) / headcount, 4),
    }


def _title(flow: TalentFlow, role_id: str) -> str:
    role = flow.roles.get(role_id)
    return role.title if role else role_id


def quarter_ends_through(day: date, count: int) -> list[date]:
    """The last `count` quarter ends on or before `day`, oldest first."""
    ends: list[date] = []
    year, quarter = day.year, (day.month - 1) // 3 + 1
    while len(ends) < count:
        month = quarter * 3
        end = date(year, month, 1) + timedelta(days=31)
        end = end.replace(day=1) - timedelta(days=1)
        if end <= day:
            ends.append(end)
        quarter -= 1
        if quarter == 0:
            year, quarter = year - 1, 4
    return sorted(ends)


FIGURES = ("time_to_fill", "open_vacancies", "internal_fill", "retention", "leavers")


def figures(
    flow: TalentFlow, day: date, settings: FlowSettings, min_group_size: int, scope: Scope
) -> dict[str, Any]:
    """Every talent-flow figure as of `day`."""
    window = settings.window_months
    return {
        "as_of": day.isoformat(),
        "scope": scope.describe(),
        "window_months": window,
        "time_to_fill": time_to_fill(flow, day, window, scope),
        "open_vacancies": open_vacancies(flow, day, settings.long_open_days, scope),
        "internal_fill": internal_fill_rate(flow, day, window, scope),
        "retention": retention(flow, day, window, settings.top, min_group_size, scope),
        "leavers": leavers(flow, day, window, min_group_size, scope),
    }


def series(
    flow: TalentFlow,
    as_of: date,
    quarters: int,
    settings: FlowSettings,
    min_group_size: int,
    scope: Scope,
) -> dict[str, Any]:
    """Each figure's headline value at the last `quarters` quarter ends on or before
    `as_of`: the same functions run at each day."""
    points = []
    for day in quarter_ends_through(as_of, quarters):
        found = figures(flow, day, settings, min_group_size, scope)
        points.append(
            {
                "quarter": quarter_label(day),
                "as_of": day.isoformat(),
                "time_to_fill_median_days": found["time_to_fill"]["median_days"],
                "time_to_fill_p75_days": found["time_to_fill"]["p75_days"],
                "critical_time_to_fill_median_days": found["time_to_fill"]["critical"][
                    "median_days"
                ],
                "filled": found["time_to_fill"]["filled"],
                "open_vacancies": found["open_vacancies"]["open"],
                "open_longer": found["open_vacancies"]["open_longer"],
                "internal_fill_rate": found["internal_fill"]["rate"],
                "retention_rate": found["retention"]["rate"],
                "retention_cohort": found["retention"]["cohort"],
                "leavers": found["leavers"]["leavers"],
                "voluntary_leavers": found["leavers"].get("voluntary_leavers"),
            }
        )
    return {
        "as_of": as_of.isoformat(),
        "scope": scope.describe(),
        "window_months": settings.window_months,
        "definition": settings.top.describe(),
        "quarters": points,
    }
