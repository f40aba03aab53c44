"""Cross-training programmes: drafts, decisions, tracks, cohorts, pairs and progress."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from api.schemas.base import Public

Status = Literal["draft", "approved", "rejected", "closed"]


class ProgrammeRequest(BaseModel):
    first_department: str = Field(default="HR", min_length=1, max_length=128)
    second_department: str = Field(default="IT", min_length=1, max_length=128)
    quarter: str | None = Field(
        default=None, max_length=6, description="e.g. 2027Q1; default: the next quarter"
    )


class ProgrammeDecision(BaseModel):
    status: Literal["approved", "rejected", "closed"]
    comment: str = Field(default="", max_length=2000)
    version: int | None = Field(
        default=None, description="the version you read: a programme changed since is a 412"
    )


class TrackSkill(Public):
    skill_id: str
    name: str
    level: int


class TrackAction(Public):
    index: int
    kind: Literal["course", "pair_session", "shadowing", "retrospective"]
    skill_id: str | None
    title: str
    resource_id: str | None = None
    hours: float


class Track(Public):
    track_id: str
    title: str
    learners: str = Field(description="the department that learns")
    partners: str = Field(description="the department it learns from")
    skills: list[TrackSkill]
    actions: list[TrackAction]
    action_count: int


class Cohort(Public):
    department: str
    participants: int
    suppressed: bool = Field(description="fewer than the minimum group: figures not shown")
    actions_done: int | None
    actions: int | None
    share_done: float | None
    mean_readiness: float | None
    milestones: list[float] = Field(description="shares of the cohort's actions reached")


class Partner(Public):
    employee_id: str
    name: str
    department: str


class Participant(Public):
    employee_id: str
    name: str
    department: str
    team: str
    track_id: str
    joined_on: str
    actions_done: int
    actions: int
    done: list[int] = Field(description="indices of the track's actions done")
    readiness: float = Field(description="readiness for the track's skills, 0..1")
    partner_ids: list[str]
    partners: list[Partner]
    recorded_by: str = Field(description="who recorded the opt-in (HR and admins only)")


class PairMember(Public):
    employee_id: str
    name: str
    department: str
    teaches: int = Field(description="levels this person can teach the other")


class Pair(Public):
    members: list[PairMember]
    value: int


class ProgrammePublic(Public):
    programme_id: str
    title: str
    departments: list[str]
    starts: str
    ends: str
    status: Status
    created_at: str
    created_by: str
    decided_by: str | None
    decided_at: str | None
    comment: str
    version: int
    as_of: str
    tracks: list[Track]
    invited: dict[str, int] = Field(description="people in each department today")
    cohorts: list[Cohort]
    people: list[Participant] = Field(description="those the caller may see, by name")
    pairs: list[Pair]
    unpaired: list[str]
    mine: Participant | None = Field(description="the caller's own participation")


class ProgrammeSummary(Public):
    programme_id: str
    title: str
    departments: list[str]
    starts: str
    ends: str
    status: Status
    participants: int


class ProgrammesPublic(Public):
    programmes: list[ProgrammeSummary]
