from __future__ import annotations

from pydantic import BaseModel, Field

from api.schemas.base import Public


class SkillSummary(Public):
    skill_id: str
    name: str
    category: str
    aliases: list[str]


class SkillsPublic(Public):
    skills: list[SkillSummary]


class SkillPublic(Public):
    skill_id: str
    name: str
    category: str
    description: str
    aliases: list[str]
    levels: list[tuple[int, str]] = Field(description="(level, descriptor) pairs")


class MatchRequest(BaseModel):
    phrases: list[str] = Field(
        min_length=1, max_length=1000, examples=[["k8s", "5+ years PySpark", "forklift operation"]]
    )
    top: int = Field(default=5, ge=1, le=50)


class MatchCandidate(Public):
    skill_id: str
    name: str
    score: float


class MatchResult(Public):
    query: str
    match: str | None = Field(description="the skill the phrase names, or null for no match")
    results: list[MatchCandidate]


class MatchesPublic(Public):
    results: list[MatchResult]
