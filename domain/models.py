"""Domain records. Plain frozen dataclasses: cheap to build by the hundred thousand."""

from __future__ import annotations

import hashlib
import json
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
# The first year a record may be dated: before it, a date is a typo.
FIRST_YEAR = 1950
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
    # The roles this one leads to, as the organisation declares them (domain/paths.py)
    next_roles: tuple[str, ...] = ()


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


# ---------------------------------------------------------------- talent flow
# Hiring, moving and leaving as dated records, so every figure can be computed as of any day.


class VacancyStatus(StrEnum):
    OPEN = "open"
    FILLED = "filled"
    CANCELLED = "cancelled"


class FillSource(StrEnum):
    INTERNAL = "internal"  # someone already employed moved into it
    EXTERNAL = "external"  # a hire from outside


@dataclass(frozen=True, slots=True)
class Vacancy:
    """An opening for a role in a team, as it ended or stands: `status` is the latest one,
    `closed` the day it was filled or cancelled. What it was on an earlier day follows."""

    vacancy_id: str
    role_id: str
    team: str
    opened: date
    status: VacancyStatus
    closed: date | None = None
    filled_from: FillSource | None = None
    # The person who filled it, when they are on record (an external hire may not be yet);
    # empty once they are erased: the vacancy stays, counted, naming nobody.
    filled_by: str | None = None
    critical: bool = False

    def status_on(self, day: date) -> VacancyStatus | None:
        """Open, filled or cancelled on `day`; None before it was opened."""
        if day < self.opened:
            return None
        if self.closed is None or day < self.closed:
            return VacancyStatus.OPEN
        return self.status


class EventType(StrEnum):
    HIRE = "hire"
    MOVE = "move"  # a new role or team
    LEAVE = "leave"


@dataclass(frozen=True, slots=True)
class EmploymentEvent:
    event_id: str
    # None once the person is erased: the event stays countable and names nobody.
    employee_id: str | None
    type: EventType
    on: date
    role_id: str | None = None  # the role from this day (hire, move) or left (leave)
    team: str | None = None
    voluntary: bool | None = None  # leave only: the person chose to go


@dataclass(frozen=True)
class Completion:
    """One person's completion of one activity, as the LMS reported it."""

    statement_id: str
    person: str  # an email address, an employee id or the LMS's account name
    activity_id: str
    activity_name: str
    verb: str  # completed | passed
    on: date
    digest: str  # of what was reported: the same id with other content is refused

    @staticmethod
    def digest_of(person: str, activity_id: str, verb: str, on: date) -> str:
        text = json.dumps([person.casefold(), activity_id, verb, on.isoformat()])
        return hashlib.sha256(text.encode()).hexdigest()[:32]
