"""Internal candidates for a role, and mentors for a skill.

Candidates: every employee ranked by readiness for the role (domain/gaps.py), then by the
smaller total priority of their gaps; the role's current holders are left out unless asked.
Mentors for (skill, level): current level ≥ max(4, level, learner's current + 1) — level 4
is the scale's "advanced: guides others" (frameworks on other scales are mapped onto it on
import), a mentor has reached what the learner needs and is ahead of where the learner
is; never the learner. People from another team come first (HR–IT cross-pollination),
then those with fewer mentees already proposed in this batch, then the higher level.
Nobody is proposed for more than `max_mentees` learners in one batch.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from domain.gaps import PersonGap, person_gap
from domain.models import Employee, Role
from domain.org import Org

# The default scale's "advanced: guides others"; other scales are mapped onto it on import.
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


def mentor_threshold(level: int, current: int = 0) -> int:
    """The least level a mentor holds to guide someone towards `level` from `current`: one
    who guides others, has reached the level needed, and is ahead of the learner."""
    return max(MENTOR_FLOOR, level, current + 1)


@dataclass
class MentorBook:
    """Mentee counts within one batch of plans, so no mentor is proposed too often."""

    max_mentees: int
    assigned: Counter[str] = field(default_factory=Counter)

    def has_room(self, employee_id: str) -> bool:
        return self.assigned[employee_id] < self.max_mentees

    def book(self, employee_id: str) -> None:
        self.assigned[employee_id] += 1


def find_mentors(
    org: Org,
    skill_id: str,
    level: int,
    learner_id: str | None,
    book: MentorBook,
    limit: int | None = 5,
) -> list[dict[str, Any]]:
    learner = org.employees.get(learner_id or "")
    current = org.level(learner.employee_id, skill_id) if learner else 0
    threshold = mentor_threshold(level, current)
    # Preference: another team, then fewer mentees in this batch, then higher level, then
    # name. Holders already come in (level, name) order, so bucketing by the first two keys
    # keeps the rest; and once `limit` people sit in the best bucket nobody can beat them.
    buckets: dict[tuple[bool, int], list[str]] = {}
    for employee_id, held in org.skill_holders(skill_id):
        if held < threshold:
            break  # holders come highest level first
        if employee_id == learner_id or not book.has_room(employee_id):
            continue
        same_team = learner is not None and org.employees[employee_id].team == learner.team
        bucket = buckets.setdefault((same_team, book.assigned[employee_id]), [])
        bucket.append(employee_id)
        best_possible = (same_team, book.assigned[employee_id]) == (False, 0)
        if limit is not None and best_possible and len(bucket) >= limit:
            break
    chosen = [e for key in sorted(buckets) for e in buckets[key]]
    if limit is not None:
        chosen = chosen[:limit]
    return [_mentor_row(org, employee_id, skill_id, learner) for employee_id in chosen]


def _mentor_row(
    org: Org, employee_id: str, skill_id: str, learner: Employee | None
) -> dict[str, Any]:
    employee = org.employees[employee_id]
    current = org.levels(employee_id)[skill_id]
    return {
        "employee_id": employee_id,
        "name": employee.name,
        "level": current.level,
        "team": employee.team,
        "department": employee.department,
        "source": current.source.value,
        "assessed_on": current.assessed_on.isoformat(),
        "stale": current.stale,
        "same_team": learner is not None and employee.team == learner.team,
        "cross_department": learner is not None and employee.department != learner.department,
    }
