"""Build / buy / borrow advice for group gaps, and workforce scenarios.

Per skill a group is short of (domain/teams.py), with the numbers behind the choice:
  shortfall      members who need the skill and are below their required level
  within_one     of those, members exactly one level short (cheap to build)
  borrowable     people outside the group at or above the highest required level
  training_hours catalogue hours to close the largest individual gap (domain/plans.py)
  weeks_to_close training_hours / hours_per_week, rounded up
Recommendation, in this order:
  upskill (or reskill when those short start at level ≤ 1) if training closes every gap
  within `build_weeks`; add "+ mentor" when someone in the org can mentor;
  borrow if enough people elsewhere already have the skill;
  hire if the skill is critical (importance ≥ 4); contract if it is not; outsource when
  nobody in the org holds it at level ≥ 3 and no training reaches the level.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from core.errors import UserError
from domain.gaps import person_gap
from domain.mobility import mentor_threshold
from domain.models import Employee
from domain.org import Org
from domain.plans import resource_ladder
from domain.teams import check_group_size, group_coverage


@dataclass(frozen=True)
class AdviceSettings:
    """Set from Settings (core/settings.py), which holds the defaults."""

    hours_per_week: float
    build_weeks: int


def ladder_hours(
    org: Org, employee_id: str, skill_id: str, current: int, required: int
) -> float | None:
    """Catalogue hours to take one person from current to required; None if it can't."""
    if current >= required:
        return 0.0
    steps = resource_ladder(org, employee_id, skill_id, current, required, set())
    if not steps or steps[-1].reaches < required:
        return None
    return sum(step.resource.hours for step in steps)


def skill_advice(
    org: Org, people: Sequence[Employee], skill_id: str, settings: AdviceSettings
) -> dict[str, Any]:
    inside = {p.employee_id for p in people}
    short: list[tuple[Employee, int, int, int]] = []  # person, current, required, importance
    for person in people:
        role = org.roles.get(person.role_id or "")
        for q in role.requirements if role else ():
            if q.skill_id == skill_id:
                current = org.level(person.employee_id, skill_id)
                if current < q.level:
                    short.append((person, current, q.level, q.importance))
    skill = org.skills[skill_id]
    if not short:
        return {
            "skill_id": skill_id,
            "name": skill.name,
            "shortfall": 0,
            "recommendation": "none",
            "why": "everyone who needs the skill has it",
        }
    top_required = max(r for _, _, r, _ in short)
    importance = max(i for _, _, _, i in short)
    hours = [ladder_hours(org, p.employee_id, skill_id, c, r) for p, c, r, _ in short]
    trainable = all(h is not None for h in hours)
    training_hours = max((h for h in hours if h is not None), default=0.0)
    weeks = math.ceil(training_hours / settings.hours_per_week) if trainable else None
    borrowable = sorted(
        e.employee_id
        for e in org.employees.values()
        if e.employee_id not in inside and org.level(e.employee_id, skill_id) >= top_required
    )
    mentors = sum(
        1
        for e in org.employees.values()
        if org.level(e.employee_id, skill_id) >= mentor_threshold(top_required)
    )
    holders_at_3 = sum(1 for e in org.employees.values() if org.level(e.employee_id, skill_id) >= 3)
    within_one = sum(1 for _, c, r, _ in short if r - c == 1)
    low_start = sum(c for _, c, _, _ in short) / len(short) <= 1
    if trainable and weeks is not None and weeks <= settings.build_weeks:
        recommendation = "reskill" if low_start else "upskill"
        if mentors:
            recommendation += " + mentor"
        why = (
            f"training closes every gap in {weeks} weeks at {settings.hours_per_week:g} h/week "
            f"({training_hours:g} h at most per person)"
        )
    elif len(borrowable) >= len(short):
        recommendation = "borrow"
        why = f"{len(borrowable)} people elsewhere already work at level {top_required} or above"
    elif holders_at_3 == 0 and not trainable:
        recommendation = "outsource"
        why = "nobody in the organisation holds the skill at level 3+ and no training reaches it"
    elif importance >= 4:
        recommendation = "hire"
        why = (
            f"critical (importance {importance}) and training cannot close it within "
            f"{settings.build_weeks} weeks"
        )
    else:
        recommendation = "contract"
        why = f"not critical (importance {importance}) and slow or impossible to build"
    return {
        "skill_id": skill_id,
        "name": skill.name,
        "shortfall": len(short),
        "within_one": within_one,
        "required_level": top_required,
        "importance": importance,
        "borrowable": len(borrowable),
        "borrowable_ids": borrowable[:5],
        "possible_mentors": mentors,
        "trainable": trainable,
        "training_hours": training_hours if trainable else None,
        "weeks_to_close": weeks,
        "recommendation": recommendation,
        "why": why,
    }


