"""The gap formula. Open this file to see how every gap number is made.

For each requirement of a role:
    current   = the person's current level (domain/levels.py), 0 when nothing is on record
    gap       = max(0, required − current)
    priority  = gap × importance
Readiness = Σ importance·min(current, required) / Σ importance·required, in [0, 1].
Rows sort by priority, then gap, then importance (all descending), then skill name.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from core.errors import UserError
from domain.levels import CurrentLevel
from domain.models import Requirement, Role, Skill


@dataclass(frozen=True, slots=True)
class GapRow:
    skill_id: str
    name: str
    category: str
    required: int
    current: int
    gap: int
    importance: int
    priority: int
    # The assertion the current level came from (None when nothing is on record).
    source: str | None
    assessed_on: date | None
    evidence: str
    stale: bool

    def to_dict(self) -> dict[str, Any]:
        return {
            "skill_id": self.skill_id,
            "name": self.name,
            "category": self.category,
            "required": self.required,
            "current": self.current,
            "gap": self.gap,
            "importance": self.importance,
            "priority": self.priority,
            "source": self.source,
            "assessed_on": self.assessed_on.isoformat() if self.assessed_on else None,
            "evidence": self.evidence,
            "stale": self.stale,
        }


@dataclass(frozen=True)
class PersonGap:
    employee_id: str
    employee_name: str
    role_id: str
    role_title: str
    readiness: float
    gaps: list[GapRow]
    met: list[GapRow]
    strengths: list[GapRow] = field(default_factory=list)

    @property
    def rows(self) -> list[GapRow]:
        return [*self.gaps, *self.met, *self.strengths]

    def to_dict(self) -> dict[str, Any]:
        return {
            "employee_id": self.employee_id,
            "employee_name": self.employee_name,
            "role_id": self.role_id,
            "role_title": self.role_title,
            "readiness": round(self.readiness, 4),
            "total_priority": sum(r.priority for r in self.gaps),
            "gap_count": len(self.gaps),
            "gaps": [r.to_dict() for r in self.gaps],
            "met": [r.to_dict() for r in self.met],
            "strengths": [{**r.to_dict(), "above": r.current - r.required} for r in self.strengths],
        }


def gap_row(requirement: Requirement, skill: Skill, current: CurrentLevel | None) -> GapRow:
    level = current.level if current else 0
    gap = max(0, requirement.level - level)
    return GapRow(
        skill_id=requirement.skill_id,
        name=skill.name,
        category=skill.category,
        required=requirement.level,
        current=level,
        gap=gap,
        importance=requirement.importance,
        priority=gap * requirement.importance,
        source=current.source.value if current else None,
        assessed_on=current.assessed_on if current else None,
        evidence=current.evidence if current else "",
        stale=current.stale if current else False,
    )


def sort_key(row: GapRow) -> tuple[int, int, int, str]:
    return (-row.priority, -row.gap, -row.importance, row.name.casefold())


def readiness(pairs: list[tuple[int, int, int]]) -> float:
    """pairs of (current, required, importance) -> weighted share of the need that is met."""
    need = sum(importance * required for _current, required, importance in pairs)
    if need == 0:
        return 1.0
    met = sum(importance * min(current, required) for current, required, importance in pairs)
    return met / need


def person_gap(
    employee_id: str,
    employee_name: str,
    role: Role,
    skills: Mapping[str, Skill],
    levels: Mapping[str, CurrentLevel],
) -> PersonGap:
    if not role.requirements:
        raise UserError(
            f"role '{role.role_id}' ({role.title}) has no requirements yet; "
            "add them to roles.yaml or extract them from its job description"
        )
    rows = [gap_row(q, skills[q.skill_id], levels.get(q.skill_id)) for q in role.requirements]
    return PersonGap(
        employee_id=employee_id,
        employee_name=employee_name,
        role_id=role.role_id,
        role_title=role.title,
        readiness=readiness([(r.current, r.required, r.importance) for r in rows]),
        gaps=sorted((r for r in rows if r.gap > 0), key=sort_key),
        met=sorted((r for r in rows if r.current == r.required), key=lambda r: r.name.casefold()),
        strengths=sorted(
            (r for r in rows if r.current > r.required),
            key=lambda r: (r.required - r.current, r.name.casefold()),
        ),
    )
