from __future__ import annotations

from api.schemas.base import Public


class Mentor(Public):
    employee_id: str
    name: str
    level: int
    team: str
    department: str
    source: str
    assessed_on: str
    stale: bool
    same_team: bool
    cross_department: bool


class MentorsPublic(Public):
    skill_id: str
    name: str
    level: int
    min_mentor_level: int
    learner_id: str | None
    mentors: list[Mentor]
