"""Talent flow: vacancies, employment events and the figures computed from them."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from api.pagination import PagePublic
from api.schemas.base import Public


class VacancyIn(BaseModel):
    """One vacancy, as in vacancies.csv (docs/data-format.md#vacanciescsv)."""

    model_config = ConfigDict(extra="allow")  # unknown fields are reported by the reader

    vacancy_id: str = Field(examples=["V-2609"])
    role_id: str = Field(examples=["ml-engineer"])
    team: str = Field(examples=["ML"])
    opened: date | str
    status: Literal["open", "filled", "cancelled"] | str
    closed: date | str | None = None
    filled_from: Literal["internal", "external"] | str | None = None
    filled_by: str | None = Field(default=None, description="the employee id who filled it")
    critical: bool | str = False


class EventIn(BaseModel):
    """One hire, move or leave, as in events.csv."""

    model_config = ConfigDict(extra="allow")

    event_id: str = Field(examples=["EV-041"])
    employee_id: str = Field(examples=["E013"])
    type: Literal["hire", "move", "leave"] | str
    date: date | str
    role_id: str | None = None
    team: str | None = None
    voluntary: bool | str | None = Field(default=None, description="leave only")


class VacanciesIn(BaseModel):
    vacancies: list[VacancyIn] = Field(min_length=1, max_length=20_000)


class EventsIn(BaseModel):
    events: list[EventIn] = Field(min_length=1, max_length=50_000)


class RecordedPublic(Public):
    inserted: int
    updated: int
    unchanged: int


class VacancyPublic(Public):
    vacancy_id: str
    role_id: str
    title: str
    team: str
    opened: date
    status: str
    closed: date | None = None
    filled_from: str | None = None
    filled_by: str | None = None
    filled_by_name: str | None = None
    critical: bool


class VacanciesPublic(PagePublic):
    as_of: date
    vacancies: list[VacancyPublic]


class EventPublic(Public):
    event_id: str
    employee_id: str | None = Field(description="null once the person is erased")
    name: str | None = None
    type: str
    date: date
    role_id: str | None = None
    team: str | None = None
    voluntary: bool | None = None


class EventsPublic(PagePublic):
    events: list[EventPublic]


class TalentFlowPublic(Public):
    """Every talent-flow figure on one day; formulas in docs/analytics.md#talent-flow."""

    as_of: date
    scope: str
    window_months: int
    time_to_fill: dict[str, Any]
    open_vacancies: dict[str, Any]
    internal_fill: dict[str, Any]
    retention: dict[str, Any]
    leavers: dict[str, Any]


class TalentFlowSeriesPublic(Public):
    as_of: date
    scope: str
    window_months: int
    definition: str
    quarters: list[dict[str, Any]]
