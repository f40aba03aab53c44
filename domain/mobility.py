"""Internal candidates for a role, and mentors for a skill.

Candidates: every employee ranked by readiness for the role (domain/gaps.py), then by the
smaller total priority of their gaps; the role's current holders are left out unless asked.
Mentors for (skill, level): current level ≥ max(level + 1, 4), never the learner; people
from another team come first (HR–IT cross-pollination), then those with fewer mentees
already proposed in this batch, then the higher level. Nobody is proposed for more than
`max_mentees` learners in one batch.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from domain.gaps import PersonGap, person_gap
from domain.models import Employee, Role
from domain.org import Org

MENTOR_FLOOR = 4


def candidates_for_role(
    org: Org, role: Role, include_holders: bool = False, limit: int | None = 10, top_gaps: int = 3
) -> dict[str, Any]:
    ranked: list[tuple[PersonGap, Employee]] = []
    for employee in org.employees.values():
        if employee.role_id == role.role_id and not include_holders:
            continue
        gap = person_gap(
            employee.employee_id, employee.name, role, org.skills, org.levels(employee.employee_id)
        )
        ranked.append((gap, employee))
    ranked.sort(
        key=lambda item: (
            -item[0].readiness,
            sum(r.priority for r in item[0].gaps),
            item[1].name.casefold(),
        )
    )
    shown = ranked if limit is None else ranked[:limit]
    return {
        "role_id": role.role_id,
        "role_title": role.title,
        "considered": len(ranked),
        "holders_excluded": 0 if include_holders else len(org.holders(role.role_id)),
        "candidates": [
            {
                "employee_id": e.employee_id,
                "name": e.name,
                "team": e.team,
                "department": e.department,
                "current_role_id": e.role_id,
                "readiness": round(g.readiness, 4),
                "total_priority": sum(r.priority for r in g.gaps),
                "top_gaps": [
                    {k: r.to_dict()[k] for k in ("skill_id", "name", "required", "current", "gap")}
                    for r in g.gaps[:top_gaps]
                ],
            }
            for g, e in shown
        ],
    }


def mentor_threshold(level: int) -> int:
    return max(level + 1, MENTOR_FLOOR)


@dataclass
class MentorBook:
    """Mentee counts within one batch of plans, so no mentor is proposed too often."""

    max_mentees: int = 2
    assigned: Counter[str] = field(default_factory=Counter)

    def has_room(self, employee_id: str) -> bool:
        return self.assigned[employee_id] < self.max_mentees

    def book(self, employee_id: str) -> None:
        self.assigned[employee_id] += 1


def find_mentors(
    org: Org,
    skill_id: str,
    level: int,
    learner_id: str | None = None,
    book: MentorBook | None = None,
    limit: int | None = 5,
) -> list[dict[str, Any]]:
    threshold = mentor_threshold(level)
    learner = org.employees.get(learner_id or "")
    book = book or MentorBook()
    found = []
    for employee in org.employees.values():
        if employee.employee_id == learner_id or not book.has_room(employee.employee_id):
            continue
        current = org.levels(employee.employee_id).get(skill_id)
        if current is None or current.level < threshold:
            continue
        same_team = learner is not None and employee.team == learner.team
        found.append(
            (
                (same_team, book.assigned[employee.employee_id], -current.level, employee.name),
                {
                    "employee_id": employee.employee_id,
                    "name": employee.name,
                    "level": current.level,
                    "team": employee.team,
                    "department": employee.department,
                    "source": current.source.value,
                    "assessed_on": current.assessed_on.isoformat(),
                    "stale": current.stale,
                    "same_team": same_team,
                    "cross_department": learner is not None
                    and employee.department != learner.department,
                },
            )
        )
    found.sort(key=lambda item: item[0])
    rows = [row for _key, row in found]
    return rows if limit is None else rows[:limit]
