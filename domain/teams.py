"""Team, department and org views: coverage, single points of failure, heatmap, AI readiness.

For a group of people, every skill that the roles held in the group require:
    required_by   members whose own role requires the skill
    meet          of those, how many are at or above their role's required level
    within_one    of those, how many are exactly one level short
    coverage      meet / required_by
    experts       members at level ≥ 4 in the skill (whatever their role)
    single point of failure: exactly one expert
    priority      Σ (gap × importance) over the members who need the skill
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from core.errors import UserError
from domain.models import Employee
from domain.org import Org

EXPERT_LEVEL = 4


@dataclass(frozen=True)
class SkillCoverage:
    skill_id: str
    name: str
    category: str
    required_by: int
    meet: int
    within_one: int
    coverage: float
    experts: int
    single_expert_id: str | None  # the one expert, when there is exactly one
    priority: int
    average_gap: float

    @property
    def single_point_of_failure(self) -> bool:
        return self.experts == 1

    def to_dict(self) -> dict[str, Any]:
        return {
            "skill_id": self.skill_id,
            "name": self.name,
            "category": self.category,
            "required_by": self.required_by,
            "meet": self.meet,
            "within_one": self.within_one,
            "coverage": round(self.coverage, 4),
            "experts": self.experts,
            "single_point_of_failure": self.single_point_of_failure,
            "single_expert_id": self.single_expert_id,
            "priority": self.priority,
            "average_gap": round(self.average_gap, 3),
        }


# What identifies a row (never a figure about people); everything else is a figure.
SKILL_ROW_KEYS = ("skill_id", "name", "category")


def suppress_small_rows(
    rows: list[dict[str, Any]],
    min_group_size: int,
    count: str,
    keep: Collection[str] = SKILL_ROW_KEYS,
    replace: dict[str, Any] | None = None,
) -> None:
    """Rows whose `count` of people is below `min_group_size` keep only what names their
    subject (`keep`) and are marked `suppressed`: every count, flag and figure becomes None
    (then `replace` applies), since a row about one or two people would describe them
    ("experts: 1" beside "needed by 2" says who)."""
    for row in rows:
        value = row.get(count)
        if isinstance(value, int) and value < min_group_size:
            row.update({key: None for key in row if key not in keep})
            row.update(replace or {})
            row["suppressed"] = True


def check_group_size(people: Sequence[Employee], scope: str, min_group_size: int) -> None:
    """Aggregates over tiny groups identify people; refuse them."""
    if len(people) < min_group_size:
        raise UserError(
            f"{scope} has {len(people)} people; aggregate figures need a group of at least "
            f"{min_group_size} so that no individual can be singled out"
        )


Arrays = tuple[np.ndarray, np.ndarray, np.ndarray]  # current, required, importance


def group_arrays(org: Org, people: Sequence[Employee]) -> Arrays:
    return org.level_matrix().group(p.employee_id for p in people)


def group_coverage(
    org: Org,
    people: Sequence[Employee],
    categories: Collection[str] | None = None,
    arrays: Arrays | None = None,
) -> list[SkillCoverage]:
    """Coverage per required skill for `people`, highest aggregated priority first.
    Column sums over the org's level matrix (the rules above, for 100,000 people at once)."""
    current, required, importance = arrays or group_arrays(org, people)
    columns = org.level_matrix().columns
    asked = required > 0
    required_by = asked.sum(axis=0)
    gap = np.where(asked, np.maximum(required.astype(np.int16) - current, 0), 0)
    meet = (asked & (gap == 0)).sum(axis=0)
    within_one = (gap == 1).sum(axis=0)
    priority = (gap * importance).sum(axis=0)
    gap_sum = gap.sum(axis=0)
    expert = current >= EXPERT_LEVEL
    experts = expert.sum(axis=0)
    result = []
    for j in np.nonzero(required_by)[0]:
        skill = org.skills[columns[j]]
        if categories is not None and skill.category not in categories:
            continue
        single = people[int(np.argmax(expert[:, j]))].employee_id if experts[j] == 1 else None
        n = int(required_by[j])
        result.append(
            SkillCoverage(
                skill_id=skill.skill_id,
                name=skill.name,
                category=skill.category,
                required_by=n,
                meet=int(meet[j]),
                within_one=int(within_one[j]),
                coverage=int(meet[j]) / n,
                experts=int(experts[j]),
                single_expert_id=single,
                priority=int(priority[j]),
                average_gap=int(gap_sum[j]) / n,
            )
        )
    result.sort(key=lambda c: (-c.priority, c.coverage, c.name.casefold()))
    return result


def group_readiness(
    org: Org,
    people: Sequence[Employee],
    categories: Collection[str] | None = None,
    arrays: Arrays | None = None,
) -> float:
    """Pooled readiness of a group for its own roles (optionally only some categories):
    the importance-weighted share of the required levels that is met (gaps.readiness)."""
    current, required, importance = arrays or group_arrays(org, people)
    if categories is not None:
        wanted = np.array(
            [org.skills[s].category in categories for s in org.level_matrix().columns], bool
        )
        required = np.where(wanted, required, 0)
    need = int((importance * required).sum())
    if need == 0:
        return 1.0
    met = int((importance * np.minimum(current, required)).sum())
    return met / need


def group_view(
    org: Org,
    people: Sequence[Employee],
    scope: dict[str, str | None],
    min_group_size: int,
    categories: Collection[str] | None = None,
) -> dict[str, Any]:
    label = scope.get("team") or scope.get("department") or "the organisation"
    check_group_size(people, label, min_group_size)
    arrays = group_arrays(org, people)
    coverage = group_coverage(org, people, categories, arrays)
    return {
        **scope,
        "people": len(people),
        "categories": sorted(categories) if categories is not None else None,
        "readiness": round(group_readiness(org, people, categories, arrays), 4),
        "skills": [c.to_dict() for c in coverage],
        "single_points_of_failure": [c.skill_id for c in coverage if c.single_point_of_failure],
    }


def heatmap(org: Org, people: Sequence[Employee], min_group_size: int) -> dict[str, Any]:
    """People × skills for a team: required (by the person's own role) vs current."""
    check_group_size(people, "this group", min_group_size)
    coverage = group_coverage(org, people)
    skill_ids = [c.skill_id for c in coverage]
    rows = []
    for person in people:
        role = org.roles.get(person.role_id or "")
        required = {q.skill_id: q.level for q in role.requirements} if role else {}
        cells = []
        for skill_id in skill_ids:
            current = org.level(person.employee_id, skill_id)
            need = required.get(skill_id)
            cells.append(
                {
                    "skill_id": skill_id,
                    "required": need,
                    "current": current,
                    "gap": max(0, need - current) if need is not None else None,
                }
            )
        rows.append(
            {
                "employee_id": person.employee_id,
                "name": person.name,
                "role_id": person.role_id,
                "cells": cells,
            }
        )
    return {
        "skills": [{"skill_id": c.skill_id, "name": c.name} for c in coverage],
        "rows": rows,
    }
