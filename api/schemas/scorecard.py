"""The scorecard: figures with their series and targets; targets, recorded series, decisions."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from api.schemas.base import Public


class ScorecardPublic(Public):
    as_of: date
    scope: str
    window_months: int
    definition: str
    figures: list[dict[str, Any]]


class TargetIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    figure: str = Field(
        max_length=128, description="a computed figure (GET /v1/scorecard) or a recorded series"
    )
    value: float = Field(allow_inf_nan=False)
    direction: Literal["at_least", "at_most"] | None = Field(
        default=None, description="default: the figure's better direction"
    )
    due: date
    hr_owner: str = Field(max_length=128, description="an employee in HR")
    it_owner: str = Field(max_length=128, description="an employee in IT")
    note: str = Field(default="", max_length=2000)


class TargetChange(BaseModel):
    model_config = ConfigDict(extra="forbid")

    value: float | None = Field(default=None, allow_inf_nan=False)
    direction: Literal["at_least", "at_most"] | None = None
    due: date | None = None
    hr_owner: str | None = Field(default=None, max_length=128)
    it_owner: str | None = Field(default=None, max_length=128)
    note: str | None = Field(default=None, max_length=2000)


class TargetPublic(Public):
    target_id: str
    figure: str
    value: float
    direction: str
    due: date
    hr_owner: str | None = None
    hr_owner_name: str | None = None
    it_owner: str | None = None
    it_owner_name: str | None = None
    note: str = ""
    created_by_name: str | None = None
    created_at: str = Field(description="UTC, ISO 8601")
    updated_at: str = Field(description="UTC, ISO 8601")


class TargetsPublic(Public):
    targets: list[TargetPublic]


class TargetHistoryPublic(Public):
    target_id: str
    changes: list[dict[str, Any]]


class RecordedIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    series: str = Field(max_length=128, pattern=r"^[a-z0-9][a-z0-9_.-]*$")
    title: str = Field(min_length=1, max_length=256)
    unit: str = Field(min_length=1, max_length=32, examples=["share", "score"])
    direction: Literal["at_least", "at_most"] = Field(description="which way is better")
    quarter: str = Field(pattern=r"^\d{4}Q[1-4]$", examples=["2026Q3"])
    value: float = Field(allow_inf_nan=False)


class RecordedBatch(BaseModel):
    model_config = ConfigDict(extra="forbid")

    values: list[RecordedIn] = Field(min_length=1, max_length=1000)


class RecordedPublic(Public):
    values: list[dict[str, Any]]


class DecisionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    quarter: str = Field(pattern=r"^\d{4}Q[1-4]$", examples=["2026Q3"])
    kind: Literal["decision", "retrospective"] = "decision"
    text: str = Field(min_length=1, max_length=4000)
    owner: str | None = Field(default=None, max_length=128, description="an employee id")
    due: date | None = None
    status: Literal["open", "done", "dropped"] = "open"
    follow_up: str = Field(default="", max_length=4000)


class DecisionChange(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: str | None = Field(default=None, min_length=1, max_length=4000)
    owner: str | None = Field(default=None, max_length=128)
    due: date | None = None
    status: Literal["open", "done", "dropped"] | None = None
    follow_up: str | None = Field(default=None, max_length=4000)


class DecisionPublic(Public):
    decision_id: str
    quarter: str
    kind: str
    text: str
    owner: str | None = None
    owner_name: str | None = None
    due: date | None = None
    status: str
    follow_up: str = ""
    created_at: str = Field(description="UTC, ISO 8601")
    updated_at: str = Field(description="UTC, ISO 8601")


class DecisionsPublic(Public):
    decisions: list[DecisionPublic]
