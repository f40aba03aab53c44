"""Domain records. Plain frozen dataclasses: cheap to build by the hundred thousand."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum


class Source(StrEnum):
    """Where a skill level comes from. Order of trust is in `SOURCE_TRUST`."""

    SELF = "self"
    PEER = "peer"
    MANAGER = "manager"
    CERTIFICATION = "certification"
    ASSESSMENT = "assessment"


# Higher wins when assertions disagree: an assessment beats a certificate beats
# a manager's view beats a peer's beats the person's own.
SOURCE_TRUST: dict[Source, int] = {
    Source.SELF: 1,
    Source.PEER: 2,
    Source.MANAGER: 3,
    Source.CERTIFICATION: 4,
    Source.ASSESSMENT: 5,
}


class ResourceType(StrEnum):
    COURSE = "course"
    CERTIFICATION = "certification"
    WORKSHOP = "workshop"
    ON_THE_JOB = "on_the_job"
    MENTORING = "mentoring"
    COACHING = "coaching"
    READING = "reading"


MIN_LEVEL, MAX_LEVEL = 0, 5
MIN_IMPORTANCE, MAX_IMPORTANCE = 1, 5


@dataclass(frozen=True, slots=True)
class Skill:
    skill_id: str
    name: str
    category: str
    description: str = ""
    aliases: tuple[str, ...] = ()
    # level (1..5) -> what the skill looks like at that level
    level_descriptors: dict[int, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Requirement:
    skill_id: str
    level: int
    importance: int
    # True when extracted from job-description text rather than declared.
    inferred: bool = False
    # The text span an inferred requirement came from, for a person to review.
    evidence: str = ""
    confidence: float = 1.0


@dataclass(frozen=True, slots=True)
class Role:
    role_id: str
    title: str
    department: str = ""
    family: str = ""
    description: str = ""
    requirements: tuple[Requirement, ...] = ()


@dataclass(frozen=True, slots=True)
class Employee:
    employee_id: str
    name: str
    email: str
    department: str
    team: str
    role_id: str | None = None
    manager_id: str | None = None
    hire_date: date | None = None
    goal_role_id: str | None = None


@dataclass(frozen=True, slots=True)
class SkillAssertion:
    employee_id: str
    skill_id: str
    level: int
    source: Source
    assessed_on: date
    evidence: str = ""


@dataclass(frozen=True, slots=True)
class ResourceSkill:
    skill_id: str
    level: int  # the level the resource brings a learner to


@dataclass(frozen=True, slots=True)
class LearningResource:
    resource_id: str
    title: str
    type: ResourceType
    provider: str = ""
    internal: bool = False
    skills: tuple[ResourceSkill, ...] = ()
    hours: float = 0.0
    cost: float = 0.0
    url: str = ""
    prerequisites: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class JobDescription:
    role_id: str
    title: str
    text: str
    department: str = ""
    source_file: str = ""