def group_advice(
    org: Org,
    people: Sequence[Employee],
    scope: dict[str, str | None],
    min_group_size: int,
    settings: AdviceSettings,
    limit: int = 10,
) -> dict[str, Any]:
    label = scope.get("team") or scope.get("department") or "the organisation"
    check_group_size(people, label, min_group_size)
    coverage = [c for c in group_coverage(org, people) if c.meet < c.required_by][:limit]
    return {
        **scope,
        "people": len(people),
        "hours_per_week": settings.hours_per_week,
        "build_weeks": settings.build_weeks,
        "skills": [skill_advice(org, people, c.skill_id, settings) for c in coverage],
    }


# ---------------------------------------------------------------- scenario


def hours_to_readiness(
    org: Org, employee: Employee, role_id: str, threshold: float
) -> tuple[float, float | None]:
    """(readiness now, catalogue hours to reach `threshold`, None when training can't)."""
    role = org.roles[role_id]
    gap = person_gap(
        employee.employee_id, employee.name, role, org.skills, org.levels(employee.employee_id)
    )
    if gap.readiness >= threshold:
        return gap.readiness, 0.0
    need = sum(q.importance * q.level for q in role.requirements)
    met = gap.readiness * need
    hours = 0.0
    for row in gap.gaps:  # priority order: the biggest weighted wins first
        ladder = ladder_hours(org, employee.employee_id, row.skill_id, row.current, row.required)
        if ladder is None:
            continue
        hours += ladder
        met += row.importance * row.gap
        if met / need >= threshold - 1e-9:
            return gap.readiness, hours
    return gap.readiness, None


SCENARIO_YEARS = 10


def demand_date(value: date | str, as_of: date) -> date:
    """A scenario's 'by' date: a real date, not before the analysis date, within ten years."""
    if isinstance(value, date):
        by = value
    else:
        try:
            by = date.fromisoformat(str(value))
        except ValueError:
            raise UserError(f"'{value}' is not a date (YYYY-MM-DD)") from None
    if by < as_of:
        raise UserError(f"'{by.isoformat()}' is before the analysis date {as_of.isoformat()}")
    if by.year - as_of.year > SCENARIO_YEARS:
        raise UserError(
            f"'{by.isoformat()}' is more than {SCENARIO_YEARS} years ahead; plan nearer"
        )
    return by


def run_scenario(
    org: Org,
    scenario: dict[str, Any],
    as_of: date,
    default_threshold: float,
    default_hours_per_week: float,
) -> dict[str, Any]:
    """Demand (role, headcount, by-date) against internal supply that can get ready in time.
    The scenario may set its own readiness threshold and weekly learning hours."""
    threshold = float(scenario.get("readiness_threshold", default_threshold))
    hours_per_week = float(scenario.get("hours_per_week", default_hours_per_week))
    if not 0 < threshold <= 1 or hours_per_week <= 0:
        raise UserError("readiness_threshold must be in (0, 1] and hours_per_week > 0")
    demands = scenario.get("demand") or []
    if not demands:
        raise UserError("the scenario has no 'demand' entries (role, headcount, by)")
    used: set[str] = set()
    results = []
    for entry in sorted(demands, key=lambda d: str(d.get("by", ""))):
        role = org.role(str(entry["role"]))
        headcount = int(entry.get("headcount", 1))
        by_date = demand_date(entry.get("by") or as_of, as_of)
        weeks_available = max(0, (by_date - as_of).days // 7)
        pool = []
        for employee in org.employees.values():
            if employee.role_id == role.role_id or employee.employee_id in used:
                continue
            now, hours = hours_to_readiness(org, employee, role.role_id, threshold)
            if hours is None:
                continue
            weeks = math.ceil(hours / hours_per_week)
            if weeks <= weeks_available:
                pool.append((weeks, -now, employee.name, employee, now, hours))
        pool.sort(key=lambda item: item[:3])
        chosen = pool[:headcount]
        used.update(item[3].employee_id for item in chosen)
        build = len(chosen)
        results.append(
            {
                "role_id": role.role_id,
                "role_title": role.title,
                "headcount": headcount,
                "by": by_date.isoformat(),
                "weeks_available": weeks_available,
                "build": build,
                "buy": headcount - build,
                "candidates": [
                    {
                        "employee_id": e.employee_id,
                        "name": e.name,
                        "readiness_now": round(now, 4),
                        "training_hours": hours,
                        "weeks_needed": weeks,
                    }
                    for weeks, _, _, e, now, hours in chosen
                ],
                "also_possible": len(pool) - build,
            }
        )
    return {
        "as_of": as_of.isoformat(),
        "readiness_threshold": threshold,
        "hours_per_week": hours_per_week,
        "demand": results,
        "total_build": sum(r["build"] for r in results),
        "total_buy": sum(r["buy"] for r in results),
    }
