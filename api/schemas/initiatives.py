"""AI initiatives: what a use case needs, the named teams' coverage, and the roadmap."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from api.schemas.base import Public


class InitiativeRequest(BaseModel):
    initiative_id: str | None = Field(
        default=None, max_length=128, description="default: made from the title"
    )
    title: str = Field(min_length=1, max_length=256)
    description: str = Field(
        min_length=1, max_length=20_000, description="the use case in text (Markdown)"
    )
    target: str = Field(description="YYYY-MM-DD")
    teams: list[str] = Field(min_length=1, max_length=50)


class CompetencyIn(BaseModel):
    skill_id: str = Field(min_length=1)
    level: int = Field(ge=1, le=5)
    importance: int = Field(default=3, ge=1, le=5)
    people: int | None = Field(default=None, ge=1, le=100, description="default: by importance")


class CompetenciesRequest(BaseModel):
    competencies: list[CompetencyIn] = Field(min_length=1, max_length=200)


class Need(Public):
    skill_id: str
    name: str
    level: int
    importance: int
    people: int = Field(description="how many must hold it: 2 when critical (importance ≥ 4)")
    inferred: bool
    evidence: str
    confidence: float
    soft: bool = Field(default=False, description="a soft skill added, not read from the text")


class Person(Public):
    employee_id: str
    name: str


class Build(Public):
    employee_id: str
    name: str
    current: int
    hours: float
    ready_by: str


class CompetencyCoverage(Public):
    skill_id: str
    name: str
    category: str
    level: int
    importance: int
    people: int
    meet: int | None = Field(description="null: a group under the minimum size")
    meet_ids: list[str]
    meet_people: list[Person] = Field(description="who meets it, as far as the caller may see")
    near: int | None
    experts: int | None
    gap: int
    build: list[Build] = Field(description="who would be trained, as far as the caller may see")
    train: int = Field(description="how many would be trained")
    borrowable: int
    borrowable_ids: list[str]
    borrow: int
    buy: int
    advice: str = Field(description="covered, or build / borrow / buy joined by +")


class Step(Public):
    on: str
    kind: Literal["build", "borrow", "buy"]
    skill_id: str
    skill_name: str
    level: int
    what: str
    employee_id: str | None


class ReadyBy(Public):
    on: str | None
    in_time: bool


class Short(Public):
    skill_id: str
    name: str
    short: int


class Check(Public):
    day: str
    ready: bool
    short: list[Short]


class InitiativePublic(Public):
    initiative_id: str
    title: str
    description: str
    target: str
    teams: list[str]
    reviewed: bool
    reviewed_by: str | None
    needs: list[Need]
    figures: bool = Field(description="false: the caller may see what it needs only")
    as_of: str | None = None
    members: int | None = None
    hours_per_week: float | None = None
    fill_days: int | None = None
    readiness: float | None = None
    competencies: list[CompetencyCoverage] = Field(default_factory=list)
    gaps: int | None = None
    roadmap: list[Step] = Field(default_factory=list)
    ready_by: ReadyBy | None = None
    suppressed: bool = False
    check: Check | None = None


class InitiativeSummary(Public):
    initiative_id: str
    title: str
    target: str
    teams: list[str]
    competencies: int
    reviewed: bool


class InitiativesPublic(Public):
    initiatives: list[InitiativeSummary]
