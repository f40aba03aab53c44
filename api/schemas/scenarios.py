from __future__ import annotations

from pydantic import BaseModel, Field

from api.schemas.base import Public


class ScenarioRequest(BaseModel):
    role_id: str
    headcount: int = Field(ge=1, le=1000)
    by: str = Field(examples=["2027-06-30"], pattern=r"^\d{4}-\d{2}-\d{2}$")
    readiness_threshold: float | None = Field(
        default=None, gt=0, le=1, description="default: configured"
    )


class ScenarioCandidate(Public):
    employee_id: str
    name: str
    readiness_now: float
    training_hours: float
    weeks_needed: int


class ScenarioDemand(Public):
    role_id: str
    role_title: str
    headcount: int
    by: str
    weeks_available: int
    build: int
    buy: int
    candidates: list[ScenarioCandidate]
    also_possible: int


class ScenarioPublic(Public):
    as_of: str
    readiness_threshold: float
    hours_per_week: float
    demand: list[ScenarioDemand]
    total_build: int
    total_buy: int
