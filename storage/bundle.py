"""What an importer hands the store: validated records, written in one transaction.

`Bundle` is the contract between `ingest/` (which reads files into it) and the store (which
applies it); `ExistingState` is what the store already holds, for resolving references
from a partial folder.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from domain.models import (
    Employee,
    EmploymentEvent,
    JobDescription,
    LearningResource,
    Role,
    Skill,
    SkillAssertion,
    Vacancy,
)
from domain.titles import Person


@dataclass
class ExistingState:
    """What the store already holds, for resolving references from a partial folder."""

    skills: list[Skill] = field(default_factory=list)
    role_ids: set[str] = field(default_factory=set)
    resource_ids: set[str] = field(default_factory=set)
    # employee_id -> manager_id
    managers: dict[str, str | None] = field(default_factory=dict)
    # employee_id -> hire date: events are checked against when each person was hired
    hire_dates: dict[str, date | None] = field(default_factory=dict)
    # employee_id -> department (a target has one HR and one IT owner), recorded series
    departments: dict[str, str] = field(default_factory=dict)
    recorded_series: dict[str, str] = field(default_factory=dict)  # name -> better direction
    # Everyone, and every role, team and department title: a title may not name a person
    # (it would capture questions about them), nor a person be named like a title.
    people: list[Person] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)
    # Role descriptions and job descriptions: the frameworks' own words, not names
    texts: list[str] = field(default_factory=list)


@dataclass
class Bundle:
    """A validated folder. `None` means the file was absent: that kind is left alone."""

    folder: Path
    skills: list[Skill] | None = None
    roles: list[Role] | None = None
    job_descriptions: list[JobDescription] | None = None
    employees: list[Employee] | None = None
    assertions: list[SkillAssertion] | None = None
    resources: list[LearningResource] | None = None
    vacancies: list[Vacancy] | None = None
    events: list[EmploymentEvent] | None = None
    # scorecard.yaml: {"targets": [...], "recorded": [...], "decisions": [...]} as rows
    scorecard: dict[str, list[dict[str, Any]]] | None = None
    warnings: list[str] = field(default_factory=list)
    # "role:<id>" / "skill:<id>" -> (file, line): where a framework export's record was read
    lines: dict[str, tuple[str, int]] = field(default_factory=dict)
