"""Writing records out as a native folder (docs/data-format.md) — the inverse of native.py."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import yaml

from domain.models import Employee, LearningResource, Role, Skill, SkillAssertion


def _write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)


def write_skills(path: Path, skills: Iterable[Skill]) -> None:
    _write_csv(
        path,
        ["skill_id", "name", "category", "description", "aliases"]
        + [f"level_{i}" for i in range(1, 6)],
        (
            [s.skill_id, s.name, s.category, s.description, ";".join(s.aliases)]
            + [s.level_descriptors.get(i, "") for i in range(1, 6)]
            for s in skills
        ),
    )


def write_roles(path: Path, roles: Iterable[Role]) -> None:
    document = [
        {
            "role_id": r.role_id,
            "title": r.title,
            "department": r.department,
            "family": r.family,
            "description": r.description,
            "requirements": [
                {"skill": q.skill_id, "level": q.level, "importance": q.importance}
                for q in r.requirements
            ],
            **({"next_roles": list(r.next_roles)} if r.next_roles else {}),
        }
        for r in roles
    ]
    path.write_text(yaml.safe_dump(document, sort_keys=False, allow_unicode=True), "utf-8")


def write_employees(path: Path, employees: Iterable[Employee]) -> None:
    _write_csv(
        path,
        ["employee_id", "name", "email", "department", "team", "role_id", "manager_id"]
        + ["hire_date", "goal_role_id"],
        (
            [
                e.employee_id,
                e.name,
                e.email,
                e.department,
                e.team,
                e.role_id or "",
                e.manager_id or "",
                e.hire_date.isoformat() if e.hire_date else "",
                e.goal_role_id or "",
            ]
            for e in employees
        ),
    )


def write_assertions(path: Path, assertions: Iterable[SkillAssertion]) -> None:
    _write_csv(
        path,
        ["employee_id", "skill", "level", "source", "assessed_on", "evidence"],
        (
            [
                a.employee_id,
                a.skill_id,
                a.level,
                a.source.value,
                a.assessed_on.isoformat(),
                a.evidence,
            ]
            for a in assertions
        ),
    )


def write_resources(path: Path, resources: Iterable[LearningResource]) -> None:
    _write_csv(
        path,
        ["resource_id", "title", "type", "provider", "internal", "skills", "hours", "cost"]
        + ["url", "prerequisites"],
        (
            [
                r.resource_id,
                r.title,
                r.type.value,
                r.provider,
                "true" if r.internal else "false",
                ";".join(f"{s.skill_id}:{s.level}" for s in r.skills),
                f"{r.hours:g}",
                f"{r.cost:g}",
                r.url,
                ";".join(r.prerequisites),
            ]
            for r in resources
        ),
    )
